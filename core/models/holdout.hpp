// Holdout validation of a purchase-count model fitted on the calibration period: the purchase
// days each customer made after the calibration end (to an optional holdout end) against the
// model's conditional expectation E[Y(t) | x, t_x, T] over the same span — the checks of Fader,
// Hardie & Lee (2005), figures 2-4: per-customer errors, the aggregate bias, the weekly cumulative
// tracking curve (actual vs predicted repeat purchases) and the conditional expectation of holdout
// purchases by calibration frequency.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ingest/transaction_log.hpp"
#include "models/predict.hpp"
#include "summary/customers.hpp"

namespace clv::models {

struct TrackingPoint {
    DayNumber day = 0;          // end of the week
    double actual = 0;          // cumulative repeat purchase days since the calibration end
    double predicted = 0;       // Σ_customers E[Y(t) | x, t_x, T]
};

struct FrequencyRow {
    int x = 0;                  // calibration frequency; the last row holds x >= that value
    bool and_more = false;
    double customers = 0;
    double actual_mean = 0;     // mean holdout purchases
    double predicted_mean = 0;
};

struct HoldoutReport {
    bool available = false;
    std::string note;           // why not available, or remarks
    DayNumber calibration_end = 0, holdout_end = 0;
    double length = 0;          // in model units
    double customers = 0;
    double actual_total = 0, predicted_total = 0;
    double mae = kNaN, rmse = kNaN;  // per customer
    double bias = kNaN;         // predicted_total - actual_total
    double bias_percent = kNaN; // relative to actual_total
    std::vector<TrackingPoint> tracking;
    std::vector<FrequencyRow> by_frequency;
};

// `holdout_end` defaults to the last day in the data. The model's time unit is `customers.unit`.
HoldoutReport validate_holdout(const CountingModel& model, const TransactionLog& log, const Customers& customers,
                               std::optional<DayNumber> holdout_end = std::nullopt, int frequency_groups = 7);

// The same validation in bounded steps, for the browser (AnalysisJob): step() until it returns
// true, then take() the report, identical to validate_holdout's. Why it is cheap enough for 1M
// customers and a tracking curve of many weeks: E[Y(t) | x, t_x, T] = P(alive | x, t_x, T) ·
// E[Y(t) | alive, x, T], so P(alive) is evaluated once per distinct (x, t_x, T) and summed per
// distinct (x, T); each week then costs one E[Y(t) | alive] per distinct (x, T), not one
// prediction per customer. `model`, `log` and `customers` must outlive the job.
class HoldoutValidation {
public:
    HoldoutValidation(const CountingModel& model, const TransactionLog& log, const Customers& customers,
                      std::optional<DayNumber> holdout_end = std::nullopt, int frequency_groups = 7);
    ~HoldoutValidation();
    HoldoutValidation(const HoldoutValidation&) = delete;
    HoldoutValidation& operator=(const HoldoutValidation&) = delete;

    bool step();           // one bounded piece of work; true once the report is complete
    HoldoutReport take();  // the report (once step() returned true)

private:
    struct State;
    std::unique_ptr<State> s_;
};

}  // namespace clv::models
