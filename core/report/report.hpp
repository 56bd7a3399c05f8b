// report::Report — one value holding every result of the customer value analysis, so the UI draws
// each view from it without computing and the CLI prints it as JSON (report_json.hpp) or writes
// the per-customer table and action lists as CSV (report_csv.hpp).
//
// Views and where their data is:
//   overview / KPIs      kpi (+ labels.hpp kpi_label / kpi_formula for names and formulas)
//   RFM                  rfm (cuts, score counts, 5×5 grid counts), segments[11], classes[8]
//   value tiers          tiers[3], concentration (Pareto curve, Gini, top-20% share)
//   lifecycle            stages[5]
//   cohorts              cohorts (retention matrix, revenue per cohort, new customers per month)
//   CAC, NPS             cac, nps
//   churn warning        watchlist (ranked, with customer ids and reasons)
//   value change         migration (+ table.realised_change / potential_change)
//   budget, playbook     budget, playbook
//   what-if, campaign    what_if, campaign
//   models               models (fits, diagnosis)
//   customers table      table (one entry per Customers row, column vectors)
// Group statistics carry their enumeration value; names come from labels.hpp (EN and 中文).
#pragma once
#include <cmath>
#include <string>
#include <vector>

#include "kpi/cac.hpp"
#include "kpi/cohorts.hpp"
#include "kpi/kpi.hpp"
#include "kpi/nps.hpp"
#include "models/holdout.hpp"
#include "report/analysis_settings.hpp"
#include "report/model_run.hpp"
#include "segments/labels.hpp"
#include "segments/rfm.hpp"
#include "segments/tiers.hpp"
#include "strategy/budget.hpp"
#include "strategy/campaign.hpp"
#include "strategy/migration.hpp"
#include "strategy/watchlist.hpp"
#include "strategy/what_if.hpp"

namespace clv {

// Line accounting of the order file, copied from the reader (the analysis itself never sees it).
struct RowCounts {
    uint64_t read = 0;      // data lines
    uint64_t used = 0;      // purchase rows
    uint64_t rejected = 0;
    uint64_t returns = 0;
};

// The inputs beside the orders: spend, survey, campaign lists.
struct AnalysisInputs {
    RowCounts rows;
    SpendInput spend;
    std::vector<SurveyResponse> survey;
    uint64_t survey_bad_lines = 0;
    CampaignInput campaign;
};

// One RFM segment, value class, tier or lifecycle stage.
struct GroupValue {
    uint8_t id = 0;              // the enumeration value (Segment, ValueClass, Tier, Stage)
    uint64_t customers = 0;
    double customer_share = 0;
    double revenue = 0;          // spend to the analysis date
    double revenue_share = 0;
    double clv = 0;              // Σ model CLV (0 without a model)
    double clv_share = 0;
    double value = 0;            // Σ the tier basis value (realised margin or CLV)
    double p_alive_mean = NAN;
};

// Per customer, in Customers row order. Columns, not structs: the UI sorts and filters by column.
// The table lives as long as the report, so it is kept small: the columns only shown or exported
// are floats (7 significant digits, more than any view or export prints; the exports write them
// with 7), while the CLV, summed and ranked, stays a double. Every sum in the report is made from
// the models' doubles before they are stored here. What follows from other columns is not stored
// (12 bytes per customer, 120 MB at 10M): the recency from the summary rows (recency_days) and
// the tier basis from the CLV or the spend (tier_basis_value).
struct CustomerTable {
    std::vector<uint8_t> r, f, m;
    std::vector<Segment> segment;
    std::vector<ValueClass> value_class;
    std::vector<Tier> tier;
    std::vector<Stage> stage;
    std::vector<uint32_t> actions;     // bits of Action
    std::vector<uint8_t> watch;        // bits of WatchReason (whether or not on the ranked list)
    std::vector<double> clv;           // NaN without a model
    std::vector<float> p_alive, expected_purchases, expected_spend;  // NaN without a model
    // Central ModelSettings::interval of the bootstrap, rounded outwards to floats (low down, high
    // up, so the interval still holds the CLV); NaN where there is none. Both are empty until the
    // interval has run (it runs after the Overview, and not at all without a model or when memory
    // runs out): read them through clv_low_at / clv_high_at. Not holding 8 bytes of NaN per
    // customer before then keeps 80 MB out of the analysis' peak at 10M customers.
    std::vector<float> clv_low, clv_high;
    std::vector<DayNumber> next_purchase_day;  // median date of the next purchase; kNoDay when none (model_run.hpp)
    std::vector<float> value_at_risk;  // 0 unless a warning sign fired
    std::vector<float> realised_change, potential_change;  // empty unless migration ran; NaN for new customers' potential
    size_t size() const { return segment.size(); }
    float clv_low_at(size_t i) const { return i < clv_low.size() ? clv_low[i] : NAN; }
    float clv_high_at(size_t i) const { return i < clv_high.size() ? clv_high[i] : NAN; }
};

// A double as the nearest float at or below / at or above it (NaN stays NaN).
inline float float_at_most(double v) {
    const auto f = static_cast<float>(v);
    return static_cast<double>(f) > v ? std::nextafter(f, -INFINITY) : f;
}
inline float float_at_least(double v) {
    const auto f = static_cast<float>(v);
    return static_cast<double>(f) < v ? std::nextafter(f, INFINITY) : f;
}

struct WatchEntry {
    WatchItem item;
    std::string customer_id;
    Segment segment = Segment::champions;
    Tier tier = Tier::A;
    Stage stage = Stage::maturity;
    double clv = NAN;
};

struct PlaybookEntry {
    bool by_stage = false;  // false: an RFM segment; true: a lifecycle stage
    uint8_t id = 0;
    uint64_t customers = 0;
    double value = 0;
    uint32_t actions = 0;
};

struct ModelReport {
    bool fitted = false;
    bool spend_fitted = false;
    bool interval = false;   // CustomerTable::clv_low / clv_high are filled
    std::string message;
    models::FitResult counting, spend;
    std::string unit;  // "week" or "day": the unit of x, t_x, T and of the fits
    // Purchases after the calibration end against the counting model's predictions (MAE, RMSE,
    // bias, weekly tracking curve, conditional expectation by frequency); `available` false with a
    // note when there is no holdout period, no model or ModelSettings::holdout is off.
    models::HoldoutReport holdout;
};

struct Report {
    std::string status;            // empty when the analysis ran; else why not (plain language)
    DayNumber analysis_day = 0;    // the calibration end
    DayNumber first_day = 0, last_day = 0;  // of the data
    // False for a per-customer summary file: it has no dates, its days count back from the end of
    // its period as day 0 (SummaryFileReader), so the exports write no calendar dates for it.
    bool dated = true;
    uint64_t customers = 0;
    RowCounts rows;
    AnalysisSettings settings;     // as used (the assumptions the UI shows)

