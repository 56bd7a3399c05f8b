#include "models/sbg.hpp"
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

std::vector<std::string> split_csv(const std::string& line) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : line) {
        if (c == ',') {
            out.push_back(cur);
            cur.clear();
        } else if (c != '\r' && c != '"') {
            cur += c;
        }
    }
    out.push_back(cur);
    return out;
}
}  // namespace

bool parse_survival_table(const std::string& text, std::vector<SurvivalCohort>& cohorts, std::string& error) {
    std::istringstream in(text);
    std::string line;
    cohorts.clear();
    int line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        const std::vector<std::string> f = split_csv(line);
        if (cohorts.empty()) {
            if (f.size() < 2) {
                error = "line 1: expected period,cohort1[,cohort2...]";
                return false;
            }
            for (size_t i = 1; i < f.size(); ++i) cohorts.push_back({f[i], {}});
            continue;
        }
        if (f.size() != cohorts.size() + 1) {
            error = "line " + std::to_string(line_no) + ": expected " + std::to_string(cohorts.size() + 1) + " fields";
            return false;
        }
        for (size_t i = 1; i < f.size(); ++i) {
            char* end = nullptr;
            const double v = std::strtod(f[i].c_str(), &end);
            if (end == f[i].c_str() || v < 0 || !std::isfinite(v)) {
                error = "line " + std::to_string(line_no) + ": '" + f[i] + "' is not a count";
                return false;
            }
            std::vector<double>& a = cohorts[i - 1].active;
            if (!a.empty() && v > a.back()) {
                error = "line " + std::to_string(line_no) + ": cohort " + cohorts[i - 1].name +
                        " grows from " + std::to_string(a.back()) + " to " + f[i] + "; survivors can only decrease";
                return false;
            }
            a.push_back(v);
        }
    }
    if (cohorts.empty() || cohorts[0].active.size() < 2) {
        error = "needs a header and at least two periods (0 and 1)";
        return false;
    }
    return true;
}

// eq. 5: P(T = t) = B(α+1, β+t-1) / B(α, β)
double sbg_churn_probability(const std::vector<double>& params, int t) {
    return std::exp(lbeta(params[0] + 1, params[1] + t - 1) - lbeta(params[0], params[1]));
}
// eq. 6: S(t) = B(α, β+t) / B(α, β)
double sbg_survival(const std::vector<double>& params, int t) {
    return std::exp(lbeta(params[0], params[1] + t) - lbeta(params[0], params[1]));
}
double sbg_retention_rate(const std::vector<double>& params, int t) {
    return (params[1] + t - 1) / (params[0] + params[1] + t - 1);
}

// eq. 7: LL = Σ_{t=1}^{k} (n_{t-1} - n_t) ln P(T=t) + n_k ln S(k)
double sbg_loglik(const SurvivalCohort& cohort, int periods, const std::vector<double>& params) {
    const double a = params[0], b = params[1], lb = lbeta(a, b);
    double ll = 0;
    for (int t = 1; t <= periods; ++t) {
        const double lost = cohort.active[t - 1] - cohort.active[t];
        if (lost > 0) ll += lost * (lbeta(a + 1, b + t - 1) - lb);
    }
    if (cohort.active[periods] > 0) ll += cohort.active[periods] * (lbeta(a, b + periods) - lb);
    return ll;
}

FitResult fit_sbg(const SurvivalCohort& cohort, int periods, const FitOptions& options) {
    const int available = static_cast<int>(cohort.active.size()) - 1;
    if (periods <= 0 || periods > available) periods = available;
    LogLikelihood ll;
    ll.analytic_gradient = false;
    ll.customers = cohort.active.empty() ? 0 : cohort.active[0];
    ll.f = [&cohort, periods](const std::vector<double>& theta, std::vector<double>*) {
        return sbg_loglik(cohort, periods, {std::exp(theta[0]), std::exp(theta[1])});
    };
    FitResult r;
    if (periods < 1) {
        r.model = "sbg";
        r.names = {"alpha", "beta"};
        r.params = r.se = {kNaN, kNaN};
        add_diagnosis(r, FitDiagnosis::too_few_periods, "Needs the cohort size and at least one later period.");
        return r;
    }
    r = maximise_loglik("sbg", {"alpha", "beta"}, ll, {1.0, 1.0}, options);
    if (periods < 2 && r.diagnosis.empty())
        add_diagnosis(r, FitDiagnosis::one_period_only, "One period of data cannot separate alpha from beta (only their ratio is identified).");
    if (cohort.active[periods] == cohort.active[0])
        add_diagnosis(r, FitDiagnosis::no_churn, "Nobody in the cohort churned, so the churn probabilities cannot be estimated.");
    return r;
}

}  // namespace clv::models
