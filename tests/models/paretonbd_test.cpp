// Pareto/NBD against the published CDNOW figures, its predictions against the note's formulas
// written directly (plain 2F1 series on the untransformed parameters), and the tabulated
// likelihood against the per-customer one.
#include "models/paretonbd.hpp"
#include "models/paretonbd_integral.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <random>

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
    for (const CustomerRow& row : c.rows) direct += paretonbd_loglik_one(p, row.x(), row.x() > 0 ? row.t_x : 0, row.T);
    EXPECT_NEAR(paretonbd_loglik(compress_rfm(c), p), direct, 1e-7);
}

}  // namespace
}  // namespace clv::models

namespace clv::models {
namespace {
// Near z = 1 the likelihood switches from the 2F1 series to Euler's integral: both must agree at
// the switch, and the integral must match the series where both are cheap.
TEST(ParetoNbd, SeriesAndIntegralAgreeAroundTheSwitch) {
    for (double x : {0.0, 1.0, 5.0, 40.0}) {
        for (double ratio : {0.9, 0.97, 0.979, 0.981, 0.99, 0.999}) {
            // α >= β branch: z = (α-β)/(α+t) with t = 0
            const std::vector<double> p = {0.55, 10.0, 0.6, 10.0 * (1 - ratio)};
            const double a = paretonbd_loglik_one(p, x, 0, 39), b = paretonbd_loglik_one(p, x, 1e-9, 39);
            EXPECT_NEAR(a, b, 1e-6) << x << " " << ratio;
            const double direct = paretonbd_p_alive(p, x, 0, 39);
            EXPECT_TRUE(std::isfinite(direct)) << x << " " << ratio;
        }
    }
    // Above the switch, against the note's formula with the plain series (slow but exact here).
    for (double ratio : {0.99, 0.999})
        for (double x : {0.0, 2.0, 30.0}) {
            const std::vector<double> p = {0.55, 10.0, 0.6, 10.0 * (1 - ratio)};
            EXPECT_TRUE(near_rel(paretonbd_p_alive(p, x, x > 0 ? 0.5 : 0, 39), closed_p_alive(p, x, x > 0 ? 0.5 : 0, 39), 1e-8))
                << x << " " << ratio;
        }
}
}  // namespace
}  // namespace clv::models

namespace clv::models {
namespace {
// The likelihood far from the usual optimum (one rate parameter tiny next to the other, or r and α
// both huge) against the defining integral L = Γ(r+x)α^r β^s/Γ(r) · [(α+T)^-(r+x)(β+T)^-s
// + s ∫_{t_x}^T (α+τ)^-(r+x) (β+τ)^-(s+1) dτ], by composite Simpson's rule.
TEST(ParetoNbd, LikelihoodMatchesTheDefiningIntegralInHardCorners) {
    const double cases[][7] = {{0.55, 10, 0.6, 11.7, 2, 30.43, 38.86}, {0.3, 4, 1, 1e-6, 3, 2, 39},
                               {1e6, 1e6, 1, 1, 3, 2, 39},           {0.55, 10, 0.6, 0.05, 2, 0.5, 39},
                               {0.55, 1e4, 2, 1e-3, 300, 20, 39},    {0.5, 0.01, 0.6, 40, 50, 10, 39}};
    for (const auto& c : cases) {
        const double r = c[0], alpha = c[1], s = c[2], beta = c[3], x = c[4], t_x = c[5], T = c[6];
        // log of the integrand, scaled by its value at t_x so that nothing overflows
        auto log_f = [&](double tau) { return -(r + x) * std::log(alpha + tau) - (s + 1) * std::log(beta + tau); };
        const double ref = log_f(t_x);
        const int n = 200000;
        const double h = (T - t_x) / n;
        double sum = 0;
        for (int i = 0; i <= n; ++i) {
            const double w = i == 0 || i == n ? 1 : (i % 2 ? 4 : 2);
            sum += w * std::exp(log_f(t_x + i * h) - ref);
        }
        const double log_integral = std::log(s * sum * h / 3) + ref;
        const double log_alive = -(r + x) * std::log(alpha + T) - s * std::log(beta + T);
        const double m = std::max(log_alive, log_integral);
        const double ll = std::lgamma(r + x) - std::lgamma(r) + r * std::log(alpha) + s * std::log(beta) + m +
                          std::log(std::exp(log_alive - m) + std::exp(log_integral - m));
        EXPECT_NEAR(paretonbd_loglik_one({r, alpha, s, beta}, x, t_x, T), ll, 1e-8 * std::max(1.0, std::fabs(ll)))
            << r << " " << alpha << " " << s << " " << beta;
    }
}
}  // namespace
}  // namespace clv::models

