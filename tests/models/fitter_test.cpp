// The fit through a pilot (maximise_loglik with the likelihood of coarsened data): it reaches the
// full likelihood's optimum, with a fraction of the full evaluations, gives the same result in
// pieces as in one call, and falls back to the plain descent when the pilot's fit is not clean.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <memory>

#include "model_data.hpp"
#include "models/bgnbd.hpp"
#include "models/fit_replay.hpp"
#include "models/fitter.hpp"
#include "models/gamma_gamma.hpp"
#include "models/rfm_data.hpp"
#include "simulate.hpp"

namespace clv::models {
namespace {

// 200,000 CDNOW-like customers on whole days: ~10^5 distinct (x, t_x, T) rows, enough for a pilot.
const RfmData& large() {
    static const RfmData d = [] {
        const testing::SimulatedCustomers c = testing::simulate_customers(200000, {}, 11);
        return compress_rfm(c.x, c.t_x, c.T);
    }();
    return d;
}

// The BG/NBD log-likelihood of `d` in log-parameters, counting its evaluations.
LogLikelihood counted_bgnbd(const RfmData& d, int& evaluations) {
    LogLikelihood ll;
    ll.analytic_gradient = true;
    ll.customers = d.customers;
    ll.f = [&d, &evaluations](const std::vector<double>& theta, std::vector<double>* grad) {
        ++evaluations;
        std::vector<double> p(4);
        for (int i = 0; i < 4; ++i) p[i] = std::exp(theta[i]);
        return bgnbd_loglik(d, p, grad);
    };
    return ll;
}

const std::vector<std::string> kNames = {"r", "alpha", "a", "b"};
const std::vector<double> kStart = {1.0, 1.0, 1.0, 1.0};

double largest_mean_gradient(const RfmData& d, const std::vector<double>& params) {
    std::vector<double> g;
    bgnbd_loglik(d, params, &g);
    double largest = 0;
    for (double gi : g) largest = std::max(largest, std::fabs(gi) / d.customers);
    return largest;
}

TEST(FitterPilot, LargeDataCarryAPilot) {
    const RfmData& d = large();
    ASSERT_GE(d.rows.size(), kPilotMinRows);
    ASSERT_TRUE(d.pilot);
    EXPECT_LE(d.pilot->rows.size() * 2, d.rows.size());
    // The CDNOW sample (2,357 customers) is too small for one.
    EXPECT_FALSE(compress_rfm(testing::read_cdnow_sample().customers).pilot);
}

TEST(FitterPilot, ReachesTheFullOptimumWithFewFullEvaluations) {
    const RfmData& d = large();
    int plain_evaluations = 0, full_evaluations = 0, pilot_evaluations = 0;
    const FitResult plain = maximise_loglik("bgnbd", kNames, counted_bgnbd(d, plain_evaluations), kStart, {});
    const LogLikelihood pilot = counted_bgnbd(*d.pilot, pilot_evaluations);
    const FitResult f = maximise_loglik("bgnbd", kNames, counted_bgnbd(d, full_evaluations), kStart, {}, &pilot);
    ASSERT_TRUE(plain.ok()) << plain.diagnosis;
    ASSERT_TRUE(f.ok()) << f.diagnosis;
    // The same optimum: the pilot's path meets the gradient test (the descent stops a little
    // earlier, so the parameters agree to the descent's own accuracy).
    EXPECT_LT(largest_mean_gradient(d, f.params), 1e-8);
    for (size_t i = 0; i < 4; ++i) {
        EXPECT_TRUE(testing::near_rel(f.params[i], plain.params[i], 1e-4)) << kNames[i];
        EXPECT_TRUE(testing::near_rel(f.se[i], plain.se[i], 1e-3)) << kNames[i];
    }
    EXPECT_NEAR(f.loglik, plain.loglik, 1e-6 * std::fabs(plain.loglik));
    EXPECT_GE(f.loglik, plain.loglik - 1e-9 * std::fabs(plain.loglik));
    // The work: a few Newton steps and the standard errors' Hessian (4) on the full data, against
    // the whole descent.
    EXPECT_GE(pilot_evaluations, 5);
    EXPECT_LE(full_evaluations, 4 + 5);
    EXPECT_GE(plain_evaluations, full_evaluations + 8);
}

TEST(FitterPilot, APilotWhoseFitIsNotCleanLeavesThePlainDescent) {
    const RfmData& d = large();
    // The likelihood of customers who never drop out runs to the boundary (a -> 0): no pilot for
    // these data, so the fit must be exactly the plain one.
    testing::SimulationParams s;
    s.no_dropout = true;
    const testing::SimulatedCustomers c = testing::simulate_customers(20000, s, 5);
    const RfmData boundary = compress_rfm(c.x, c.t_x, c.T);
    int plain_evaluations = 0, full_evaluations = 0, pilot_evaluations = 0;
    const FitResult plain = maximise_loglik("bgnbd", kNames, counted_bgnbd(d, plain_evaluations), kStart, {});
    const LogLikelihood pilot = counted_bgnbd(boundary, pilot_evaluations);
    const FitResult f = maximise_loglik("bgnbd", kNames, counted_bgnbd(d, full_evaluations), kStart, {}, &pilot);
    EXPECT_GT(pilot_evaluations, 0);
    EXPECT_EQ(full_evaluations, plain_evaluations);
    EXPECT_EQ(f.params, plain.params);
    EXPECT_EQ(f.se, plain.se);
    EXPECT_EQ(f.loglik, plain.loglik);
}

TEST(FitterPilot, InPiecesEqualsOneCall) {
    const RfmData& d = large();
    const FitResult whole = fit_bgnbd(d);
    FitReplay replay(2);
    FitResult a;
    int calls = 0;
    while (++calls < 10000 && !replay.run([&](const FitOptions& o) { return fit_bgnbd(d, o); }, {}, a)) {
    }
    EXPECT_GT(calls, 5);
    EXPECT_EQ(a.params, whole.params);
    EXPECT_EQ(a.se, whole.se);
    EXPECT_EQ(a.loglik, whole.loglik);
    EXPECT_EQ(a.iterations, whole.iterations);
    // And the fit went through the pilot: it meets the gradient test at the full optimum.
    EXPECT_LT(largest_mean_gradient(d, whole.params), 1e-8);
}

// The Gamma-Gamma fit's pilot: every 16th repeat buyer of each x, its log-likelihood scaled up.
TEST(FitterPilot, GammaGammaThroughItsSampleReachesTheFullOptimum) {
    const testing::SimulatedCustomers c = testing::simulate_customers(200000, {}, 11);
    const SpendData d = spend_data(c.x, c.m);
    ASSERT_GE(d.x.size(), kSpendPilotMin);
    ASSERT_TRUE(d.pilot);
    // The sample: each group's every 16th buyer, in the group's order.
    size_t expected = 0;
    for (const SpendGroup& g : d.groups) expected += (g.end - g.begin + kSpendPilotEvery - 1) / kSpendPilotEvery;
    EXPECT_EQ(d.pilot->x.size(), expected);
    EXPECT_EQ(d.pilot->m[0], d.m[0]);

    SpendData plain_data = d;
    plain_data.pilot.reset();
    const FitResult plain = fit_gamma_gamma(plain_data);
    const FitResult f = fit_gamma_gamma(d);
    ASSERT_TRUE(plain.ok()) << plain.diagnosis;
    ASSERT_TRUE(f.ok()) << f.diagnosis;
    std::vector<double> g;
    gamma_gamma_loglik(d, f.params, &g);
    for (double gi : g) EXPECT_LT(std::fabs(gi) / static_cast<double>(d.x.size()), 1e-8);
    for (size_t i = 0; i < 3; ++i) {
        EXPECT_TRUE(testing::near_rel(f.params[i], plain.params[i], 1e-4)) << i;
        EXPECT_TRUE(testing::near_rel(f.se[i], plain.se[i], 1e-3)) << i;
    }
    EXPECT_GE(f.loglik, plain.loglik - 1e-9 * std::fabs(plain.loglik));
    EXPECT_NE(f.params, plain.params);  // a different path to the optimum: the pilot's, not the fallback
    // In pieces: the same fit.
    FitReplay replay(2);
    FitResult a;
    int calls = 0;
    while (++calls < 10000 && !replay.run([&](const FitOptions& o) { return fit_gamma_gamma(d, o); }, {}, a)) {
    }
    EXPECT_EQ(a.params, f.params);
    EXPECT_EQ(a.se, f.se);
}

}  // namespace
}  // namespace clv::models
