#include "models/fitter.hpp"
#include "models/fit_replay.hpp"

#include <Eigen/Core>
#include <Eigen/Eigenvalues>
#include <LBFGSB.h>

#include <algorithm>
#include <cstring>
#include <cmath>
#include <exception>
#include <numeric>
#include <optional>
#include <sstream>
#include <stdexcept>

namespace clv::models {

// [SECTION] small helpers ----------------------------------------------------------------------

double log_add_exp(double a, double b) {
    if (a == -INFINITY) return b;
    if (b == -INFINITY) return a;
    return a > b ? a + std::log1p(std::exp(b - a)) : b + std::log1p(std::exp(a - b));
}

const char* diagnosis_code_name(FitDiagnosis code) {
    switch (code) {
        case FitDiagnosis::none: return "none";
        case FitDiagnosis::no_customers: return "no_customers";
        case FitDiagnosis::likelihood_not_finite: return "likelihood_not_finite";
        case FitDiagnosis::parameter_at_bound: return "parameter_at_bound";
        case FitDiagnosis::not_converged: return "not_converged";
        case FitDiagnosis::not_identifiable: return "not_identifiable";
        case FitDiagnosis::no_dropout: return "no_dropout";
        case FitDiagnosis::no_rate_heterogeneity: return "no_rate_heterogeneity";
        case FitDiagnosis::one_time_buyers_only: return "one_time_buyers_only";
        case FitDiagnosis::too_few_repeat_buyers: return "too_few_repeat_buyers";
        case FitDiagnosis::spend_degenerate: return "spend_degenerate";
        case FitDiagnosis::spend_mean_infinite: return "spend_mean_infinite";
        case FitDiagnosis::spend_frequency_correlated: return "spend_frequency_correlated";
        case FitDiagnosis::spend_zero_excluded: return "spend_zero_excluded";
        case FitDiagnosis::too_few_periods: return "too_few_periods";
        case FitDiagnosis::one_period_only: return "one_period_only";
        case FitDiagnosis::no_churn: return "no_churn";
    }
    return "unknown";
}

namespace {
bool generic(FitDiagnosis c) {
    return c == FitDiagnosis::parameter_at_bound || c == FitDiagnosis::not_converged ||
           c == FitDiagnosis::not_identifiable;
}
}  // namespace

void add_diagnosis(FitResult& r, FitDiagnosis code, const std::string& sentence) {
    if (sentence.empty() || code == FitDiagnosis::none) return;
    if (!r.diagnosis.empty()) r.diagnosis += ' ';
    r.diagnosis += sentence;
    r.diagnosis_codes.push_back(code);
    if (r.diagnosis_code == FitDiagnosis::none || (generic(r.diagnosis_code) && !generic(code)))
        r.diagnosis_code = code;
}

bool FitResult::usable() const {
    if (params.empty()) return false;
    for (double p : params)
        if (!std::isfinite(p) || p <= 0) return false;
    return std::isfinite(loglik);
}

double FitResult::param(const std::string& name) const {
    for (size_t i = 0; i < names.size() && i < params.size(); ++i)
        if (names[i] == name) return params[i];
    return kNaN;
}

std::function<double(const std::vector<double>&, std::vector<double>*)> whole_sum(
    std::function<std::unique_ptr<PartialLogLikelihood>(const std::vector<double>&, bool)> begin) {
    return [begin = std::move(begin)](const std::vector<double>& theta, std::vector<double>* gradient) {
        const std::unique_ptr<PartialLogLikelihood> sum = begin(theta, gradient != nullptr);
        while (!sum->add(std::numeric_limits<size_t>::max())) {
        }
        return sum->finish(gradient);
    };
}

void numerical_gradient(const LogLikelihood& f, const std::vector<double>& theta, std::vector<double>& gradient) {
    gradient.assign(theta.size(), 0.0);
    std::vector<double> t = theta;
    for (size_t i = 0; i < theta.size(); ++i) {
        const double h = 1e-5;
        t[i] = theta[i] + h;
        const double up = f.f(t, nullptr);
        t[i] = theta[i] - h;
        const double down = f.f(t, nullptr);
        t[i] = theta[i];
        gradient[i] = (up - down) / (2 * h);
    }
}

// [SECTION] the optimiser ------------------------------------------------------------------------

namespace {

void forward_gradient(const LogLikelihood& f, const std::vector<double>& theta, double value, std::vector<double>& g) {
    g.assign(theta.size(), 0.0);
    std::vector<double> t = theta;
    for (size_t i = 0; i < theta.size(); ++i) {
        const double h = 1e-7 * std::max(1.0, std::fabs(theta[i]));
        t[i] = theta[i] + h;
        g[i] = (f.f(t, nullptr) - value) / h;
        t[i] = theta[i];
    }
}

constexpr double kPenalty = 1e10;

// Negative mean log-likelihood for LBFGSpp. A non-finite value (overflow far from the optimum)
// becomes a large finite one with a gradient pointing back towards the origin of log-space,
// so the line search backs off instead of the whole fit failing.
struct BudgetExhausted : std::runtime_error {
    BudgetExhausted() : std::runtime_error("the evaluation budget ran out") {}
};

// Thrown when the line search keeps trying points that are no better than the best one, at a
// point whose gradient is already negligible: the optimum, where round-off (not the model) decides
// the last digits. Without it LBFGSpp tries up to max_linesearch (60) points before it gives up, as
// many likelihood evaluations as the whole descent. Judged like any line-search failure (below):
// by the gradient where it stopped.
struct LineSearchStalled : std::runtime_error {
    LineSearchStalled() : std::runtime_error("the line search stalled at the optimum (round-off)") {}
};
constexpr int kStallEvaluations = 4;     // evaluations without a real improvement
constexpr double kStallGradient = 1e-5;  // on the mean log-likelihood per customer (the test below)

struct Objective {
    const LogLikelihood& ll;
    int budget = 0;  // 0: unlimited
    int evaluations = 0;
    int improvements = 0;  // evaluations that lowered the best value: a count of the steps taken
    double best = INFINITY;
    double best_gradient = INFINITY;  // max |gradient| at the best point
    int stalled = 0;                  // evaluations since the best value last fell by more than round-off
    double operator()(const Eigen::VectorXd& theta, Eigen::VectorXd& grad) {
        const double v = evaluate(theta, grad);
        if (v < best) {
            const bool real = !std::isfinite(best) || v < best - 1e-14 * std::fabs(best);
            best = v;
            best_gradient = grad.lpNorm<Eigen::Infinity>();
            ++improvements;
            stalled = real ? 0 : stalled + 1;
        } else {
            ++stalled;
        }
        if (stalled >= kStallEvaluations && best_gradient < kStallGradient) throw LineSearchStalled();
        return v;
    }
    // The last point evaluated, with the model's own (unscaled) value and gradient: LBFGSpp and the
    // steps after it (the judgement of a stopped search, the log-likelihood at the optimum, the
    // Hessian's centre) ask for it again, and each evaluation is a pass over every customer.
    Eigen::VectorXd last_theta, last_grad;
    double last_value = 0, last_raw = kNaN;
    std::vector<double> last_raw_grad;

