// RFM: recency, frequency and monetary scores 1-5 by quintiles, the 11 named segments and the
// 8 value classes (RFM above / below average) of Chinese e-commerce practice.
//
// Inputs per customer, as of the analysis date (the calibration end):
//   recency   days since the last purchase day (smaller is better)
//   frequency purchase days (x + 1)
//   monetary  total spend (default) or spend per purchase day (RfmSettings::monetary)
//
// Scores: score = 1 + floor(5 · below / n), where `below` counts the customers with a strictly
// worse value (smaller frequency or monetary, larger recency). Customers with equal values always
// get the same score (no arbitrary tie-breaking by row order), and the rule is the same on every
// machine. The price: when more than a fifth of the customers share a value (one-time buyers
// have frequency 1), the scores in between stay empty — e.g. 60% one-time buyers all score
// F = 1 and the next frequency scores 4. That is the honest reading of "quintile" for tied data.
//
// Segments: a 5×5 grid indexed by R and FM = round-half-up((F + M) / 2), editable in the
// settings. The default grid (rows R = 5 .. 1, columns FM = 1 .. 5):
//   R5: New               Potential loyalist  Potential loyalist  Champions        Champions
//   R4: Promising         Potential loyalist  Loyal               Champions        Champions
//   R3: About to sleep    Need attention      Need attention      Loyal            Loyal
//   R2: Hibernating       About to sleep      At risk             At risk          Can't lose them
//   R1: Lost              Hibernating         At risk             Can't lose them  Can't lose them
// which follows the usual definitions: Champions bought recently, often and much; Can't lose
// them bought much but long ago; Lost bought little, long ago.
//
// Classes: R, F, M each "high" when better than the base (the mean by default, the median as an
// option) of the raw values: recency below the base, frequency and monetary above it. Equal to
// the base counts as low.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "segments/labels.hpp"

namespace clv {

struct RfmSettings {
    enum class Monetary : uint8_t { total, per_order };
    enum class ClassBase : uint8_t { mean, median };

    Monetary monetary = Monetary::total;
    ClassBase class_base = ClassBase::mean;
    // grid[R - 1][FM - 1]; see the table above.
    Segment grid[5][5] = {
        {Segment::lost, Segment::hibernating, Segment::at_risk, Segment::cant_lose, Segment::cant_lose},
        {Segment::hibernating, Segment::about_to_sleep, Segment::at_risk, Segment::at_risk, Segment::cant_lose},
        {Segment::about_to_sleep, Segment::need_attention, Segment::need_attention, Segment::loyal, Segment::loyal},
        {Segment::promising, Segment::potential_loyalist, Segment::loyal, Segment::champions, Segment::champions},
        {Segment::new_customers, Segment::potential_loyalist, Segment::potential_loyalist, Segment::champions,
         Segment::champions},
    };

    std::string check() const;  // empty when fine
};

// The four values that separate the scores: a value scores k + 2 or more when it is better than
// cut[k] (larger for frequency and monetary, smaller for recency).
struct QuintileCuts {
    double cut[4] = {0, 0, 0, 0};
    bool higher_is_better = true;
    int score(double v) const {
        int s = 1;
        for (double c : cut) s += higher_is_better ? (v > c) : (v < c);
        return s;
    }
};

// O(n) selection of the cuts (nth_element). `values` is copied into `scratch`.
QuintileCuts quintile_cuts(const std::vector<double>& values, bool higher_is_better, std::vector<double>& scratch);

constexpr int fm_score(int f, int m) { return (f + m + 1) / 2; }
Segment rfm_segment(const RfmSettings& s, int r, int f, int m);

struct RfmColumns {
    std::vector<uint8_t> r, f, m;          // scores 1..5
    std::vector<Segment> segment;
    std::vector<ValueClass> value_class;
};

struct RfmSummary {
    QuintileCuts r_cuts, f_cuts, m_cuts;
    double r_base = 0, f_base = 0, m_base = 0;  // the class thresholds (mean or median)
    uint64_t score_counts[3][5] = {};            // [R, F, M][score - 1]
    uint64_t grid_counts[5][5] = {};             // customers per [R - 1][FM - 1]
};

// Scores, segments and classes for every customer (the three vectors have equal length).
RfmSummary score_rfm(const RfmSettings& settings, const std::vector<double>& recency,
                     const std::vector<double>& frequency, const std::vector<double>& monetary, RfmColumns& out);

// score_rfm in pieces, for a browser frame (1M customers: ~50 ms of wasm at once): each step()
// finds one dimension's cuts or class base, or scores a slice of customers; true once done, and
// take() then gives what score_rfm gives. The inputs and `out` must outlive the job.
class RfmScoring {
public:
    RfmScoring(const RfmSettings& settings, const std::vector<double>& recency, const std::vector<double>& frequency,
               const std::vector<double>& monetary, RfmColumns& out);
    ~RfmScoring();
    bool step();
    RfmSummary take() const { return sum_; }

private:
    static constexpr size_t kScorePerStep = size_t{1} << 15;  // values read per step (also the cuts, the bases)
    const RfmSettings& settings_;
    const std::vector<double>& recency_;
    const std::vector<double>& frequency_;
    const std::vector<double>& monetary_;
    RfmColumns& out_;
    size_t n_ = 0, cursor_ = 0;
    int part_ = 0;  // cuts R, F, M, bases R, F, M, then the scoring
    std::unique_ptr<struct QuintileCutsJob> cuts_;  // the cuts of the dimension in progress
    double base_sum_ = 0;                          // the mean class base in progress
    std::vector<double> scratch_;
    RfmSummary sum_;
};

}  // namespace clv
