// BG/BB predictions (Fader, Hardie & Shang 2010, eq. 11 and 13) against the posterior written out
// as integrals over the transaction probability p and the dropout probability θ, computed here by
// sinh-sinh quadrature instead of the beta functions the model's code uses.
#include "models/bgbb.hpp"

#include <gtest/gtest.h>

#include <boost/math/quadrature/sinh_sinh.hpp>

#include <array>
#include <cmath>

namespace clv::models {
namespace {

// E[p^A (1-p)^B] for p ~ Beta(a, b), by quadrature of the density after p = 1/(1+e^-y), which
// removes the endpoint singularities of a beta density with a shape below 1.
double softplus(double y) { return y > 0 ? y + std::log1p(std::exp(-y)) : std::log1p(std::exp(y)); }
double beta_moment(double a, double b, double A, double B) {
    const double log_norm = std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b);
    boost::math::quadrature::sinh_sinh<double> q;
    return q.integrate([&](double y) { return std::exp(-(a + A) * softplus(-y) - (b + B) * softplus(y) - log_norm); });
}

// The likelihood of (x, t_x, n) given p and θ, averaged over the priors, with the alive-at-n term
// multiplied by `alive_factor(p, θ)` expressed as extra powers: p^P_extra (1-θ)^Q_extra.
double averaged(const std::vector<double>& prm, double x, double t_x, double n, double p_extra, double q_extra,
                bool with_dead_terms) {
    const double a = prm[0], b = prm[1], g = prm[2], d = prm[3];
    // alive at n: p^x (1-p)^(n-x) (1-θ)^n
    double v = beta_moment(a, b, x + p_extra, n - x) * beta_moment(g, d, 0, n + q_extra);
    if (with_dead_terms)  // died before opportunity t_x + i + 1: p^x (1-p)^(t_x-x+i) θ (1-θ)^(t_x+i)
        for (double i = 0; i <= n - t_x - 1; ++i)
            v += beta_moment(a, b, x, t_x - x + i) * beta_moment(g, d, 1, t_x + i);
    return v;
}

TEST(BgBb, PAliveAndExpectedTransactionsAreThePosteriorIntegrals) {
    const std::vector<double> prm = {1.2035, 0.7497, 0.6567, 2.7834};  // the donations estimates
    for (const auto& c : std::vector<std::array<double, 3>>{{0, 0, 6}, {1, 1, 6}, {3, 5, 6}, {6, 6, 6}, {2, 9, 11}}) {
        const double x = c[0], t_x = c[1], n = c[2];
        const double L = averaged(prm, x, t_x, n, 0, 0, true);
        EXPECT_NEAR(std::exp(bgbb_loglik_one(prm, x, t_x, n)), L, 1e-10 * L);
        // alive at n + 1: one more survival factor (1-θ)
        const double pa = averaged(prm, x, t_x, n, 0, 1, false) / L;
        EXPECT_NEAR(bgbb_p_alive(prm, x, t_x, n), pa, 1e-9) << x << " " << t_x;
        // E[X(n, n+n*)] = Σ_{i=1}^{n*} E[p (1-θ)^i · alive at n] / L
        for (double n_star : {1.0, 5.0, 10.0}) {
            double e = 0;
            for (double i = 1; i <= n_star; ++i) e += averaged(prm, x, t_x, n, 1, i, false);
            e /= L;
            EXPECT_NEAR(bgbb_expected_purchases(prm, n_star, x, t_x, n), e, 1e-9 * std::max(1.0, e)) << x << " " << n_star;
        }
    }
}

}  // namespace
}  // namespace clv::models
