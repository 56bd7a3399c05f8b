// The one place where the value analysis meets the models API (core/models): fit the purchase
// count model and the Gamma-Gamma spend model on a Customers summary and predict every customer
// (P(alive), expected purchases and spend, CLV, its bootstrap interval, the next purchase).
// Keeping the coupling here means a change of the models API touches one small file.
//
// The work comes in resumable pieces (ModelJob) so that the browser can spread 1M customers over
// frames; run_models / predict_with run a job to the end.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "models/fitter.hpp"
#include "models/predict.hpp"
#include "report/analysis_settings.hpp"

namespace clv {

// The customers' predictions as the analysis keeps them until they are in the report's table:
// columns per Customers row (NaN when not fitted; the interval bounds are in ModelRun::clv_low /
// clv_high, filled only when the interval runs in the job). Columns, not a struct per customer,
// because the analysis hands them over one at a time (AnalysisJob's outlook stage): the CLVs move
// into the table, the shown columns are narrowed to floats and released, so that at 10M customers
// the 400 MB of doubles and the table's copies are never all alive at once.
// With `clv_only` (PredictOptions::clv_only) only `clv` is filled and the other columns stay empty.
struct CustomerOutlooks {
    std::vector<double> p_alive;
    std::vector<double> expected_purchases;  // over the horizon
    std::vector<double> expected_spend;      // per purchase
    std::vector<double> clv;
    std::vector<double> next_purchase;       // median time to the next purchase (model units)
    bool clv_only = false;

    CustomerOutlooks() = default;
    explicit CustomerOutlooks(bool only_clv) : clv_only(only_clv) {}
    size_t size() const { return clv.size(); }
    template <typename F>
    void for_each_column(F f) {
        f(clv);
        if (clv_only) return;
        f(p_alive), f(expected_purchases), f(expected_spend), f(next_purchase);
    }
    void resize(size_t n) {  // new entries NaN
        for_each_column([n](std::vector<double>& c) { c.resize(n, models::kNaN); });
    }
    void assign_nan(size_t n) {
        for_each_column([n](std::vector<double>& c) { c.assign(n, models::kNaN); });
    }
    void reserve(size_t n) {
        for_each_column([n](std::vector<double>& c) { c.reserve(n); });
    }
};

struct ModelRun {
    bool fitted = false;          // the counting model is usable: predictions are filled
    bool spend_fitted = false;    // Gamma-Gamma usable (else the observed mean repeat spend)
    bool interval = false;        // clv_low / clv_high are filled (bootstrap draws on, covariance usable)
    std::string message;          // why not, or the fit's diagnosis
    models::FitResult counting, spend;
    models::CountingModel model;
    models::SpendModel spend_model;
    double horizon_units = 0;     // the horizon in the summary's time unit
    CustomerOutlooks predictions;  // per Customers row (NaN when not fitted)
    std::vector<double> clv_low, clv_high;     // per Customers row when `interval`, else empty
    // Per Customers row: its compressed (x, t_x, T) row (customers of one row share those values),
    // UINT32_MAX when not representable; empty when not fitted. Value change hints the earlier
    // date's compression with it (models::RfmCompression).
    std::vector<uint32_t> compressed_row;
    // Only after ModelJob::defer_interval(): the compressed data the CLV interval still needs
    // (ClvIntervalJob over these customers' CLVs); compressed_row is then empty and
    // interval_data->row_of_customer is the same thing.
    std::shared_ptr<models::RfmData> interval_data;
};

// How predictions with a given fit are made (ModelJob's second constructor).
struct PredictOptions {
    // true fills the CLV column only (CustomerOutlooks::clv_only): value change compares CLVs, and
    // at 10M customers the four other columns are 320 MB at the analysis' peak; the median next
    // purchase, the dearest per-row prediction after P(alive), is then not computed either.
    bool clv_only = false;
    // One per customer, or empty: the compression hint (models::RfmCompression). Must outlive the job.
    const std::vector<uint32_t>* compression_hint = nullptr;
};

// Model time units per month (30.4375 days; lifetimes' 4.345 weeks).
double units_per_month(const Customers& customers);

// Fit (unless given a fitted run) and predictions in pieces. `customers` must outlive the job.
class ModelJob {
public:
    // Fits and predicts with the settings' horizon; `horizon_units` > 0 replaces it (the campaign
    // window).
    ModelJob(const Customers& customers, const ModelSettings& settings, double horizon_units = 0);
    // Predictions for other customers (the same base at an earlier date) with the parameters
    // `fitted` already holds: no refit. `fitted` false gives NaN predictions.
    ModelJob(const ModelRun& fitted, const Customers& customers, const ModelSettings& settings,
             const PredictOptions& options = {});
    ~ModelJob();
    ModelJob(const ModelJob&) = delete;
    ModelJob& operator=(const ModelJob&) = delete;

    // Leaves the CLV interval out: take() then holds run.interval_data, and the caller runs the
    // interval later (AnalysisJob does, after the Overview can be drawn). Call before step().
    void defer_interval();

    // One piece of work (the fit, or a chunk of predictions); false once everything is done.
    // Never throws: a failure leaves `fitted` false with a message.
    bool step();
    bool done() const;
    double progress() const;       // 0..1
    const char* phase() const;     // "fit", "predictions", "interval"
    ModelRun take();               // the result, once done()

private:
    struct State;
    std::unique_ptr<State> s_;
};

ModelRun run_models(const Customers& customers, const ModelSettings& settings, double horizon_units = 0);
ModelRun predict_with(const ModelRun& fitted, const Customers& customers, const ModelSettings& settings);

// The calendar day of the median next purchase: the analysis date plus the median time in days,
// at least one day later; kNoDay when there is none (P(alive) <= 1/2, no model) or it lies beyond
// the horizon (`horizon_units`, as `clv predict` does): BG/NBD holds one-time buyers alive, so their
// median can be decades ahead, a date that would mean nothing to a shop owner.
constexpr DayNumber kNoDay = INT32_MIN;
DayNumber next_purchase_day(const Customers& customers, double median_units, double horizon_units);

}  // namespace clv
