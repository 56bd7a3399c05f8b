#include "report/analysis_settings.hpp"

#include <cmath>

namespace clv {

std::string ModelSettings::check() const {
    if (!(horizon_months > 0 && horizon_months <= 1200)) return "model: the CLV horizon must be 1 to 1200 months";
    if (!(margin > 0 && margin <= 1)) return "model: the margin must be above 0 and at most 1 (a share of revenue)";
    if (!(monthly_discount_rate >= 0 && monthly_discount_rate < 1)) return "model: the monthly discount rate must be in [0, 1)";
    if (bootstrap_draws < 0 || bootstrap_draws > 2000) return "model: bootstrap draws must be 0 to 2000";
    if (!(interval > 0 && interval < 1)) return "model: the interval coverage must be above 0 and below 1";
    return {};
}

std::string AnalysisSettings::check() const {
    for (const std::string& e : {model.check(), rfm.check(), tiers.check(), lifecycle.check(), kpi.check(), nps.check(),
                                 watchlist.check(), budget.check(), playbook.check(), what_if.check(), migration.check(),
                                 campaign.check()})
        if (!e.empty()) return e;
    return {};
}

}  // namespace clv
