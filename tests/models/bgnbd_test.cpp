// BG/NBD and MBG/NBD against the published CDNOW figures (data/README.md), and their predictions
// against closed forms computed here by a different route (direct formulas with std::lgamma and
// a plain series for 2F1).
#include "models/bgnbd.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>

#include "model_data.hpp"
#include "models/mbgnbd.hpp"

namespace clv::models {
namespace {

using testing::near_rel;

// Gauss' series for 2F1(a, b; c; z), |z| < 1, summed until the terms vanish.
double series_2f1(double a, double b, double c, double z) {
    double term = 1, sum = 1;
    for (int n = 0; n < 100000; ++n) {
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

TEST(BgNbd, ReproducesTheCdnowSampleEstimates) {
    const RfmData data = compress_rfm(sample().customers);
    EXPECT_EQ(data.customers, 2357);
    const FitResult f = fit_bgnbd(data);
    ASSERT_TRUE(f.converged) << f.diagnosis;
    EXPECT_TRUE(f.diagnosis.empty()) << f.diagnosis;
    EXPECT_TRUE(near_rel(f.param("r"), 0.2426, 1e-3));
    EXPECT_TRUE(near_rel(f.param("alpha"), 4.4135, 1e-3));
    EXPECT_TRUE(near_rel(f.param("a"), 0.7929, 1e-3));
    EXPECT_TRUE(near_rel(f.param("b"), 2.4258, 1e-3));
    EXPECT_NEAR(f.loglik, -9582.43, 0.01);
    for (double se : f.se) EXPECT_TRUE(std::isfinite(se) && se > 0);
}

TEST(BgNbd, AnalyticGradientMatchesFiniteDifferences) {
    const RfmData data = compress_rfm(sample().customers);
    const std::vector<double> p = {0.3, 5.0, 0.6, 2.0};
    for (bool modified : {false, true}) {
        std::vector<double> g;
        detail::bg_family_loglik(data, p, &g, modified);
        for (int i = 0; i < 4; ++i) {
            std::vector<double> up = p, down = p;
            const double h = 1e-6;
            up[i] = p[i] * std::exp(h);
            down[i] = p[i] * std::exp(-h);
            const double fd = (detail::bg_family_loglik(data, up, nullptr, modified) -
                               detail::bg_family_loglik(data, down, nullptr, modified)) / (2 * h);
            EXPECT_NEAR(g[i], fd, 1e-4 * std::max(1.0, std::fabs(fd))) << "parameter " << i << " modified " << modified;
        }
    }
}

TEST(MbgNbd, ReproducesTheCdnowSampleEstimates) {
    const FitResult f = fit_mbgnbd(compress_rfm(sample().customers));
    ASSERT_TRUE(f.converged) << f.diagnosis;
    EXPECT_TRUE(near_rel(f.param("r"), 0.5248, 1e-3));
    EXPECT_TRUE(near_rel(f.param("alpha"), 6.1831, 1e-3));
    EXPECT_TRUE(near_rel(f.param("a"), 0.8914, 1e-3));
    EXPECT_TRUE(near_rel(f.param("b"), 1.6140, 1e-3));
    EXPECT_NEAR(f.loglik, -9582.14, 0.01);
}

TEST(BgNbd, ReproducesTheCdnowMasterEstimates) {
    const testing::CdnowData master = testing::read_cdnow_master();
    const RfmData data = compress_rfm(master.customers);
    EXPECT_EQ(data.customers, 23570);
    const FitResult f = fit_bgnbd(data);
    ASSERT_TRUE(f.converged) << f.diagnosis;
    EXPECT_TRUE(near_rel(f.param("r"), 0.2516, 1e-3));
    EXPECT_TRUE(near_rel(f.param("alpha"), 4.7889, 1e-3));
    EXPECT_TRUE(near_rel(f.param("a"), 0.7234, 1e-3));
    EXPECT_TRUE(near_rel(f.param("b"), 2.1611, 1e-3));
    EXPECT_NEAR(f.loglik, -95368.44, 0.01);
}

// Independent closed forms: FHL 2005 eq. 10 and 11 written out directly, the 2F1 by its series
// on the original (untransformed) parameters.
double closed_p_alive(double r, double alpha, double a, double b, double x, double t_x, double T) {
    if (x == 0) return 1.0;
    return 1.0 / (1.0 + a / (b + x - 1) * std::pow((alpha + T) / (alpha + t_x), r + x));
}
double closed_expected(double r, double alpha, double a, double b, double t, double x, double t_x, double T) {
    const double z = t / (alpha + T + t);
    const double num = (a + b + x - 1) / (a - 1) *
                       (1 - std::pow((alpha + T) / (alpha + T + t), r + x) * series_2f1(r + x, b + x, a + b + x - 1, z));
    return num * closed_p_alive(r, alpha, a, b, x, t_x, T);
}

TEST(BgNbd, PredictionsMatchTheClosedForms) {
    const std::vector<double> p = {0.2426, 4.4135, 0.7929, 2.4258};
    const double cases[][3] = {{0, 0, 38.86}, {1, 30.43, 38.86}, {2, 1.71, 38.86}, {7, 29.43, 35.0}, {26, 35.71, 38.86}};
    for (const auto& c : cases) {
        EXPECT_NEAR(bgnbd_p_alive(p, c[0], c[1], c[2]), closed_p_alive(0.2426, 4.4135, 0.7929, 2.4258, c[0], c[1], c[2]), 1e-12);
        for (double t : {1.0, 10.0, 39.0, 100.0}) {
            const double e = closed_expected(0.2426, 4.4135, 0.7929, 2.4258, t, c[0], c[1], c[2]);
            EXPECT_TRUE(near_rel(bgnbd_expected_purchases(p, t, c[0], c[1], c[2]), e, 1e-9)) << c[0] << " t " << t;
        }
    }
    // The published example (FHL 2005, section 5): a customer with x = 2, t_x = 30.43, T = 38.86
    // is expected to make 1.226 purchases in the next 39 weeks... (from the paper's figures).
    EXPECT_NEAR(bgnbd_expected_purchases(p, 39, 2, 30.43, 38.86), 1.226, 0.001);
}

TEST(BgNbd, ProbabilitiesOfExactlyKPurchasesSumToOneAndMatchTheMean) {
    const std::vector<double> p = {0.2426, 4.4135, 0.7929, 2.4258};
    for (const auto& c : std::vector<std::array<double, 3>>{{0, 0, 38.86}, {3, 20, 38}, {10, 37, 38}}) {
        double total = 0, mean = 0;
        for (int k = 0; k < 400; ++k) {
            const double pk = bgnbd_prob_purchases(p, k, 39, c[0], c[1], c[2]);
            ASSERT_TRUE(pk >= 0 && pk <= 1) << k;
            total += pk;
            mean += k * pk;
        }
        EXPECT_NEAR(total, 1.0, 1e-9);
        EXPECT_TRUE(near_rel(mean, bgnbd_expected_purchases(p, 39, c[0], c[1], c[2]), 1e-6));
    }
}

TEST(MbgNbd, PredictionsMatchTheClosedForms) {
    const double r = 0.5248, alpha = 6.1831, a = 0.8914, b = 1.6140;
    const std::vector<double> p = {r, alpha, a, b};
    for (const auto& c : std::vector<std::array<double, 3>>{{0, 0, 38.86}, {2, 30.43, 38.86}, {12, 36, 38}}) {
        const double x = c[0], t_x = c[1], T = c[2];
        const double pa = 1.0 / (1.0 + a / (b + x) * std::pow((alpha + T) / (alpha + t_x), r + x));
        EXPECT_NEAR(mbgnbd_p_alive(p, x, t_x, T), pa, 1e-12);
        const double t = 39, z = t / (alpha + T + t);
        const double e = (a + b + x) / (a - 1) *
                         (1 - std::pow((alpha + T) / (alpha + T + t), r + x) * series_2f1(r + x, b + x + 1, a + b + x, z)) * pa;
        EXPECT_TRUE(near_rel(mbgnbd_expected_purchases(p, t, x, t_x, T), e, 1e-9));
        double total = 0;
        for (int k = 0; k < 400; ++k) total += mbgnbd_prob_purchases(p, k, t, x, t_x, T);
        EXPECT_NEAR(total, 1.0, 1e-9);
    }
}

}  // namespace
}  // namespace clv::models
