// Parsing one field's text into a value: dates into day numbers and amounts into doubles.
// Locale-free and allocation-free: these run once per data line.
#pragma once
#include <string_view>

#include "util/civil_date.hpp"

namespace clv {

enum class DateFormat {
    unknown,
    iso,           // 2024-03-05, 2024-03-05 12:50:00, 2024-03-05T12:50
    ymd_compact,   // 20240305
    ymd_slash,     // 2024/3/5
    mdy_slash,     // 3/5/2024 (US)
    dmy_slash,     // 5/3/2024 (most of the world)
};

const char* date_format_name(DateFormat f);

// Parses the date at the start of `text` (a time of day after it is ignored). False when the
// text is not a valid calendar date in that format.
bool parse_date(std::string_view text, DateFormat format, DayNumber& day);

// Guesses the format from sample values: the first format that parses every non-empty sample,
// with M/D versus D/M decided by whichever position holds a number above 12.
DateFormat detect_date_format(const std::string_view* samples, size_t count);

// Parses an amount: optional sign, digits, one '.' decimal point; a currency symbol ($ ¥ ￥ € £)
// before the number is skipped. False on anything else.
bool parse_amount(std::string_view text, double& value);

// True when the text is a plain number (what parse_amount accepts).
inline bool looks_numeric(std::string_view text) {
    double v;
    return parse_amount(text, v);
}

std::string_view trim(std::string_view s);

}  // namespace clv
