// What-if: retention +x points, AOV +y%, purchase frequency +z%, CAC −w% → total CLV and CLV per
// tier, instantly from the fitted predictions (no refitting).
//
//   AOV and frequency scale every customer's CLV proportionally: CLV = margin × E[spend] ×
//   Σ discounted E[purchases], so a y% larger spend per order or z% more purchases give
//   × (1 + y)(1 + z).
//   Retention uses the margin multiple of Gupta & Lehmann (2003, "Customers as assets", J.
//   Interactive Marketing): with monthly retention r and monthly discount rate d, the value of a
//   customer's future margin over H months is proportional to M(r) = Σ_{t=1..H} r^t / (1 + d)^t.
//   The period CRR (kpi.hpp) gives r = CRR^(1/period months); the scenario raises the period CRR
//   by x points (capped below 1), and CLV scales by M(r') / M(r). Without a CRR (no order dates)
//   the retention factor is 1 and the report says so.
//   CAC −w% changes CAC, CLV:CAC and the payback, not the CLV.
#pragma once
#include <cmath>
#include <string>

#include "segments/labels.hpp"

namespace clv {

struct WhatIfSettings {
    double retention_points = 5;   // percentage points added to the period CRR
    double aov_percent = 5;
    double frequency_percent = 5;
    double cac_percent = -10;      // negative: cheaper acquisition
    std::string check() const;
};

struct WhatIfTier {
    Tier tier = Tier::A;
    double baseline = 0, scenario = 0, change = 0;
};

struct WhatIfReport {
    double retention_base = NAN, retention_scenario = NAN;  // period CRR
    double retention_factor = 1, aov_factor = 1, frequency_factor = 1, clv_factor = 1;
    double baseline_total = 0, scenario_total = 0, change = 0, change_percent = 0;
    WhatIfTier tiers[kTierCount];
    double cac_base = NAN, cac_scenario = NAN;
    double clv_to_cac_base = NAN, clv_to_cac_scenario = NAN;
    std::string note;
};

// Σ_{t=1..months} r^t / (1 + d)^t.
double margin_multiple(double monthly_retention, double monthly_discount, double months);

WhatIfReport what_if(const WhatIfSettings& s, const double tier_clv[kTierCount], double period_crr, int period_months,
                     double horizon_months, double monthly_discount, double cac, double value_per_new_customer);

}  // namespace clv
