#include "segments/tiers.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>

namespace clv {

std::string TierSettings::check() const {
    if (!(a_share > 0 && a_share <= 1)) return "tier A share must be above 0 and at most 1";
    if (!(b_share >= 0 && a_share + b_share <= 1 + 1e-12)) return "tier B share must be at least 0 and A + B at most 1";
    if (curve_points < 1 || curve_points > 10000) return "Pareto curve points must be between 1 and 10000";
    if (basis != Basis::historical && basis != Basis::predicted_clv) return "tier basis must be historical or predicted_clv";
    return {};
}

namespace {

// LSD radix sort of non-negative finite doubles, highest first: their IEEE bit patterns order
// like the numbers, so eight byte passes (skipping bytes all values share) sort 1M values several
// times faster than std::sort — the tier split runs on every analysis.
void sort_desc(std::vector<double>& v) {
    const size_t n = v.size();
    if (n < 4096) {
        std::sort(v.begin(), v.end(), std::greater<double>());
        return;
    }
    std::vector<uint64_t> a(n), b(n);
    // The byte histograms of all eight passes in one read of the values.
    std::vector<size_t> counts(8 * 256, 0);
    for (size_t i = 0; i < n; ++i) {
        uint64_t k;
        std::memcpy(&k, &v[i], 8);
        a[i] = k;
        for (int d = 0; d < 8; ++d) ++counts[static_cast<size_t>(d) * 256 + ((k >> (8 * d)) & 0xFF)];
    }
    for (int d = 0; d < 8; ++d) {
        const int shift = 8 * d;
        const size_t* count = &counts[static_cast<size_t>(d) * 256];
        if (count[(a[0] >> shift) & 0xFF] == n) continue;  // every value has this byte
        size_t pos[256];
        size_t sum = 0;
        for (int digit = 255; digit >= 0; --digit) {  // descending: high digits first
            pos[digit] = sum;
            sum += count[digit];
        }
        for (uint64_t k : a) b[pos[(k >> shift) & 0xFF]++] = k;
        a.swap(b);
    }
    for (size_t i = 0; i < n; ++i) std::memcpy(&v[i], &a[i], 8);
}

}  // namespace

double gini_of_sorted_desc(const std::vector<double>& s) {
    const size_t n = s.size();
    if (n == 0) return 0;
    double total = 0, weighted = 0;
    // Ascending rank i = n - j for descending position j.
    for (size_t j = 0; j < n; ++j) {
        const double v = std::max(0.0, s[j]);
        total += v;
        weighted += static_cast<double>(n - j) * v;
    }
    if (!(total > 0)) return 0;
    const double nn = static_cast<double>(n);
    return 2 * weighted / (nn * total) - (nn + 1) / nn;
}

Concentration assign_tiers(const TierSettings& settings, const std::vector<double>& value, std::vector<Tier>& tiers,
                           TierStat stats[kTierCount]) {
    Concentration c;
    const size_t n = value.size();
    tiers.assign(n, Tier::C);
    for (int t = 0; t < kTierCount; ++t) stats[t] = TierStat{static_cast<Tier>(t)};

    // One sort of the values (not of indices): the thresholds and tie quotas below then assign
    // tiers in row order, which is the documented tie-break.
    std::vector<double> s(n);
    for (size_t i = 0; i < n; ++i) s[i] = std::isfinite(value[i]) ? std::max(0.0, value[i]) : 0.0;
    sort_desc(s);
    double total = 0;
    for (double v : s) total += v;
    c.total_value = total;
    c.gini = gini_of_sorted_desc(s);

    // Positions below each line: count j with cum_before_j < share·total.
    const double line_a = settings.a_share * total, line_b = (settings.a_share + settings.b_share) * total;
    size_t n_a = 0, n_b = 0;
    double cum = 0;
    for (size_t j = 0; j < n; ++j) {
        if (cum < line_a) n_a = j + 1;
        if (cum < line_b) n_b = j + 1;
        else break;
        cum += s[j];
    }
    const double inf = std::numeric_limits<double>::infinity();
    const double thr_a = n_a > 0 ? s[n_a - 1] : inf;
    const double thr_b = n_b > 0 ? s[n_b - 1] : inf;
    size_t quota_a = 0, quota_b = 0;
    for (size_t j = 0; j < n_a; ++j) quota_a += s[j] == thr_a;
    for (size_t j = n_a; j < n_b; ++j) quota_b += s[j] == thr_b;

    for (size_t i = 0; i < n; ++i) {
        const double v = std::isfinite(value[i]) ? std::max(0.0, value[i]) : 0.0;
        Tier t = Tier::C;
        if (v > thr_a) t = Tier::A;
        else if (v == thr_a && quota_a > 0) t = Tier::A, --quota_a;
        else if (v > thr_b) t = Tier::B;
        else if (v == thr_b && quota_b > 0) t = Tier::B, --quota_b;
        tiers[i] = t;
        TierStat& st = stats[static_cast<int>(t)];
        ++st.customers;
        st.value += v;
    }
    for (int t = 0; t < kTierCount; ++t) {
        stats[t].value_share = total > 0 ? stats[t].value / total : 0;
        stats[t].customer_share = n > 0 ? static_cast<double>(stats[t].customers) / static_cast<double>(n) : 0;
    }

    // Pareto curve.
    const int P = settings.curve_points;
    c.customer_share.resize(static_cast<size_t>(P) + 1);
    c.value_share.resize(static_cast<size_t>(P) + 1);
    size_t taken = 0;
    cum = 0;
    for (int k = 0; k <= P; ++k) {
        const size_t upto = (static_cast<size_t>(k) * n + static_cast<size_t>(P) - 1) / static_cast<size_t>(P);
        while (taken < upto) cum += s[taken++];
        c.customer_share[static_cast<size_t>(k)] = static_cast<double>(k) / P;
        c.value_share[static_cast<size_t>(k)] = total > 0 ? cum / total : 0;
    }
    const size_t top20 = (n + 4) / 5;
    double top = 0;
    for (size_t j = 0; j < top20; ++j) top += s[j];
    c.top20_value_share = total > 0 ? top / total : 0;
    return c;
}

}  // namespace clv
