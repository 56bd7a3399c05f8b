// SlicedSort: any budget gives exactly std::stable_sort's order (ties in index order), for sizes
// around its run length and for none at all.
#include "util/sliced_sort.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <vector>

namespace clv {
namespace {

TEST(SlicedSort, EveryBudgetGivesTheStableOrder) {
    std::mt19937 rng(17);
    for (size_t n : {size_t{0}, size_t{1}, size_t{1023}, size_t{1024}, size_t{1025}, size_t{5000}, size_t{70001}}) {
        std::vector<int> key(n);
        for (int& k : key) k = static_cast<int>(rng() % 300);  // many ties
        const auto less = [&key](uint32_t a, uint32_t b) { return key[a] < key[b]; };
        std::vector<uint32_t> want(n);
        std::iota(want.begin(), want.end(), 0u);
        std::stable_sort(want.begin(), want.end(), less);
        for (size_t budget : {size_t{1}, size_t{777}, size_t{1} << 20}) {
            SlicedSort<decltype(less)> sort(n, less);
            size_t steps = 1;
            double last = 0;
            while (!sort.step(budget)) {
                ++steps;
                EXPECT_GE(sort.progress(), last);
                last = sort.progress();
                ASSERT_LT(steps, 10u * n + 10);
            }
            EXPECT_TRUE(sort.done());
            EXPECT_EQ(sort.take(), want) << n << " " << budget;
            if (budget == 777 && n > 5000) EXPECT_GT(steps, 4 * n / 777);  // runs and several merge passes
        }
    }
}

}  // namespace
}  // namespace clv
