#include "util/civil_date.hpp"

#include <cstdio>

namespace clv {

std::string format_iso_date(DayNumber day) {
    const CivilDate c = civil_from_days(day);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", c.year, c.month, c.day);
    return buf;
}

bool parse_iso_date(const std::string& text, DayNumber& day) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
    int parts[3] = {0, 0, 0};
    const int starts[3] = {0, 5, 8}, lengths[3] = {4, 2, 2};
    for (int p = 0; p < 3; ++p) {
        for (int i = 0; i < lengths[p]; ++i) {
            const char c = text[static_cast<size_t>(starts[p] + i)];
            if (c < '0' || c > '9') return false;
            parts[p] = parts[p] * 10 + (c - '0');
        }
    }
    if (!is_valid_civil(parts[0], static_cast<unsigned>(parts[1]), static_cast<unsigned>(parts[2]))) return false;
    day = days_from_civil(parts[0], static_cast<unsigned>(parts[1]), static_cast<unsigned>(parts[2]));
    return true;
}

}  // namespace clv