    KpiReport kpi;
    RfmSummary rfm;
    GroupValue segments[kSegmentCount];
    GroupValue classes[kValueClassCount];
    GroupValue tiers[kTierCount];
    GroupValue stages[kStageCount];
    Concentration concentration;
    CohortTable cohorts;
    CacReport cac;
    NpsReport nps;
    std::vector<WatchEntry> watchlist;
    uint64_t watch_candidates = 0;  // valuable customers with a warning sign, before the length cap
    MigrationReport migration;
    BudgetReport budget;
    std::vector<PlaybookEntry> playbook;
    WhatIfReport what_if;
    CampaignReport campaign;
    ModelReport models;
    double one_time_gap_days = 0;   // the usual gap used for one-time buyers
    CustomerTable table;

    bool ok() const { return status.empty(); }
};

// Whole days from customer i's last purchase to the analysis date (RFM's recency).
inline double recency_days(const Customers& customers, size_t i) {
    return static_cast<double>(customers.calibration_end - customers.rows[i].last_day);
}

// A customer's value as the tiers rank it: the CLV when they rank by it (`by_clv`: the setting,
// and a model was fitted), 0 for a customer without one; else the realised margin.
inline double tier_basis(bool by_clv, double clv, double margin, double spend) {
    return by_clv ? (std::isfinite(clv) ? clv : 0.0) : margin * spend;
}
// Whether the tiers rank by CLV: the setting asks for it and a model was fitted.
inline bool tiers_by_clv(const AnalysisSettings& s, bool model_fitted) {
    return s.tiers.basis == TierSettings::Basis::predicted_clv && model_fitted;
}
inline double tier_basis_value(const Report& r, const Customers& customers, size_t i) {
    const bool by_clv = tiers_by_clv(r.settings, r.models.fitted);
    return tier_basis(by_clv, i < r.table.clv.size() ? r.table.clv[i] : NAN, r.settings.model.margin,
                      customers.rows[i].total_value);
}

}  // namespace clv
