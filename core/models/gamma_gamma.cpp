#include "models/gamma_gamma.hpp"
#include "models/math_policy.hpp"

#include <boost/math/special_functions/gamma.hpp>
#include <boost/math/special_functions/digamma.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <sstream>

namespace clv::models {

namespace bm = boost::math;

namespace {
using Policy = MathPolicy;  // NaN/inf instead of exceptions, no long double (math_policy.hpp)
double lgam(double v) { return bm::lgamma(v, Policy()); }
double psi(double v) { return bm::digamma(v, Policy()); }

double correlation(const std::vector<double>& a, const std::vector<double>& b) {
    const size_t n = a.size();
    if (n < 3) return 0;
    const double ma = std::accumulate(a.begin(), a.end(), 0.0) / n, mb = std::accumulate(b.begin(), b.end(), 0.0) / n;
    double sab = 0, saa = 0, sbb = 0;
    for (size_t i = 0; i < n; ++i) {
        sab += (a[i] - ma) * (b[i] - mb);
        saa += (a[i] - ma) * (a[i] - ma);
        sbb += (b[i] - mb) * (b[i] - mb);
    }
    return saa > 0 && sbb > 0 ? sab / std::sqrt(saa * sbb) : 0;
}
}  // namespace

SpendData spend_data(const std::vector<double>& x, const std::vector<double>& m) {
    // Sorted by x so that functions of px are computed once per distinct x.
    std::vector<std::pair<double, double>> rows;
    SpendData d;
    for (size_t i = 0; i < std::min(x.size(), m.size()); ++i) {
        if (!(x[i] > 0) || !std::isfinite(x[i]) || !std::isfinite(m[i])) continue;
        if (!(m[i] > 0)) {
            ++d.excluded_zero;
            continue;
        }
        rows.emplace_back(x[i], m[i]);
    }
    std::sort(rows.begin(), rows.end());
    d.x.reserve(rows.size());
    d.m.reserve(rows.size());
    for (const auto& r : rows) {
        d.x.push_back(r.first);
        d.m.push_back(r.second);
    }
    d.frequency_spend_correlation = correlation(d.x, d.m);
    return d;
}

SpendData spend_data(const Customers& customers) {
    std::vector<double> x, m;
    for (const CustomerRow& c : customers.rows) {
        x.push_back(c.x);
        m.push_back(c.monetary_value);
    }
    return spend_data(x, m);
}

// log f(m | p, q, γ, x) = lnΓ(px+q) - lnΓ(px) - lnΓ(q) + q ln γ + (px-1) ln m + px ln x - (px+q) ln(γ + m x)
double gamma_gamma_loglik(const SpendData& data, const std::vector<double>& params, std::vector<double>* grad_log) {
    const double p = params[0], q = params[1], g = params[2];
    const double lgam_q = lgam(q), log_g = std::log(g), psi_q = grad_log ? psi(q) : 0;
    double total = 0, gp = 0, gq = 0, gg = 0;
    double cur_x = -1, lg_pxq = 0, lg_px = 0, ps_pxq = 0, ps_px = 0, log_x = 0;
    for (size_t i = 0; i < data.x.size(); ++i) {
        const double x = data.x[i], m = data.m[i];
        if (x != cur_x) {
            cur_x = x;
            lg_pxq = lgam(p * x + q);
            lg_px = lgam(p * x);
            log_x = std::log(x);
            if (grad_log) {
                ps_pxq = psi(p * x + q);
                ps_px = psi(p * x);
            }
        }
        const double log_m = std::log(m), log_gmx = std::log(g + m * x);
        total += lg_pxq - lg_px - lgam_q + q * log_g + (p * x - 1) * log_m + p * x * log_x - (p * x + q) * log_gmx;
        if (grad_log) {
            gp += x * (ps_pxq - ps_px + log_m + log_x - log_gmx);
            gq += ps_pxq - psi_q + log_g - log_gmx;
            gg += q / g - (p * x + q) / (g + m * x);
        }
    }
    if (grad_log) *grad_log = {gp * p, gq * q, gg * g};
    return total;
}

FitResult fit_gamma_gamma(const SpendData& data, const FitOptions& options) {
    LogLikelihood ll;
    ll.analytic_gradient = true;
    ll.customers = static_cast<double>(data.x.size());
    ll.f = [&data](const std::vector<double>& theta, std::vector<double>* grad) {
        return gamma_gamma_loglik(data, {std::exp(theta[0]), std::exp(theta[1]), std::exp(theta[2])}, grad);
    };
    double mean_m = 0;
    for (double m : data.m) mean_m += m;
    mean_m = data.m.empty() ? 1 : mean_m / data.m.size();
    FitResult r = maximise_loglik("gammagamma", {"p", "q", "gamma"}, ll, {1.0, 2.0, std::max(mean_m, 1e-6)}, options);
    if (data.x.size() < 2)
        add_diagnosis(r, FitDiagnosis::too_few_repeat_buyers, "Fewer than two repeat buyers with a positive spend: the spend model cannot be fitted.");
    if (r.at_bound.size() == 3 && (r.at_bound[0] > 0 || r.at_bound[1] > 0 || r.at_bound[2] > 0))
        add_diagnosis(r, FitDiagnosis::spend_degenerate, "Spend per transaction hardly varies within or between customers, so the gamma mixing "
                         "is degenerate; the mean spend is a better guide than this fit.");
    if (r.usable() && r.params[1] <= 1)
        add_diagnosis(r, FitDiagnosis::spend_mean_infinite, "q <= 1: the fitted spend distribution has no finite mean, so expected spend of customers "
                         "without repeat purchases falls back to the observed average.");
    if (std::fabs(data.frequency_spend_correlation) > 0.3) {
        std::ostringstream s;
        s.precision(2);
        s << "Spend and purchase frequency are correlated (r = " << data.frequency_spend_correlation
          << "); the Gamma-Gamma model assumes they are independent, so its spend predictions are biased.";
        add_diagnosis(r, FitDiagnosis::spend_frequency_correlated, s.str());
    }
    if (data.excluded_zero > 0)
        add_diagnosis(r, FitDiagnosis::spend_zero_excluded, std::to_string(data.excluded_zero) +
                             " repeat buyers with a mean repeat value of zero or less were left out of the spend fit.");
    return r;
}

double gamma_gamma_expected_spend(const std::vector<double>& params, double x, double m, double fallback) noexcept {
    const double p = params[0], q = params[1], g = params[2];
    if (x > 0 && m > 0) {
        const double den = p * x + q - 1;
        if (den > 0) return p * (g + m * x) / den;
        return m;
    }
    return q > 1 ? p * g / (q - 1) : fallback;
}

}  // namespace clv::models
