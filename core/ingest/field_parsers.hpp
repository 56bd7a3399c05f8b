// Parsing one field's text into a value: dates into day numbers, amounts into doubles, ids into
// their canonical text. Locale-free and allocation-free: these run once per data line, so each
// has a fast path for the common shape and a slower one for the rest.
// Dates are in parse_date.cpp, numbers and ids in parse_number.cpp.
#pragma once
#include <cstddef>
#include <string_view>

#include "ingest/iso_date.hpp"
#include "util/civil_date.hpp"

namespace clv {

enum class DateFormat {
    unknown,
    iso,           // 2024-03-05, 2024-03-05 12:50:00, 2024-03-05T12:50
    ymd_compact,   // 20240305
    ymd_slash,     // 2024/3/5, 2024.3.5
    mdy_slash,     // 3/5/2024 (US), also 3-5-2024, 3.5.2024, "12/1/2010 8:26"
    dmy_slash,     // 5/3/2024 (most of the world), also 05.03.2024
    ymd_chinese,   // 2024年3月5日
    excel_serial,  // 45356 (days since 1899-12-30; a fraction is the time of day)
    unix_seconds,  // 1709596800
    unix_millis,   // 1709596800000
};
constexpr int kDateFormatCount = 10;

const char* date_format_name(DateFormat f);                        // "YYYY-MM-DD", "M/D/YYYY", ...
bool date_format_from_name(std::string_view name, DateFormat& f);  // the names above, or iso/mdy/dmy/excel/unix

// Parses the date at the start of `text` (a time of day after it is ignored). False when the
// text is not a valid calendar date in that format.
bool parse_date(std::string_view text, DateFormat format, DayNumber& day);

// Guesses the format from sample values: the first format that parses every non-empty sample,
// with M/D versus D/M decided by whichever position holds a number above 12. Numeric formats
// (Excel serials, Unix time) are only considered when `numeric_allowed` (a column named as a date):
// by content alone an amount column would look like Excel serials.
DateFormat detect_date_format(const std::string_view* samples, size_t count, bool numeric_allowed = false);

// True when the samples' day/month order could not be told apart (every value has both parts
// <= 12): the caller should say the order was assumed and let the user flip it.
bool date_order_ambiguous(const std::string_view* samples, size_t count);

// Parses an amount with '.' as the decimal point: sign, digits, thousands separators (1,234.50),
// currency symbols or words before or after ($ £ € ¥ ￥ 元 RMB USD ...), parentheses as negative
// ("(12.50)"), a percent sign (divides by 100). False on anything else.
bool parse_amount(std::string_view text, double& value);
// The same with a decimal comma: "1.234,50" and "12,5" (then '.', ' ' and '\'' group thousands).
bool parse_amount(std::string_view text, bool decimal_comma, double& value);

// The common shapes alone, for the Reader's plain-line path (reader_plain_lines.cpp): text that
// is already trimmed. Where they return true, parse_date(text, DateFormat::iso) and
// parse_amount(text, false) give the very same value; false says "ask those".
// Pointer and size, not a string_view: in wasm a string_view argument goes through memory.
// parse_iso_date_fixed(text, size, day): "YYYY-MM-DD", a time may follow (iso_date.hpp, inline).
bool parse_simple_decimal(const char* text, size_t size, double& value);   // [-]digits[.digits], at most 15 digits

// True when the text is a number (what parse_amount accepts).
inline bool looks_numeric(std::string_view text) {
    double v;
    return parse_amount(text, v);
}

// An id as a person means it: trimmed, and "17850.0" (a number Excel stored as a float) read as
// "17850". Returns a view into `text`.
std::string_view canonical_id(std::string_view text);

// Inline: it runs several times per line, and a call across files costs more than its work.
inline std::string_view trim(std::string_view s) {
    // Nearly every field starts and ends with a byte above ' ' (space, tab and CR are below it):
    // two comparisons, not six.
    if (!s.empty() && static_cast<unsigned char>(s.front()) > ' ' && static_cast<unsigned char>(s.back()) > ' ') return s;
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

}  // namespace clv
