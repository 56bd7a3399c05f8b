// Budget allocation across the RFM segments with diminishing returns.
//
// Response assumption per segment s (editable; defaults below are starting points to replace with
// the shop's own campaign results): spending b on the segment's N_s customers gains
//   G_s(b) = A_s · (1 − exp(−b / C_s)),   A_s = uplift_s · V_s,   C_s = N_s · cost_s
// where V_s is the segment's value (predicted CLV, or historical value without a model), uplift_s
// the largest share of it a campaign could add (the saturation level) and cost_s the spend per
// customer that reaches 1 − 1/e ≈ 63% of that (0 = auto: auto_cost_share × the mean value per
// customer). The exponential response is the standard concave (diminishing-returns) budget
// response curve of marketing-mix models.
//
// Optimum: the marginal gains G_s'(b_s) = (A_s / C_s) e^(−b_s / C_s) are equal (= λ) in every
// funded segment, so b_s = C_s · ln(A_s / (C_s λ)) where A_s / C_s > λ, else 0; λ is found by
// bisection so that Σ b_s equals the budget. λ is the return of the last unit spent: below 1 the
// last part of the budget earns back less than it costs (the report says so).
#pragma once
#include <string>
#include <vector>

#include "segments/labels.hpp"

namespace clv {

struct BudgetAssumption {
    double uplift = 0.1;             // max incremental share of the segment's value
    double cost_per_customer = 0;    // spend per customer reaching 63% of the uplift; 0 = auto
};

struct BudgetSettings {
    double amount = 0;  // the budget; 0: no allocation
    double auto_cost_share = 0.10;
    BudgetAssumption segment[kSegmentCount] = {
        {0.05, 0}, {0.08, 0}, {0.15, 0}, {0.15, 0}, {0.12, 0}, {0.12, 0},
        {0.10, 0}, {0.15, 0}, {0.20, 0}, {0.05, 0}, {0.02, 0},
    };
    std::string check() const;
};

struct BudgetLine {
    Segment segment = Segment::champions;
    uint64_t customers = 0;
    double value = 0;            // V_s
    double uplift = 0;
    double cost_per_customer = 0;  // as used (auto resolved)
    double max_gain = 0;         // A_s
    double amount = 0;           // b_s
    double expected_gain = 0;    // G_s(b_s)
    double marginal_return = 0;  // G_s'(b_s)
};

struct BudgetReport {
    bool available = false;
    double budget = 0;
    double allocated = 0;
    double expected_gain = 0;
    double marginal_return = 0;  // λ
    std::vector<BudgetLine> lines;  // one per segment, in segment order
    std::string note;
};

BudgetReport allocate_budget(const BudgetSettings& s, const uint64_t customers[kSegmentCount],
                             const double value[kSegmentCount], double mean_value_per_customer);

}  // namespace clv
