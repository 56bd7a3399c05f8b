// Gamma-Gamma on CDNOW's repeat buyers, BG/BB on the donations data and the shifted-BG on the two
// cohorts of Fader & Hardie (2007), against data/README.md's published figures.
#include <gtest/gtest.h>

#include <cmath>

#include "model_data.hpp"
#include "models/bgbb.hpp"
#include "models/gamma_gamma.hpp"
#include "models/sbg.hpp"

namespace clv::models {
namespace {

using testing::near_rel;

TEST(GammaGamma, ReproducesTheCdnowSampleEstimates) {
    const testing::CdnowData d = testing::read_cdnow_sample();
    const SpendData s = spend_data(d.customers);
    EXPECT_EQ(s.x.size(), 946u);
    const FitResult f = fit_gamma_gamma(s);
    ASSERT_TRUE(f.converged) << f.diagnosis;
    EXPECT_TRUE(f.diagnosis.empty()) << f.diagnosis;
    EXPECT_TRUE(near_rel(f.param("p"), 6.2496, 1e-3));
    EXPECT_TRUE(near_rel(f.param("q"), 3.7442, 1e-3));
    EXPECT_TRUE(near_rel(f.param("gamma"), 15.4435, 1e-3));
    EXPECT_NEAR(f.loglik, -4055.92, 0.01);
    // eq. 5 by hand for a customer with x = 2, m = 30: a weighted average of population mean and m.
    const double p = f.params[0], q = f.params[1], g = f.params[2];
    const double w = (q - 1) / (p * 2 + q - 1);
    EXPECT_NEAR(gamma_gamma_expected_spend(f.params, 2, 30, 0), w * p * g / (q - 1) + (1 - w) * 30, 1e-9);
}

TEST(GammaGamma, AnalyticGradientMatchesFiniteDifferences) {
    const SpendData s = spend_data({1, 2, 2, 5, 9}, {10, 20, 35, 12, 40});
    const std::vector<double> p = {3, 2.5, 12};
    std::vector<double> g;
    gamma_gamma_loglik(s, p, &g);
    for (int i = 0; i < 3; ++i) {
        std::vector<double> up = p, down = p;
        up[i] *= std::exp(1e-6);
        down[i] *= std::exp(-1e-6);
        EXPECT_NEAR(g[i], (gamma_gamma_loglik(s, up) - gamma_gamma_loglik(s, down)) / 2e-6, 1e-5);
    }
}

TEST(BgBb, ReproducesTheDonationsEstimates) {
    std::vector<BgbbRow> rows;
    std::string error;
    ASSERT_TRUE(parse_bgbb_table(testing::shared_data("donations.csv"), rows, error)) << error;
    ASSERT_EQ(rows.size(), 22u);
    const FitResult f = fit_bgbb(rows);
    ASSERT_TRUE(f.converged) << f.diagnosis;
    EXPECT_EQ(f.n_customers, 11104);
    EXPECT_TRUE(near_rel(f.param("alpha"), 1.2035, 1e-3));
    EXPECT_TRUE(near_rel(f.param("beta"), 0.7497, 1e-3));
    EXPECT_TRUE(near_rel(f.param("gamma"), 0.6567, 1e-3));
    EXPECT_TRUE(near_rel(f.param("delta"), 2.7834, 1e-3));
    EXPECT_NEAR(f.loglik, -33225.58, 0.01);
    // Likelihoods of all patterns of n = 6 opportunities sum to one (a check on eq. 5).
    double total = 0;
    for (int x = 0; x <= 6; ++x)
        for (int t_x = x; t_x <= (x == 0 ? 0 : 6); ++t_x) {
            // number of orderings of x-1 transactions among the t_x - 1 opportunities before t_x
            const double ways = x == 0 ? 1 : std::exp(std::lgamma(t_x) - std::lgamma(x) - std::lgamma(t_x - x + 1));
            total += ways * std::exp(bgbb_loglik_one(f.params, x, t_x, 6));
        }
    EXPECT_NEAR(total, 1.0, 1e-10);
    const double pa = bgbb_p_alive(f.params, 6, 6, 6);
    EXPECT_GT(pa, 0.9);
    EXPECT_LT(bgbb_p_alive(f.params, 1, 1, 6), 0.2);
    EXPECT_GT(bgbb_expected_purchases(f.params, 5, 6, 6, 6), bgbb_expected_purchases(f.params, 5, 1, 1, 6));
}

TEST(ShiftedBg, ReproducesBothCohortsOfFaderHardie2007) {
    std::vector<SurvivalCohort> cohorts;
    std::string error;
    ASSERT_TRUE(parse_survival_table(testing::shared_data("sbg_retention.csv"), cohorts, error)) << error;
    ASSERT_EQ(cohorts.size(), 2u);
    EXPECT_EQ(cohorts[0].name, "regular");
    const FitResult regular = fit_sbg(cohorts[0], 7);
    ASSERT_TRUE(regular.converged) << regular.diagnosis;
    EXPECT_TRUE(near_rel(regular.param("alpha"), 0.7041, 1e-3));
    EXPECT_TRUE(near_rel(regular.param("beta"), 1.1820, 1e-3));
    EXPECT_NEAR(regular.loglik, -1680.27, 0.01);
    const FitResult high = fit_sbg(cohorts[1], 7);
    ASSERT_TRUE(high.converged) << high.diagnosis;
    EXPECT_TRUE(near_rel(high.param("alpha"), 0.6681, 1e-3));
    EXPECT_TRUE(near_rel(high.param("beta"), 3.8061, 1e-3));
    EXPECT_NEAR(high.loglik, -1611.16, 0.01);
    // Survival by the recursion S(t) = S(t-1) r_t against the beta-function form.
    double s = 1;
    for (int t = 1; t <= 12; ++t) {
        s *= sbg_retention_rate(regular.params, t);
        EXPECT_NEAR(sbg_survival(regular.params, t), s, 1e-12);
    }
}

}  // namespace
}  // namespace clv::models
