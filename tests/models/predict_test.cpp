// Predictions, CLV and holdout validation on CDNOW: the holdout figures of data/README.md, the
// CLV against lifetimes' discounted-cash-flow sum written out here, the bootstrap interval and the
// next-purchase median against P(no purchase).
#include "models/predict.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>

#include "model_data.hpp"
#include "models/bgnbd.hpp"
#include "models/gamma_gamma.hpp"
#include "models/holdout.hpp"

namespace clv::models {
namespace {

using testing::near_rel;

const testing::CdnowData& sample() {
    static const testing::CdnowData d = testing::read_cdnow_sample();
    return d;
}

TEST(Holdout, BgNbdOnTheCdnowSampleMatchesThePublishedTracking) {
    const FitResult f = fit_bgnbd(compress_rfm(sample().customers));
    ASSERT_TRUE(f.converged);
    const HoldoutReport h = validate_holdout({CountingModelKind::bgnbd, f.params}, sample().log, sample().customers,
                                             days_from_civil(1998, 6, 30));
    ASSERT_TRUE(h.available) << h.note;
    EXPECT_EQ(h.customers, 2357);
    EXPECT_EQ(h.actual_total, 1882);
    EXPECT_NEAR(h.predicted_total, 1653, 1.0);
    EXPECT_NEAR(h.mae, 0.786, 0.001);
    EXPECT_GT(h.rmse, h.mae);
    EXPECT_NEAR(h.bias, h.predicted_total - 1882, 1e-9);
    // Tracking: 39 weeks, cumulative, ending at the totals.
    ASSERT_EQ(h.tracking.size(), 39u);
    for (size_t i = 1; i < h.tracking.size(); ++i) {
        EXPECT_GE(h.tracking[i].actual, h.tracking[i - 1].actual);
        EXPECT_GT(h.tracking[i].predicted, h.tracking[i - 1].predicted);
    }
    EXPECT_EQ(h.tracking.back().actual, 1882);
    EXPECT_NEAR(h.tracking.back().predicted, h.predicted_total, 1e-6);
    // Conditional expectations by calibration frequency: one-time buyers buy least, and the rows
    // account for every customer.
    double customers = 0;
    for (const FrequencyRow& r : h.by_frequency) customers += r.customers;
    EXPECT_EQ(customers, 2357);
    EXPECT_EQ(h.by_frequency[0].customers, 2357 - 946);
    EXPECT_LT(h.by_frequency[0].predicted_mean, h.by_frequency[3].predicted_mean);
    EXPECT_LT(h.by_frequency[0].actual_mean, h.by_frequency[3].actual_mean);
}

TEST(Holdout, ParetoNbdMaeOnTheCdnowSample) {
    const FitResult f = fit_counting_model(CountingModelKind::paretonbd, compress_rfm(sample().customers));
    const HoldoutReport h = validate_holdout({CountingModelKind::paretonbd, f.params}, sample().log, sample().customers);
    ASSERT_TRUE(h.available);
    EXPECT_NEAR(h.mae, 0.755, 0.001);
}

TEST(Holdout, BgNbdOnTheCdnowMaster) {
    const testing::CdnowData master = testing::read_cdnow_master();
    const FitResult f = fit_bgnbd(compress_rfm(master.customers));
    const HoldoutReport h = validate_holdout({CountingModelKind::bgnbd, f.params}, master.log, master.customers);
    ASSERT_TRUE(h.available);
    EXPECT_EQ(h.actual_total, 19684);
    EXPECT_NEAR(h.predicted_total, 16874, 2.0);
    EXPECT_NEAR(h.mae, 0.819, 0.001);
}

TEST(Holdout, NoHoldoutPeriodIsReportedNotComputed) {
    const HoldoutReport h = validate_holdout({CountingModelKind::bgnbd, {0.24, 4.4, 0.79, 2.4}}, sample().log,
                                             sample().customers, days_from_civil(1997, 9, 30));
    EXPECT_FALSE(h.available);
    EXPECT_FALSE(h.note.empty());
}

TEST(Clv, FollowsLifetimesDiscountedCashFlowAndHasABootstrapInterval) {
    const Customers& c = sample().customers;
    const FitResult f = fit_bgnbd(compress_rfm(c));
    const FitResult g = fit_gamma_gamma(spend_data(c));
    ClvOptions o;
    o.horizon = 12 * 4.345;  // 12 months
    o.margin = 0.3;
    o.discount_rate = 0.01;
    o.bootstrap_draws = 100;
    const CountingModel model{CountingModelKind::bgnbd, f.params};
    const std::vector<CustomerPrediction> p = predict_customers(model, f.covariance, {g.params, g.covariance, 0}, c, o);
    ASSERT_EQ(p.size(), c.rows.size());
    int inside = 0, checked = 0;
    for (size_t i = 0; i < c.rows.size(); i += 37) {
        const CustomerRow& row = c.rows[i];
        // lifetimes: for each month i, (E[Y(i)] - E[Y(i-1)]) · spend / (1+d)^i.
        double clv = 0;
        for (int month = 1; month <= 12; ++month)
            clv += (bgnbd_expected_purchases(f.params, month * 4.345, row.x, row.t_x, row.T) -
                    bgnbd_expected_purchases(f.params, (month - 1) * 4.345, row.x, row.t_x, row.T)) /
                   std::pow(1.01, month);
        const double spend = row.x > 0 ? gamma_gamma_expected_spend(g.params, row.x, row.monetary_value, 0)
                                       : g.params[0] * g.params[2] / (g.params[1] - 1);
        EXPECT_TRUE(near_rel(p[i].clv, 0.3 * spend * clv, 1e-9)) << i;
        EXPECT_TRUE(near_rel(p[i].expected_purchases,
                             bgnbd_expected_purchases(f.params, o.horizon, row.x, row.t_x, row.T), 1e-9));
        EXPECT_NEAR(p[i].p_alive, bgnbd_p_alive(f.params, row.x, row.t_x, row.T), 1e-12);
        ASSERT_TRUE(std::isfinite(p[i].clv_low) && std::isfinite(p[i].clv_high));
        EXPECT_LT(p[i].clv_low, p[i].clv_high);
        inside += p[i].clv_low <= p[i].clv && p[i].clv <= p[i].clv_high;
        ++checked;
    }
    EXPECT_GE(inside, checked * 9 / 10);
    // Same seed, same interval.
    const auto again = predict_customers(model, f.covariance, {g.params, g.covariance, 0}, c, o);
    EXPECT_EQ(again[5].clv_low, p[5].clv_low);
}

// Predictions tabulate P(alive) per distinct row (for Pareto/NBD through the likelihood's quadrature
// tables); every customer's value must equal the per-customer formula of each model.
TEST(Clv, TabulatedPAliveEqualsThePerCustomerFormulaForEveryModel) {
    const Customers& c = sample().customers;
    const std::vector<std::pair<CountingModelKind, std::vector<double>>> models = {
        {CountingModelKind::bgnbd, {0.2426, 4.4135, 0.7929, 2.4258}},
        {CountingModelKind::mbgnbd, {0.5248, 6.1831, 0.8914, 1.6140}},
        {CountingModelKind::paretonbd, {0.5533, 10.5777, 0.6062, 11.6687}},
        {CountingModelKind::paretonbd, {0.5533, 14.0, 0.6062, 3.0}}};
    for (const auto& [kind, params] : models) {
        const CountingModel m{kind, params};
        const auto p = predict_customers(m, {}, {}, c, ClvOptions{});
        ASSERT_EQ(p.size(), c.rows.size());
        for (size_t i = 0; i < c.rows.size(); i += 7) {
            const CustomerRow& row = c.rows[i];
            EXPECT_NEAR(p[i].p_alive, p_alive(m, row.x, row.t_x, row.T), 1e-9) << counting_model_name(kind) << " " << i;
        }
    }
}

TEST(NextPurchase, IsTheMedianOfTheTimeToTheNextPurchase) {
    const CountingModel m{CountingModelKind::bgnbd, {0.2426, 4.4135, 0.7929, 2.4258}};
    for (const auto& c : std::vector<std::array<double, 3>>{{0, 0, 38.86}, {4, 37, 38.86}, {12, 38, 38.86}}) {
        const double t = median_time_to_next_purchase(m, c[0], c[1], c[2]);
        ASSERT_TRUE(std::isfinite(t) && t > 0);
        EXPECT_NEAR(prob_purchases(m, 0, t, c[0], c[1], c[2]), 0.5, 1e-9);
    }
    // Probably gone (P(alive) < 1/2): no date.
    EXPECT_TRUE(std::isnan(median_time_to_next_purchase(m, 5, 2, 38.86)));
}

}  // namespace
}  // namespace clv::models
