// Dates: one parser per DateFormat, all locale-free, and the detection that picks the format from
// a column's sample values. Day numbers are days since 1970-01-01 (util/civil_date.hpp).
#include <cmath>
#include <cstring>

#include <fast_float/fast_float.h>

#include "ingest/field_parsers.hpp"

namespace clv {

const char* date_format_name(DateFormat f) {
    switch (f) {
        case DateFormat::iso: return "YYYY-MM-DD";
        case DateFormat::ymd_compact: return "YYYYMMDD";
        case DateFormat::ymd_slash: return "YYYY/M/D";
        case DateFormat::mdy_slash: return "M/D/YYYY";
        case DateFormat::dmy_slash: return "D/M/YYYY";
        case DateFormat::ymd_chinese: return "YYYY年M月D日";
        case DateFormat::excel_serial: return "Excel serial";
        case DateFormat::unix_seconds: return "Unix seconds";
        case DateFormat::unix_millis: return "Unix milliseconds";
        case DateFormat::unknown: break;
    }
    return "unknown";
}

bool date_format_from_name(std::string_view name, DateFormat& f) {
    struct Alias {
        const char* name;
        DateFormat format;
    };
    static constexpr Alias aliases[] = {
        {"iso", DateFormat::iso}, {"ymd", DateFormat::iso}, {"compact", DateFormat::ymd_compact},
        {"yyyymmdd", DateFormat::ymd_compact}, {"ymd/", DateFormat::ymd_slash}, {"mdy", DateFormat::mdy_slash},
        {"dmy", DateFormat::dmy_slash}, {"chinese", DateFormat::ymd_chinese}, {"excel", DateFormat::excel_serial},
        {"unix", DateFormat::unix_seconds}, {"unix-ms", DateFormat::unix_millis},
    };
    for (const Alias& a : aliases)
        if (name == a.name) return f = a.format, true;
    for (int i = 1; i < kDateFormatCount; ++i)
        if (name == date_format_name(static_cast<DateFormat>(i))) return f = static_cast<DateFormat>(i), true;
    return false;
}

namespace {

// Reads 1..max_digits digits at text[pos], advancing pos; `digits` tells how many were read.
bool read_number(std::string_view text, size_t& pos, int max_digits, int& out, int& digits) {
    int n = 0;
    digits = 0;
    while (pos < text.size() && digits < max_digits && text[pos] >= '0' && text[pos] <= '9') {
        n = n * 10 + (text[pos] - '0');
        ++pos;
        ++digits;
    }
    out = n;
    return digits > 0;
}

bool date_ends_here(std::string_view text, size_t pos) { return date_ends_at(text.data(), text.size(), pos); }

// Year first: YYYY<sep>M<sep>D with any of `seps` (the same one twice).
bool parse_ymd(std::string_view t, const char* seps, DayNumber& day) {
    int y, m, d, n;
    size_t pos = 0;
    if (!read_number(t, pos, 4, y, n) || n != 4 || pos >= t.size() || !std::strchr(seps, t[pos])) return false;
    const char sep = t[pos++];
    if (!read_number(t, pos, 2, m, n) || pos >= t.size() || t[pos++] != sep) return false;
    if (!read_number(t, pos, 2, d, n) || !date_ends_here(t, pos)) return false;
    return make_day(y, m, d, day);
}

// Year last: A<sep>B<sep>YYYY (or YY) with sep one of / - . ; `month_first` says which of A, B is the month.
bool parse_year_last(std::string_view t, bool month_first, DayNumber& day) {
    int a, b, y, n;
    size_t pos = 0;
    if (!read_number(t, pos, 2, a, n) || pos >= t.size()) return false;
    const char sep = t[pos++];
    if (sep != '/' && sep != '-' && sep != '.') return false;
    if (!read_number(t, pos, 2, b, n) || pos >= t.size() || t[pos++] != sep) return false;
    if (!read_number(t, pos, 4, y, n) || (n != 4 && n != 2) || !date_ends_here(t, pos)) return false;
    if (n == 2) y += y < 70 ? 2000 : 1900;  // "3/5/24": the spreadsheet convention
    return month_first ? make_day(y, a, b, day) : make_day(y, b, a, day);
}

bool parse_compact(std::string_view t, DayNumber& day) {
    if (t.size() < 8) return false;
    for (size_t i = 0; i < 8; ++i)
        if (t[i] < '0' || t[i] > '9') return false;
    if (!date_ends_here(t, 8)) return false;
    auto num = [&](size_t a, size_t n) {
        int r = 0;
        for (size_t i = a; i < a + n; ++i) r = r * 10 + (t[i] - '0');
        return r;
    };
    return make_day(num(0, 4), num(4, 2), num(6, 2), day);
}

// 2024年3月5日 (UTF-8: 年 E5 B9 B4, 月 E6 9C 88, 日 E6 97 A5); a time may follow.
bool parse_chinese(std::string_view t, DayNumber& day) {
    static constexpr std::string_view nian = "\xE5\xB9\xB4", yue = "\xE6\x9C\x88", ri = "\xE6\x97\xA5";
    int y, m, d, n;
    size_t pos = 0;
    if (!read_number(t, pos, 4, y, n) || n != 4 || t.substr(pos, 3) != nian) return false;
    pos += 3;
    if (!read_number(t, pos, 2, m, n) || t.substr(pos, 3) != yue) return false;
    pos += 3;
    if (!read_number(t, pos, 2, d, n)) return false;
    if (t.substr(pos, 3) == ri) pos += 3;
    if (pos != t.size() && t[pos] != ' ' && static_cast<unsigned char>(t[pos]) < 0x80) return false;
    return make_day(y, m, d, day);
}

// Excel serials and Unix time: a plain number, integral or with a fraction (time of day).
bool parse_numeric_date(std::string_view t, DateFormat f, DayNumber& day) {
    double v = 0;
    const auto r = fast_float::from_chars(t.data(), t.data() + t.size(), v);
    if (r.ec != std::errc() || r.ptr != t.data() + t.size() || !(v >= 0)) return false;
    double days;
    if (f == DateFormat::excel_serial) {
        // Excel's day 1 is 1900-01-01 and it counts a 29 Feb 1900 that never was, so from serial 61
        // on the epoch is 1899-12-30; real exports are all far past that.
        if (v < 61 || v > 2958465) return false;
        days = std::floor(v) - 25569;
    } else {
        const double seconds = f == DateFormat::unix_millis ? v / 1000 : v;
        if (seconds > 253402300799.0) return false;  // 9999-12-31
        days = std::floor(seconds / 86400);
    }
    day = static_cast<DayNumber>(days);
    return true;
}

}  // namespace

bool parse_date(std::string_view text, DateFormat format, DayNumber& day) {
    text = trim(text);
    switch (format) {
        case DateFormat::iso: return parse_iso_date_fixed(text.data(), text.size(), day) || parse_ymd(text, "-", day);
        case DateFormat::ymd_slash: return parse_ymd(text, "/.", day);
        case DateFormat::mdy_slash: return parse_year_last(text, true, day);
        case DateFormat::dmy_slash: return parse_year_last(text, false, day);
        case DateFormat::ymd_compact: return parse_compact(text, day);
        case DateFormat::ymd_chinese: return parse_chinese(text, day);
        case DateFormat::excel_serial:
        case DateFormat::unix_seconds:
        case DateFormat::unix_millis: return parse_numeric_date(text, format, day);
        case DateFormat::unknown: break;
    }
    return false;
}

namespace {

bool plausible(DayNumber d) { return d >= days_from_civil(1900, 1, 1) && d <= days_from_civil(2100, 12, 31); }

bool all_parse(const std::string_view* samples, size_t count, DateFormat f) {
    DayNumber d;
    for (size_t i = 0; i < count; ++i)
        if (!trim(samples[i]).empty() && (!parse_date(samples[i], f, d) || !plausible(d))) return false;
    return true;
}

size_t count_parse(const std::string_view* samples, size_t count, DateFormat f) {
    DayNumber d;
    size_t n = 0;
    for (size_t i = 0; i < count; ++i) n += !trim(samples[i]).empty() && parse_date(samples[i], f, d) && plausible(d);
    return n;
}

}  // namespace

DateFormat detect_date_format(const std::string_view* samples, size_t count, bool numeric_allowed) {
    size_t non_empty = 0;
    for (size_t i = 0; i < count; ++i) non_empty += !trim(samples[i]).empty();
    if (non_empty == 0) return DateFormat::unknown;
    // Plausible years only (1900..2100), so 8-digit ids are not taken for YYYYMMDD dates.
    // A column is dated when at least 70% of its values are dates in some format (a damaged line
    // or a second system's format must not hide the date column); its format is the most common.
    static constexpr DateFormat formats[] = {DateFormat::iso, DateFormat::ymd_compact, DateFormat::ymd_slash,
                                             DateFormat::ymd_chinese, DateFormat::mdy_slash, DateFormat::dmy_slash};
    size_t dated = 0;
    {
        DayNumber d;
        for (size_t i = 0; i < count; ++i) {
            if (trim(samples[i]).empty()) continue;
            for (DateFormat f : formats)
                if (parse_date(samples[i], f, d) && plausible(d)) {
                    ++dated;
                    break;
                }
        }
    }
    if (dated * 10 >= non_empty * 7) {
        DateFormat best = DateFormat::unknown;
        size_t best_count = 0;
        for (DateFormat f : formats) {
            const size_t n = count_parse(samples, count, f);
            if (n > best_count) best = f, best_count = n;  // ties keep the earlier: M/D before D/M (flippable)
        }
        return best;
    }
    if (!numeric_allowed) return DateFormat::unknown;
    // Numbers: the magnitude tells Unix milliseconds, Unix seconds and Excel serials apart.
    double lo = 1e300, hi = -1e300;
    for (size_t i = 0; i < count; ++i) {
        const std::string_view t = trim(samples[i]);
        if (t.empty()) continue;
        double v;
        const auto r = fast_float::from_chars(t.data(), t.data() + t.size(), v);
        if (r.ec != std::errc() || r.ptr != t.data() + t.size()) return DateFormat::unknown;
        lo = std::min(lo, v), hi = std::max(hi, v);
    }
    if (lo >= 1e11 && hi < 4.2e12) return DateFormat::unix_millis;
    if (lo >= 1e8 && hi < 4.2e9) return DateFormat::unix_seconds;
    if (lo >= 3654 && hi < 73051) return DateFormat::excel_serial;  // 1910 .. 2099
    return DateFormat::unknown;
}

bool date_order_ambiguous(const std::string_view* samples, size_t count) {
    return all_parse(samples, count, DateFormat::mdy_slash) && all_parse(samples, count, DateFormat::dmy_slash);
}

}  // namespace clv
