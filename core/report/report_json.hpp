// The Report as JSON (nlohmann_json): what `clv analyze --json` prints and what the wasm module
// hands to JavaScript. Top-level keys (scripts and dashboards rely on them):
//   status, analysis_date, first_date, last_date, customers, rows {read, used, rejected, returns},
//   kpi {revenue, orders, aov, purchase_frequency, repeat_rate, crr, churn_rate, average_lifespan_months,
//        yearly_frequency, simple_clv, model_clv, p_alive_mean, period_months, periods[], formulas{}, simple_vs_model{}},
//   rfm {cuts, score_counts, grid, grid_segments, class_base},
//   rfm_segments[], rfm_classes[] ({key, name, name_zh, customers, revenue, clv, shares, p_alive_mean}),
//   tiers[] ({tier, name, name_zh, customers, value_share, value, ...}), concentration {gini, top20_value_share, pareto},
//   lifecycle[] ({stage, name, name_zh, customers, value, ...}), cohorts {first_month, new_customers, cohorts[]},
//   cac {spend, new_customers, cac, clv_to_cac, payback_months, ...}, nps {score, promoters, passives, detractors,
//   unmatched, ...}, budget[] ({segment, name_zh, amount, expected_gain, ...}), budget_summary, watchlist[],
//   migration, playbook[], what_if, campaign, models, settings.
// Numbers that are not defined (NaN) are null.
#pragma once
#include <ostream>
#include <string>

#include "report/report.hpp"

namespace clv {

std::string report_json(const Report& report, int indent = 2);
void write_report_json(std::ostream& out, const Report& report, int indent = 2);

}  // namespace clv
