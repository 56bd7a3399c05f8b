// Calendar dates to day numbers, the part every date parser ends in (make_day), and the one shape
// nearly every ISO date has ("YYYY-MM-DD"), inline: the Reader's fused path reads a date per line,
// and as a call into parse_date.cpp its result went back through memory.
#pragma once
#include <cstddef>

#include "util/civil_date.hpp"

namespace clv {

namespace iso_date_detail {
// The day number of the first of every month from 1900 to 2155 (and of January 2156, so that each
// month's length is the difference to the next entry): a date in an order file is then one table
// read and an add instead of the leap-year checks and the era arithmetic, once per line.
constexpr int kTableFirstYear = 1900, kTableYears = 256;
struct MonthStarts {
    DayNumber first[kTableYears * 12 + 1] = {};
    constexpr MonthStarts() {
        for (int i = 0; i <= kTableYears * 12; ++i)
            first[i] = days_from_civil(kTableFirstYear + i / 12, static_cast<unsigned>(i % 12) + 1, 1);
    }
};
inline constexpr MonthStarts kMonthStarts;
}  // namespace iso_date_detail

// After a date at `pos`: the end of the text, or a time part introduced by a space or 'T'.
inline bool date_ends_at(const char* t, size_t size, size_t pos) {
    return pos == size || (pos < size && (t[pos] == ' ' || t[pos] == 'T'));
}

// The day of y-month-d; false when there is no such date.
inline bool make_day(int y, int month, int d_of_month, DayNumber& day) {
    using namespace iso_date_detail;
    const unsigned year = static_cast<unsigned>(y - kTableFirstYear), m = static_cast<unsigned>(month),
                   d = static_cast<unsigned>(d_of_month);
    if (year >= static_cast<unsigned>(kTableYears) || m - 1 >= 12) {
        if (!is_valid_civil(y, m, d)) return false;
        day = days_from_civil(y, m, d);
        return true;
    }
    const unsigned i = year * 12 + m - 1;
    const DayNumber first = kMonthStarts.first[i];
    if (d - 1 >= static_cast<unsigned>(kMonthStarts.first[i + 1] - first)) return false;
    day = first + static_cast<DayNumber>(d) - 1;
    return true;
}

// "YYYY-MM-DD" at fixed positions, read without loops; a time may follow after a space or 'T'.
// Pointer and size, not a string_view: in wasm a string_view argument goes through memory.
inline bool parse_iso_date_fixed(const char* t, size_t size, DayNumber& day) {
    if (size < 10 || t[4] != '-' || t[7] != '-' || !date_ends_at(t, size, 10)) return false;
    const auto digit = [&](size_t i) { return static_cast<unsigned>(t[i] - '0'); };
    for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (digit(i) > 9) return false;
    const int y = static_cast<int>(digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3));
    return make_day(y, static_cast<int>(digit(5) * 10 + digit(6)), static_cast<int>(digit(8) * 10 + digit(9)), day);
}

}  // namespace clv
