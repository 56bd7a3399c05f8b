// Compression of customers to unique (x, t_x, T) rows, checked against a plain std::map count, on
// both routes of compress_rfm (packed keys; the general sort, taken when an x is too large to pack).
#include "models/rfm_data.hpp"
#include "simulate.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <tuple>

namespace clv::models {
namespace {

struct Columns {
    std::vector<double> x, t_x, T;
    void add(double a, double b, double c) {
        x.push_back(a);
        t_x.push_back(b);
        T.push_back(c);
    }
};

Columns messy_customers(size_t n, uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<int> xs(0, 40), days(0, 273);
    Columns c;
    for (size_t i = 0; i < n; ++i) {
        const int T = days(rng), tx = std::min(T, days(rng));
        const double x = xs(rng) < 12 ? 0 : xs(rng);
        c.add(x, x == 0 && i % 3 == 0 ? tx / 7.0 : (x == 0 ? 0.0 : tx / 7.0), T / 7.0);  // x = 0 with a stray t_x
    }
    c.add(0, -0.0, 3.0);                          // -0.0 is the same time as 0
    c.add(2, 0.0, 3.0);
    c.add(2, -0.0, 3.0);
    c.add(NAN, 1, 2), c.add(1, 3, 2), c.add(-1, 0, 1), c.add(1.5, 1, 2), c.add(1, 1, INFINITY);  // not representable
    return c;
}

bool usable(const Columns& c, size_t i) {
    const double x = c.x[i], tx = c.t_x[i], T = c.T[i];
    return std::isfinite(x) && std::isfinite(tx) && std::isfinite(T) && x >= 0 && tx >= 0 && tx <= T &&
           x == std::floor(x);
}

void expect_matches_a_plain_count(const Columns& c) {
    std::map<std::tuple<double, double, double>, double> expected;
    size_t expected_bad = 0;
    for (size_t i = 0; i < c.x.size(); ++i) {
        if (!usable(c, i)) {
            ++expected_bad;
            continue;
        }
        expected[{c.x[i], c.x[i] == 0 ? 0.0 : c.t_x[i] + 0.0, c.T[i]}] += 1;
    }
    size_t skipped = 0;
    const RfmData d = compress_rfm(c.x, c.t_x, c.T, &skipped);
    EXPECT_EQ(skipped, expected_bad);
    ASSERT_EQ(d.rows.size(), expected.size());
    size_t i = 0;
    double customers = 0;
    for (const auto& [key, n] : expected) {  // std::map iterates in (x, t_x, T) order
        const RfmRow& r = d.rows[i++];
        EXPECT_EQ(r.x, std::get<0>(key));
        EXPECT_EQ(r.t_x, std::get<1>(key));
        EXPECT_EQ(r.T, std::get<2>(key));
        EXPECT_EQ(r.n, n);
        EXPECT_EQ(d.times[r.t_x_index], r.t_x);
        EXPECT_EQ(d.times[r.T_index], r.T);
        customers += n;
    }
    EXPECT_EQ(d.customers, customers);
    EXPECT_TRUE(std::is_sorted(d.times.begin(), d.times.end()));
    EXPECT_EQ(std::adjacent_find(d.times.begin(), d.times.end()), d.times.end());
    ASSERT_EQ(d.row_of_customer.size(), c.x.size());
    for (size_t k = 0; k < c.x.size(); ++k) {
        const uint32_t row = d.row_of_customer[k];
        if (!usable(c, k)) {
            EXPECT_EQ(row, UINT32_MAX) << k;
            continue;
        }
        ASSERT_LT(row, d.rows.size());
        EXPECT_EQ(d.rows[row].x, c.x[k]);
        EXPECT_EQ(d.rows[row].t_x, c.x[k] == 0 ? 0.0 : c.t_x[k]);
        EXPECT_EQ(d.rows[row].T, c.T[k]);
    }
}

TEST(RfmData, CompressionCountsEveryDistinctRow) { expect_matches_a_plain_count(messy_customers(50000, 1)); }

TEST(RfmData, AnXTooLargeToPackTakesTheGeneralRouteWithTheSameResult) {
    Columns c = messy_customers(20000, 2);
    c.add(double(uint64_t{1} << 23), 5, 6);
    expect_matches_a_plain_count(c);
}

// ---- the hinted compression (value change's earlier date) -----------------------------------------

Customers customers_of(const Columns& c) {
    Customers out;
    out.rows.resize(c.x.size());
    for (size_t i = 0; i < c.x.size(); ++i) {
        // x is purchase_days - 1 in a summary row: the unrepresentable x values (NaN, -1, 1.5)
        // become a row without purchases (x 0), t_x and T stay as messy as they are.
        const double x = c.x[i];
        out.rows[i].purchase_days = x >= 0 && x == std::floor(x) ? static_cast<uint32_t>(x) + 1 : 0;
        out.rows[i].t_x = c.t_x[i];
        out.rows[i].T = c.T[i];
    }
    return out;
}

RfmData compress_in_pieces(RfmCompression& job, size_t piece, size_t& skipped) {
    while (!job.step(piece)) {
    }
    return job.take(&skipped);
}

void expect_same_data(const RfmData& a, const RfmData& b) {
    ASSERT_EQ(a.rows.size(), b.rows.size());
    for (size_t i = 0; i < a.rows.size(); ++i) {
        const RfmRow &r = a.rows[i], &q = b.rows[i];
        ASSERT_EQ(std::make_tuple(r.x, r.t_x, r.T, r.n, r.t_x_index, r.T_index),
                  std::make_tuple(q.x, q.t_x, q.T, q.n, q.t_x_index, q.T_index)) << "row " << i;
    }
    EXPECT_EQ(a.times, b.times);
    EXPECT_EQ(a.row_of_customer, b.row_of_customer);
    EXPECT_EQ(a.customers, b.customers);
    EXPECT_EQ(a.max_x, b.max_x);
}

// Hints name classes of customers expected to share values. Right hints, wrong hints (classes that
// mix values), hints on unrepresentable rows and unhinted customers must all give exactly the plain
// compression: a hint only saves hashing.
TEST(RfmData, HintedCompressionEqualsThePlainOne) {
    const Columns c = messy_customers(30000, 3);
    const Customers customers = customers_of(c);
    size_t plain_skipped = 0;
    RfmCompression plain_job(customers);
    const RfmData plain = compress_in_pieces(plain_job, 7000, plain_skipped);

    std::map<std::tuple<double, double, double>, uint32_t> class_of;  // the right classes, by value
    std::vector<uint32_t> right(c.x.size()), mixed(c.x.size());
    for (size_t i = 0; i < c.x.size(); ++i) {
        const auto key = std::make_tuple(c.x[i], c.t_x[i], c.T[i]);
        const auto it = class_of.emplace(key, static_cast<uint32_t>(class_of.size())).first;
        right[i] = i % 5 == 0 ? UINT32_MAX : it->second;  // some customers without a hint
        mixed[i] = static_cast<uint32_t>(i % 97);           // classes of unrelated customers
    }
    for (const std::vector<uint32_t>* hint : {&right, &mixed}) {
        size_t skipped = 0;
        RfmCompression job(customers, *hint);
        const RfmData got = compress_in_pieces(job, 4000, skipped);
        EXPECT_EQ(skipped, plain_skipped);
        expect_same_data(plain, got);
    }
    // A hint of the wrong length is ignored.
    size_t skipped = 0;
    const std::vector<uint32_t> short_hint(10, 0);
    RfmCompression job(customers, short_hint);
    expect_same_data(plain, compress_in_pieces(job, 1u << 20, skipped));
    EXPECT_EQ(skipped, plain_skipped);
}

// The pilot's data (coarsen_rfm), checked against a plain std::map count of the rows with t_x and
// T rounded onto the same grid: the same customers per x, merged rows, times on the grid.
TEST(CoarsenRfm, RoundsTimesOntoTheGridAndMergesRows) {
    const testing::SimulatedCustomers c = testing::simulate_customers(200000, {}, 21);  // CDNOW-like, whole days
    const RfmData d = compress_rfm(c.x, c.t_x, c.T);
    ASSERT_GE(d.rows.size(), kPilotMinRows);
    const RfmData coarse = coarsen_rfm(d);
    ASSERT_FALSE(coarse.rows.empty());
    ASSERT_TRUE(d.pilot);
    EXPECT_EQ(d.pilot->rows.size(), coarse.rows.size());
    EXPECT_LE(coarse.rows.size() * 2, d.rows.size());
    EXPECT_EQ(coarse.customers, d.customers);
    EXPECT_EQ(coarse.max_x, d.max_x);

    const double lo = d.times.front(), step = (d.times.back() - lo) / kPilotSteps;
    auto on_grid = [&](double t) { return lo + std::round((t - lo) / step) * step; };
    std::map<std::tuple<double, double, double>, double> expected;
    for (const RfmRow& r : d.rows) expected[{r.x, on_grid(r.t_x), on_grid(r.T)}] += r.n;
    ASSERT_EQ(coarse.rows.size(), expected.size());
    size_t i = 0;
    for (const auto& [key, n] : expected) {  // std::map order: sorted by (x, t_x, T), as the rows must be
        const RfmRow& r = coarse.rows[i++];
        EXPECT_EQ(r.x, std::get<0>(key));
        EXPECT_EQ(r.t_x, std::get<1>(key));
        EXPECT_EQ(r.T, std::get<2>(key));
        EXPECT_EQ(r.n, n);
        EXPECT_LE(r.t_x, r.T);
        ASSERT_LT(r.t_x_index, coarse.times.size());
        ASSERT_LT(r.T_index, coarse.times.size());
        EXPECT_EQ(coarse.times[r.t_x_index], r.t_x);
        EXPECT_EQ(coarse.times[r.T_index], r.T);
    }
    EXPECT_TRUE(std::is_sorted(coarse.times.begin(), coarse.times.end()));
    EXPECT_EQ(std::adjacent_find(coarse.times.begin(), coarse.times.end()), coarse.times.end());
    EXPECT_LE(coarse.times.size(), static_cast<size_t>(kPilotSteps) + 1);

    // Too few rows for a pilot to pay: none.
    const Columns small = messy_customers(2000, 22);
    const RfmData few = compress_rfm(small.x, small.t_x, small.T);
    EXPECT_TRUE(coarsen_rfm(few).rows.empty());
    EXPECT_FALSE(few.pilot);
}

}  // namespace
}  // namespace clv::models
