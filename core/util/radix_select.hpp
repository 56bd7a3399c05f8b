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
#include <iterator>
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

// The values of ranks ks[0 .. count) (from 0) of map(v) over the values v of `values` (a
// std::vector or the like) for which map(v) is not NaN; NaN for a rank past the last value kept.
// At most kMaxRanks ranks, found in the same four passes. RadixSelection does it in pieces: each
// step() reads at most `budget` values of the current pass (a browser frame at 10M values), and
// the values must not change between steps; kth_smallest_many does it at once.
constexpr size_t kMaxRanks = 4;
class RadixSelection {
public:
    RadixSelection(const size_t* ks, size_t count) : count_(count < kMaxRanks ? count : kMaxRanks) {
        for (size_t j = 0; j < count_; ++j) rank_[j] = ks[j];
    }
    template <typename Range, typename Map>
    bool step(const Range& values, size_t budget, Map map);  // true once every rank is found
    bool done() const { return shift_ < 0; }
    double value(size_t j) const { return past_end_[j] ? NAN : radix_select_detail::from_order_key(prefix_[j]); }

private:
    static constexpr size_t kDigits = size_t{1} << 16;
    size_t count_;
    size_t rank_[kMaxRanks] = {};
    uint64_t prefix_[kMaxRanks] = {};
    bool past_end_[kMaxRanks] = {};
    int shift_ = 48;  // the digit of the pass in progress; below 0 once done
    size_t cursor_ = 0;
    // The pass in progress: the distinct prefixes still searched, one histogram each.
    uint64_t distinct_[kMaxRanks] = {};
    size_t group_[kMaxRanks] = {}, groups_ = 0;
    std::vector<uint32_t> histogram_;
};

template <typename Range, typename Map>
bool RadixSelection::step(const Range& values, size_t budget, Map map) {
    if (done()) return true;
    const size_t n = static_cast<size_t>(std::size(values));
    const uint64_t known = shift_ == 48 ? 0 : ~uint64_t{0} << (shift_ + 16);
    if (cursor_ == 0) {
        groups_ = 0;
        for (size_t j = 0; j < count_; ++j) {
            size_t g = 0;
            while (g < groups_ && distinct_[g] != prefix_[j]) ++g;
            if (g == groups_) distinct_[groups_++] = prefix_[j];
            group_[j] = g;
        }
        histogram_.assign(groups_ * kDigits, 0);
    }
    const size_t end = budget >= n - cursor_ ? n : cursor_ + (budget > 0 ? budget : 1);
    for (size_t i = cursor_; i < end; ++i) {
        const double x = map(values[i]);
        if (std::isnan(x)) continue;
        const uint64_t key = double_order_key(x);
        for (size_t g = 0; g < groups_; ++g)
            if ((key & known) == distinct_[g]) {
                ++histogram_[g * kDigits + ((key >> shift_) & 0xFFFF)];
                break;
            }
    }
    cursor_ = end;
    if (cursor_ < n) return false;
    for (size_t j = 0; j < count_; ++j) {
        const uint32_t* h = &histogram_[group_[j] * kDigits];
        uint64_t digit = 0;
        while (digit < kDigits && rank_[j] >= h[digit]) rank_[j] -= h[digit++];
        if (digit == kDigits) past_end_[j] = true, digit = 0;
        prefix_[j] |= digit << shift_;
    }
    cursor_ = 0;
    shift_ -= 16;
    if (shift_ >= 0) return false;
    std::vector<uint32_t>().swap(histogram_);
    return true;
}

template <typename Range, typename Map>
void kth_smallest_many(const Range& values, const size_t* ks, size_t count, double* out, Map map) {
    RadixSelection selection(ks, count);
    while (!selection.step(values, SIZE_MAX, map)) {
    }
    for (size_t j = 0; j < count && j < kMaxRanks; ++j) out[j] = selection.value(j);
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
