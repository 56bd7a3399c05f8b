// Amounts and ids. The fast path hands the trimmed text straight to fast_float (most exports
// write plain "12.50"); only when that fails does the slow path strip currency marks, thousands
// separators, parentheses and percent signs into a small buffer and try again.
#include <cmath>
#include <cstdint>
#include <cstring>

#include <fast_float/fast_float.h>

#include "ingest/field_parsers.hpp"

namespace clv {
namespace {

// Currency symbols and words, longest first where one is a prefix of another. UTF-8 bytes:
// £ C2 A3, € E2 82 AC, ¥ C2 A5, ￥ EF BF A5, 元 E5 85 83, 円 E5 86 86.
constexpr std::string_view kCurrency[] = {
    "US$", "HK$", "NT$", "RMB", "CNY", "USD", "EUR", "GBP", "HKD", "TWD", "JPY", "$", "\xC2\xA3",
    "\xE2\x82\xAC", "\xC2\xA5", "\xEF\xBF\xA5", "\xE5\x85\x83", "\xE5\x86\x86",
};

bool strip_prefix(std::string_view& t, std::string_view p) {
    if (t.substr(0, p.size()) != p) return false;
    t.remove_prefix(p.size());
    return true;
}
bool strip_suffix(std::string_view& t, std::string_view s) {
    if (t.size() < s.size() || t.substr(t.size() - s.size()) != s) return false;
    t.remove_suffix(s.size());
    return true;
}
bool strip_currency(std::string_view& t) {
    for (std::string_view c : kCurrency)
        if (strip_prefix(t, c) || strip_suffix(t, c)) {
            t = trim(t);
            return true;
        }
    return false;
}

bool whole_double(std::string_view t, double& v) {
    if (t.empty()) return false;
    if (t.front() == '+') t.remove_prefix(1);
    const auto r = fast_float::from_chars(t.data(), t.data() + t.size(), v);
    // fast_float also reads "inf" and "nan": not amounts anyone wrote.
    return r.ec == std::errc() && r.ptr == t.data() + t.size() && std::isfinite(v);
}

// Digits with grouping separators and one decimal mark into "1234.5" in `out`. Groups after the
// first must have exactly three digits, so "1,2" is not quietly read as 12.
bool normalise_digits(std::string_view t, bool decimal_comma, char* out, size_t cap, size_t& len) {
    const char decimal = decimal_comma ? ',' : '.';
    len = 0;
    bool seen_decimal = false, seen_group = false, any_digit = false;
    int since_group = -1;  // digits since the last group separator; -1 before any
    for (size_t i = 0; i < t.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(t[i]);
        if (c >= '0' && c <= '9') {
            if (len + 1 >= cap) return false;
            out[len++] = static_cast<char>(c);
            any_digit = true;
            if (since_group >= 0 && !seen_decimal) ++since_group;
            continue;
        }
        if (static_cast<char>(c) == decimal) {
            if (seen_decimal || (seen_group && since_group != 3)) return false;
            seen_decimal = true;
            if (len + 1 >= cap) return false;
            out[len++] = '.';
            continue;
        }
        size_t skip = 0;
        const bool group = decimal_comma ? (c == '.' || c == ' ' || c == '\'') : (c == ',' || c == ' ' || c == '\'');
        if (group) skip = 1;
        else if (c == 0xC2 && i + 1 < t.size() && static_cast<unsigned char>(t[i + 1]) == 0xA0) skip = 2;  // NBSP
        else if (c == 0xE2 && t.substr(i, 3) == "\xE2\x80\xAF") skip = 3;  // narrow NBSP (French)
        if (skip == 0 || seen_decimal || !any_digit || (seen_group && since_group != 3)) return false;
        seen_group = true;
        since_group = 0;
        i += skip - 1;
    }
    if (seen_group && !seen_decimal && since_group != 3) return false;
    out[len] = '\0';
    return any_digit;
}

bool parse_amount_slow(std::string_view t, bool decimal_comma, double& value) {
    bool negative = false, percent = false;
    if (t.size() >= 2 && t.front() == '(' && t.back() == ')') {  // accounting style: (12.50)
        negative = true;
        t = trim(t.substr(1, t.size() - 2));
    }
    // Sign and currency in either order: "-$12", "$-12", "12 €", "RMB 100", "100元".
    for (int pass = 0; pass < 2; ++pass) {
        if (!t.empty() && (t.front() == '-' || t.front() == '+')) {
            negative ^= t.front() == '-';
            t = trim(t.substr(1));
        }
        if (!strip_currency(t)) break;
    }
    if (!t.empty() && t.back() == '-') {  // "12.50-" from some ERP exports
        negative ^= true;
        t = trim(t.substr(0, t.size() - 1));
    }
    if (!t.empty() && t.back() == '%') {
        percent = true;
        t = trim(t.substr(0, t.size() - 1));
    }
    char buf[64];
    size_t len = 0;
    if (!normalise_digits(t, decimal_comma, buf, sizeof buf, len)) return false;
    double v;
    if (!whole_double(std::string_view(buf, len), v)) return false;
    if (percent) v /= 100;
    value = negative ? -v : v;
    return true;
}

}  // namespace

// The shape nearly every export writes: [-]digits[.digits], at most 15 digits in all. Then the
// digits form an integer m < 2^53 and the value is m / 10^k with 10^k exact: one IEEE division,
// correctly rounded, so the very double fast_float would give (Clinger's fast path), for a
// fraction of its instructions. False for anything else (the caller then asks fast_float).
bool parse_simple_decimal(const char* text, size_t size, double& value) {
    static constexpr double kPow10[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    const char* p = text;
    const char* const end = p + size;
    const bool negative = p < end && *p == '-';
    p += negative;
    // The whole part, then the fraction: two tight loops instead of one that tracks the point per digit.
    uint64_t m = 0;
    const char* const whole = p;
    for (unsigned d; p < end && (d = static_cast<unsigned char>(*p) - '0') < 10; ++p) m = m * 10 + d;
    const auto whole_digits = static_cast<size_t>(p - whole);
    size_t fraction = 0;
    if (p < end) {
        if (*p != '.' || whole_digits == 0) return false;
        const char* const point = ++p;
        for (unsigned d; p < end && (d = static_cast<unsigned char>(*p) - '0') < 10; ++p) m = m * 10 + d;
        fraction = static_cast<size_t>(p - point);
        if (p < end || fraction == 0) return false;
    }
    // More than 15 digits could overflow m or lose exactness: fast_float's turn.
    if (whole_digits + fraction == 0 || whole_digits + fraction > 15) return false;
    const double v = fraction > 0 ? static_cast<double>(m) / kPow10[fraction] : static_cast<double>(m);
    value = negative ? -v : v;
    return true;
}

bool parse_amount(std::string_view text, bool decimal_comma, double& value) {
    text = trim(text);
    if (!decimal_comma && parse_simple_decimal(text.data(), text.size(), value)) return true;
    if (!decimal_comma && whole_double(text, value)) return true;
    if (text.empty()) return false;
    // "1.5" in a decimal-comma file is fifteen tenths only if the user said so; otherwise the
    // slow path reads it with the file's convention.
    return parse_amount_slow(text, decimal_comma, value);
}

bool parse_amount(std::string_view text, double& value) { return parse_amount(text, false, value); }

std::string_view canonical_id(std::string_view text) {
    text = trim(text);
    // "17850.0" → "17850": digits, a point, zeros only. Such an id ends in '0'; most ids do not,
    // and for them this is one comparison instead of a search for the point (once per line).
    if (text.size() < 3 || text.back() != '0') return text;
    const size_t dot = text.find('.');
    if (dot == std::string_view::npos || dot == 0 || dot + 1 == text.size()) return text;
    for (size_t i = 0; i < dot; ++i)
        if (text[i] < '0' || text[i] > '9') return text;
    for (size_t i = dot + 1; i < text.size(); ++i)
        if (text[i] != '0') return text;
    return text.substr(0, dot);
}

}  // namespace clv
