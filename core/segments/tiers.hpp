// Value tiers A/B/C by cumulative share of value (ABC analysis, the Pareto principle), the Pareto
// (Lorenz) curve and the Gini coefficient of customer value.
//
// Rule: customers are ranked by value, highest first; a customer belongs to A while the value of
// the customers ranked above them is below a_share of the total (so the customer who crosses the
// line is in A), to B while it is below a_share + b_share, and to C otherwise. Customers of equal
// value are ranked by their row order (deterministic). Negative values count as 0. Defaults:
// A = the customers making the first 80% of value, B the next 15%, C the last 5%.
//
// Gini = (2 Σ_i i·v_(i)) / (n Σ v) − (n + 1) / n with v_(1) ≤ … ≤ v_(n) (the discrete Lorenz-curve
// form): 0 when everyone is worth the same, → 1 when one customer holds everything.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "segments/labels.hpp"

namespace clv {

struct TierSettings {
    enum class Basis : uint8_t { historical, predicted_clv };
    // historical: realised margin (total spend × margin) to the analysis date (既成价值);
    // predicted_clv: the model's CLV over the horizon (潜在价值), historical when no model.
    Basis basis = Basis::historical;
    double a_share = 0.80;
    double b_share = 0.15;
    int curve_points = 100;  // points of the Pareto curve after 0

    std::string check() const;
};

struct TierStat {
    Tier tier = Tier::A;
    uint64_t customers = 0;
    double value = 0;
    double value_share = 0;     // of the total value
    double customer_share = 0;  // of all customers
};

struct Concentration {
    // Pareto curve, customers ranked by value highest first: point k has customer_share k / P and
    // value_share = the value of the top ceil(k n / P) customers / total. P + 1 points from (0, 0).
    std::vector<double> customer_share, value_share;
    double gini = 0;
    double top20_value_share = 0;  // "the top 20% of customers bring X% of value"
    double total_value = 0;
};

// Assigns a tier to every customer and fills the per-tier statistics (A, B, C in order).
Concentration assign_tiers(const TierSettings& settings, const std::vector<double>& value, std::vector<Tier>& tiers,
                           TierStat stats[kTierCount]);

// The same in steps (a copy, one radix pass, the lines, a range of customers each), so that 1M
// customers do not hold a frame: step() until it returns false, then take(). `value`, `tiers`
// and `stats` must outlive the job.
class TierJob {
public:
    TierJob(const TierSettings& settings, const std::vector<double>& value, std::vector<Tier>& tiers,
            TierStat stats[kTierCount]);
    ~TierJob();
    TierJob(const TierJob&) = delete;
    TierJob& operator=(const TierJob&) = delete;
    bool step();  // false once done
    Concentration take();

private:
    struct State;
    std::unique_ptr<State> s_;
};

// Gini of non-negative values (negative ones count as 0); `sorted_desc` sorted highest first.
double gini_of_sorted_desc(const std::vector<double>& sorted_desc);

}  // namespace clv
