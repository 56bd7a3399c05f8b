// Pareto/NBD likelihood and predictions (Fader & Hardie 2005 note; Schmittlein et al. 1987).
//
// The note writes the likelihood (eq. 22) as
//   L = Γ(r+x) α^r β^s / Γ(r) · { 1 / ((α+T)^(r+x) (β+T)^s) + s/(r+s+x) · A0 },
// with, for α >= β (eq. 23, first branch; m = α, b2 = s + 1)
//   A0 = 2F1(r+s+x, s+1; r+s+x+1; (α-β)/(α+t_x)) / (α+t_x)^(r+s+x)
//      - 2F1(r+s+x, s+1; r+s+x+1; (α-β)/(α+T))   / (α+T)^(r+s+x)
// and for α < β the same with m = β, b2 = r + x and the argument (β-α)/(β+t).
// Each 2F1(k, b2; k+1; z) (k = r+s+x) is evaluated after Euler's transformation
//   2F1(k, b2; k+1; z) = (1-z)^(1-b2) · 2F1(1, k+1-b2; k+1; z),
// whose series has positive terms shrinking at least like z^n for any x — the untransformed series
// for α < β grows like (1-z)^-(r+x) and overflows for heavy buyers. Everything is kept in logs.
//
// This per-customer form is the reference; fits and the summed likelihood use the integral form
// tabulated per (x, time) in paretonbd_integral.cpp, which is faster and differentiable.
#include "models/paretonbd.hpp"
#include "models/math_policy.hpp"
#include "models/paretonbd_integral.hpp"

#include <boost/math/special_functions/gamma.hpp>
#include <boost/math/special_functions/expm1.hpp>
#include <boost/math/special_functions/hypergeometric_pFq.hpp>
#include <boost/math/quadrature/exp_sinh.hpp>
#include <boost/math/quadrature/gauss_kronrod.hpp>

#include <algorithm>
#include <cmath>
#include <exception>
#include <optional>

