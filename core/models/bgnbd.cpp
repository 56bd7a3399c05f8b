// BG/NBD and its modified form: likelihood, analytic gradient and the conditional predictions.
// Equation numbers refer to Fader, Hardie & Lee (2005), Marketing Science 24(2), 275-284, and,
// for the MBG/NBD, Batislam, Denizel & Filiztekin (2007), IJRM 24(3), 201-209.
#include "models/bgnbd.hpp"
#include "models/beta_expectation.hpp"
#include "models/math_policy.hpp"

#include <boost/math/special_functions/gamma.hpp>
#include <boost/math/special_functions/expm1.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/digamma.hpp>
#include <boost/math/special_functions/hypergeometric_pFq.hpp>
#include <boost/math/quadrature/tanh_sinh.hpp>

#include <algorithm>
#include <cmath>
#include <exception>
#include <memory>

namespace clv::models {

namespace bm = boost::math;

namespace {

// Boost.Math reports domain/overflow problems as NaN/inf instead of throwing.
using Policy = MathPolicy;  // NaN/inf instead of exceptions, no long double (math_policy.hpp)

double lgam(double v) { return bm::lgamma(v, Policy()); }
double psi(double v) { return bm::digamma(v, Policy()); }
double lbeta(double a, double b) { return lgam(a) + lgam(b) - lgam(a + b); }

// Posterior second shape of the dropout probability given x repeat purchases while alive.
double posterior_b(double b, double x, bool modified) { return b + x + (modified ? 1.0 : 0.0); }

}  // namespace

namespace detail {

// [SECTION] likelihood
// FHL 2005 eq. 6:  L = Γ(r+x) α^r / Γ(r) · B(a, b+x)/B(a, b)
//                      · [ (α+T)^-(r+x) + δ(x>0) · a/(b+x-1) · (α+t_x)^-(r+x) ]
// MBG/NBD (Batislam et al. 2007, eq. 5): B(a, b+x+1) and a/(b+x), for every x including 0.
// Both as  A1 + A2 + log(exp(A3) + exp(A4)), lifetimes' decomposition.
namespace {

// The sum over the rows, resumable (PartialLogLikelihood): every running total and the per-x
// cache are members, so a sum split into parts adds exactly what one loop would.
class BgFamilySum final : public PartialLogLikelihood {
public:
    BgFamilySum(const RfmData& data, const std::vector<double>& params, bool gradient, bool modified)
        : data_(data), modified_(modified), want_grad_(gradient), r_(params[0]), alpha_(params[1]), a_(params[2]),
          b_(params[3]) {
        log_alpha_ = std::log(alpha_), log_a_ = std::log(a_);
        // Functions of t_x and T: one per distinct time, not per row.
        log_at_.resize(data.times.size());
        inv_at_.resize(data.times.size());
        for (size_t i = 0; i < data.times.size(); ++i) {
            log_at_[i] = std::log(alpha_ + data.times[i]);
            inv_at_[i] = 1.0 / (alpha_ + data.times[i]);
        }
        lgam_r_ = lgam(r_), psi_r_ = psi(r_), lbeta_ab_ = lbeta(a_, b_), psi_ab_ = psi(a_ + b_), psi_b_ = psi(b_);
    }

    bool add(size_t rows) override {
        const size_t end = data_.rows.size() - next_ < rows ? data_.rows.size() : next_ + rows;
        const double r = r_, alpha = alpha_, a = a_;
        for (; next_ < end; ++next_) {
            const RfmRow& row = data_.rows[next_];
            if (row.x != cur_x_) {  // rows are sorted by x: functions of x change rarely
                cur_x_ = row.x;
                B_ = posterior_b(b_, cur_x_, modified_);
                A12_ = lgam(r + cur_x_) - lgam_r_ + r * log_alpha_ + lbeta(a, B_) - lbeta_ab_;
                log_ratio0_ = log_a_ - std::log(B_ - 1.0);
                if (want_grad_) {
                    psi_rx_ = psi(r + cur_x_);
                    psi_B_ = psi(B_);
                    psi_aB_ = psi(a + B_);
                }
            }
            const double k = r + row.x;
            const double A3 = -k * log_at_[row.T_index];
            double ll, w = 0;  // w: weight of the "dropped out after the last purchase" term
            if (row.x > 0 || modified_) {
                const double d = log_ratio0_ + k * (log_at_[row.T_index] - log_at_[row.t_x_index]);  // A4 - A3
                if (d > 0) {
                    const double e = std::exp(-d);
                    ll = A3 + d + std::log1p(e);
                    w = 1.0 / (1.0 + e);
                } else {
                    const double e = std::exp(d);
                    ll = A3 + std::log1p(e);
                    w = e / (1.0 + e);
                }
            } else {
                ll = A3;
            }
            total_ += row.n * (A12_ + ll);
            if (want_grad_) {
                const double n = row.n;
                gr_ += n * (psi_rx_ - psi_r_ + log_alpha_ - (1 - w) * log_at_[row.T_index] - w * log_at_[row.t_x_index]);
                galpha_ += n * (r / alpha - k * ((1 - w) * inv_at_[row.T_index] + w * inv_at_[row.t_x_index]));
                ga_ += n * (psi_ab_ - psi_aB_ + w / a);
                gb_ += n * (psi_B_ - psi_aB_ - psi_b_ + psi_ab_ - (w > 0 ? w / (B_ - 1.0) : 0.0));
            }
        }
        return next_ == data_.rows.size();
    }

