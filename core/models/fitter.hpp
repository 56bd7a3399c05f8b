// The shared maximum-likelihood fitter of every model in core/models (one model per file, as in
// lifetimes' fitters/): the model supplies a log-likelihood over its parameters on the log scale
// (so every parameter stays positive), the fitter owns the optimisation (L-BFGS-B from LBFGSpp on
// the log-parameters, within wide bounds so a run-away parameter stops at a wall instead of
// overflowing), the standard errors (inverse Hessian at the optimum, delta method back to the
// natural scale) and the plain-language diagnosis of fits that did not converge, ran to a
// boundary or are not identifiable. Nothing here throws: optimiser failures become a diagnosis.
//
// Also here: compression of customers to unique (x, t_x, T) rows with counts, which all the
// purchase-count models share — identical customers cost one evaluation.
#pragma once
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "summary/customers.hpp"

namespace clv::models {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// ---- compressed sufficient statistics --------------------------------------------------------
struct RfmRow {
    double x = 0, t_x = 0, T = 0;  // repeat purchases, recency, age (model time unit)
    double n = 0;                  // how many customers share these values
    uint32_t t_x_index = 0;        // index of t_x in RfmData::times
    uint32_t T_index = 0;          // index of T in RfmData::times
};

struct RfmData {
    std::vector<RfmRow> rows;                // sorted by (x, t_x, T), unique
    std::vector<double> times;               // distinct values of t_x and T, ascending
    std::vector<uint32_t> row_of_customer;   // customer i -> its row
    double customers = 0;                    // sum of n
    double max_x = 0;
};

// Compresses per-customer (x, t_x, T). Rows with a non-finite or negative value, or t_x > T, are
// not representable: they are skipped (row_of_customer = UINT32_MAX) and counted in `skipped`.
RfmData compress_rfm(const std::vector<double>& x, const std::vector<double>& t_x, const std::vector<double>& T,
                     size_t* skipped = nullptr);
RfmData compress_rfm(const Customers& customers, size_t* skipped = nullptr);
// One row per pattern with an explicit count (a table like cdnow_customers_summary with weights).
RfmData compress_rfm_weighted(const std::vector<double>& x, const std::vector<double>& t_x,
                              const std::vector<double>& T, const std::vector<double>& weights);

// ---- the fitter --------------------------------------------------------------------------------
struct FitOptions {
    int max_iterations = 400;
    int max_evaluations = 1000;        // value-and-gradient evaluations before giving up
    double gradient_tolerance = 1e-8;  // on the gradient of the mean log-likelihood per customer
    double log_bound = 16;             // log-parameters are kept in [-log_bound, log_bound]
    bool standard_errors = true;
    std::vector<double> start;         // natural-scale starting point; empty: the model's own guess
};

// The model's log-likelihood (total over customers) at log-parameters `theta`. When `gradient` is
// non-null and the model has an analytic gradient, it fills d loglik / d theta; a model without one
// leaves `analytic_gradient` false and the fitter differentiates numerically.
struct LogLikelihood {
    std::function<double(const std::vector<double>& theta, std::vector<double>* gradient)> f;
    bool analytic_gradient = false;
    double customers = 1;  // the objective is scaled by 1/customers for the optimiser
};

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

    bool ok() const { return converged && diagnosis.empty(); }
    bool usable() const;               // parameters finite (predictions possible, perhaps degenerate)
    double param(const std::string& name) const;  // NaN when absent
    std::string name_of(size_t i) const { return i < names.size() ? names[i] : std::string(); }
};

// Maximises f over log-parameters from `start` (natural scale). Fills everything in FitResult
// except a model-specific reading of the boundary, which the model adds to `diagnosis`.
FitResult maximise_loglik(const std::string& model, const std::vector<std::string>& names, const LogLikelihood& f,
                          const std::vector<double>& start, const FitOptions& options);

// Numerical gradient of f in theta by central differences (used when no analytic gradient).
void numerical_gradient(const LogLikelihood& f, const std::vector<double>& theta, std::vector<double>& gradient);

// Appends a sentence to a diagnosis.
void add_diagnosis(FitResult& r, const std::string& sentence);

// log(exp(a) + exp(b)) without overflow.
double log_add_exp(double a, double b);

}  // namespace clv::models
