#include "pipeline/warm_up_orders.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

namespace clv {

namespace {
// splitmix64: small, seeded, the same on every platform.
struct Rng {
    uint64_t s;
    uint64_t next() {
        uint64_t z = (s += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
    double exponential(double mean) { return -mean * std::log1p(-uniform()); }
};

// Days from 1970-01-01 to y-m-d (proleptic Gregorian), and back, for the ISO dates written.
int64_t days_from_civil(int y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}
void civil_from_days(int64_t z, int& y, unsigned& m, unsigned& d) {
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = static_cast<int>(yoe) + static_cast<int>(era * 400) + (m <= 2);
}

struct Line {
    uint32_t customer;
    int32_t day;
    uint32_t cents;
};
}  // namespace

std::string make_warm_up_orders(uint32_t customers, uint64_t seed) {
    Rng rng{seed};
    const int64_t first = days_from_civil(2023, 1, 1), last = days_from_civil(2024, 12, 31);
    std::vector<Line> lines;
    lines.reserve(customers * 3ull);
    for (uint32_t c = 0; c < customers; ++c) {
        // Heterogeneous customers: mean days between purchases 20..400, dropout chance 5..60%
        // after each purchase, typical spend 8..120 (a rough CDNOW shape, not a fitted one).
        const double gap_days = 20 + 380 * rng.uniform() * rng.uniform();
        const double dropout = 0.05 + 0.55 * rng.uniform();
        const double spend = 8 + 112 * rng.uniform();
        double day = static_cast<double>(first) + static_cast<double>(last - first) * 0.6 * rng.uniform();
        for (;;) {
            const uint32_t cents = static_cast<uint32_t>(std::lround(100 * spend * (0.5 + rng.uniform())));
            lines.push_back(Line{c, static_cast<int32_t>(day), cents});
            if (rng.uniform() < dropout) break;
            day += 1 + rng.exponential(gap_days);
            if (day > static_cast<double>(last)) break;
        }
    }
    for (size_t i = lines.size(); i > 1; --i) std::swap(lines[i - 1], lines[rng.next() % i]);  // shuffled

    std::string out = "customer_id,date,amount\n";
    out.reserve(lines.size() * 26 + out.size());
    char buf[64];
    for (const Line& l : lines) {
        int y;
        unsigned m, d;
        civil_from_days(l.day, y, m, d);
        const int n = std::snprintf(buf, sizeof buf, "%u,%04d-%02u-%02u,%u.%02u\n", 100000 + l.customer, y, m, d,
                                    l.cents / 100, l.cents % 100);
        out.append(buf, static_cast<size_t>(n));
    }
    return out;
}

}  // namespace clv
