// Every rule and threshold of the customer value analysis in one plain value with defaults, so
// the UI can show and edit them and the CLI can take them from flags. Each part is documented in
// the header of the module that uses it; check() returns the first problem in plain language
// (empty when everything is fine). analyze() runs only on settings that pass check().
#pragma once
#include <optional>
#include <string>

#include "kpi/kpi.hpp"
#include "kpi/nps.hpp"
#include "models/predict.hpp"
#include "segments/lifecycle.hpp"
#include "segments/rfm.hpp"
#include "segments/tiers.hpp"
#include "strategy/budget.hpp"
#include "strategy/campaign.hpp"
#include "strategy/migration.hpp"
#include "strategy/playbook.hpp"
#include "strategy/watchlist.hpp"
#include "strategy/what_if.hpp"

namespace clv {

// How the models are fitted and what CLV means here.
struct ModelSettings {
    bool fit = true;  // false: no model; rules that need P(alive) or CLV fall back as documented
    models::CountingModelKind kind = models::CountingModelKind::bgnbd;
    bool spend_model = true;               // Gamma-Gamma for spend; otherwise the observed mean
    double horizon_months = 12;            // CLV horizon
    double margin = 1.0;                   // profit share of revenue, for CLV and realised value
    double monthly_discount_rate = 0.01;   // discount per month (lifetimes' convention: per period)
    // CLV interval (CustomerTable::clv_low/clv_high): parametric bootstrap of the fitted parameters.
    // The draws are evaluated on cells of similar customers, not per customer (clv_interval.hpp),
    // so their cost does not grow with the number of customers. 0: no interval.
    int bootstrap_draws = 100;
    double interval = 0.90;                // central coverage of the interval
    // Holdout check (ModelReport::holdout): when the order lines go beyond the calibration end, the
    // purchases after it are compared with the model's predictions, up to `holdout_end` (default:
    // the last day in the data).
    bool holdout = true;
    std::optional<DayNumber> holdout_end;

    std::string check() const;
};

struct AnalysisSettings {
    ModelSettings model;
    RfmSettings rfm;
    TierSettings tiers;
    LifecycleSettings lifecycle;
    KpiSettings kpi;
    NpsSettings nps;
    WatchlistSettings watchlist;
    BudgetSettings budget;
    PlaybookSettings playbook;
    WhatIfSettings what_if;
    MigrationSettings migration;
    CampaignSettings campaign;

    std::string check() const;
};

}  // namespace clv
