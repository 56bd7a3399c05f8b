#include "models/bgbb.hpp"
#include "models/math_policy.hpp"

#include <boost/math/special_functions/gamma.hpp>

#include <cmath>
#include <sstream>

namespace clv::models {

namespace bm = boost::math;

namespace {
using Policy = MathPolicy;  // NaN/inf instead of exceptions, no long double (math_policy.hpp)
double lgam(double v) { return bm::lgamma(v, Policy()); }
double lbeta(double a, double b) { return lgam(a) + lgam(b) - lgam(a + b); }
}  // namespace

bool parse_bgbb_table(const std::string& text, std::vector<BgbbRow>& rows, std::string& error) {
    std::istringstream in(text);
    std::string line;
    int line_no = 0;
    rows.clear();
    while (std::getline(in, line)) {
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        if (line_no == 1 && line.find_first_of("0123456789") != 0) continue;  // header
        BgbbRow r;
        char c1 = 0, c2 = 0, c3 = 0;
        std::istringstream f(line);
        if (!(f >> r.x >> c1 >> r.t_x >> c2 >> r.n) || c1 != ',' || c2 != ',') {
            error = "line " + std::to_string(line_no) + ": expected frequency,recency,periods[,weights]: '" + line + "'";
            return false;
        }
        if (f >> c3) {
            if (c3 != ',' || !(f >> r.weight)) {
                error = "line " + std::to_string(line_no) + ": cannot read the weight: '" + line + "'";
                return false;
            }
        }
        if (r.x < 0 || r.t_x < r.x || r.t_x > r.n || r.weight < 0 || r.x != std::floor(r.x) || r.n != std::floor(r.n) ||
            (r.x == 0 && r.t_x != 0)) {
            error = "line " + std::to_string(line_no) +
                    ": needs 0 <= frequency <= recency <= periods (recency 0 when frequency is 0): '" + line + "'";
            return false;
        }
        rows.push_back(r);
    }
    if (rows.empty()) error = "no data rows";
    return !rows.empty();
}

// FHS 2010 eq. 5:
//   L = B(α+x, β+n-x)/B(α,β) · B(γ, δ+n)/B(γ,δ)
//     + Σ_{i=0}^{n-t_x-1} B(α+x, β+t_x-x+i)/B(α,β) · B(γ+1, δ+t_x+i)/B(γ,δ)
double bgbb_loglik_one(const std::vector<double>& params, double x, double t_x, double n) {
    const double a = params[0], b = params[1], g = params[2], d = params[3];
    const double lb_ab = lbeta(a, b), lb_gd = lbeta(g, d);
    double ll = lbeta(a + x, b + n - x) - lb_ab + lbeta(g, d + n) - lb_gd;
    for (double i = 0; i <= n - t_x - 1; ++i)
        ll = log_add_exp(ll, lbeta(a + x, b + t_x - x + i) - lb_ab + lbeta(g + 1, d + t_x + i) - lb_gd);
    return ll;
}

double bgbb_loglik(const std::vector<BgbbRow>& rows, const std::vector<double>& params) {
    double total = 0;
    for (const BgbbRow& r : rows) total += r.weight * bgbb_loglik_one(params, r.x, r.t_x, r.n);
    return total;
}

FitResult fit_bgbb(const std::vector<BgbbRow>& rows, const FitOptions& options) {
    LogLikelihood ll;
    ll.analytic_gradient = false;
    for (const BgbbRow& r : rows) ll.customers += r.weight;
    ll.customers = std::max(ll.customers - 1.0, 0.0);  // the struct starts at 1
    ll.f = [&rows](const std::vector<double>& theta, std::vector<double>*) {
        return bgbb_loglik(rows, {std::exp(theta[0]), std::exp(theta[1]), std::exp(theta[2]), std::exp(theta[3])});
    };
    FitResult r = maximise_loglik("bgbb", {"alpha", "beta", "gamma", "delta"}, ll, {1.0, 1.0, 1.0, 1.0}, options);
    if (r.at_bound.size() == 4 && (r.at_bound[2] < 0 || r.at_bound[3] > 0))
        add_diagnosis(r, FitDiagnosis::no_dropout, "Nobody seems to drop out: the dropout probability theta ~ Beta(gamma, delta) collapsed "
                         "to zero (gamma -> 0 or delta -> infinity).");
    return r;
}

// FHS 2010 eq. 11: P(alive at n+1) = B(α+x, β+n-x)/B(α,β) · B(γ, δ+n+1)/B(γ,δ) / L.
double bgbb_p_alive(const std::vector<double>& params, double x, double t_x, double n) {
    const double a = params[0], b = params[1], g = params[2], d = params[3];
    const double l = lbeta(a + x, b + n - x) - lbeta(a, b) + lbeta(g, d + n + 1) - lbeta(g, d);
    return std::exp(l - bgbb_loglik_one(params, x, t_x, n));
}

// FHS 2010 eq. 13:
//   E = 1/L · B(α+x+1, β+n-x)/B(α,β) · δ/(γ-1) · Γ(γ+δ)/Γ(1+δ)
//         · [Γ(1+δ+n)/Γ(γ+δ+n) - Γ(1+δ+n+n*)/Γ(γ+δ+n+n*)]
// The factor δ/(γ-1)·[…] is written as a sum over the n* opportunities when γ is near 1:
//   Σ_{i=1}^{n*} Γ(γ+δ)/Γ(δ) · Γ(δ+n+i)/Γ(γ+δ+n+i) (probability alive at opportunity n+i).
double bgbb_expected_purchases(const std::vector<double>& params, double n_star, double x, double t_x, double n) {
    const double a = params[0], b = params[1], g = params[2], d = params[3];
    const double log_l = bgbb_loglik_one(params, x, t_x, n);
    const double lead = lbeta(a + x + 1, b + n - x) - lbeta(a, b) - log_l;
    double sum = 0;
    for (double i = 1; i <= n_star; ++i)
        sum += std::exp(lgam(g + d) - lgam(d) + lgam(d + n + i) - lgam(g + d + n + i));
    return std::exp(lead) * sum;
}

}  // namespace clv::models
