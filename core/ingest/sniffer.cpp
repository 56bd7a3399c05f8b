#include "ingest/sniffer.hpp"

#include <algorithm>
#include <array>
#include <map>

#include "ingest/field_splitter.hpp"

namespace clv {
namespace {

constexpr size_t kMaxSampleLines = 200;

std::vector<std::string_view> sample_lines(std::string_view head, bool is_whole_file) {
    if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
    std::vector<std::string_view> lines;
    size_t pos = 0;
    while (pos < head.size() && lines.size() < kMaxSampleLines) {
        const size_t nl = head.find('\n', pos);
        if (nl == std::string_view::npos) {
            if (is_whole_file) lines.push_back(head.substr(pos));
            break;
        }
        std::string_view line = head.substr(pos, nl - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (!trim(line).empty()) lines.push_back(line);
        pos = nl + 1;
    }
    return lines;
}

// Step 1: the delimiter whose field count is the same on the most lines (at least 2 fields).
char detect_delimiter(const std::vector<std::string_view>& lines) {
    static constexpr std::array<char, 5> candidates = {',', '\t', ';', '|', kWhitespaceDelimiter};
    char best = ',';
    size_t best_score = 0;
    for (char d : candidates) {
        FieldSplitter splitter(d, '"');
        std::map<size_t, size_t> count_of_width;
        for (std::string_view l : lines) ++count_of_width[splitter.split(l).size()];
        size_t mode_width = 0, mode_count = 0;
        for (auto [width, count] : count_of_width)
            if (count > mode_count) mode_width = width, mode_count = count;
        if (mode_width < 2) continue;
        if (mode_count > best_score) best = d, best_score = mode_count;
    }
    return best;
}

std::string normalise_name(std::string_view name) {
    std::string out;
    for (char c : trim(name)) {
        if (c == ' ' || c == '_' || c == '-' || c == '.' || c == '"') continue;
        out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    }
    return out;
}

enum Role { kCustomer, kDate, kAmount, kQuantity, kUnitPrice, kRoleCount };

// Header names per role, normalised (lower case, no spaces/underscores). Exact matches win over
// names that merely contain a keyword.
const std::vector<std::string>& role_names(Role r) {
    static const std::vector<std::string> names[kRoleCount] = {
        {"customerid", "customer", "custid", "clientid", "client", "memberid", "userid", "buyerid", "accountid",
         "customerno", "customernumber", "客户id", "客户编号", "客户", "会员id", "会员编号", "会员", "用户id", "买家id", "顾客id", "id"},
        {"date", "orderdate", "invoicedate", "purchasedate", "transactiondate", "datetime", "timestamp", "time",
         "订单日期", "下单时间", "日期", "交易日期", "付款时间", "购买日期", "时间"},
        {"amount", "dollarvalue", "value", "revenue", "sales", "total", "ordervalue", "ordertotal", "spend",
         "payment", "金额", "实付金额", "订单金额", "销售额", "支付金额", "交易金额", "消费金额"},
        {"quantity", "qty", "数量"},
        {"unitprice", "price", "单价", "价格"},
    };
    return names[r];
}

int match_by_name(const std::vector<std::string>& header, Role role, const std::vector<bool>& taken) {
    const auto& names = role_names(role);
    for (const std::string& want : names)
        for (size_t c = 0; c < header.size(); ++c)
            if (!taken[c] && normalise_name(header[c]) == want) return static_cast<int>(c);
    for (const std::string& want : names) {
        if (want.size() < 4) continue;  // "id" inside any name would match too much
        for (size_t c = 0; c < header.size(); ++c)
            if (!taken[c] && normalise_name(header[c]).find(want) != std::string::npos) return static_cast<int>(c);
    }
    return kNoColumn;
}

struct ColumnProfile {
    std::vector<std::string_view> values;
    bool numeric = false;      // every value is a number
    bool has_decimals = false; // some value has a decimal point
    DateFormat date = DateFormat::unknown;
};

}  // namespace

SniffResult sniff(std::string_view head, bool is_whole_file) {
    SniffResult result;
    ReadOptions& o = result.options;
    const std::vector<std::string_view> lines = sample_lines(head, is_whole_file);
    if (lines.empty()) {
        result.problem = "the file has no data lines";
        return result;
    }
    o.delimiter = detect_delimiter(lines);

    FieldSplitter splitter(o.delimiter, o.quote);
    std::vector<std::vector<std::string>> rows;
    size_t width = 0;
    for (std::string_view l : lines) {
        const auto& f = splitter.split(l);
        rows.emplace_back(f.begin(), f.end());
        width = std::max(width, f.size());
    }
    for (auto& r : rows) r.resize(width);

    // Column profiles over the lines after the first (the first may be a header).
    const size_t first_data = rows.size() > 1 ? 1 : 0;
    std::vector<ColumnProfile> profile(width);
    for (size_t c = 0; c < width; ++c) {
        ColumnProfile& p = profile[c];
        for (size_t r = first_data; r < rows.size(); ++r) p.values.push_back(rows[r][c]);
        p.numeric = std::all_of(p.values.begin(), p.values.end(), [](std::string_view v) { return looks_numeric(v); });
        p.has_decimals = std::any_of(p.values.begin(), p.values.end(),
                                     [](std::string_view v) { return v.find('.') != std::string_view::npos; });
        p.date = detect_date_format(p.values.data(), p.values.size());
    }

    // Step 2: a header when some column is numeric or dated below but not in the first line,
    // or when the first line names a known role.
    bool header = false;
    if (rows.size() > 1) {
        for (size_t c = 0; c < width; ++c) {
            const std::string_view v = rows[0][c];
            DayNumber d;
            if ((profile[c].numeric && !looks_numeric(v)) ||
                (profile[c].date != DateFormat::unknown && !parse_date(v, profile[c].date, d)))
                header = true;
        }
    }
    o.has_header = header;
    for (size_t c = 0; c < width; ++c)
        o.column_names.push_back(header ? std::string(trim(rows[0][c])) : "column " + std::to_string(c + 1));

    // Step 3: roles, by name first.
    std::vector<bool> taken(width, false);
    int* role_column[kRoleCount] = {&o.customer_column, &o.date_column, &o.amount_column, &o.quantity_column,
                                    &o.unit_price_column};
    if (header) {
        for (Role r : {kDate, kAmount, kQuantity, kUnitPrice, kCustomer}) {
            const int c = match_by_name(o.column_names, r, taken);
            if (c != kNoColumn && (r != kDate || profile[static_cast<size_t>(c)].date != DateFormat::unknown)) {
                *role_column[r] = c;
                taken[static_cast<size_t>(c)] = true;
            }
        }
        // An amount column makes quantity × price unnecessary.
        if (o.amount_column != kNoColumn) o.quantity_column = o.unit_price_column = kNoColumn;
    }
    // ... then by content: the first dated column, the rightmost decimal number, the first other column.
    if (o.date_column == kNoColumn)
        for (size_t c = 0; c < width; ++c)
            if (!taken[c] && profile[c].date != DateFormat::unknown) {
                o.date_column = static_cast<int>(c);
                taken[c] = true;
                break;
            }
    if (o.amount_column == kNoColumn && (o.quantity_column == kNoColumn || o.unit_price_column == kNoColumn)) {
        int best = kNoColumn;
        for (size_t c = 0; c < width; ++c)
            if (!taken[c] && profile[c].numeric && (best == kNoColumn || profile[c].has_decimals ||
                                                    !profile[static_cast<size_t>(best)].has_decimals))
                if (c != 0 || width <= 2) best = static_cast<int>(c);
        if (best != kNoColumn) {
            o.amount_column = best;
            taken[static_cast<size_t>(best)] = true;
            o.quantity_column = o.unit_price_column = kNoColumn;
        }
    }
    if (o.customer_column == kNoColumn)
        for (size_t c = 0; c < width; ++c)
            if (!taken[c]) {
                o.customer_column = static_cast<int>(c);
                taken[c] = true;
                break;
            }

    // Step 4: the date format.
    if (o.date_column != kNoColumn) o.date_format = profile[static_cast<size_t>(o.date_column)].date;

    result.preview.assign(rows.begin(), rows.begin() + static_cast<long>(std::min<size_t>(rows.size(), 20)));
    result.problem = o.check();
    return result;
}

}  // namespace clv
