#include "strategy/what_if.hpp"

#include <algorithm>

namespace clv {

std::string WhatIfSettings::check() const {
    if (!(retention_points >= -100 && retention_points <= 100)) return "what-if: retention points must be between -100 and 100";
    if (!(aov_percent > -100 && aov_percent <= 1000)) return "what-if: the AOV change must be above -100%";
    if (!(frequency_percent > -100 && frequency_percent <= 1000)) return "what-if: the frequency change must be above -100%";
    if (!(cac_percent > -100 && cac_percent <= 1000)) return "what-if: the CAC change must be above -100%";
    return {};
}

double margin_multiple(double r, double d, double months) {
    double sum = 0, f = 1;
    const int n = static_cast<int>(std::ceil(months - 1e-9));
    for (int t = 1; t <= n; ++t) {
        f *= r / (1 + d);
        sum += f;
    }
    return sum;
}

WhatIfReport what_if(const WhatIfSettings& s, const double tier_clv[kTierCount], double period_crr, int period_months,
                     double horizon_months, double monthly_discount, double cac, double value_per_new_customer) {
    WhatIfReport w;
    w.aov_factor = 1 + s.aov_percent / 100;
    w.frequency_factor = 1 + s.frequency_percent / 100;
    if (std::isfinite(period_crr) && period_crr > 0 && period_months > 0) {
        w.retention_base = std::min(period_crr, 0.9999);
        w.retention_scenario = std::clamp(w.retention_base + s.retention_points / 100, 0.0, 0.9999);
        const double r0 = std::pow(w.retention_base, 1.0 / period_months);
        const double r1 = std::pow(w.retention_scenario, 1.0 / period_months);
        const double m0 = margin_multiple(r0, monthly_discount, horizon_months);
        w.retention_factor = m0 > 0 ? margin_multiple(r1, monthly_discount, horizon_months) / m0 : 1;
    } else if (s.retention_points != 0) {
        w.note = "No retention rate could be measured (no dated orders), so the retention change is not applied.";
    }
    w.clv_factor = w.retention_factor * w.aov_factor * w.frequency_factor;
    for (int t = 0; t < kTierCount; ++t) {
        WhatIfTier& x = w.tiers[t];
        x.tier = static_cast<Tier>(t);
        x.baseline = std::isfinite(tier_clv[t]) ? tier_clv[t] : 0;
        x.scenario = x.baseline * w.clv_factor;
        x.change = x.scenario - x.baseline;
        w.baseline_total += x.baseline;
        w.scenario_total += x.scenario;
    }
    w.change = w.scenario_total - w.baseline_total;
    w.change_percent = w.baseline_total > 0 ? 100 * w.change / w.baseline_total : 0;
    if (std::isfinite(cac)) {
        w.cac_base = cac;
        w.cac_scenario = cac * (1 + s.cac_percent / 100);
        if (cac > 0 && std::isfinite(value_per_new_customer)) {
            w.clv_to_cac_base = value_per_new_customer / cac;
            // The new customer's future part scales with the CLV factor; what they already spent
            // does not, but at acquisition nothing is spent yet, so the whole value scales.
            w.clv_to_cac_scenario = value_per_new_customer * w.clv_factor / w.cac_scenario;
        }
    }
    return w;
}

}  // namespace clv
