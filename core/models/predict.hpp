// Per-customer predictions from a fitted purchase-count model (BG/NBD, Pareto/NBD, MBG/NBD) and,
// optionally, the Gamma-Gamma spend model: P(alive), expected purchases over a horizon, expected
// spend, CLV with margin and discounting, a parametric-bootstrap interval for the CLV, and the
// expected date of the next purchase.
//
// CLV follows lifetimes' discounted-cash-flow convention (lifetimes.utils._customer_lifetime_value):
// the horizon is cut into discount periods (a month: 4.345 weeks or 30 days), the purchases
// expected in period i are E[Y(t_i)] - E[Y(t_(i-1))], and their value is discounted by (1+d)^i:
//   CLV = margin · E[M] · Σ_i (E[Y(t_i)] - E[Y(t_(i-1))]) / (1 + d)^i.
//
// Speed: E[Y(t) | x, t_x, T] = P(alive | x, t_x, T) · E[Y(t) | alive, x, T]; the first factor is
// computed once per distinct (x, t_x, T), the second once per distinct (x, T) and period, so a
// million customers cost a few thousand special-function calls.
#pragma once
#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "models/fitter.hpp"

namespace clv::models {

enum class CountingModelKind { bgnbd, paretonbd, mbgnbd };

struct CountingModel {
    CountingModelKind kind = CountingModelKind::bgnbd;
    std::vector<double> params;  // r, alpha, a, b  or  r, alpha, s, beta
};

bool counting_model_kind(const std::string& name, CountingModelKind& kind);  // "bgnbd", "paretonbd", "mbgnbd"
const char* counting_model_name(CountingModelKind kind);
FitResult fit_counting_model(CountingModelKind kind, const RfmData& data, const FitOptions& options = {});

double p_alive(const CountingModel& m, double x, double t_x, double T);
double expected_given_alive(const CountingModel& m, double t, double x, double T);
double expected_purchases(const CountingModel& m, double t, double x, double t_x, double T);
// P(exactly k purchases in the next t).
double prob_purchases(const CountingModel& m, int k, double t, double x, double t_x, double T);
// Median time from T to the next purchase, NaN when P(alive) <= 1/2 (more likely never). Exact for
// BG/NBD and MBG/NBD, where a customer alive at T cannot drop out before buying again:
//   P(no purchase in t) = 1 - P(alive) + P(alive) · ((α+T)/(α+T+t))^(r+x).
// For Pareto/NBD the same expression ignores dropping out before the next purchase.
double median_time_to_next_purchase(const CountingModel& m, double x, double t_x, double T);

struct ClvOptions {
    double horizon = 52;           // in model time units (the Customers' unit)
    double margin = 1.0;           // profit share of revenue
    double discount_rate = 0.01;   // per discount period
    double period = 4.345;         // model units per discount period (lifetimes: month = 4.345 weeks, 30 days)
    int bootstrap_draws = 0;       // parametric bootstrap draws for clv_low/clv_high; 0: none
    double interval = 0.90;        // central coverage of the CLV interval
    uint64_t seed = 20050101;
    std::string check() const;     // empty when fine, else what is wrong
};

struct SpendModel {
    std::vector<double> params;      // p, q, gamma; empty: expected spend = observed mean (no model)
    std::vector<double> covariance;  // of log-parameters (for the bootstrap); may be empty
    double fallback = 0;             // spend for customers without repeat purchases when q <= 1
};

struct CustomerPrediction {
    double p_alive = kNaN;
    double expected_purchases = kNaN;  // over the horizon
    double expected_spend = kNaN;      // per purchase
    double clv = kNaN;
    double clv_low = kNaN, clv_high = kNaN;  // NaN without bootstrap draws or covariance
    double next_purchase = kNaN;             // median time to the next purchase (model units)
};

// Predictions for every customer in `customers` (x, t_x, T, monetary_value). `covariance` is the
// counting fit's covariance of log-parameters (FitResult::covariance), needed for the bootstrap.
std::vector<CustomerPrediction> predict_customers(const CountingModel& model, const std::vector<double>& covariance,
                                                  const SpendModel& spend, const Customers& customers,
                                                  const ClvOptions& options);

// The same on plain columns (benchmarks, summary files).
std::vector<CustomerPrediction> predict_customers(const CountingModel& model, const std::vector<double>& covariance,
                                                  const SpendModel& spend, const std::vector<double>& x,
                                                  const std::vector<double>& t_x, const std::vector<double>& T,
                                                  const std::vector<double>& m, const ClvOptions& options);

// The same on customers already compressed for the fit: `data` = compress_rfm(x, t_x, T) of these
// customers (its row_of_customer maps them), x and m their repeat purchases and mean repeat value.
// Saves compressing a second time after a fit.
std::vector<CustomerPrediction> predict_customers(const CountingModel& model, const std::vector<double>& covariance,
                                                  const SpendModel& spend, const RfmData& data,
                                                  const std::vector<double>& x, const std::vector<double>& m,
                                                  const ClvOptions& options);

// Building blocks shared with the staged predictions of core/report (report/model_run.cpp,
// report/clv_interval.cpp). index_pairs: the distinct (x, T) of compressed rows in the order the
// rows meet them, and each row's pair. draw_params: `draws` parameter vectors from the asymptotic
// normal N(log θ̂, Σ) of the log-parameters; empty when Σ is not positive definite.
void index_pairs(const RfmData& d, std::vector<uint32_t>& row_pair, std::vector<std::pair<double, double>>& pairs);
std::vector<std::vector<double>> draw_params(const std::vector<double>& params, const std::vector<double>& cov,
                                             int draws, std::mt19937_64& rng);

}  // namespace clv::models