    double finish(std::vector<double>* grad_log) override {
        if (grad_log && want_grad_) *grad_log = {gr_ * r_, galpha_ * alpha_, ga_ * a_, gb_ * b_};  // chain rule to log-parameters
        return total_;
    }

private:
    const RfmData& data_;
    const bool modified_, want_grad_;
    const double r_, alpha_, a_, b_;
    double log_alpha_ = 0, log_a_ = 0, lgam_r_ = 0, psi_r_ = 0, lbeta_ab_ = 0, psi_ab_ = 0, psi_b_ = 0;
    std::vector<double> log_at_, inv_at_;
    size_t next_ = 0;
    double total_ = 0, gr_ = 0, galpha_ = 0, ga_ = 0, gb_ = 0;
    double cur_x_ = -1, A12_ = 0, log_ratio0_ = 0, psi_rx_ = 0, psi_B_ = 0, psi_aB_ = 0, B_ = 0;
};

}  // namespace

std::unique_ptr<PartialLogLikelihood> bg_family_sum(const RfmData& data, const std::vector<double>& params, bool gradient,
                                                    bool modified) {
    return std::make_unique<BgFamilySum>(data, params, gradient, modified);
}

double bg_family_loglik(const RfmData& data, const std::vector<double>& params, std::vector<double>* grad_log,
                        bool modified) {
    BgFamilySum sum(data, params, grad_log != nullptr, modified);
    sum.add(data.rows.size());
    return sum.finish(grad_log);
}

// [SECTION] predictions
// FHL 2005 eq. 11 (BG/NBD) and Batislam et al. eq. 13 (MBG/NBD):
//   P(alive) = 1 / (1 + δ · a/(B-1) · ((α+T)/(α+t_x))^(r+x)),  δ = (x>0) for BG/NBD, 1 for MBG/NBD.
double bg_family_p_alive(const std::vector<double>& params, double x, double t_x, double T, bool modified) {
    const double r = params[0], alpha = params[1], a = params[2], b = params[3];
    if (x <= 0 && !modified) return 1.0;
    const double B = posterior_b(b, x, modified);
    const double lr = std::log(a) - std::log(B - 1.0) + (r + x) * (std::log(alpha + T) - std::log(alpha + t_x));
    return lr > 0 ? std::exp(-lr) / (1.0 + std::exp(-lr)) : 1.0 / (1.0 + std::exp(lr));
}

std::vector<double> bg_family_p_alive_rows(const RfmData& data, const std::vector<double>& params, bool modified) {
    const double r = params[0], alpha = params[1], a = params[2], b = params[3];
    std::vector<double> log_at(data.times.size());
    for (size_t i = 0; i < data.times.size(); ++i) log_at[i] = std::log(alpha + data.times[i]);
    std::vector<double> out(data.rows.size());
    double cur_x = -1, lead = 0;  // log(a / (B-1)), per distinct x
    for (size_t i = 0; i < data.rows.size(); ++i) {
        const RfmRow& row = data.rows[i];
        if (row.x <= 0 && !modified) {
            out[i] = 1.0;
            continue;
        }
        if (row.x != cur_x) {
            cur_x = row.x;
            lead = std::log(a) - std::log(posterior_b(b, cur_x, modified) - 1.0);
        }
        const double lr = lead + (r + row.x) * (log_at[row.T_index] - log_at[row.t_x_index]);
        out[i] = lr > 0 ? std::exp(-lr) / (1.0 + std::exp(-lr)) : 1.0 / (1.0 + std::exp(lr));
    }
    return out;
}

namespace {

// E[Y(t) | alive, x, T] as an integral over the posterior dropout probability p ~ Beta(a, B):
// given λ ~ Gamma(r+x, α+T) and p, E[Y(t)] = (1 - E[exp(-λ p t)]) / p. Used where the closed form
// below is singular (a ≈ 1, or c near a non-positive integer). Boost's tanh-sinh rule copes with
// the integrable endpoint singularities of the beta density.
double expected_given_alive_quadrature(double r, double alpha, double a, double B, double x, double T, double t) {
    const double k = r + x, u = t / (alpha + T), lb = lbeta(a, B);
    // First a Gauss–Jacobi rule with the Beta weight built in (beta_expectation.hpp): g below is
    // analytic on [0, 1] with its nearest singularity at p = -1/u, which sets how many nodes give
    // ~1e-12 (Bernstein ellipse through the mapped singularity x = -1 - 2/u). Tanh-sinh only when
    // the rule's own n / 2n check fails (heavy buyers: (1 + p·u)^-k varies too fast).
    const double xs = 1 + 2 / u;
    const double log_rho = std::log(xs + std::sqrt(xs * xs - 1));
    const int n = static_cast<int>(std::clamp(std::ceil(14 / log_rho), 8.0, 128.0));
    const double gj = beta_expectation(a, B, [&](double p) {
        return p > 0 ? -std::expm1(-k * std::log1p(p * u)) / p : k * u;  // the limit k·u at p = 0
    }, n);
    if (std::isfinite(gj)) return gj;
    auto f = [&](double p) {
        if (p <= 0 || p >= 1) return 0.0;
        const double g = -std::expm1(-k * std::log1p(p * u)) / p;
        return g * std::exp((a - 1) * std::log(p) + (B - 1) * std::log1p(-p) - lb);
    };
    try {
        bm::quadrature::tanh_sinh<double> integrator;
        return integrator.integrate(f, 0.0, 1.0);
    } catch (const std::exception&) {
        return kNaN;
    }
}

}  // namespace

// FHL 2005 eq. 10 without its denominator (which is 1/P(alive)):
//   E[Y(t) | alive] = (a+B-1)/(a-1) · [1 - ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, B; a+B-1; z)],  z = t/(α+T+t).
// Euler's transformation 2F1(A,Bh;C;z) = (1-z)^(C-A-Bh) 2F1(C-A, C-Bh; C; z) turns the product into
//   (1-z)^(a-1) · 2F1(a+B-1-r-x, a-1; a+B-1; z),
// whose upper parameters stay small for any x: no overflow for heavy buyers.
double bg_family_expected_given_alive(const std::vector<double>& params, double t, double x, double T,
                                      bool modified) {
    const double r = params[0], alpha = params[1], a = params[2], b = params[3];
    if (!(t > 0)) return 0.0;
    const double B = posterior_b(b, x, modified);
    const double c = a + B - 1.0;
    const double z = t / (alpha + T + t);
    const double log1m_z = std::log(alpha + T) - std::log(alpha + T + t);
    double am1 = a - 1.0;
    if (c < 0.5 || std::fabs(am1) < 1e-7) return expected_given_alive_quadrature(r, alpha, a, B, x, T, t);
    double F;
    try {
        F = bm::hypergeometric_pFq({c - r - x, am1}, {c}, z, static_cast<double*>(nullptr), Policy());
    } catch (const std::exception&) {
        F = kNaN;
    }
    if (!std::isfinite(F) || F <= 0) return expected_given_alive_quadrature(r, alpha, a, B, x, T, t);
    // 1 - (1-z)^(a-1) F, accurate when a is close to 1.
    const double bracket = -std::expm1(am1 * log1m_z + std::log(F));
    return c / am1 * bracket;
}

// Given alive at T with λ ~ Gamma(r+x, α+T) and p ~ Beta(a, B): the count N(t) of purchase
// opportunities is negative binomial with q = (α+T)/(α+T+t). Exactly k purchases happen when the
// customer survives k purchases and N(t) = k, or survives k-1, drops out at the k-th and N(t) >= k.
double bg_family_prob_given_alive(const std::vector<double>& params, int k, double t, double x, double T,
                                  bool modified) {
    const double r = params[0], alpha = params[1], a = params[2], b = params[3];
    if (k < 0) return 0.0;
    const double B = posterior_b(b, x, modified);
    const double rx = r + x;
    const double log_q = std::log(alpha + T) - std::log(alpha + T + t);
    const double log_1mq = std::log(t) - std::log(alpha + T + t);
    if (!(t > 0)) return k == 0 ? 1.0 : 0.0;
    // P(N = k) = Γ(rx+k)/(Γ(rx) k!) q^rx (1-q)^k
    const double log_nb = lgam(rx + k) - lgam(rx) - lgam(k + 1.0) + rx * log_q + k * log_1mq;
    if (k == 0) return std::exp(log_nb);
    const double survive_k = std::exp(lbeta(a, B + k) - lbeta(a, B));
    const double drop_at_k = std::exp(lbeta(a + 1.0, B + k - 1.0) - lbeta(a, B));
    // P(N >= k) = I_{1-q}(k, rx), the regularised incomplete beta function.
    const double tail = bm::ibeta(static_cast<double>(k), rx, t / (alpha + T + t), Policy());
    return survive_k * std::exp(log_nb) + drop_at_k * tail;
}

FitResult bg_family_fit(const RfmData& data, const FitOptions& options, bool modified) {
    // The likelihood at log-parameters, summable in parts (FitReplay spreads it over frames).
    const auto summed = [modified](const RfmData& d) {
        LogLikelihood ll;
        ll.analytic_gradient = true;
        ll.customers = d.customers;
        ll.rows = d.rows.size();
        ll.begin = [&d, modified](const std::vector<double>& theta, bool gradient) {
            std::vector<double> p(4);
            for (int i = 0; i < 4; ++i) p[i] = std::exp(theta[i]);
            return bg_family_sum(d, p, gradient, modified);
        };
        ll.f = whole_sum(ll.begin);
        return ll;
    };
    const LogLikelihood ll = summed(data);
    // Start from a moment-style guess: r/α near the mean repeat rate.
    double mean_rate = 0, n = 0;
    for (const RfmRow& row : data.rows) {
        if (row.T > 0) mean_rate += row.n * row.x / row.T;
        n += row.n;
    }
    mean_rate = n > 0 ? mean_rate / n : 0;
    const double alpha0 = mean_rate > 0 ? std::clamp(1.0 / mean_rate, 1e-3, 1e6) : 1.0;
    // Through the pilot that the compression attached (large data only).
    const std::shared_ptr<const RfmData> coarse = data.pilot;
    LogLikelihood pilot;
    if (coarse && !coarse->rows.empty()) {
        pilot = summed(*coarse);
        pilot.customers = ll.customers;
    }
    FitResult r = maximise_loglik(modified ? "mbgnbd" : "bgnbd", {"r", "alpha", "a", "b"}, ll,
                                  {1.0, alpha0, 1.0, 1.0}, options, pilot.f ? &pilot : nullptr);
    // What the boundary means in this model.
    // On the boundary, or so close that the difference does not matter: a mean dropout probability
    // per purchase below 1 in 10,000, or a purchase rate with a coefficient of variation 1/sqrt(r)
    // below 3% (r and α in the thousands).
    const bool no_dropout = r.usable() && r.params[2] / (r.params[2] + r.params[3]) < 1e-4;
    const bool no_heterogeneity = r.usable() && r.params[0] > 1e3 && r.params[1] > 1e3;
    if (r.at_bound.size() == 4 && (r.at_bound[2] < 0 || r.at_bound[3] > 0 || no_dropout))
        add_diagnosis(r, FitDiagnosis::no_dropout, "Nobody seems to drop out: the dropout probability p ~ Beta(a, b) collapsed to zero "
                         "(a -> 0 or b -> infinity). The data look like a population that keeps buying at a "
                         "steady rate; P(alive) is then close to 1 for everybody and the model reduces to the NBD.");
    if (r.at_bound.size() == 4 && (r.at_bound[0] > 0 || r.at_bound[1] > 0 || no_heterogeneity))
        add_diagnosis(r, FitDiagnosis::no_rate_heterogeneity, "The purchase rates show no heterogeneity (r and alpha -> infinity with r/alpha fixed): "
                         "every customer buys at about the same rate.");
    if (data.max_x == 0 && data.customers > 0)
        add_diagnosis(r, FitDiagnosis::one_time_buyers_only, "Nobody made a repeat purchase, so the purchase rate and the dropout process cannot be "
                         "told apart; the parameters are not identifiable.");
    return r;
}

}  // namespace detail

// [SECTION] BG/NBD entry points

FitResult fit_bgnbd(const RfmData& data, const FitOptions& options) { return detail::bg_family_fit(data, options, false); }

double bgnbd_loglik(const RfmData& data, const std::vector<double>& params, std::vector<double>* grad_log) {
    return detail::bg_family_loglik(data, params, grad_log, false);
}

double bgnbd_p_alive(const std::vector<double>& params, double x, double t_x, double T) {
    return detail::bg_family_p_alive(params, x, t_x, T, false);
}

double bgnbd_expected_purchases(const std::vector<double>& params, double t, double x, double t_x, double T) {
    return bgnbd_p_alive(params, x, t_x, T) * detail::bg_family_expected_given_alive(params, t, x, T, false);
}

double bgnbd_prob_purchases(const std::vector<double>& params, int k, double t, double x, double t_x, double T) {
    const double pa = bgnbd_p_alive(params, x, t_x, T);
    return pa * detail::bg_family_prob_given_alive(params, k, t, x, T, false) + (k == 0 ? 1.0 - pa : 0.0);
}

}  // namespace clv::models
