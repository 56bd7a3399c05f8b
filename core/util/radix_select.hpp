// Order statistics of doubles without sorting or copying them.
//
// A double maps to an unsigned key in the same order (negative values: all bits flipped; others:
// the sign bit set), so the k-th smallest can be found digit by digit: four passes, each counting
// the next 16 bits of the values that share the bits found so far (a 64 K-entry histogram). Up to
// a few ranks are found in the same four passes. Exact, like std::nth_element on a copy, but with
// no copy (at 10M customers a copy of a column is 80 MB a browser tab may not have) and with a
// cost that does not depend on how the values are spread (about 9 ns per value natively for the
// four passes).
#pragma once
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace clv {

// A double as an unsigned key in the same order (negative values: all bits flipped; others: the
// sign bit set), so that a histogram of its top bits orders doubles (also rfm.cpp's quintile cuts).
inline uint64_t double_order_key(double x) {
    uint64_t b;
    std::memcpy(&b, &x, sizeof b);
    return (b >> 63) ? ~b : (b | (uint64_t{1} << 63));
}

namespace radix_select_detail {
inline double from_order_key(uint64_t k) {
    const uint64_t b = (k >> 63) ? (k & ~(uint64_t{1} << 63)) : ~k;
    double x;
    std::memcpy(&x, &b, sizeof x);
    return x;
}
}  // namespace radix_select_detail

// The values of ranks ks[0 .. count) (from 0) of map(v) over the values v of `values` for which
// map(v) is not NaN, into out[0 .. count); NaN for a rank past the last value kept. At most
// kMaxRanks ranks per call, found in the same four passes.
constexpr size_t kMaxRanks = 4;
template <typename Range, typename Map>
void kth_smallest_many(const Range& values, const size_t* ks, size_t count, double* out, Map map) {
    constexpr size_t kDigits = size_t{1} << 16;
    size_t rank[kMaxRanks];
    uint64_t prefix[kMaxRanks] = {};
    bool past_end[kMaxRanks] = {};
    count = count < kMaxRanks ? count : kMaxRanks;
    for (size_t j = 0; j < count; ++j) rank[j] = ks[j];
    std::vector<uint32_t> histogram;
    for (int shift = 48; shift >= 0; shift -= 16) {
        const uint64_t known = shift == 48 ? 0 : ~uint64_t{0} << (shift + 16);
        // The distinct prefixes still searched, one histogram each.
        uint64_t distinct[kMaxRanks];
        size_t group[kMaxRanks], groups = 0;
        for (size_t j = 0; j < count; ++j) {
            size_t g = 0;
            while (g < groups && distinct[g] != prefix[j]) ++g;
            if (g == groups) distinct[groups++] = prefix[j];
            group[j] = g;
        }
        histogram.assign(groups * kDigits, 0);
        for (const auto& v : values) {
            const double x = map(v);
            if (std::isnan(x)) continue;
            const uint64_t key = double_order_key(x);
            for (size_t g = 0; g < groups; ++g)
                if ((key & known) == distinct[g]) {
                    ++histogram[g * kDigits + ((key >> shift) & 0xFFFF)];
                    break;
                }
        }
        for (size_t j = 0; j < count; ++j) {
            const uint32_t* h = &histogram[group[j] * kDigits];
            uint64_t digit = 0;
            while (digit < kDigits && rank[j] >= h[digit]) rank[j] -= h[digit++];
            if (digit == kDigits) past_end[j] = true, digit = 0;
            prefix[j] |= digit << shift;
        }
    }
    for (size_t j = 0; j < count; ++j) out[j] = past_end[j] ? NAN : radix_select_detail::from_order_key(prefix[j]);
}

// The k-th smallest (from 0) of map(v) over the values v for which map(v) is not NaN; NaN when
// fewer than k + 1 are kept.
template <typename Range, typename Map>
double kth_smallest(const Range& values, size_t k, Map map) {
    double out;
    kth_smallest_many(values, &k, 1, &out, map);
    return out;
}

template <typename Range>
double kth_smallest(const Range& values, size_t k) {
    return kth_smallest(values, k, [](double v) { return v; });
}

// The median (the mean of the two middle values for an even count); NaN when there are none.
template <typename Range>
double median(const Range& values) {
    const size_t n = static_cast<size_t>(std::size(values));
    if (n == 0) return NAN;
    if (n % 2 == 1) return kth_smallest(values, n / 2);
    const size_t ks[2] = {n / 2 - 1, n / 2};
    double middle[2];
    kth_smallest_many(values, ks, 2, middle, [](double v) { return v; });
    return (middle[0] + middle[1]) / 2;
}

}  // namespace clv