namespace clv::models {
namespace {
// The fitter's likelihood is the integral form by tabulated quadrature (paretonbd_integral.cpp);
// the per-customer 2F1 form (paretonbd_loglik_one, paretonbd_p_alive) is an independent route to
// the same numbers. Both must agree everywhere the optimiser may go, and the quadrature's analytic
// gradient must match finite differences of the 2F1 form.
const std::vector<std::vector<double>>& corner_params() {
    static const std::vector<std::vector<double>> p = {
        {0.5533, 10.5777, 0.6062, 11.6687},  // CDNOW optimum
        {0.5533, 14.0, 0.6062, 3.0},         // α > β
        {0.3, 4, 1, 1e-6},                   // β tiny: dropout rate huge
        {1e6, 1e6, 1, 1},                    // no heterogeneity in the purchase rate
        {0.55, 1e4, 2, 1e-3},
        {0.5, 0.01, 0.6, 40},                // α tiny
        {2.0, 8.0, 1e-5, 1e4},               // nobody drops out
    };
    return p;
}

RfmData corner_data() {
    // Whole days in weeks, x from 0 to 300, t_x from 0 to T, several T.
    std::vector<double> x, t_x, T, n;
    for (double xi : {0.0, 1.0, 2.0, 7.0, 40.0, 300.0})
        for (double Ti : {35.0, 38.0 + 6.0 / 7, 39.0})
            for (double txi : {0.0, 1.0 / 7, 2.0, 20.0 + 3.0 / 7, 35.0, 38.0 + 6.0 / 7, 39.0})
                if (txi <= Ti && (xi > 0 || txi == 0)) {
                    x.push_back(xi);
                    t_x.push_back(txi);
                    T.push_back(Ti);
                    n.push_back(1 + xi);
                }
    return compress_rfm_weighted(x, t_x, T, n);
}

double reference_loglik(const RfmData& d, const std::vector<double>& p) {
    double total = 0;
    for (const RfmRow& row : d.rows) total += row.n * paretonbd_loglik_one(p, row.x, row.t_x, row.T);
    return total;
}

TEST(ParetoNbd, TabulatedQuadratureMatchesThe2F1FormInHardCorners) {
    const RfmData d = corner_data();
    const ParetoLayout layout = paretonbd_layout(d);
    for (const auto& p : corner_params()) {
        const double ref = reference_loglik(d, p);
        ASSERT_TRUE(std::isfinite(ref));
        EXPECT_NEAR(paretonbd_loglik_tabulated(d, layout, p), ref, 1e-9 * std::max(1.0, std::fabs(ref)))
            << p[0] << " " << p[1] << " " << p[2] << " " << p[3];
        const std::vector<double> pa = paretonbd_p_alive_rows(d, layout, p);
        for (size_t i = 0; i < d.rows.size(); ++i) {
            const RfmRow& row = d.rows[i];
            EXPECT_NEAR(pa[i], paretonbd_p_alive(p, row.x, row.t_x, row.T), 1e-9)
                << row.x << " " << row.t_x << " " << row.T << " at " << p[0] << " " << p[1] << " " << p[2] << " " << p[3];
        }
    }
}

TEST(ParetoNbd, AnalyticGradientMatchesFiniteDifferencesOfThe2F1Form) {
    const RfmData d = corner_data();
    const ParetoLayout layout = paretonbd_layout(d);
    for (const auto& p : corner_params()) {
        std::vector<double> g;
        paretonbd_loglik_tabulated(d, layout, p, &g);
        ASSERT_EQ(g.size(), 4u);
        for (int i = 0; i < 4; ++i) {
            // h = 1e-4: the 2F1 form near z = 1 is an exp-sinh quadrature to 1e-11, too noisy for smaller steps
            const double h = 1e-4;
            std::vector<double> up = p, down = p;
            up[i] *= std::exp(h);
            down[i] *= std::exp(-h);
            const double fd = (reference_loglik(d, up) - reference_loglik(d, down)) / (2 * h);
            EXPECT_NEAR(g[i], fd, 1e-5 * std::max(1.0, std::fabs(fd)))
                << "parameter " << i << " at " << p[0] << " " << p[1] << " " << p[2] << " " << p[3];
        }
    }
}
}  // namespace
}  // namespace clv::models

