#include "kpi/input_csv.hpp"

#include <fast_float/fast_float.h>

#include <algorithm>
#include <cctype>
#include <cmath>

namespace clv {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

void split(std::string_view line, char delim, std::vector<std::string>& out) {
    out.clear();
    std::string field;
    bool quoted = false;
    for (size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') field += '"', ++i;
            else if (c == '"') quoted = false;
            else field += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == delim) {
            out.emplace_back(trim(field));
            field.clear();
        } else {
            field += c;
        }
    }
    out.emplace_back(trim(field));
}

std::string lower(std::string_view s) {
    std::string r(s);
    for (char& c : r) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return r;
}

// Splits digits runs: "1997-03-15" → {1997, 3, 15}; "1997年3月" → {1997, 3}.
std::vector<int> digit_runs(std::string_view s, std::vector<size_t>* lengths = nullptr) {
    std::vector<int> runs;
    size_t i = 0;
    while (i < s.size()) {
        if (!std::isdigit(static_cast<unsigned char>(s[i]))) {
            ++i;
            continue;
        }
        size_t j = i;
        long v = 0;
        while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j])) && j - i < 9) v = v * 10 + (s[j++] - '0');
        runs.push_back(static_cast<int>(v));
        if (lengths) lengths->push_back(j - i);
        i = j;
    }
    return runs;
}

}  // namespace

CsvTable read_small_csv(std::istream& in, const std::vector<std::string>& header_words, size_t max_rows) {
    CsvTable t;
    std::string line;
    char delim = 0;
    size_t no = 0;
    std::vector<std::string> fields;
    while (std::getline(in, line)) {
        ++no;
        std::string_view v(line);
        if (no == 1 && v.size() >= 3 && v.substr(0, 3) == "\xEF\xBB\xBF") v.remove_prefix(3);
        if (trim(v).empty()) continue;
        if (!delim) {
            const size_t p = v.find_first_of(",;\t");
            delim = p == std::string_view::npos ? ',' : v[p];
            split(v, delim, fields);
            bool is_header = false;
            for (const std::string& f : fields) {
                const std::string lf = lower(f);
                for (const std::string& w : header_words)
                    if (lf.find(w) != std::string::npos) is_header = true;
            }
            if (is_header) {
                for (const std::string& f : fields) t.header.push_back(lower(f));
                continue;
            }
        } else {
            split(v, delim, fields);
        }
        if (t.rows.size() >= max_rows) break;
        t.rows.push_back(fields);
        t.line.push_back(no);
    }
    return t;
}

int find_column(const CsvTable& t, const std::vector<std::string>& words) {
    for (size_t i = 0; i < t.header.size(); ++i)
        for (const std::string& w : words)
            if (t.header[i].find(w) != std::string::npos) return static_cast<int>(i);
    return -1;
}

std::vector<std::string> read_id_list(std::istream& in) {
    const CsvTable t = read_small_csv(in, {"customer", "客户", "member", "会员", "user"});
    const int col = std::max(0, find_column(t, {"customer", "客户", "member", "会员", "user", "id"}));
    std::vector<std::string> ids;
    for (const std::vector<std::string>& row : t.rows)
        if (static_cast<size_t>(col) < row.size() && !row[static_cast<size_t>(col)].empty())
            ids.push_back(row[static_cast<size_t>(col)]);
    return ids;
}

bool parse_double(std::string_view s, double& out) {
    s = trim(s);
    std::string clean;
    for (size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == ',' || c == '$' || c == ' ') continue;
        if (c >= 0x80) continue;  // currency signs such as ¥ € £ in UTF-8
        clean += static_cast<char>(c);
    }
    if (clean.empty()) return false;
    const char* b = clean.data();
    const char* e = b + clean.size();
    if (*b == '+') ++b;
    const auto r = fast_float::from_chars(b, e, out);
    return r.ec == std::errc() && r.ptr == e && std::isfinite(out);
}

bool parse_int(std::string_view s, int& out) {
    double d;
    if (!parse_double(s, d) || d != static_cast<double>(static_cast<long>(d)) || std::abs(d) > 1e9) return false;
    out = static_cast<int>(d);
    return true;
}

bool parse_month(std::string_view s, int& month) {
    std::vector<size_t> len;
    const std::vector<int> r = digit_runs(trim(s), &len);
    int y = 0, m = 0;
    if (r.size() >= 2 && len[0] == 4) y = r[0], m = r[1];
    else if (r.size() == 1 && (len[0] == 6 || len[0] == 8)) y = r[0] / (len[0] == 6 ? 100 : 10000), m = (len[0] == 6 ? r[0] : r[0] / 100) % 100;
    else return false;
    if (y < 1900 || y > 2200 || m < 1 || m > 12) return false;
    month = y * 12 + m - 1;
    return true;
}

bool parse_day(std::string_view s, DayNumber& day) {
    std::vector<size_t> len;
    const std::vector<int> r = digit_runs(trim(s), &len);
    int y = 0, m = 0, d = 0;
    if (r.size() >= 3 && len[0] == 4) y = r[0], m = r[1], d = r[2];
    else if (r.size() == 1 && len[0] == 8) y = r[0] / 10000, m = r[0] / 100 % 100, d = r[0] % 100;
    else return false;
    if (!is_valid_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d))) return false;
    day = days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
    return true;
}

}  // namespace clv
