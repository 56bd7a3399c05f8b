// Lifecycle stage per customer (客户生命周期: 获取期, 提升期, 成熟期, 衰退期, 离开期) from the purchase
// history and the fitted model.
//
// Inputs per customer at the analysis date: purchase days n; silence s = days since the last
// purchase day; the usual gap g = the customer's own mean gap between purchase days
// ((last − first) / (n − 1)) for repeat buyers, and for one-time buyers the median of the repeat
// buyers' mean gaps (or the setting), never below min_usual_gap_days; the last gap and the mean of
// the earlier gaps (n ≥ 3); P(alive) from the model (NaN without one: those tests are skipped).
//
// Rule, first match wins:
//   1. churned      P(alive) < churned_p_alive, or s > churned_silence · g
//   2. decline      P(alive) < decline_p_alive, or s > decline_silence · g,
//                   or (n ≥ 3 and last gap > growing_gap_ratio · mean earlier gap)
//   3. acquisition  n ≤ acquisition_max_purchases
//   4. growth       n < maturity_min_purchases, or (n ≥ 3 and last gap < shrinking_gap_ratio · mean earlier gap)
//   5. maturity     everyone else: established, steady and probably active.
// The silence test matters because BG/NBD gives every one-time buyer P(alive) = 1 however long
// ago they bought (Fader, Hardie & Lee 2005): without it nobody who bought once would ever churn.
#pragma once
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ingest/transaction_log.hpp"
#include "segments/labels.hpp"
#include "summary/customers.hpp"
#include "util/radix_select.hpp"

namespace clv {

struct LifecycleSettings {
    double churned_p_alive = 0.25;
    double decline_p_alive = 0.50;
    double churned_silence = 4.0;      // multiples of the usual gap
    double decline_silence = 1.5;
    double growing_gap_ratio = 1.5;
    double shrinking_gap_ratio = 0.67;
    int acquisition_max_purchases = 1;
    int maturity_min_purchases = 4;
    double one_time_gap_days = 0;      // usual gap of one-time buyers; 0: median of the repeat buyers' gaps
    double min_usual_gap_days = 7;     // a customer who bought twice in two days does not "usually" buy daily

    std::string check() const;
};

// What the rule looks at for one customer.
struct LifecycleFacts {
    uint32_t purchase_days = 0;
    double silence_days = 0;
    double usual_gap_days = 0;
    double last_gap_days = NAN;           // n >= 2
    double earlier_mean_gap_days = NAN;   // n >= 3: mean gap before the last one
    double p_alive = NAN;
};

Stage lifecycle_stage(const LifecycleSettings& s, const LifecycleFacts& f);

// Per Customers row, the second-to-last purchase day in calibration (INT32_MIN when the customer
// has fewer than two purchase days or the log is empty, as for a summary file). Uses the log's
// grouping (rows by customer, days ascending) for one pass without sorting.
std::vector<DayNumber> previous_purchase_days(const TransactionLog& log, const Customers& customers);

// The same in pieces, for a browser frame (3M order lines: ~30 ms of wasm at once): each step()
// reads about `budget` customers or log rows; true once done, and take() then gives what
// previous_purchase_days gives. The log and the customers must outlive the job.
class PreviousPurchaseDays {
public:
    PreviousPurchaseDays(const TransactionLog& log, const Customers& customers);
    bool step(size_t budget);
    std::vector<DayNumber> take() { return std::move(prev_); }

private:
    void flush();  // the run that ended: its customer's second-to-last day

    const TransactionLog& log_;
    const Customers& customers_;
    std::vector<DayNumber> prev_;
    std::vector<int32_t> row_of_;  // log customer index -> Customers row, or -1
    int part_ = 0;                 // 0 the rows' customers, 1 the log, 2 done
    size_t cursor_ = 0;
    uint32_t cur_ = UINT32_MAX;    // the log pass: the current run's customer,
    DayNumber last_ = INT32_MIN, before_ = INT32_MIN;  // its last and second-to-last purchase days
};

// The usual gap of one-time buyers: the median over repeat buyers of (last − first) / (n − 1), in
// days; `fallback` when there are no repeat buyers.
double median_repeat_gap_days(const Customers& customers, double fallback);

// The same in slices: reading 10M summary rows is a quarter of a second of wasm, one frame.
// step(budget) reads about `budget` rows, then selects the median among the gaps by radix
// selection (util/radix_select.hpp), `budget` gaps per step (its four passes over 3.7M gaps at
// 10M customers were a 49 ms step); true once found; then median().
class RepeatGapMedian {
public:
    explicit RepeatGapMedian(const Customers& customers);
    ~RepeatGapMedian();
    bool step(size_t budget);
    double median(double fallback) const;

private:
    const Customers& customers_;
    std::vector<double> gaps_;
    size_t cursor_ = 0;
    std::unique_ptr<RadixSelection> selection_;  // once every row is read
    double median_ = NAN;
    bool done_ = false;
};

// Fills the facts of row i (gap fields from the row and its previous purchase day).
LifecycleFacts lifecycle_facts(const CustomerRow& row, DayNumber previous_day, DayNumber analysis_day,
                               double one_time_gap_days, double min_gap_days, double p_alive);

}  // namespace clv