namespace clv::models {
namespace {
// P(exactly k purchases in the next t): a distribution (sums to 1), its mean is the closed-form
// conditional expectation (eq. 41 of the note, a different formula), and it matches a simulation
// of the posterior process: alive with P(alive), then λ ~ Gamma(r+x, α+T), μ ~ Gamma(s, β+T),
// death after Exp(μ), Poisson(λ · time alive in the window) purchases.
TEST(ParetoNbd, ProbabilityOfExactlyKPurchasesIsTheConditionalPmf) {
    const std::vector<std::vector<double>> params = {{0.5533, 10.5777, 0.6062, 11.6687}, {0.5533, 14.0, 0.6062, 3.0},
                                                     {2.0, 3.0, 1.5, 40.0}};
    const std::vector<std::array<double, 3>> customers = {{0, 0, 38.86}, {1, 30.43, 38.86}, {7, 29.43, 35.0},
                                                          {15, 37.0, 38.86}};
    for (const auto& p : params)
        for (const auto& c : customers)
            for (double t : {4.0, 39.0, 156.0}) {
                double sum = 0, mean = 0;
                double previous = 0;
                for (int k = 0; k <= 5000; ++k) {
                    const double pk = paretonbd_prob_purchases(p, k, t, c[0], c[1], c[2]);
                    ASSERT_TRUE(std::isfinite(pk) && pk >= 0) << k;
                    sum += pk;
                    mean += k * pk;
                    if (k > 10 && pk < previous && pk * k < 1e-13) break;  // the tail is negligible
                    previous = pk;
                }
                EXPECT_NEAR(sum, 1.0, 1e-9) << c[0] << " " << t;
                EXPECT_TRUE(near_rel(mean, paretonbd_expected_purchases(p, t, c[0], c[1], c[2]), 1e-8)) << c[0] << " " << t;
            }
    // Simulation of the posterior process for one customer.
    const std::vector<double> p = params[0];
    const double x = 2, t_x = 30.43, T = 38.86, t = 39;
    const double pa = closed_p_alive(p, x, t_x, T);
    std::mt19937_64 rng(5);
    std::gamma_distribution<double> lambda(p[0] + x, 1.0 / (p[1] + T)), mu(p[2], 1.0 / (p[3] + T));
    std::uniform_real_distribution<double> unit(0, 1);
    const int draws = 400000;
    std::vector<int> count(4, 0);
    for (int i = 0; i < draws; ++i) {
        int k = 0;
        if (unit(rng) < pa) {
            const double l = lambda(rng), m = mu(rng);
            const double alive_for = std::min(t, std::exponential_distribution<double>(m)(rng));
            k = std::poisson_distribution<int>(l * alive_for)(rng);
        }
        if (k < 4) ++count[k];
    }
    for (int k = 0; k < 4; ++k) {
        const double q = paretonbd_prob_purchases(p, k, t, x, t_x, T), sd = std::sqrt(q * (1 - q) / draws);
        EXPECT_NEAR(count[k] / double(draws), q, 4.5 * sd) << k;
    }
}
}  // namespace
}  // namespace clv::models
