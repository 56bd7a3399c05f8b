// A CLV interval for every customer (CustomerTable::clv_low / clv_high) by parametric bootstrap,
// at a cost that does not grow with the number of customers.
//
// The parameters of the purchase-count and spend models are drawn from the asymptotic normal
// distribution of their maximum-likelihood estimates (log scale, the fits' covariance), as
// models::predict_customers does. predict_customers then recomputes every customer's CLV per
// draw; for a million customers and 100 draws that is 10^8 CLVs and as many special-function
// calls as 100 predictions. Here instead:
//  - customers are grouped into cells of similar (x, t_x, T): x exact up to 15 and in 25% steps
//    above, t_x and T on a grid of kTimeBins steps over the longest T;
//  - per cell and draw, the count factor P(alive) · E[Y(horizon) | alive] is computed — P(alive)
//    at the cell's mean (x, t_x, T), E[Y | alive] (the costly 2F1) at the mean (x, T) of the cells
//    sharing its x and T steps — and divided by its value at the estimates: the ratio R_k(cell);
//  - per customer and draw, the spend factor E[M | x, m] is likewise a ratio Q_k(x, m) to its value
//    at the estimates, evaluated at the customer's x and m rounded to 8 steps per factor e of m;
//  - a customer's interval is their point CLV times the central `coverage` quantiles of
//    R_k · Q_k over the draws, computed once per (cell, m step) group.
// Approximations, all second order for an interval of parameter uncertainty: the ratio is taken at
// the cell's centre, and of the undiscounted horizon purchases (discounting at ~1% a month moves
// numerator and denominator alike). The interval says how precisely the parameters are known; it
// narrows as 1/√customers and does not include the randomness of the customer's own purchases.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "models/predict.hpp"

namespace clv {

struct ClvIntervalOptions {
    int draws = 100;
    double coverage = 0.90;
    uint64_t seed = 20050101;
};

// Fills low/high (size of `customers.rows`, NaN where not computable: no covariance, a
// non-positive-definite one, a customer outside `data`). `data` is compress_rfm(customers) and
// `point_clv` each customer's CLV at the estimates (NaN without one). Returns false when no
// interval could be made (then low/high are all NaN).
bool clv_intervals(const models::CountingModel& model, const std::vector<double>& count_covariance,
                   const models::SpendModel& spend, const models::RfmData& data, const Customers& customers,
                   double horizon, const std::vector<double>& point_clv,
                   const ClvIntervalOptions& options, std::vector<double>& low, std::vector<double>& high);

// The same in pieces of ~20 ms (wasm, 1M customers) so that the browser keeps drawing frames.
// Every argument must outlive the job.
class ClvIntervalJob {
public:
    ClvIntervalJob(const models::CountingModel& model, const std::vector<double>& count_covariance,
                   const models::SpendModel& spend, const models::RfmData& data, const Customers& customers,
                   double horizon, const std::vector<double>& point_clv,
                   const ClvIntervalOptions& options);
    ~ClvIntervalJob();
    ClvIntervalJob(const ClvIntervalJob&) = delete;
    ClvIntervalJob& operator=(const ClvIntervalJob&) = delete;
    bool step();                // one piece; true once done
    double progress() const;    // 0..1
    // clv_intervals' result, once done; but when it returns false (no interval), low/high are
    // left empty rather than all NaN.
    bool take(std::vector<double>& low, std::vector<double>& high);

private:
    struct State;
    std::unique_ptr<State> s_;
};

}  // namespace clv
