// The fits and predictions must stay finite and explain themselves on data that breaks other
// implementations: x = 0 with T in the thousands, huge x, α >= β for Pareto/NBD (a known lifetimes
// crash), only one-time buyers, one customer, a million identical customers, T = 0, zero amounts,
// and a population in which nobody drops out.
#include <gtest/gtest.h>

#include <chrono>
#include <array>
#include <algorithm>
#include <cmath>

#include "models/bgnbd.hpp"
#include "models/gamma_gamma.hpp"
#include "models/mbgnbd.hpp"
#include "models/paretonbd.hpp"
#include "models/predict.hpp"
#include "simulate.hpp"

namespace clv::models {
namespace {

const CountingModelKind kAll[] = {CountingModelKind::bgnbd, CountingModelKind::paretonbd, CountingModelKind::mbgnbd};

bool finite(const FitResult& f) {
    for (double p : f.params)
        if (!std::isfinite(p)) return false;
    for (double s : f.se)
        if (std::isinf(s)) return false;  // NaN (unavailable) is allowed, inf is not
    return std::isfinite(f.loglik);
}

void expect_finite_predictions(const CountingModel& m, double x, double t_x, double T) {
    const double pa = p_alive(m, x, t_x, T);
    EXPECT_TRUE(std::isfinite(pa) && pa >= 0 && pa <= 1) << counting_model_name(m.kind) << " x " << x << " T " << T << ": " << pa;
    for (double t : {1.0, 52.0, 520.0}) {
        const double e = expected_purchases(m, t, x, t_x, T);
        EXPECT_TRUE(std::isfinite(e) && e >= 0) << counting_model_name(m.kind) << " x " << x << " T " << T << " t " << t << ": " << e;
    }
}

testing::SimulatedCustomers cdnow_like(size_t n, uint64_t seed) { return testing::simulate_customers(n, {}, seed); }

TEST(Robustness, OneTimeBuyerWithTInTheThousandsAndHugeX) {
    const std::vector<std::vector<double>> params = {{0.2426, 4.4135, 0.7929, 2.4258}, {0.5533, 10.5777, 0.6062, 11.6687},
                                                     {0.5248, 6.1831, 0.8914, 1.6140}};
    for (int i = 0; i < 3; ++i) {
        const CountingModel m{kAll[i], params[i]};
        expect_finite_predictions(m, 0, 0, 5000);
        expect_finite_predictions(m, 0, 0, 1e6);
        expect_finite_predictions(m, 5000, 38, 39);
        expect_finite_predictions(m, 5000, 1, 39);     // heavy buyer long gone
        expect_finite_predictions(m, 1e5, 5000, 5200);
        expect_finite_predictions(m, 0, 0, 0);          // T = 0: joined on the last day
        expect_finite_predictions(m, 3, 0.5, 0.5);      // t_x = T
    }
    // The loglik stays finite with such rows mixed in.
    auto c = cdnow_like(2000, 1);
    c.x.push_back(0), c.t_x.push_back(0), c.T.push_back(5000), c.m.push_back(0);
    c.x.push_back(5000), c.t_x.push_back(38), c.T.push_back(39), c.m.push_back(10);
    c.x.push_back(0), c.t_x.push_back(0), c.T.push_back(0), c.m.push_back(0);
    const RfmData d = compress_rfm(c.x, c.t_x, c.T);
    for (CountingModelKind k : kAll) {
        const FitResult f = fit_counting_model(k, d);
        EXPECT_TRUE(finite(f)) << counting_model_name(k) << ": " << f.diagnosis;
    }
}

TEST(Robustness, ParetoNbdWithAlphaAtOrAboveBeta) {
    for (const std::vector<double>& p : {std::vector<double>{0.55, 20.0, 0.6, 1.0}, std::vector<double>{0.55, 10.0, 0.6, 10.0},
                                         std::vector<double>{0.55, 1e4, 2.0, 1e-3}}) {
        const CountingModel m{CountingModelKind::paretonbd, p};
        for (double x : {0.0, 1.0, 10.0, 300.0}) {
            expect_finite_predictions(m, x, x > 0 ? 20 : 0, 39);
            EXPECT_TRUE(std::isfinite(paretonbd_loglik_one(p, x, x > 0 ? 20 : 0, 39)));
        }
    }
    // A population whose fit lands at α > β: short lifetimes relative to the purchase rate.
    testing::SimulationParams s;
    s.a = 3;
    s.b = 1;  // most customers leave after a purchase or two
    const auto c = testing::simulate_customers(5000, s, 7);
    const FitResult f = fit_paretonbd(compress_rfm(c.x, c.t_x, c.T));
    EXPECT_TRUE(finite(f)) << f.diagnosis;
    EXPECT_GT(f.param("alpha"), f.param("beta"));
}

TEST(Robustness, OnlyOneTimeBuyersIsDiagnosedNotFitted) {
    const std::vector<double> x(500, 0.0), t_x(500, 0.0);
    std::vector<double> T;
    for (int i = 0; i < 500; ++i) T.push_back(20 + i % 20);
    const RfmData d = compress_rfm(x, t_x, T);
    for (CountingModelKind k : kAll) {
        const FitResult f = fit_counting_model(k, d);
        EXPECT_FALSE(f.ok()) << counting_model_name(k);
        EXPECT_NE(f.diagnosis.find("repeat purchase"), std::string::npos) << f.diagnosis;
        EXPECT_EQ(f.diagnosis_code, FitDiagnosis::one_time_buyers_only) << diagnosis_code_name(f.diagnosis_code);
        for (double p : f.params) EXPECT_FALSE(std::isnan(p));
        EXPECT_FALSE(std::isnan(f.loglik));
    }
    const FitResult g = fit_gamma_gamma(spend_data(x, std::vector<double>(500, 0.0)));
    EXPECT_FALSE(g.ok());
    EXPECT_FALSE(g.diagnosis.empty());
}

TEST(Robustness, OneCustomerAndAMillionIdenticalCustomers) {
    for (CountingModelKind k : kAll) {
        const FitResult one = fit_counting_model(k, compress_rfm({2}, {10}, {30}));
        EXPECT_FALSE(one.ok()) << counting_model_name(k);
        EXPECT_FALSE(one.diagnosis.empty());
        EXPECT_FALSE(std::isnan(one.loglik));
    }
    const size_t n = 1'000'000;
    const RfmData d = compress_rfm(std::vector<double>(n, 3), std::vector<double>(n, 20), std::vector<double>(n, 39));
    ASSERT_EQ(d.rows.size(), 1u);
    EXPECT_EQ(d.customers, 1e6);
    const auto start = std::chrono::steady_clock::now();
    for (CountingModelKind k : kAll) {
        const FitResult f = fit_counting_model(k, d);
        EXPECT_FALSE(f.ok()) << counting_model_name(k);  // one distinct row cannot identify four parameters
        EXPECT_FALSE(f.diagnosis.empty());
        EXPECT_FALSE(std::isnan(f.loglik));
    }
    EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 10.0);
}

TEST(Robustness, ZeroAmountsAreLeftOutOfTheSpendFitAndSaid) {
    auto c = cdnow_like(3000, 3);
    int zeroed = 0;
    for (size_t i = 0; i < c.m.size(); i += 10)
        if (c.x[i] > 0) c.m[i] = 0, ++zeroed;
    const SpendData s = spend_data(c.x, c.m);
    EXPECT_EQ(s.excluded_zero, static_cast<size_t>(zeroed));
    const FitResult g = fit_gamma_gamma(s);
    EXPECT_TRUE(g.converged);
    EXPECT_NE(g.diagnosis.find("zero"), std::string::npos);
    EXPECT_EQ(g.diagnosis_code, FitDiagnosis::spend_zero_excluded) << diagnosis_code_name(g.diagnosis_code);
    // Predictions with zero amounts stay finite.
    const FitResult f = fit_bgnbd(compress_rfm(c.x, c.t_x, c.T));
    ClvOptions o;
    o.bootstrap_draws = 20;
    const auto p = predict_customers({CountingModelKind::bgnbd, f.params}, f.covariance, {g.params, g.covariance, 0},
                                     c.x, c.t_x, c.T, c.m, o);
    for (const CustomerPrediction& q : p) {
        ASSERT_TRUE(std::isfinite(q.clv) && q.clv >= 0);
        ASSERT_TRUE(std::isfinite(q.expected_spend));
    }
}

TEST(Robustness, NobodyDropsOutEndsInTheBoundaryDiagnosis) {
    testing::SimulationParams s;
    s.no_dropout = true;
    s.r = 1;
    s.alpha = 3;  // everybody buys about every three weeks, forever
    const auto c = testing::simulate_customers(5000, s, 11);
    const RfmData d = compress_rfm(c.x, c.t_x, c.T);
    for (CountingModelKind k : kAll) {
        const FitResult f = fit_counting_model(k, d);
        EXPECT_TRUE(finite(f)) << counting_model_name(k);
        EXPECT_NE(f.diagnosis.find("drop out"), std::string::npos) << counting_model_name(k) << ": " << f.diagnosis;
        // The model's own reading wins over the generic "ran to the boundary" / "flat likelihood" codes.
        EXPECT_EQ(f.diagnosis_code, FitDiagnosis::no_dropout) << diagnosis_code_name(f.diagnosis_code);
        EXPECT_NE(std::find(f.diagnosis_codes.begin(), f.diagnosis_codes.end(), FitDiagnosis::no_dropout),
                  f.diagnosis_codes.end());
        // Predictions remain usable: P(alive) ~ 1, E[Y(t)] ~ rate · t.
        const CountingModel m{k, f.params};
        EXPECT_GT(p_alive(m, 10, 30, 35), 0.95);
        EXPECT_NEAR(expected_purchases(m, 30, 10, 30, 35), 10.0, 1.5);
    }
}

TEST(Robustness, SimulatedCdnowLikeDataRecoverTheParameters) {
    const auto c = cdnow_like(200000, 5);
    const FitResult f = fit_bgnbd(compress_rfm(c.x, c.t_x, c.T));
    ASSERT_TRUE(f.ok()) << f.diagnosis;
    // Whole-day rounding biases slightly; the truth should sit within a few standard errors.
    const double truth[] = {0.24, 4.4, 0.79, 2.4};
    for (int i = 0; i < 4; ++i) EXPECT_NEAR(f.params[i], truth[i], 4 * f.se[i] + 0.02 * truth[i]) << f.names[i];
    const FitResult g = fit_gamma_gamma(spend_data(c.x, c.m));
    ASSERT_TRUE(g.ok()) << g.diagnosis;
    const double gtruth[] = {6.25, 3.74, 15.4};
    for (int i = 0; i < 3; ++i) EXPECT_NEAR(g.params[i], gtruth[i], 4 * g.se[i]) << g.names[i];
}

}  // namespace
}  // namespace clv::models
