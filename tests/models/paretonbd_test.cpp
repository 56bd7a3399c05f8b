// Pareto/NBD against the published CDNOW figures, its predictions against the note's formulas
// written directly (plain 2F1 series on the untransformed parameters), and the tabulated
// likelihood against the per-customer one.
#include "models/paretonbd.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "model_data.hpp"

namespace clv::models {
namespace {

using testing::near_rel;

double series_2f1(double a, double b, double c, double z) {
    double term = 1, sum = 1;
    for (int n = 0; n < 1000000; ++n) {
        term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
        sum += term;
        if (std::fabs(term) < 1e-17 * std::fabs(sum)) break;
    }
    return sum;
}

const testing::CdnowData& sample() {
    static const testing::CdnowData d = testing::read_cdnow_sample();
    return d;
}

TEST(ParetoNbd, ReproducesTheCdnowSampleEstimates) {
    const FitResult f = fit_paretonbd(compress_rfm(sample().customers));
    ASSERT_TRUE(f.converged) << f.diagnosis;
    EXPECT_TRUE(f.diagnosis.empty()) << f.diagnosis;
    EXPECT_TRUE(near_rel(f.param("r"), 0.5533, 1e-3));
    EXPECT_TRUE(near_rel(f.param("alpha"), 10.5777, 1e-3));
    EXPECT_TRUE(near_rel(f.param("s"), 0.6062, 1e-3));
    EXPECT_TRUE(near_rel(f.param("beta"), 11.6687, 1e-3));
    EXPECT_NEAR(f.loglik, -9594.98, 0.01);
    // Standard errors as published by CLVTools (Hessian at the optimum); numerically differentiated
    // here, so a looser tolerance.
    EXPECT_TRUE(near_rel(f.se[0], 0.0476, 0.03));
    EXPECT_TRUE(near_rel(f.se[1], 0.8427, 0.03));
    EXPECT_TRUE(near_rel(f.se[2], 0.1873, 0.03));
    EXPECT_TRUE(near_rel(f.se[3], 6.2105, 0.03));
}

// The note's eq. 18/19/20 with the plain series, both branches.
double closed_p_alive(const std::vector<double>& p, double x, double t_x, double T) {
    const double r = p[0], alpha = p[1], s = p[2], beta = p[3], k = r + s + x;
    double a0;
    if (alpha >= beta) {
        a0 = series_2f1(k, s + 1, k + 1, (alpha - beta) / (alpha + t_x)) / std::pow(alpha + t_x, k) -
             series_2f1(k, s + 1, k + 1, (alpha - beta) / (alpha + T)) / std::pow(alpha + T, k);
    } else {
        a0 = series_2f1(k, r + x, k + 1, (beta - alpha) / (beta + t_x)) / std::pow(beta + t_x, k) -
             series_2f1(k, r + x, k + 1, (beta - alpha) / (beta + T)) / std::pow(beta + T, k);
    }
    return 1.0 / (1.0 + s / k * std::pow(alpha + T, r + x) * std::pow(beta + T, s) * a0);
}

TEST(ParetoNbd, PAliveAndExpectationMatchTheNotesFormulas) {
    for (const std::vector<double>& p : {std::vector<double>{0.5533, 10.5777, 0.6062, 11.6687},
                                         std::vector<double>{0.5533, 14.0, 0.6062, 3.0}}) {
        for (const auto& c : std::vector<std::array<double, 3>>{{0, 0, 38.86}, {1, 30.43, 38.86}, {2, 1.71, 38.86},
                                                                 {7, 29.43, 35.0}, {15, 37.0, 38.86}}) {
            const double pa = closed_p_alive(p, c[0], c[1], c[2]);
            EXPECT_TRUE(near_rel(paretonbd_p_alive(p, c[0], c[1], c[2]), pa, 1e-9)) << c[0] << " " << c[1];
            const double r = p[0], alpha = p[1], s = p[2], beta = p[3], t = 39, x = c[0], T = c[2];
            const double e = (r + x) * (beta + T) / ((alpha + T) * (s - 1)) *
                             (1 - std::pow((beta + T) / (beta + T + t), s - 1)) * pa;
            EXPECT_TRUE(near_rel(paretonbd_expected_purchases(p, t, c[0], c[1], c[2]), e, 1e-9));
        }
    }
}

TEST(ParetoNbd, TabulatedLikelihoodEqualsTheSumOverCustomers) {
    const Customers& c = sample().customers;
    const std::vector<double> p = {0.5, 9.0, 0.7, 12.0};
    double direct = 0;
    for (const CustomerRow& row : c.rows) direct += paretonbd_loglik_one(p, row.x, row.x > 0 ? row.t_x : 0, row.T);
    EXPECT_NEAR(paretonbd_loglik(compress_rfm(c), p), direct, 1e-7);
}

}  // namespace
}  // namespace clv::models
