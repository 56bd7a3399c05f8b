// Value formatting for the sheet reader: date formats and serials, numbers, column letters.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include <fast_float/fast_float.h>

#include "util/civil_date.hpp"
#include "xlsx/xlsx_workbook.hpp"

namespace clv::xlsx {

bool is_builtin_date_format(int id) {
    // ECMA-376 part 1, 18.8.30: 14-22 dates and times; 27-36 and 50-58 the East Asian date formats.
    return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

bool is_date_format_code(std::string_view code) {
    // Only the first section (positive numbers) decides.
    bool in_quotes = false;
    for (size_t i = 0; i < code.size(); ++i) {
        const char c = code[i];
        if (in_quotes) {
            if (c == '"') in_quotes = false;
            continue;
        }
        switch (c) {
            case '"': in_quotes = true; break;
            case '\\':
            case '_':
            case '*': ++i; break;  // an escaped character, a space as wide as the next, a fill character
            case '[': {
                // [Red], [$-804], [$€-407]: not date parts. [h], [mm], [ss] are elapsed time: not a date.
                const size_t close = code.find(']', i);
                if (close == std::string_view::npos) return false;
                i = close;
                break;
            }
            case ';': return false;
            default: {
                const char l = static_cast<char>(c | 0x20);
                if (l == 'd' || l == 'm' || l == 'y' || l == 'h' || l == 's') return true;
            }
        }
    }
    return false;
}

bool serial_to_iso(double serial, bool date1904, std::string& out) {
    if (!(serial >= (date1904 ? 0.0 : 1.0)) || serial > 2958465.0) return false;
    const long long seconds = std::llround(serial * 86400.0);
    long long whole = seconds / 86400;
    const long long in_day = seconds % 86400;
    DayNumber day;
    if (date1904) {
        day = static_cast<DayNumber>(whole) + days_from_civil(1904, 1, 1);
    } else {
        // Excel counts a 29 February 1900 that never was (serial 60, kept for Lotus 1-2-3).
        if (whole == 60) whole = 59;
        day = static_cast<DayNumber>(whole) + days_from_civil(1899, 12, whole < 60 ? 31 : 30);
    }
    const CivilDate d = civil_from_days(day);
    char buf[40];
    int n;
    if (in_day == 0)
        n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", d.year, d.month, d.day);
    else
        n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02d:%02d:%02d", d.year, d.month, d.day,
                          static_cast<int>(in_day / 3600), static_cast<int>(in_day / 60 % 60), static_cast<int>(in_day % 60));
    out.append(buf, static_cast<size_t>(n));
    return true;
}

void append_plain_number(std::string_view stored, std::string& out) {
    if (stored.find_first_of("eE") == std::string_view::npos) {
        out.append(stored);
        return;
    }
    double v = 0;
    const auto r = fast_float::from_chars(stored.data(), stored.data() + stored.size(), v);
    if (r.ec != std::errc() || r.ptr != stored.data() + stored.size() || !std::isfinite(v)) {
        out.append(stored);
        return;
    }
    char buf[400];
    int n;
    if (v == std::trunc(v) && std::fabs(v) < 1e21) {
        n = std::snprintf(buf, sizeof buf, "%.0f", v);
    } else {
        int precision = 1;
        for (; precision < 17; ++precision) {
            std::snprintf(buf, sizeof buf, "%.*g", precision, v);
            double back = 0;
            fast_float::from_chars(buf, buf + std::strlen(buf), back);
            if (back == v) break;
        }
        const int exponent = static_cast<int>(std::floor(std::log10(std::fabs(v))));
        const int decimals = std::min(340, std::max(0, precision - 1 - exponent));
        n = std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    }
    if (n > 0) out.append(buf, static_cast<size_t>(std::min<int>(n, sizeof buf - 1)));
}

std::string column_letters(int column) {
    std::string s;
    while (column > 0) {
        const int r = (column - 1) % 26;
        s.insert(s.begin(), static_cast<char>('A' + r));
        column = (column - 1) / 26;
    }
    return s;
}

int column_of(std::string_view ref, int* row) {
    int col = 0;
    size_t i = 0;
    for (; i < ref.size() && i < 4; ++i) {
        const char c = ref[i];
        if (c >= 'A' && c <= 'Z') col = col * 26 + (c - 'A' + 1);
        else if (c >= 'a' && c <= 'z') col = col * 26 + (c - 'a' + 1);
        else break;
    }
    if (row) {
        long r = 0;
        size_t j = i;
        for (; j < ref.size() && ref[j] >= '0' && ref[j] <= '9' && j - i < 8; ++j) r = r * 10 + (ref[j] - '0');
        *row = j > i ? static_cast<int>(r) : 0;
    }
    return i > 0 && i <= 3 ? col : 0;
}

}  // namespace clv::xlsx
