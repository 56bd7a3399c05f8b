// Campaign effect evaluation (效果评估). Given the campaign's target list and start date, the model
// is fitted on the orders before the start (no campaign effect can leak into it) and predicts, for
// every customer known then, the purchases and spend from the start to the analysis date. Then:
//   lift vs model        A_t / P_t − 1 for the targeted customers (A actual, P predicted purchases)
//   lift vs comparison   (A_t / P_t) / (A_c / P_c) − 1, where the comparison group is the control
//                        list when given, else every untargeted customer; dividing by the
//                        comparison's own actual/predicted ratio removes what the model gets wrong
//                        for everyone (season, a drifting base) — a difference-in-differences.
//   incremental          purchases Σ_t (a − p); revenue Σ_t (actual − predicted spend); versus the
//                        comparison: n_t × (mean residual_t − mean residual_c).
//   significance         per-customer residuals e = a − p. Against the model a one-sample z-test
//                        of mean e_t = 0; against the comparison a Welch two-sample z-test, with
//                        the groups' empirical variances (they capture the heterogeneity that a
//                        Poisson variance would miss). Two-sided p = erfc(|z| / √2); "distinguishable
//                        from noise" when p < alpha.
#pragma once
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "util/civil_date.hpp"

namespace clv {

struct CampaignInput {
    std::vector<std::string> targets;  // customer ids
    std::vector<std::string> control;  // optional comparison group; empty: everyone untargeted
    std::optional<DayNumber> start;
    bool given() const { return start.has_value() && !targets.empty(); }
};

struct CampaignSettings {
    double alpha = 0.05;
    std::string check() const;
};

struct CampaignGroup {
    uint64_t customers = 0;
    double actual_purchases = 0, predicted_purchases = 0;
    double actual_revenue = 0, predicted_revenue = 0;
    double lift = NAN;                      // actual / predicted − 1
    double mean_residual = NAN, sd_residual = NAN;          // purchases
    double mean_revenue_residual = NAN, sd_revenue_residual = NAN;
};

struct CampaignReport {
    bool available = false;
    DayNumber start = 0, end = 0;
    CampaignGroup targeted, comparison;
    bool comparison_is_control_list = false;
    uint64_t targets_unmatched = 0;   // ids not found among the customers known before the start
    double lift_vs_model = NAN, lift_vs_comparison = NAN;
    double incremental_purchases_vs_model = NAN, incremental_revenue_vs_model = NAN;
    double incremental_purchases_vs_comparison = NAN, incremental_revenue_vs_comparison = NAN;
    double z_vs_model = NAN, p_vs_model = NAN, z_vs_comparison = NAN, p_vs_comparison = NAN;
    bool significant = false;         // against the comparison when there is one, else the model
    std::string statement_en, statement_zh;
    std::string note;
};

// group[i]: 0 not in the evaluation, 1 targeted, 2 comparison. Per-customer actual and predicted
// purchases and revenue over the window. Fills the groups, lifts, increments and tests.
void evaluate_campaign(const CampaignSettings& s, const std::vector<uint8_t>& group, const std::vector<double>& actual,
                       const std::vector<double>& predicted, const std::vector<double>& actual_revenue,
                       const std::vector<double>& predicted_revenue, CampaignReport& out);

// Two-sided p-value of a standard normal z.
inline double two_sided_p(double z) { return std::erfc(std::fabs(z) / std::sqrt(2.0)); }

}  // namespace clv