    double evaluate(const Eigen::VectorXd& theta, Eigen::VectorXd& grad) {
        if (last_theta.size() == theta.size() && (last_theta.array() == theta.array()).all()) {
            grad = last_grad;
            return last_value;
        }
        const double v = evaluate_new(theta, grad);
        last_theta = theta;
        last_grad = grad;
        last_value = v;
        return v;
    }

    double evaluate_new(const Eigen::VectorXd& theta, Eigen::VectorXd& grad) {
        last_raw = kNaN;
        last_raw_grad.clear();
        if (++evaluations > budget && budget > 0) throw BudgetExhausted();
        std::vector<double> t(theta.data(), theta.data() + theta.size());
        std::vector<double> g(t.size(), 0.0);
        double v;
        if (ll.analytic_gradient) {
            v = ll.f(t, &g);
        } else {
            v = ll.f(t, nullptr);
            // Forward differences during the search (half the evaluations of central ones; their
            // O(h) error only limits the last digits, which the final gradient check and the
            // Hessian, both by central differences, do not rely on).
            if (std::isfinite(v)) forward_gradient(ll, t, v, g);
        }
        last_raw = v;
        if (ll.analytic_gradient) last_raw_grad = g;
        const double scale = 1.0 / std::max(ll.customers, 1.0);
        bool finite_grad = true;
        for (double gi : g) finite_grad = finite_grad && std::isfinite(gi);
        if (std::isfinite(v) && !finite_grad) numerical_gradient(ll, t, g);
        finite_grad = true;
        for (double gi : g) finite_grad = finite_grad && std::isfinite(gi);
        if (!std::isfinite(v) || !finite_grad) {
            // Far outside the region where the likelihood can be evaluated: steer back to the origin.
            for (int i = 0; i < theta.size(); ++i) grad[i] = 2 * theta[i] + (theta[i] >= 0 ? 1e-3 : -1e-3);
            return kPenalty + theta.squaredNorm();
        }
        for (int i = 0; i < theta.size(); ++i) grad[i] = -g[i] * scale;
        return -v * scale;
    }
};

// Hessian of the total log-likelihood in log-parameters, by differences of the gradient: forward
// ones from the gradient at `theta` when it is known (`centre`, analytic gradients only: n
// evaluations instead of 2n; their O(h) error, ~1e-5 relative, is far below what standard errors
// need), else central ones.
Eigen::MatrixXd hessian(const LogLikelihood& ll, const std::vector<double>& theta, const std::vector<double>& centre) {
    const size_t n = theta.size();
    Eigen::MatrixXd H(n, n);
    std::vector<double> t = theta, gu, gd;
    auto grad = [&](const std::vector<double>& at, std::vector<double>& g) {
        if (ll.analytic_gradient) {
            g.assign(n, 0.0);
            ll.f(at, &g);
        } else {
            numerical_gradient(ll, at, g);
        }
    };
    const double h = ll.analytic_gradient ? 1e-5 : 1e-3;
    const bool forward = ll.analytic_gradient && centre.size() == n;
    for (size_t j = 0; j < n; ++j) {
        t[j] = theta[j] + h;
        grad(t, gu);
        if (forward) {
            gd = centre;
        } else {
            t[j] = theta[j] - h;
            grad(t, gd);
        }
        t[j] = theta[j];
        for (size_t i = 0; i < n; ++i) H(i, j) = (gu[i] - gd[i]) / (forward ? h : 2 * h);
    }
    return 0.5 * (H + H.transpose());
}

struct Attempt {
    std::vector<double> theta;
    double value = INFINITY;  // negative mean log-likelihood
    int iterations = 0;
    bool converged = false;
    std::string failure;
    double loglik = kNaN;          // the model's log-likelihood at theta, when it was evaluated there
    std::vector<double> gradient;  // and its analytic gradient (empty when not known)
};

Attempt run(const LogLikelihood& ll, const std::vector<double>& start_theta, const FitOptions& o) {
    Attempt a;
    const int n = static_cast<int>(start_theta.size());
    Eigen::VectorXd theta(n), lb(n), ub(n);
    for (int i = 0; i < n; ++i) {
        theta[i] = std::clamp(start_theta[i], -o.log_bound + 0.5, o.log_bound - 0.5);
        lb[i] = -o.log_bound;
        ub[i] = o.log_bound;
    }
    LBFGSpp::LBFGSBParam<double> param;
    param.epsilon = o.gradient_tolerance;
    param.epsilon_rel = 0;
    param.past = 1;
    param.delta = 1e-14;
    param.max_iterations = o.max_iterations;
    param.max_linesearch = 60;
    Objective obj{ll, o.max_evaluations};
    double fx = 0;
    try {
        LBFGSpp::LBFGSBSolver<double> solver(param);
        a.iterations = solver.minimize(obj, theta, fx, lb, ub);
        a.converged = a.iterations < o.max_iterations;
    } catch (const std::exception& e) {
        // LBFGSpp throws when the line search cannot make progress; that usually happens at the
        // optimum already (round-off), so the point is kept and judged by its gradient below.
        // LBFGSpp does not report its iteration count when it throws: count the improving steps.
        a.failure = e.what();
        a.iterations = std::max(obj.improvements - 1, 0);
        Eigen::VectorXd g(n);
        obj.budget = 0;
        fx = obj.evaluate(theta, g);
        a.converged = g.lpNorm<Eigen::Infinity>() < 1e-5;
    }
    a.theta.assign(theta.data(), theta.data() + n);
    a.value = std::isfinite(fx) ? fx : INFINITY;
    if (obj.last_theta.size() == n && (obj.last_theta.array() == theta.array()).all()) {
        a.loglik = obj.last_raw;
        a.gradient = obj.last_raw_grad;
    }
    return a;
}

// The fit through a pilot (maximise_loglik): LBFGS on the pilot, then quasi-Newton steps on the
// full likelihood starting from the pilot's Hessian at its optimum. Both optima and both
// curvatures differ by the coarsening or sampling only (1M customers, BG/NBD with times rounded to
// ~1/80 of their range: parameters within 1e-3, each step gains about two digits), so 3-6
// evaluations of the full likelihood replace the ~22 of a descent from the start. False when the
// pilot's fit is not clean (not converged, near a bound, curvature not negative definite), a step
// fails to raise the likelihood or the steps do not meet the gradient test: the caller then fits
// as without a pilot.
constexpr int kNewtonSteps = 12;

bool refine_from_pilot(const LogLikelihood& ll, const LogLikelihood& pilot, const std::vector<double>& theta0,
                       const FitOptions& o, Attempt& out) {
    const Attempt p = run(pilot, theta0, o);
    if (!p.converged || !std::isfinite(p.value) || p.value >= kPenalty) return false;
    for (double t : p.theta)
        if (std::fabs(t) > o.log_bound - 1.0) return false;
    const size_t n = theta0.size();
    const Eigen::MatrixXd H = hessian(pilot, p.theta, p.gradient);  // of the pilot's total log-likelihood
    if (!H.allFinite()) return false;
    // (-H)^-1, -H positive definite at a clean maximum; refined after every step by the BFGS
    // update from the step and the change of the full gradient, so that the pilot's sampling or
    // rounding error in the curvature fades instead of limiting every step (a pilot of 5,000
    // Gamma-Gamma buyers gained only ~4x per step without it).
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(-H);
    const double largest_curvature = eig.eigenvalues().cwiseAbs().maxCoeff();
    if (eig.info() != Eigen::Success || !(eig.eigenvalues().minCoeff() > 1e-10 * largest_curvature)) return false;
    Eigen::MatrixXd inverse = eig.eigenvectors() * eig.eigenvalues().cwiseInverse().asDiagonal() * eig.eigenvectors().transpose();
    std::vector<double> theta = p.theta, g(n), previous_theta, previous_g;
    double value = -INFINITY;
    for (int step = 0; step < kNewtonSteps; ++step) {
        g.assign(n, 0.0);
        const double v = ll.f(theta, &g);
        bool finite = std::isfinite(v);
        double largest_gradient = 0;
        for (double gi : g) finite = finite && std::isfinite(gi), largest_gradient = std::max(largest_gradient, std::fabs(gi));
        if (!finite || v < value - 1e-12 * std::fabs(value)) return false;  // a step that lowered it
        value = v;
        if (largest_gradient / std::max(ll.customers, 1.0) < o.gradient_tolerance) {  // LBFGS's test
            out.theta = theta;
            out.value = -v / std::max(ll.customers, 1.0);
            out.iterations = p.iterations + step;
            out.converged = true;
            out.loglik = v;
            out.gradient = g;
            return true;
        }
        if (!previous_theta.empty()) {  // BFGS: s the step, y the fall of the gradient along it (−H s)
            Eigen::VectorXd sv(static_cast<Eigen::Index>(n)), yv(static_cast<Eigen::Index>(n));
            for (size_t i = 0; i < n; ++i) {
                sv[static_cast<Eigen::Index>(i)] = theta[i] - previous_theta[i];
                yv[static_cast<Eigen::Index>(i)] = previous_g[i] - g[i];
            }
            const double ys = yv.dot(sv);
            if (ys > 0) {
                const Eigen::MatrixXd I = Eigen::MatrixXd::Identity(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(n));
                const Eigen::MatrixXd left = I - sv * yv.transpose() / ys;
                inverse = left * inverse * left.transpose() + sv * sv.transpose() / ys;
            }
        }
        previous_theta = theta;
        previous_g = g;
        for (size_t i = 0; i < n; ++i) {
            for (size_t j = 0; j < n; ++j) theta[i] += inverse(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) * g[j];
            if (!(std::fabs(theta[i]) < o.log_bound)) return false;
        }
    }
    return false;
}

std::string fmt(double v) {
    std::ostringstream s;
    s.precision(4);
    s << v;
    return s.str();
}

}  // namespace

FitResult maximise_loglik(const std::string& model, const std::vector<std::string>& names, const LogLikelihood& model_ll,
                          const std::vector<double>& start, const FitOptions& options, const LogLikelihood* model_pilot) {
    LogLikelihood ll = model_ll;
    std::optional<LogLikelihood> pilot;
    if (model_pilot && model_pilot->analytic_gradient && model_ll.analytic_gradient) pilot = *model_pilot;
    if (options.replay) {
        FitReplay* replay = options.replay;
        ll.f = [&model_ll, replay](const std::vector<double>& theta, std::vector<double>* gradient) {
            return replay->evaluate(model_ll, theta, gradient);
        };
        if (pilot)  // the pilot's evaluations are recorded in the same sequence as the others
            pilot->f = [model_pilot, replay](const std::vector<double>& theta, std::vector<double>* gradient) {
                return replay->evaluate(*model_pilot, theta, gradient);
            };
    }
    FitResult r;
    r.model = model;
    r.names = names;
    r.n_customers = ll.customers;
    const size_t n = names.size();
    r.params.assign(n, kNaN);
    r.se.assign(n, kNaN);
    r.at_bound.assign(n, 0);
    if (ll.customers <= 0) {
        add_diagnosis(r, FitDiagnosis::no_customers, "There are no customers to fit.");
        return r;
    }
    const std::vector<double>& from = options.start.size() == n ? options.start : start;
    std::vector<double> theta0(n);
    for (size_t i = 0; i < n; ++i) theta0[i] = std::log(from[i] > 0 && std::isfinite(from[i]) ? from[i] : 1.0);

    // Through the pilot, when there is one and it works. Else first from the model's start, then
    // (if that did not converge cleanly) from all ones, keeping the better end point: the
    // likelihoods here have at most one interior optimum, but a bad start can stall on a plateau
    // far from it.
    Attempt best;
    const bool through_pilot = pilot && refine_from_pilot(ll, *pilot, theta0, options, best);
    if (!through_pilot) {
        best = run(ll, theta0, options);
        if (!best.converged || !std::isfinite(best.value)) {
            Attempt other = run(ll, std::vector<double>(n, 0.0), options);
            if (other.value < best.value - 1e-12 || (!best.converged && other.converged && other.value <= best.value + 1e-9))
                best = other;
        }
    }
    r.iterations = best.iterations;
    r.converged = best.converged && std::isfinite(best.value) && best.value < kPenalty;
    std::vector<double> value_grad;
    const double ll_value = std::isnan(best.loglik) ? ll.f(best.theta, nullptr) : best.loglik;
    r.loglik = ll_value;
    for (size_t i = 0; i < n; ++i) {
        r.params[i] = std::exp(best.theta[i]);
        if (best.theta[i] <= -options.log_bound + 1.0) r.at_bound[i] = -1;
        if (best.theta[i] >= options.log_bound - 1.0) r.at_bound[i] = 1;
    }
    if (!std::isfinite(r.loglik)) {
        r.converged = false;
        add_diagnosis(r, FitDiagnosis::likelihood_not_finite, "The likelihood could not be evaluated at any trial point (overflow or empty data).");
        return r;
    }
    bool any_bound = false;
    for (size_t i = 0; i < n; ++i) {
        if (r.at_bound[i] == 0) continue;
        any_bound = true;
        add_diagnosis(r, FitDiagnosis::parameter_at_bound, "Parameter " + names[i] + " ran to " + (r.at_bound[i] < 0 ? "zero" : "infinity") + " (" +
                             fmt(r.params[i]) + "): the maximum likelihood lies on the boundary.");
    }
    if (!r.converged)
        add_diagnosis(r, FitDiagnosis::not_converged, "The optimiser stopped after " + std::to_string(r.iterations) +
                             " iterations without meeting its convergence test" +
                             (best.failure.empty() ? std::string(".") : " (" + best.failure + ")."));

    if (options.standard_errors) {
        const Eigen::MatrixXd H = -hessian(ll, best.theta, best.gradient);  // observed information in log-space
        bool finite = H.allFinite();
        Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig;
        if (finite) eig.compute(H);
        const double largest = finite ? eig.eigenvalues().cwiseAbs().maxCoeff() : 0;
        if (!finite || eig.eigenvalues().minCoeff() <= 1e-10 * std::max(largest, 1e-300)) {
            r.identifiable = false;
            if (!any_bound)
                add_diagnosis(r, FitDiagnosis::not_identifiable, "The likelihood is flat in some direction at the optimum: these data cannot tell "
                                 "some parameters apart, so standard errors are not available.");
        } else {
            const Eigen::MatrixXd cov = eig.eigenvectors() * eig.eigenvalues().cwiseInverse().asDiagonal() *
                                        eig.eigenvectors().transpose();
            r.covariance.assign(cov.data(), cov.data() + n * n);
            for (size_t i = 0; i < n; ++i) r.se[i] = r.params[i] * std::sqrt(std::max(cov(i, i), 0.0));
        }
    }
    return r;
}

}  // namespace clv::models
