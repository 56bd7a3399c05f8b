// Gauss–Jacobi expectations under Beta(a, b) (core/models/beta_expectation.*) and the BG/NBD
// E[Y(t) | alive] fallback built on them, against values computed here independently: the Beta
// moments in closed form, and the defining integral by Boost's tanh-sinh rule.
#include "models/beta_expectation.hpp"
#include "models/bgnbd.hpp"

#include <gtest/gtest.h>

#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <boost/math/special_functions/beta.hpp>

#include <cmath>

namespace clv::models {
namespace {

// E[p^j] = Π_{i<j} (a + i) / (a + b + i): exact for a rule of n points while j < 2n.
double beta_moment(double a, double b, int j) {
    double m = 1;
    for (int i = 0; i < j; ++i) m *= (a + i) / (a + b + i);
    return m;
}

TEST(BetaQuadratureRule, WeightsSumToOneAndMomentsAreExact) {
    for (const auto& [a, b] : {std::pair{2.0, 3.0}, {0.5, 0.5}, {0.00025, 1.0044}, {0.0011, 0.049}, {1.0, 1e-4}, {30.0, 0.2}}) {
        const BetaQuadratureRule& rule = beta_quadrature_rule(a, b, 12);
        ASSERT_EQ(rule.p.size(), 12u) << a << "," << b;
        double sum = 0;
        for (double w : rule.weight) sum += w;
        EXPECT_NEAR(sum, 1.0, 1e-13);
        for (int j = 1; j < 24; ++j) {
            double m = 0;
            for (size_t i = 0; i < rule.p.size(); ++i) m += rule.weight[i] * std::pow(rule.p[i], j);
            EXPECT_NEAR(m, beta_moment(a, b, j), 1e-12 * beta_moment(a, b, 1) + 1e-15) << a << "," << b << " j=" << j;
        }
    }
}

TEST(BetaQuadratureRule, InvalidParametersGiveNoRule) {
    EXPECT_TRUE(beta_quadrature_rule(0.0, 1.0, 8).p.empty());
    EXPECT_TRUE(beta_quadrature_rule(1.0, -2.0, 8).p.empty());
    EXPECT_TRUE(std::isnan(beta_expectation(-1.0, 1.0, [](double) { return 1.0; })));
}

TEST(BetaExpectation, ARoughIntegrandIsRefused) {
    // |p - 1/2| has a kink: the n / 2n check must notice rather than return a wrong value.
    EXPECT_TRUE(std::isnan(beta_expectation(2.0, 2.0, [](double p) { return std::fabs(p - 0.5); }, 8, 1e-12)));
}

// E[Y(t) | alive] = ∫ (1 - (1 + p·u)^-(r+x)) / p · Beta(p; a, b + x) dp, u = t / (α + T), by
// adaptive Gauss–Kronrod with the Beta density's endpoint singularities taken out analytically:
// near p = 0, ∫_0^δ p^(a-1) h(p) dp = h(0) δ^a / a + ∫_0^δ p^(a-1) (h(p) - h(0)) dp, whose
// integrand stays bounded; the same at p = 1.
double expected_by_integral(double r, double alpha, double a, double b, double x, double T, double t) {
    const double k = r + x, u = t / (alpha + T), B = b + x, lb = std::log(boost::math::beta(a, B));
    auto g = [&](double p) { return p > 0 ? -std::expm1(-k * std::log1p(p * u)) / p : k * u; };
    auto h_left = [&](double p) { return g(p) * std::pow(1 - p, B - 1); };   // p^(a-1) · h_left
    auto h_right = [&](double p) { return g(p) * std::pow(p, a - 1); };      // (1-p)^(B-1) · h_right
    const double d = 0.01, h0 = h_left(0), h1 = h_right(1);
    using GK = boost::math::quadrature::gauss_kronrod<double, 31>;
    const double near0 = h0 * std::pow(d, a) / a +
                         GK::integrate([&](double p) { return std::pow(p, a - 1) * (h_left(p) - h0); }, 0.0, d, 15, 1e-12);
    const double middle =
        GK::integrate([&](double p) { return std::pow(p, a - 1) * h_left(p); }, d, 1 - d, 15, 1e-12);
    const double near1 = h1 * std::pow(d, B) / B +
                         GK::integrate([&](double q) { return std::pow(q, B - 1) * (h_right(1 - q) - h1); }, 0.0, d, 15, 1e-12);
    return (near0 + middle + near1) * std::exp(-lb);
}

TEST(BgnbdExpectedGivenAlive, SmallBetaParametersMatchTheIntegral) {
    // (r, α, a, b) as bootstrap refits on UCI Online Retail produce them: a + b + x < 1.5, where
    // the closed form's 2F1 is not used.
    struct Case { double r, alpha, a, b, x, T, t; };
    for (const Case c : {Case{0.9117, 11.01, 0.00024642, 1.00445, 0, 1.912, 52.18},
                         Case{0.8133, 9.42, 0.04974, 0.28228, 0, 1.912, 52.18},
                         Case{0.8009, 9.616, 0.0011075, 0.049239, 1, 30.0, 52.18},
                         Case{0.5, 2.0, 0.3, 0.4, 0, 0.5, 365.0},       // u ≈ 146: many nodes
                         Case{2.5, 1.0, 0.2, 0.3, 1, 0.0, 1000.0}}) {  // u = 1000
        const double want = expected_by_integral(c.r, c.alpha, c.a, c.b, c.x, c.T, c.t);
        const double got = detail::bg_family_expected_given_alive({c.r, c.alpha, c.a, c.b}, c.t, c.x, c.T, false);
        EXPECT_NEAR(got, want, 1e-9 * want) << c.r << " " << c.a << " " << c.b << " u=" << c.t / (c.alpha + c.T);
    }
}

TEST(BetaExpectation, AgreesWithTheClosedFormWhereBothApply) {
    // a + b + x well above 1.5: the 2F1 form is used; the rule must give the same number.
    const double r = 0.243, alpha = 4.414, a = 0.793, b = 2.426;  // CDNOW BG/NBD estimates
    for (const double x : {0.0, 2.0, 7.0}) {
        const double T = 30, t = 39, u = t / (alpha + T), k = r + x;
        const double closed = detail::bg_family_expected_given_alive({r, alpha, a, b}, t, x, T, false);
        const double rule = beta_expectation(a, b + x, [&](double p) { return -std::expm1(-k * std::log1p(p * u)) / p; }, 32);
        EXPECT_NEAR(rule, closed, 1e-10 * closed) << x;
    }
}

}  // namespace
}  // namespace clv::models
