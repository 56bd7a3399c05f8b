// Predictions, CLV and holdout validation on CDNOW: the holdout figures of data/README.md, the
// CLV against lifetimes' discounted-cash-flow sum written out here, the bootstrap interval and the
// next-purchase median against P(no purchase).
#include "models/predict.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <set>
#include <utility>

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

TEST(Holdout, TrackingEqualsTheSumOverCustomersWeekByWeek) {
    // Each week's predicted point against Σ_customers E[Y(t) | x, t_x, T] written out per customer
    // (the job sums P(alive) per distinct (x, T) instead), each actual point against the distinct
    // purchase days counted here with a set.
    const Customers& c = sample().customers;
    const FitResult f = fit_bgnbd(compress_rfm(c));
    const CountingModel m{CountingModelKind::bgnbd, f.params};
    const DayNumber end = days_from_civil(1998, 6, 30);
    const HoldoutReport h = validate_holdout(m, sample().log, c, end);
    ASSERT_TRUE(h.available) << h.note;
    std::vector<int32_t> row_of(sample().log.customers.size(), -1);
    for (size_t i = 0; i < c.rows.size(); ++i) row_of[c.rows[i].customer] = static_cast<int32_t>(i);
    std::set<std::pair<uint32_t, DayNumber>> bought;
    for (size_t r = 0; r < sample().log.rows(); ++r)
        if (sample().log.day[r] > c.calibration_end && sample().log.day[r] <= end && row_of[sample().log.customer[r]] >= 0)
            bought.emplace(sample().log.customer[r], sample().log.day[r]);
    ASSERT_EQ(h.tracking.size(), 39u);
    for (const TrackingPoint& p : h.tracking) {
        const double t = (p.day - c.calibration_end) / 7.0;  // the sample is summarised in weeks
        double predicted = 0;
        for (const CustomerRow& r : c.rows) predicted += expected_purchases(m, t, r.x(), r.t_x, r.T);
        EXPECT_NEAR(p.predicted, predicted, 1e-9 * predicted) << format_iso_date(p.day);
        double actual = 0;
        for (const auto& b : bought) actual += b.second <= p.day;
        EXPECT_EQ(p.actual, actual) << format_iso_date(p.day);
    }
}

TEST(Holdout, ALogInAnotherOrderAndSmallStepsGiveTheSameReport) {
    // The Reader's log is grouped by customer with days ascending, which lets the job skip
    // same-day repeats without sorting; any other order is sorted instead, to the same result.
    const Customers& c = sample().customers;
    const CountingModel m{CountingModelKind::bgnbd, fit_bgnbd(compress_rfm(c)).params};
    const TransactionLog& log = sample().log;
    TransactionLog reversed;
    for (size_t r = log.rows(); r-- > 0;) reversed.add(log.customer[r], log.day[r], log.amount[r]);
    const HoldoutReport a = validate_holdout(m, log, c);
    HoldoutValidation job(m, reversed, c);
    int steps = 1;
    while (!job.step()) ++steps;
    const HoldoutReport b = job.take();
    ASSERT_TRUE(a.available && b.available);
    EXPECT_GT(steps, 39);  // at least one per tracking week
    EXPECT_EQ(a.actual_total, b.actual_total);
    EXPECT_EQ(a.predicted_total, b.predicted_total);
    EXPECT_EQ(a.mae, b.mae);
    ASSERT_EQ(a.tracking.size(), b.tracking.size());
    for (size_t i = 0; i < a.tracking.size(); ++i) {
        EXPECT_EQ(a.tracking[i].actual, b.tracking[i].actual);
        EXPECT_EQ(a.tracking[i].predicted, b.tracking[i].predicted);
    }
    ASSERT_EQ(a.by_frequency.size(), b.by_frequency.size());
    for (size_t i = 0; i < a.by_frequency.size(); ++i) EXPECT_EQ(a.by_frequency[i].actual_mean, b.by_frequency[i].actual_mean);
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
            clv += (bgnbd_expected_purchases(f.params, month * 4.345, row.x(), row.t_x, row.T) -
                    bgnbd_expected_purchases(f.params, (month - 1) * 4.345, row.x(), row.t_x, row.T)) /
                   std::pow(1.01, month);
        const double spend = row.x() > 0 ? gamma_gamma_expected_spend(g.params, row.x(), row.monetary_value, 0)
                                       : g.params[0] * g.params[2] / (g.params[1] - 1);
        EXPECT_TRUE(near_rel(p[i].clv, 0.3 * spend * clv, 1e-9)) << i;
        EXPECT_TRUE(near_rel(p[i].expected_purchases,
                             bgnbd_expected_purchases(f.params, o.horizon, row.x(), row.t_x, row.T), 1e-9));
        EXPECT_NEAR(p[i].p_alive, bgnbd_p_alive(f.params, row.x(), row.t_x, row.T), 1e-12);
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
            EXPECT_NEAR(p[i].p_alive, p_alive(m, row.x(), row.t_x, row.T), 1e-9) << counting_model_name(kind) << " " << i;
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
