// Sniffer steps 3 and 5: what each column holds (numbers, dates), whether the first line is a
// header, and the number style (decimal comma or point).
#include <algorithm>

#include "ingest/sniff_steps.hpp"

namespace clv::sniff_detail {

std::vector<ColumnProfile> profile_columns(const std::vector<std::vector<std::string>>& rows, size_t first_data) {
    const size_t width = rows.empty() ? 0 : rows[0].size();
    std::vector<ColumnProfile> profile(width);
    std::vector<std::string_view> amounts;
    for (size_t c = 0; c < width; ++c) {
        ColumnProfile& p = profile[c];
        for (size_t r = first_data; r < rows.size(); ++r) p.values.push_back(rows[r][c]);
    }
    // The decimal style is a property of the file: decided over every column that looks numeric.
    for (const ColumnProfile& p : profile)
        for (std::string_view v : p.values) amounts.push_back(v);
    const bool decimal_comma = detect_decimal_comma(amounts);
    for (ColumnProfile& p : profile) {
        size_t non_empty = 0, numbers = 0, integers = 0;
        for (std::string_view v : p.values) {
            const std::string_view t = trim(v);
            if (t.empty()) continue;
            ++non_empty;
            double x;
            if (parse_amount(t, decimal_comma, x)) {
                ++numbers;
                integers += t.find_first_not_of("0123456789") == std::string_view::npos;
            }
            if (t.find(decimal_comma ? ',' : '.') != std::string_view::npos) p.has_decimals = true;
        }
        p.numeric = non_empty > 0 && numbers == non_empty;
        p.numeric_share = non_empty > 0 ? static_cast<double>(numbers) / static_cast<double>(non_empty) : 0;
        p.all_integers = non_empty > 0 && integers == non_empty;
        p.date = detect_date_format(p.values.data(), p.values.size(), false);
    }
    return profile;
}

bool detect_header(const std::vector<std::vector<std::string>>& rows, const std::vector<ColumnProfile>& profile) {
    if (rows.size() < 2) {
        // One line only: a header when no field of it is a number or a date.
        if (rows.empty()) return false;
        for (const std::string& v : rows[0]) {
            const std::string_view sv = v;
            if (looks_numeric(v) || detect_date_format(&sv, 1) != DateFormat::unknown) return false;
        }
        return true;
    }
    // A header when some column is numeric or dated below but not in the first line.
    for (size_t c = 0; c < profile.size(); ++c) {
        const std::string_view v = rows[0][c];
        DayNumber d;
        double x;
        if ((profile[c].numeric && !trim(v).empty() && !parse_amount(v, false, x) && !parse_amount(v, true, x)) ||
            (profile[c].date != DateFormat::unknown && !trim(v).empty() && !parse_date(v, profile[c].date, d)))
            return true;
    }
    return false;
}

bool detect_decimal_comma(const std::vector<std::string_view>& values) {
    // Votes from unambiguous shapes: "12,5" / "1.234,56" say comma; "12.5" / "1,234.56" say point.
    // "1,234" (three digits after one comma) and "1.234" could be either and do not vote.
    size_t comma = 0, point = 0;
    for (std::string_view raw : values) {
        std::string_view v = trim(raw);
        while (!v.empty() && !(v.front() >= '0' && v.front() <= '9')) v.remove_prefix(1);
        while (!v.empty() && !(v.back() >= '0' && v.back() <= '9')) v.remove_suffix(1);
        if (v.empty() || v.find_first_not_of("0123456789.,") != std::string_view::npos) continue;
        const size_t last_comma = v.rfind(','), last_point = v.rfind('.');
        if (last_comma != std::string_view::npos && last_point != std::string_view::npos) {
            ++(last_comma > last_point ? comma : point);
        } else if (last_comma != std::string_view::npos) {
            if (v.size() - last_comma - 1 != 3 && v.find(',') == last_comma) ++comma;
        } else if (last_point != std::string_view::npos) {
            if (v.size() - last_point - 1 != 3 && v.find('.') == last_point) ++point;
        }
    }
    return comma > point;
}

}  // namespace clv::sniff_detail
