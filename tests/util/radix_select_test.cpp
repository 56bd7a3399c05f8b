// The radix selection against std::nth_element on copies, for spreads that stress each digit:
// many equal values, zeros (half of a repeat-spend column), values that differ only in their last
// bits, huge and tiny ones, negatives (RFM's "goodness" of recency is −days).
#include "util/radix_select.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace clv {
namespace {

double nth_by_sorting(std::vector<double> v, size_t k) {
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
    return v[k];
}

std::vector<std::vector<double>> samples() {
    std::mt19937_64 rng(17);
    std::vector<std::vector<double>> out;
    std::exponential_distribution<double> spend(1 / 40.0);
    std::vector<double> a(20000);
    for (size_t i = 0; i < a.size(); ++i) a[i] = i % 2 ? spend(rng) : 0.0;  // half zeros
    out.push_back(a);
    std::vector<double> ties(5000);  // whole days: many equal values
    for (double& x : ties) x = static_cast<double>(rng() % 30);
    out.push_back(ties);
    std::vector<double> close(3000);  // neighbours: only the last digits tell them apart
    for (double& x : close) x = std::nextafter(100.0, 200.0 + static_cast<double>(rng() % 7)) + static_cast<double>(rng() % 3) * 1e-13;
    out.push_back(close);
    std::vector<double> negative(4000);  // RFM's goodness of recency: −days, and signed values
    for (double& x : negative) x = -static_cast<double>(rng() % 400) + (rng() % 5 == 0 ? 250.5 : 0.0);
    out.push_back(negative);
    out.push_back({1e300, 0.0, 5e-320, 3.5, 3.5, 1e-300, 7.0, -1e-300, -2.5});
    out.push_back({42.0});
    return out;
}

TEST(RadixSelect, EveryRankEqualsNthElement) {
    for (const std::vector<double>& v : samples()) {
        const size_t step = std::max<size_t>(1, v.size() / 97);
        for (size_t k = 0; k < v.size(); k += step) ASSERT_EQ(kth_smallest(v, k), nth_by_sorting(v, k)) << k;
        ASSERT_EQ(kth_smallest(v, v.size() - 1), *std::max_element(v.begin(), v.end()));
        ASSERT_TRUE(std::isnan(kth_smallest(v, v.size())));
    }
}

TEST(RadixSelect, SeveralRanksInOneSelection) {
    // RFM's quintile cuts: four ranks at once, here with the goodness map of "smaller is better".
    for (const std::vector<double>& v : samples()) {
        const size_t n = v.size();
        const size_t ks[4] = {n / 5, (2 * n) / 5, (3 * n) / 5, n - 1};
        double got[4];
        kth_smallest_many(v, ks, 4, got, [](double x) { return -x; });
        std::vector<double> goodness;
        for (double x : v) goodness.push_back(-x);
        for (int j = 0; j < 4; ++j) ASSERT_EQ(got[j], nth_by_sorting(goodness, ks[j])) << j;
    }
}

TEST(RadixSelect, MapLeavesValuesOutAndClamps) {
    // The Value view's use: finite values, negatives counted as 0, NaN left out.
    const std::vector<double> v = {3.0, NAN, -2.0, 8.0, INFINITY, 1.0, -0.0, NAN};
    const auto map = [](double x) { return std::isfinite(x) ? std::max(0.0, x) : NAN; };
    const std::vector<double> kept = {3.0, 0.0, 8.0, 1.0, 0.0};
    for (size_t k = 0; k < kept.size(); ++k) EXPECT_EQ(kth_smallest(v, k, map), nth_by_sorting(kept, k)) << k;
    EXPECT_TRUE(std::isnan(kth_smallest(v, kept.size(), map)));
}

TEST(RadixSelect, MedianOfOddAndEvenCounts) {
    EXPECT_EQ(median(std::vector<double>{5, 1, 3}), 3.0);
    EXPECT_EQ(median(std::vector<double>{5, 1, 3, 10}), 4.0);
    EXPECT_EQ(median(std::vector<double>{2, 2, 2, 9}), 2.0);
    EXPECT_EQ(median(std::vector<double>{-4, 1, -2, 9}), -0.5);
    EXPECT_TRUE(std::isnan(median(std::vector<double>{})));
    for (const std::vector<double>& v : samples()) {
        std::vector<double> s = v;
        std::sort(s.begin(), s.end());
        const size_t n = s.size();
        const double want = n % 2 ? s[n / 2] : (s[n / 2] + s[n / 2 - 1]) / 2;
        EXPECT_EQ(median(v), want);
    }
}

}  // namespace
}  // namespace clv