namespace clv::models {

namespace bm = boost::math;

namespace {

using Policy = MathPolicy;  // NaN/inf instead of exceptions, no long double (math_policy.hpp)

double lgam(double v) { return bm::lgamma(v, Policy()); }

struct Branch {
    double m;      // max(α, β)
    double diff;   // |α - β|
    double b2;     // second upper parameter of the note's 2F1: s+1 (α >= β) or r+x (α < β)
};

Branch branch(double r, double alpha, double s, double beta, double x) {
    if (alpha >= beta) return {alpha, alpha - beta, s + 1.0};
    return {beta, beta - alpha, r + x};
}

// The series of 2F1(1, b; c; z) needs about 35/(1-z) terms: near z = 1 (one rate parameter tiny
// next to the other, or r + x and α both huge — the "no heterogeneity" boundary the optimiser
// explores on some data) it would take millions. There the note's integral is used instead: with
// v = log((m+τ)/(m+t)) and w = k v, the integral behind A0 becomes
//   2F1(k, b2; k+1; z) = ∫_0^∞ exp(-w) (1 - z exp(-w/k))^(-b2) dw,
// smooth on the scale of w exactly in the hard case (k (1-z) of order one), and peaked only at the
// w = 0 end otherwise, which Boost's exp-sinh rule resolves. The integrand is divided by its value
// at w = 0, (1-z)^(-b2), so it stays within [0, 1].
constexpr double kSeriesLimit = 0.98;

using Quadrature = std::optional<bm::quadrature::exp_sinh<double>>;  // built on first use: its setup is costly

double log_2f1_integral(double k, double b2, double z, Quadrature& quad) {
    const double log1m_z = std::log1p(-z);
    auto f = [&](double w) {
        const double l = -w - b2 * (std::log1p(-z * std::exp(-w / k)) - log1m_z);
        return l < -745 ? 0.0 : std::exp(l);
    };
    try {
        if (!quad) quad.emplace();
        const double v = quad->integrate(f, 1e-11);
        return -b2 * log1m_z + std::log(v);
    } catch (const std::exception&) {
        return kNaN;
    }
}

// log( 2F1(k, b2; k+1; z) / (m+t)^k ),  z = diff/(m+t).
double log_g(double k, const Branch& br, double t, Quadrature& quad) {
    const double mt = br.m + t;
    const double z = br.diff / mt;
    double log_f = 0;
    if (z > 0) {
        if (z <= kSeriesLimit) {
            try {  // 2F1(k, b2; k+1; z) = (1-z)^(1-b2) 2F1(1, k+1-b2; k+1; z)
                log_f = (1.0 - br.b2) * std::log1p(-z) +
                        std::log(bm::hypergeometric_pFq({1.0, k + 1.0 - br.b2}, {k + 1.0}, z,
                                                        static_cast<double*>(nullptr), Policy()));
            } catch (const std::exception&) {
                log_f = kNaN;
            }
        }
        if (z > kSeriesLimit || !std::isfinite(log_f)) log_f = log_2f1_integral(k, br.b2, z, quad);
    }
    return log_f - k * std::log(mt);
}

// log of the curly bracket of eq. 22, given the two log_g values (log A0 = log(G(t_x) - G(T))).
// log_a_T = log(α+T), log_b_T = log(β+T), log_s_k = log(s/(r+s+x)): passed in so that the
// tabulated sum computes them once per distinct time or x.
double log_bracket(double r, double s, double x, double log_a_T, double log_b_T, double log_s_k, double lg_tx,
                   double lg_T) {
    const double l_alive = -(r + x) * log_a_T - s * log_b_T;
    if (!(lg_tx > lg_T)) return l_alive;  // t_x = T: no room to have dropped out unobserved
    const double log_a0 = lg_tx + std::log(-std::expm1(lg_T - lg_tx));
    return log_add_exp(l_alive, log_s_k + log_a0);
}

}  // namespace

double paretonbd_loglik_one(const std::vector<double>& params, double x, double t_x, double T) {
    const double r = params[0], alpha = params[1], s = params[2], beta = params[3];
    const Branch br = branch(r, alpha, s, beta, x);
    const double k = r + s + x;
    Quadrature quad;
    return lgam(r + x) - lgam(r) + r * std::log(alpha) + s * std::log(beta) +
           log_bracket(r, s, x, std::log(alpha + T), std::log(beta + T), std::log(s / k), log_g(k, br, t_x, quad),
                       log_g(k, br, T, quad));
}

double paretonbd_loglik(const RfmData& data, const std::vector<double>& params) {
    return paretonbd_loglik_tabulated(data, paretonbd_layout(data), params);
}

FitResult fit_paretonbd(const RfmData& data, const FitOptions& options) {
    // The integral form (paretonbd_integral.hpp): tabulated per (x, time) and differentiable.
    const ParetoLayout layout = paretonbd_layout(data);
    LogLikelihood ll;
    ll.analytic_gradient = true;
    ll.customers = data.customers;
    ll.rows = data.rows.size();  // evaluated whole (FitReplay counts its cost by the rows)
    ll.f = [&data, &layout](const std::vector<double>& theta, std::vector<double>* grad) {
        std::vector<double> p(4);
        for (int i = 0; i < 4; ++i) p[i] = std::exp(theta[i]);
        return paretonbd_loglik_tabulated(data, layout, p, grad);
    };
    double mean_rate = 0;
    for (const RfmRow& row : data.rows)
        if (row.T > 0) mean_rate += row.n * row.x / row.T;
    mean_rate = data.customers > 0 ? mean_rate / data.customers : 0;
    const double alpha0 = mean_rate > 0 ? std::clamp(1.0 / mean_rate, 1e-3, 1e6) : 1.0;
    FitResult r = maximise_loglik("paretonbd", {"r", "alpha", "s", "beta"}, ll, {1.0, alpha0, 1.0, alpha0}, options);
    // Practically on the boundary: fewer than 1 in 1,000 customers expected to drop out over the
    // longest observed age (mean dropout rate s/β times T), or r and α in the thousands (the purchase
    // rate's coefficient of variation 1/sqrt(r) below 3%).
    double max_T = 0;
    for (const RfmRow& row : data.rows) max_T = std::max(max_T, row.T);
    const bool no_dropout = r.usable() && r.params[2] / r.params[3] * std::max(max_T, 1.0) < 1e-3;
    const bool no_heterogeneity = r.usable() && r.params[0] > 1e3 && r.params[1] > 1e3;
    if (r.at_bound.size() == 4 && (r.at_bound[2] < 0 || r.at_bound[3] > 0 || no_dropout))
        add_diagnosis(r, FitDiagnosis::no_dropout, "Nobody seems to drop out: the dropout rate mu ~ Gamma(s, beta) collapsed to zero "
                         "(s -> 0 or beta -> infinity). The data look like a population that keeps buying at a "
                         "steady rate; P(alive) is then close to 1 for everybody and the model reduces to the NBD.");
    if (r.at_bound.size() == 4 && (r.at_bound[0] > 0 || r.at_bound[1] > 0 || no_heterogeneity))
        add_diagnosis(r, FitDiagnosis::no_rate_heterogeneity, "The purchase rates show no heterogeneity (r and alpha -> infinity with r/alpha fixed): "
                         "every customer buys at about the same rate.");
    if (data.max_x == 0 && data.customers > 0)
        add_diagnosis(r, FitDiagnosis::one_time_buyers_only, "Nobody made a repeat purchase, so the purchase rate and the dropout process cannot be "
                         "told apart; the parameters are not identifiable.");
    return r;
}

// F&H note eq. 18: P(alive) = 1 / (1 + s/(r+s+x) · (α+T)^(r+x) (β+T)^s · A0).
double paretonbd_p_alive(const std::vector<double>& params, double x, double t_x, double T) {
    const double r = params[0], alpha = params[1], s = params[2], beta = params[3];
    if (!(t_x < T)) return 1.0;
    const Branch br = branch(r, alpha, s, beta, x);
    const double k = r + s + x;
    Quadrature quad;
    const double lg_tx = log_g(k, br, t_x, quad), lg_T = log_g(k, br, T, quad);
    if (!(lg_tx > lg_T)) return 1.0;
    const double log_a0 = lg_tx + std::log(-std::expm1(lg_T - lg_tx));
    const double lr = std::log(s / k) + (r + x) * std::log(alpha + T) + s * std::log(beta + T) + log_a0;
    if (!std::isfinite(lr)) return lr < 0 ? 1.0 : (lr > 0 ? 0.0 : kNaN);
    return lr > 0 ? std::exp(-lr) / (1.0 + std::exp(-lr)) : 1.0 / (1.0 + std::exp(lr));
}

double paretonbd_expected_given_alive(const std::vector<double>& params, double t, double x, double T) {
    const double r = params[0], alpha = params[1], s = params[2], beta = params[3];
    if (!(t > 0)) return 0.0;
    const double q = std::log(beta + T + t) - std::log(beta + T);
    // [1 - ((β+T)/(β+T+t))^(s-1)] / (s-1), with its limit q at s = 1.
    const double sm1 = s - 1.0;
    const double bracket = std::fabs(sm1) < 1e-10 ? q : -std::expm1(-sm1 * q) / sm1;
    return (r + x) * (beta + T) / (alpha + T) * bracket;
}

double paretonbd_expected_purchases(const std::vector<double>& params, double t, double x, double t_x, double T) {
    return paretonbd_p_alive(params, x, t_x, T) * paretonbd_expected_given_alive(params, t, x, T);
}

double paretonbd_prob_purchases(const std::vector<double>& params, int k, double t, double x, double t_x, double T) {
    const double r = params[0], alpha = params[1], s = params[2], beta = params[3];
    if (k < 0) return 0.0;
    const double pa = paretonbd_p_alive(params, x, t_x, T);
    if (!(t > 0)) return k == 0 ? 1.0 : 0.0;
    const double P = r + x, a_T = alpha + T, b_T = beta + T;
    const double log_nb_const = lgam(P + k) - lgam(P) - lgam(k + 1.0) + P * std::log(a_T);
    // Outlives the window: P(ω > T+t) · NB(k).
    const double survive = std::exp(s * (std::log(b_T) - std::log(b_T + t)) + log_nb_const +
                                    k * std::log(t) - (P + k) * std::log(a_T + t));
    // Dies at τ in (0, t) after exactly k purchases. The integrand is log-concave with its mode at
    // the positive root of (P+s+1)τ² + (P(β+T) + (s+1-k)(α+T))τ - k(α+T)(β+T) = 0; it is scaled by
    // its value there so that nothing under- or overflows.
    auto log_h = [&](double tau) {
        return std::log(s) + s * std::log(b_T) - (s + 1) * std::log(b_T + tau) + log_nb_const +
               (k > 0 ? k * std::log(tau) : 0.0) - (P + k) * std::log(a_T + tau);
    };
    const double A = P + s + 1, B = P * b_T + (s + 1 - k) * a_T, C = k * a_T * b_T;
    const double mode = std::clamp(2 * C / (B + std::sqrt(B * B + 4 * A * C)), 0.0, t);  // stable root form
    const double peak = log_h(k > 0 ? std::max(mode, 1e-300) : mode);
    double died = 0;
    if (std::isfinite(peak)) {
        auto f = [&](double tau) { return tau <= 0 && k > 0 ? 0.0 : std::exp(log_h(tau) - peak); };
        try {
            // Split at the mode so each half is monotone; 10 levels of 61-point Gauss-Kronrod.
            using GK = bm::quadrature::gauss_kronrod<double, 61>;
            double v = 0;
            if (mode > 0) v += GK::integrate(f, 0.0, mode, 10, 1e-12);
            if (mode < t) v += GK::integrate(f, mode, t, 10, 1e-12);
            died = v * std::exp(peak);
        } catch (const std::exception&) {
            died = kNaN;
        }
    }
    const double given_alive = survive + died;
    return pa * given_alive + (k == 0 ? 1.0 - pa : 0.0);
}

}  // namespace clv::models
