#include "ingest/field_parsers.hpp"

#include <fast_float/fast_float.h>

namespace clv {

const char* date_format_name(DateFormat f) {
    switch (f) {
        case DateFormat::iso: return "YYYY-MM-DD";
        case DateFormat::ymd_compact: return "YYYYMMDD";
        case DateFormat::ymd_slash: return "YYYY/M/D";
        case DateFormat::mdy_slash: return "M/D/YYYY";
        case DateFormat::dmy_slash: return "D/M/YYYY";
        case DateFormat::unknown: break;
    }
    return "unknown";
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

namespace {

// Reads 1..max_digits digits at text[pos], advancing pos.
bool read_number(std::string_view text, size_t& pos, int max_digits, int& out) {
    int n = 0, digits = 0;
    while (pos < text.size() && digits < max_digits && text[pos] >= '0' && text[pos] <= '9') {
        n = n * 10 + (text[pos] - '0');
        ++pos;
        ++digits;
    }
    out = n;
    return digits > 0;
}

// After the date: end of text, or a time part introduced by a space or 'T'.
bool date_ends_here(std::string_view text, size_t pos) {
    return pos == text.size() || text[pos] == ' ' || text[pos] == 'T';
}

bool make_day(int y, int m, int d, DayNumber& day) {
    if (!is_valid_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d))) return false;
    day = days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
    return true;
}

// Three numbers separated by `sep`, with the given digit limits.
bool read_triple(std::string_view text, char sep, const int limits[3], int out[3], size_t& pos) {
    pos = 0;
    for (int i = 0; i < 3; ++i) {
        if (i > 0) {
            if (pos >= text.size() || text[pos] != sep) return false;
            ++pos;
        }
        if (!read_number(text, pos, limits[i], out[i])) return false;
    }
    return date_ends_here(text, pos);
}

}  // namespace

bool parse_date(std::string_view text, DateFormat format, DayNumber& day) {
    text = trim(text);
    int v[3];
    size_t pos = 0;
    switch (format) {
        case DateFormat::iso: {
            static constexpr int lim[3] = {4, 2, 2};
            return text.size() >= 8 && read_triple(text, '-', lim, v, pos) && pos >= 8 && make_day(v[0], v[1], v[2], day);
        }
        case DateFormat::ymd_slash: {
            static constexpr int lim[3] = {4, 2, 2};
            return read_triple(text, '/', lim, v, pos) && pos >= 8 && make_day(v[0], v[1], v[2], day);
        }
        case DateFormat::mdy_slash: {
            static constexpr int lim[3] = {2, 2, 4};
            return read_triple(text, '/', lim, v, pos) && text[pos - 5] == '/' && make_day(v[2], v[0], v[1], day);
        }
        case DateFormat::dmy_slash: {
            static constexpr int lim[3] = {2, 2, 4};
            return read_triple(text, '/', lim, v, pos) && text[pos - 5] == '/' && make_day(v[2], v[1], v[0], day);
        }
        case DateFormat::ymd_compact: {
            if (text.size() < 8) return false;
            for (size_t i = 0; i < 8; ++i)
                if (text[i] < '0' || text[i] > '9') return false;
            if (!date_ends_here(text, 8)) return false;
            auto num = [&](size_t a, size_t n) {
                int r = 0;
                for (size_t i = a; i < a + n; ++i) r = r * 10 + (text[i] - '0');
                return r;
            };
            return make_day(num(0, 4), num(4, 2), num(6, 2), day);
        }
        case DateFormat::unknown: break;
    }
    return false;
}

DateFormat detect_date_format(const std::string_view* samples, size_t count) {
    static constexpr DateFormat unambiguous[] = {DateFormat::iso, DateFormat::ymd_compact, DateFormat::ymd_slash};
    size_t non_empty = 0;
    for (size_t i = 0; i < count; ++i) non_empty += !trim(samples[i]).empty();
    if (non_empty == 0) return DateFormat::unknown;
    auto all_parse = [&](DateFormat f) {
        DayNumber d;
        for (size_t i = 0; i < count; ++i)
            if (!trim(samples[i]).empty() && !parse_date(samples[i], f, d)) return false;
        return true;
    };
    for (DateFormat f : unambiguous)
        if (all_parse(f)) {
            // A compact date must look like a plausible calendar year, not an 8-digit id.
            if (f == DateFormat::ymd_compact) {
                DayNumber lo = days_from_civil(1900, 1, 1), hi = days_from_civil(2100, 12, 31), d;
                bool plausible = true;
                for (size_t i = 0; i < count && plausible; ++i)
                    if (!trim(samples[i]).empty()) plausible = parse_date(samples[i], f, d) && d >= lo && d <= hi;
                if (!plausible) continue;
            }
            return f;
        }
    const bool mdy = all_parse(DateFormat::mdy_slash), dmy = all_parse(DateFormat::dmy_slash);
    if (mdy && !dmy) return DateFormat::mdy_slash;
    if (dmy && !mdy) return DateFormat::dmy_slash;
    if (mdy && dmy) return DateFormat::mdy_slash;  // ambiguous in every sample: the US order, flippable by the user
    return DateFormat::unknown;
}

bool parse_amount(std::string_view text, double& value) {
    text = trim(text);
    // Currency signs in front of the number: $ £ € (UTF-8 E2 82 AC) ¥ (C2 A5) ￥ (EF BF A5).
    static constexpr std::string_view currency[] = {"$", "\xC2\xA3", "\xE2\x82\xAC", "\xC2\xA5", "\xEF\xBF\xA5"};
    bool negative = false;
    if (!text.empty() && text.front() == '-') {
        negative = true;
        text.remove_prefix(1);
    }
    for (std::string_view c : currency)
        if (text.substr(0, c.size()) == c) {
            text.remove_prefix(c.size());
            break;
        }
    if (text.empty()) return false;
    if (text.front() == '+') text.remove_prefix(1);
    const char* end = text.data() + text.size();
    double v = 0;
    auto r = fast_float::from_chars(text.data(), end, v);
    if (r.ec != std::errc() || r.ptr != end) return false;
    value = negative ? -v : v;
    return true;
}

}  // namespace clv
