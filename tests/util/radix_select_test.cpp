// The radix selection against std::nth_element on copies, for spreads that stress each digit:
// many equal values, zeros, values that differ only in the last bits, huge and tiny ones.
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
    for (double& x : a) x = spend(rng);
    out.push_back(a);
    std::vector<double> ties(5000);  // whole days: many equal values, zeros among them
    for (double& x : ties) x = static_cast<double>(rng() % 30);
    out.push_back(ties);
    std::vector<double> close(3000);  // neighbours: only the last digit tells them apart
    for (double& x : close) x = std::nextafter(100.0, 200.0 + static_cast<double>(rng() % 7)) + static_cast<double>(rng() % 3) * 1e-13;
    out.push_back(close);
    out.push_back({1e300, 0.0, 5e-320, 3.5, 3.5, 1e-300, 7.0});
    out.push_back({42.0});
    return out;
}

TEST(RadixSelect, EveryRankEqualsNthElement) {
    for (const std::vector<double>& v : samples()) {
        const size_t step = std::max<size_t>(1, v.size() / 97);
        for (size_t k = 0; k < v.size(); k += step) ASSERT_EQ(kth_smallest_nonnegative(v, k), nth_by_sorting(v, k)) << k;
        ASSERT_EQ(kth_smallest_nonnegative(v, v.size() - 1), *std::max_element(v.begin(), v.end()));
        ASSERT_TRUE(std::isnan(kth_smallest_nonnegative(v, v.size())));
    }
}

TEST(RadixSelect, MapLeavesValuesOutAndClamps) {
    // The Value view's use: finite values, negatives counted as 0, NaN left out.
    const std::vector<double> v = {3.0, NAN, -2.0, 8.0, INFINITY, 1.0, -0.0, NAN};
    const auto map = [](double x) { return std::isfinite(x) ? std::max(0.0, x) : NAN; };
    const std::vector<double> kept = {3.0, 0.0, 8.0, 1.0, 0.0};
    for (size_t k = 0; k < kept.size(); ++k) EXPECT_EQ(kth_smallest_nonnegative(v, k, map), nth_by_sorting(kept, k)) << k;
    EXPECT_TRUE(std::isnan(kth_smallest_nonnegative(v, kept.size(), map)));
}

TEST(RadixSelect, MedianOfOddAndEvenCounts) {
    EXPECT_EQ(median_nonnegative(std::vector<double>{5, 1, 3}), 3.0);
    EXPECT_EQ(median_nonnegative(std::vector<double>{5, 1, 3, 10}), 4.0);
    EXPECT_EQ(median_nonnegative(std::vector<double>{2, 2, 2, 9}), 2.0);
    EXPECT_TRUE(std::isnan(median_nonnegative(std::vector<double>{})));
    for (const std::vector<double>& v : samples()) {
        std::vector<double> s = v;
        std::sort(s.begin(), s.end());
        const size_t n = s.size();
        const double want = n % 2 ? s[n / 2] : (s[n / 2] + s[n / 2 - 1]) / 2;
        EXPECT_EQ(median_nonnegative(v), want);
    }
}

}  // namespace
}  // namespace clv
