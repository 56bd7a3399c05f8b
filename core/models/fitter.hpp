// The shared maximum-likelihood fitter of every model in core/models (one model per file, as in
// lifetimes' fitters/): the model supplies a log-likelihood over its parameters on the log scale
// (so every parameter stays positive), the fitter owns the optimisation (L-BFGS-B from LBFGSpp on
// the log-parameters, within wide bounds so a run-away parameter stops at a wall instead of
// overflowing), the standard errors (inverse Hessian at the optimum, delta method back to the
// natural scale) and the plain-language diagnosis of fits that did not converge, ran to a
// boundary or are not identifiable. Nothing here throws: optimiser failures become a diagnosis.
//
// The compressed (x, t_x, T) rows all purchase-count models fit on are in rfm_data.hpp.
#pragma once
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "models/rfm_data.hpp"

namespace clv::models {

// ---- the fitter --------------------------------------------------------------------------------
class FitReplay;  // fit_replay.hpp: a fit spread over several calls

struct FitOptions {
    int max_iterations = 400;
    int max_evaluations = 1000;        // value-and-gradient evaluations before giving up
    double gradient_tolerance = 1e-8;  // on the gradient of the mean log-likelihood per customer
    double log_bound = 16;             // log-parameters are kept in [-log_bound, log_bound]
    bool standard_errors = true;
    std::vector<double> start;         // natural-scale starting point; empty: the model's own guess
    FitReplay* replay = nullptr;       // set by FitReplay::run: every likelihood evaluation goes through it
};

// The model's log-likelihood (total over customers) at log-parameters `theta`. When `gradient` is
// non-null and the model has an analytic gradient, it fills d loglik / d theta; a model without one
// leaves `analytic_gradient` false and the fitter differentiates numerically.
// One evaluation of a log-likelihood that is a sum over data rows, summed a part at a time, so that
// FitReplay can spread a single evaluation over several browser frames (at 10M customers one
// BG/NBD evaluation is ~30-50 ms of wasm, a Gamma-Gamma one ~45-75 ms). The running sums are the
// ones the model's plain loop keeps, added in the same order, so the value and gradient equal f's
// bit for bit (the models' f is begin + add everything + finish).
class PartialLogLikelihood {
public:
    virtual ~PartialLogLikelihood() = default;
    // Sums up to `rows` more rows (at least one when any are left); true once every row is summed.
    virtual bool add(size_t rows) = 0;
    // The log-likelihood, and the gradient when it was begun with one. Call once, after add is true.
    virtual double finish(std::vector<double>* gradient) = 0;
};

struct LogLikelihood {
    std::function<double(const std::vector<double>& theta, std::vector<double>* gradient)> f;
    bool analytic_gradient = false;
    double customers = 1;  // the objective is scaled by 1/customers for the optimiser
    // The data rows one evaluation sums over (0: unknown), and, for a model that can sum them in
    // parts, the start of such an evaluation at `theta` (with the gradient or without).
    size_t rows = 0;
    std::function<std::unique_ptr<PartialLogLikelihood>(const std::vector<double>& theta, bool gradient)> begin;
};

// f made from `begin`: every row in one part. Models that give `begin` define f with this, so the
// two ways of evaluating cannot drift apart.
std::function<double(const std::vector<double>&, std::vector<double>*)> whole_sum(
    std::function<std::unique_ptr<PartialLogLikelihood>(const std::vector<double>&, bool)> begin);

// What kind of problem a fit's diagnosis describes: a stable, machine-readable code next to the
// plain-English sentence, so that the UI can show the diagnosis in its own language. The names
// (diagnosis_code_name) are part of `clv fit --json`; do not rename them.
enum class FitDiagnosis {
    none,                        // the fit is sound
    no_customers,                // nothing to fit
    likelihood_not_finite,       // the likelihood overflowed at every trial point
    parameter_at_bound,          // a parameter ran to 0 or infinity (FitResult::at_bound says which)
    not_converged,               // the optimiser stopped without meeting its convergence test
    not_identifiable,            // flat likelihood at the optimum: no standard errors
    no_dropout,                  // nobody seems to drop out (BG/NBD, MBG/NBD, Pareto/NBD, BG/BB)
    no_rate_heterogeneity,       // every customer buys at about the same rate (r, alpha -> infinity)
    one_time_buyers_only,        // nobody made a repeat purchase
    too_few_repeat_buyers,       // Gamma-Gamma: fewer than two repeat buyers with positive spend
    spend_degenerate,            // Gamma-Gamma: spend hardly varies, the mixing is degenerate
    spend_mean_infinite,         // Gamma-Gamma: q <= 1, the population mean spend is infinite
    spend_frequency_correlated,  // Gamma-Gamma: spend and frequency correlated (|r| > 0.3)
    spend_zero_excluded,         // Gamma-Gamma: repeat buyers with mean value <= 0 left out
    too_few_periods,             // sBG: needs the cohort size and at least one later period
    one_period_only,             // sBG: one period identifies only alpha/beta's ratio
    no_churn,                    // sBG: nobody in the cohort churned
};
const char* diagnosis_code_name(FitDiagnosis code);  // "none", "no_dropout", ... (the enumerator's name)

struct FitResult {
    std::string model;                 // bgnbd, paretonbd, ...
    std::vector<std::string> names;    // literature names: r, alpha, a, b, ...
    std::vector<double> params;        // natural scale
    std::vector<double> se;            // standard errors (NaN when the Hessian is not invertible)
    std::vector<double> covariance;    // of the log-parameters, row-major n*n; empty when unavailable
    double loglik = kNaN;
    int iterations = 0;
    bool converged = false;
    std::vector<int> at_bound;         // per parameter: -1 ran to 0, +1 ran to infinity, 0 inside
    bool identifiable = true;          // Hessian positive definite at the optimum
    double n_customers = 0;
    std::string diagnosis;             // plain language; empty when the fit is sound
    // The code of the main problem: a model-specific reading (no_dropout, ...) wins over the generic
    // ones (parameter_at_bound, not_converged, not_identifiable) that usually accompany it.
    FitDiagnosis diagnosis_code = FitDiagnosis::none;
    std::vector<FitDiagnosis> diagnosis_codes;  // every sentence's code, in the order of `diagnosis`

