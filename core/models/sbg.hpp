// Shifted beta-geometric (sBG) retention model for contractual settings (subscriptions):
// Fader & Hardie (2007), "How to project customer retention", Journal of Interactive Marketing
// 21(1). Each customer renews at every period end with probability 1-θ, θ ~ Beta(α, β) across
// customers. Parameters alpha, beta. Data: how many of a cohort are still active after each period.
#pragma once
#include <string>
#include <vector>

#include "models/fitter.hpp"

namespace clv::models {

// One cohort: active[0] customers at the start, active[t] still active after t periods.
struct SurvivalCohort {
    std::string name;
    std::vector<double> active;
};

// Reads a table like sbg_retention.csv ("year,regular,high_end": one column per cohort, the first
// column the period number starting at 0). False with `error` on a bad line.
bool parse_survival_table(const std::string& text, std::vector<SurvivalCohort>& cohorts, std::string& error);

// Fits on periods 1..`periods` (all available when 0).
FitResult fit_sbg(const SurvivalCohort& cohort, int periods = 0, const FitOptions& options = {});

// F&H 2007 eq. 5/6: P(T = t) churn in period t, S(t) survival to t.
double sbg_churn_probability(const std::vector<double>& params, int t);
double sbg_survival(const std::vector<double>& params, int t);
// eq. 8: the retention rate in period t, r_t = (β + t - 1) / (α + β + t - 1).
double sbg_retention_rate(const std::vector<double>& params, int t);
// The log-likelihood of eq. 7 over periods 1..periods.
double sbg_loglik(const SurvivalCohort& cohort, int periods, const std::vector<double>& params);

}  // namespace clv::models