    bool ok() const { return converged && diagnosis.empty(); }
    bool usable() const;               // parameters finite (predictions possible, perhaps degenerate)
    double param(const std::string& name) const;  // NaN when absent
    std::string name_of(size_t i) const { return i < names.size() ? names[i] : std::string(); }
};

// Maximises f over log-parameters from `start` (natural scale). Fills everything in FitResult
// except a model-specific reading of the boundary, which the model adds to `diagnosis`.
//
// `pilot`, when given, is the same likelihood on coarsened data (the same customers, values rounded
// onto a coarse grid, so a small fraction of the work per evaluation): it is maximised first, and
// Newton steps with its curvature then take its optimum to that of `f` in a few evaluations of
// `f`. When the pilot's fit is not clean or the steps do not converge, `f` is fitted from `start`
// as without a pilot.
FitResult maximise_loglik(const std::string& model, const std::vector<std::string>& names, const LogLikelihood& f,
                          const std::vector<double>& start, const FitOptions& options, const LogLikelihood* pilot = nullptr);

// Numerical gradient of f in theta by central differences (used when no analytic gradient).
void numerical_gradient(const LogLikelihood& f, const std::vector<double>& theta, std::vector<double>& gradient);

// Appends a sentence to a diagnosis and its code to the codes (updating the main code).
void add_diagnosis(FitResult& r, FitDiagnosis code, const std::string& sentence);

// log(exp(a) + exp(b)) without overflow.
double log_add_exp(double a, double b);

}  // namespace clv::models
