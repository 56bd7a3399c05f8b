// [SECTION] helpers     labels, NaN as null, group lists
// [SECTION] parts       one function per top-level key
// [SECTION] report      the assembly
#include "report/report_json.hpp"

#include <nlohmann/json.hpp>

#include <cmath>

#include "report/report_csv.hpp"
#include "report/summary_csv.hpp"
#include "strategy/playbook.hpp"

namespace clv {

namespace {

using json = nlohmann::ordered_json;

// [SECTION] helpers -----------------------------------------------------------------------------

json num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }
// A float column of the customer table: its 7 significant digits, not the float's binary tail.
json num(float v) { return std::isfinite(v) ? json(std::stod(format_float(v))) : json(nullptr); }

json day(DayNumber d) { return format_iso_date(d); }

json label_pair(const Label& l) { return json{{"en", l.en}, {"zh", l.zh}}; }

json actions_json(uint32_t actions) {
    json a = json::array();
    for (int i = 0; i < kActionCount; ++i)
        if (actions & (1u << i)) {
            const Label& l = action_label(static_cast<Action>(i));
            const Label& d = action_detail(static_cast<Action>(i));
            a.push_back({{"key", l.key}, {"name", l.en}, {"name_zh", l.zh}, {"detail", d.en}, {"detail_zh", d.zh}});
        }
    return a;
}

json reasons_json(uint8_t reasons) {
    json a = json::array();
    for (int i = 0; i < kWatchReasonCount; ++i)
        if (reasons & (1u << i)) a.push_back(watch_reason_label(static_cast<WatchReason>(i)).key);
    return a;
}

std::string reasons_text(uint8_t reasons, bool zh) {
    std::string s;
    for (int i = 0; i < kWatchReasonCount; ++i)
        if (reasons & (1u << i)) {
            const Label& l = watch_reason_label(static_cast<WatchReason>(i));
            if (!s.empty()) s += zh ? "；" : "; ";
            s += zh ? l.zh : l.en;
        }
    return s;
}

json group_json(const char* key_name, const Label& l, const GroupValue& g) {
    json j;
    j[key_name] = l.key;
    j["name"] = l.en;
    j["name_zh"] = l.zh;
    j["customers"] = g.customers;
    j["revenue"] = g.revenue;
    j["clv"] = g.clv;
    j["value"] = g.value;
    j["customer_share"] = g.customer_share;
    j["revenue_share"] = g.revenue_share;
    j["clv_share"] = g.clv_share;
    j["p_alive_mean"] = num(g.p_alive_mean);
    return j;
}

json fit_json(const models::FitResult& f) {
    if (f.params.empty()) return nullptr;
    json params = json::object(), se = json::object(), codes = json::array();
    for (models::FitDiagnosis c : f.diagnosis_codes) codes.push_back(models::diagnosis_code_name(c));
    for (size_t i = 0; i < f.params.size(); ++i) {
        params[f.name_of(i)] = num(f.params[i]);
        se[f.name_of(i)] = num(i < f.se.size() ? f.se[i] : NAN);
    }
    return {{"model", f.model}, {"params", params}, {"se", se}, {"loglik", num(f.loglik)}, {"converged", f.converged},
            {"iterations", f.iterations}, {"n_customers", f.n_customers}, {"diagnosis", f.diagnosis},
            {"diagnosis_code", models::diagnosis_code_name(f.diagnosis_code)}, {"diagnosis_codes", codes}};
}

json holdout_json(const models::HoldoutReport& h) {
    json tracking = json::array(), by_frequency = json::array();
    for (const models::TrackingPoint& p : h.tracking)
        tracking.push_back({{"date", day(p.day)}, {"actual", p.actual}, {"predicted", p.predicted}});
    for (const models::FrequencyRow& f : h.by_frequency)
        by_frequency.push_back({{"x", f.x},
                                {"and_more", f.and_more},
                                {"customers", f.customers},
                                {"actual_mean", num(f.actual_mean)},
                                {"predicted_mean", num(f.predicted_mean)}});
    return {{"available", h.available},
            {"note", h.note},
            {"calibration_end", day(h.calibration_end)},
            {"holdout_end", day(h.holdout_end)},
            {"length", h.length},
            {"customers", h.customers},
            {"actual_total", h.actual_total},
            {"predicted_total", h.predicted_total},
            {"mae", num(h.mae)},
            {"rmse", num(h.rmse)},
            {"bias", num(h.bias)},
            {"bias_percent", num(h.bias_percent)},
            {"tracking", tracking},
            {"by_frequency", by_frequency}};
}

json nps_tally_json(const NpsTally& t) {
    return {{"key", t.key},
            {"name", t.name},
            {"name_zh", t.name_zh},
            {"responses", t.responses},
            {"score", num(t.score)},
            {"promoters", t.promoters},
            {"passives", t.passives},
            {"detractors", t.detractors},
            {"csat_responses", t.csat_responses},
            {"csat", num(t.csat)},
            {"csat_mean", num(t.csat_mean)}};
}

// [SECTION] parts -------------------------------------------------------------------------------

json kpi_json(const KpiReport& k) {
    json periods = json::array();
    for (const RetentionPeriod& p : k.periods)
        periods.push_back({{"period", p.label},
                           {"start_customers", p.start_customers},
                           {"end_customers", p.end_customers},
                           {"new_customers", p.new_customers},
                           {"crr", num(p.crr)},
                           {"complete", p.complete}});
    json formulas = json::object();
    for (int i = 0; i < kKpiNameCount; ++i) {
        const Label& name = kpi_label(static_cast<KpiName>(i));
        const Label& f = kpi_formula(static_cast<KpiName>(i));
        formulas[name.key] = {{"name", name.en}, {"name_zh", name.zh}, {"formula", f.en}, {"formula_zh", f.zh}};
    }
    return {{"revenue", k.revenue},
            {"orders", k.orders},
            {"aov", num(k.aov)},
            {"purchase_frequency", num(k.purchase_frequency)},
            {"repeat_rate", num(k.repeat_rate)},
            {"crr", num(k.crr)},
            {"churn_rate", num(k.churn_rate)},
            {"average_lifespan_months", num(k.average_lifespan_months)},
            {"yearly_frequency", num(k.yearly_frequency)},
            {"simple_clv", num(k.simple_clv)},
            {"model_clv", num(k.model_clv)},
            {"p_alive_mean", num(k.p_alive_mean)},
            {"period_months", k.period_months},
            {"periods", periods},
            {"formulas", formulas},
            {"simple_vs_model", label_pair(simple_vs_model_note())}};
}

json rfm_json(const Report& r) {
    auto cuts = [](const QuintileCuts& q) { return json::array({q.cut[0], q.cut[1], q.cut[2], q.cut[3]}); };
    json counts = json::object();
    const char* names[3] = {"r", "f", "m"};
    for (int d = 0; d < 3; ++d) {
        json a = json::array();
        for (int s = 0; s < 5; ++s) a.push_back(r.rfm.score_counts[d][s]);
        counts[names[d]] = a;
    }
    json grid = json::array(), grid_segments = json::array();
    for (int rr = 0; rr < 5; ++rr) {
        json row = json::array(), seg = json::array();
        for (int fm = 0; fm < 5; ++fm) {
            row.push_back(r.rfm.grid_counts[rr][fm]);
            seg.push_back(segment_label(r.settings.rfm.grid[rr][fm]).key);
        }
        grid.push_back(row);
        grid_segments.push_back(seg);
    }
    return {{"cuts", {{"r", cuts(r.rfm.r_cuts)}, {"f", cuts(r.rfm.f_cuts)}, {"m", cuts(r.rfm.m_cuts)}}},
            {"score_counts", counts},
            {"grid", grid},
            {"grid_segments", grid_segments},
            {"class_base", {{"r", r.rfm.r_base}, {"f", r.rfm.f_base}, {"m", r.rfm.m_base}}}};
}

json cohorts_json(const CohortTable& t) {
    json list = json::array();
    for (const Cohort& c : t.cohorts)
        list.push_back({{"month", c.label},
                        {"customers", c.customers},
                        {"revenue", c.revenue},
                        {"retention", c.retention},
                        {"revenue_by_month", c.revenue_by_month}});
    return {{"first_month", t.new_customers.empty() ? json(nullptr) : json(month_label(t.first_month))},
            {"new_customers", t.new_customers},
            {"cohorts", list},
            {"cohorts_not_shown", t.cohorts_not_shown}};
}

json cac_json(const CacReport& c) {
    json months = json::array(), channels = json::array();
    for (const CacMonth& m : c.months)
        months.push_back({{"month", m.label}, {"spend", m.spend}, {"new_customers", m.new_customers}, {"cac", num(m.cac)}});
    for (const CacChannel& ch : c.channels)
        channels.push_back({{"channel", ch.channel},
                            {"spend", ch.spend},
                            {"share", ch.share},
                            {"new_customers", ch.new_customers},
                            {"cac", num(ch.cac)},
                            {"value_per_new_customer", num(ch.value_per_new_customer)},
                            {"clv_to_cac", num(ch.clv_to_cac)}});
    json month_channels = json::array();
    for (const CacMonthChannel& m : c.month_channels)
        month_channels.push_back({{"month", m.label},
                                  {"channel", m.channel},
                                  {"spend", m.spend},
                                  {"new_customers", m.new_customers},
                                  {"cac", num(m.cac)}});
    return {{"available", c.available},
            {"spend", c.spend},
            {"new_customers", c.new_customers},
            {"cac", num(c.cac)},
            {"clv_to_cac", num(c.clv_to_cac)},
            {"payback_months", num(c.payback_months)},
            {"value_per_new_customer", num(c.value_per_new_customer)},
            {"months", months},
            {"channels", channels},
            {"by_channel", c.by_channel},
            {"month_channels", month_channels},
            {"note", c.note}};
}

json nps_json(const NpsReport& n) {
    json j = {{"available", n.available},
              {"score", num(n.overall.score)},
              {"promoters", n.overall.promoters},
              {"passives", n.overall.passives},
              {"detractors", n.overall.detractors},
              {"unmatched", n.unmatched},
              {"responses", n.overall.responses},
              {"csat", num(n.overall.csat)},
              {"csat_mean", num(n.overall.csat_mean)},
              {"csat_responses", n.overall.csat_responses},
              {"bad_lines", n.bad_lines}};
    auto list = [](const std::vector<NpsTally>& v) {
        json a = json::array();
        for (const NpsTally& t : v) a.push_back(nps_tally_json(t));
        return a;
    };
    j["by_segment"] = list(n.by_segment);
    j["by_class"] = list(n.by_value_class);
    j["by_tier"] = list(n.by_tier);
    j["by_stage"] = list(n.by_stage);
    return j;
}

json watchlist_json(const Report& r) {
    json a = json::array();
    for (const WatchEntry& e : r.watchlist) {
        const WatchItem& w = e.item;
        a.push_back({{"customer_id", e.customer_id},
                     {"value_at_risk", w.value_at_risk},
                     {"chance_lost", w.chance_lost},
                     {"value_if_active", w.value_if_active},
                     {"p_alive", num(w.p_alive)},
                     {"clv", num(e.clv)},
                     {"clv_low", num(r.table.clv_low_at(w.row))},
                     {"clv_high", num(r.table.clv_high_at(w.row))},
                     {"next_purchase_date", r.table.next_purchase_day[w.row] == kNoDay || !r.dated
                                                ? json(nullptr)
                                                : day(r.table.next_purchase_day[w.row])},
                     {"silence_days", w.silence_days},
                     {"usual_gap_days", w.usual_gap_days},
                     {"reasons", reasons_json(w.reasons)},
                     {"reason", reasons_text(w.reasons, false)},
                     {"reason_zh", reasons_text(w.reasons, true)},
                     {"segment", segment_label(e.segment).key},
                     {"tier", tier_label(e.tier).key},
                     {"stage", stage_label(e.stage).key}});
    }
    return a;
}

json migration_json(const MigrationReport& m) {
    json seg_rows = json::array(), seg_cols = json::array(), seg_counts = json::array();
    for (int i = 0; i < kSegmentCount; ++i) seg_cols.push_back(segment_label(static_cast<Segment>(i)).key);
    seg_rows = seg_cols;
    seg_rows.push_back("new");
    for (const auto& row : m.segments) seg_counts.push_back(json(std::vector<uint64_t>(std::begin(row), std::end(row))));
    json tier_cols = {"A", "B", "C"}, tier_rows = {"A", "B", "C", "new"}, tier_counts = json::array();
    for (const auto& row : m.tiers) tier_counts.push_back(json(std::vector<uint64_t>(std::begin(row), std::end(row))));
    return {{"available", m.available},
            {"from", day(m.from_day)},
            {"to", day(m.to_day)},
            {"segments", {{"rows", seg_rows}, {"columns", seg_cols}, {"counts", seg_counts}}},
            {"tiers", {{"rows", tier_rows}, {"columns", tier_cols}, {"counts", tier_counts}}},
            {"customers_before", m.customers_before},
            {"customers_new", m.customers_new},
            {"moved_up", m.moved_up},
            {"moved_down", m.moved_down},
            {"realised_before", m.realised_before},
            {"realised_now", m.realised_now},
            {"potential_before", m.potential_before},
            {"potential_now", m.potential_now},
            {"note", m.note}};
}

json budget_json(const BudgetReport& b) {
    json a = json::array();
    for (const BudgetLine& l : b.lines) {
        const Label& s = segment_label(l.segment);
        a.push_back({{"segment", s.key},
                     {"name", s.en},
                     {"name_zh", s.zh},
                     {"amount", l.amount},
                     {"expected_gain", l.expected_gain},
                     {"customers", l.customers},
                     {"value", l.value},
                     {"uplift", l.uplift},
                     {"cost_per_customer", l.cost_per_customer},
                     {"max_gain", l.max_gain},
                     {"marginal_return", l.marginal_return}});
    }
    return a;
}

json playbook_json(const Report& r) {
    json a = json::array();
    for (const PlaybookEntry& e : r.playbook) {
        const Label& l = e.by_stage ? stage_label(static_cast<Stage>(e.id)) : segment_label(static_cast<Segment>(e.id));
        a.push_back({{"kind", e.by_stage ? "stage" : "segment"},
                     {"key", l.key},
                     {"name", l.en},
                     {"name_zh", l.zh},
                     {"customers", e.customers},
                     {"value", e.value},
                     {"actions", actions_json(e.actions)}});
    }
    return a;
}

json what_if_json(const Report& r) {
    const WhatIfReport& w = r.what_if;
    json tiers = json::array();
    for (const WhatIfTier& t : w.tiers)
        tiers.push_back({{"tier", tier_label(t.tier).key}, {"baseline", t.baseline}, {"scenario", t.scenario}, {"change", t.change}});
    const WhatIfSettings& s = r.settings.what_if;
    return {{"assumptions",
             {{"retention_points", s.retention_points},
              {"aov_percent", s.aov_percent},
              {"frequency_percent", s.frequency_percent},
              {"cac_percent", s.cac_percent}}},
            {"retention_base", num(w.retention_base)},
            {"retention_scenario", num(w.retention_scenario)},
            {"retention_factor", w.retention_factor},
            {"aov_factor", w.aov_factor},
            {"frequency_factor", w.frequency_factor},
            {"clv_factor", w.clv_factor},
            {"baseline_total", w.baseline_total},
            {"scenario_total", w.scenario_total},
            {"change", w.change},
            {"change_percent", w.change_percent},
            {"tiers", tiers},
            {"cac_base", num(w.cac_base)},
            {"cac_scenario", num(w.cac_scenario)},
            {"clv_to_cac_base", num(w.clv_to_cac_base)},
            {"clv_to_cac_scenario", num(w.clv_to_cac_scenario)},
            {"note", w.note}};
}

json campaign_json(const CampaignReport& c) {
    auto group = [](const CampaignGroup& g) {
        return json{{"customers", g.customers},
                    {"actual_purchases", g.actual_purchases},
                    {"predicted_purchases", g.predicted_purchases},
                    {"actual_revenue", g.actual_revenue},
                    {"predicted_revenue", g.predicted_revenue},
                    {"lift", num(g.lift)}};
    };
    return {{"available", c.available},
            {"start", c.available || c.end ? day(c.start) : json(nullptr)},
            {"end", c.available || c.end ? day(c.end) : json(nullptr)},
            {"targeted", group(c.targeted)},
            {"comparison", group(c.comparison)},
            {"comparison_is_control_list", c.comparison_is_control_list},
            {"targets_unmatched", c.targets_unmatched},
            {"lift_vs_model", num(c.lift_vs_model)},
            {"lift_vs_comparison", num(c.lift_vs_comparison)},
            {"incremental_purchases_vs_model", num(c.incremental_purchases_vs_model)},
            {"incremental_revenue_vs_model", num(c.incremental_revenue_vs_model)},
            {"incremental_purchases_vs_comparison", num(c.incremental_purchases_vs_comparison)},
            {"incremental_revenue_vs_comparison", num(c.incremental_revenue_vs_comparison)},
            {"z_vs_model", num(c.z_vs_model)},
            {"p_vs_model", num(c.p_vs_model)},
            {"z_vs_comparison", num(c.z_vs_comparison)},
            {"p_vs_comparison", num(c.p_vs_comparison)},
            {"significant", c.significant},
            {"statement", c.statement_en},
            {"statement_zh", c.statement_zh},
            {"note", c.note}};
}

json settings_json(const AnalysisSettings& s) {
    json budget = json::array();
    for (int i = 0; i < kSegmentCount; ++i)
        budget.push_back({{"segment", segment_label(static_cast<Segment>(i)).key},
                          {"uplift", s.budget.segment[i].uplift},
                          {"cost_per_customer", s.budget.segment[i].cost_per_customer}});
    return {
        {"model",
         {{"fit", s.model.fit},
          {"kind", models::counting_model_name(s.model.kind)},
          {"spend_model", s.model.spend_model},
          {"horizon_months", s.model.horizon_months},
          {"margin", s.model.margin},
          {"monthly_discount_rate", s.model.monthly_discount_rate},
          {"bootstrap_draws", s.model.bootstrap_draws},
          {"interval", s.model.interval},
          {"holdout", s.model.holdout},
          {"holdout_end", s.model.holdout_end ? day(*s.model.holdout_end) : json(nullptr)}}},
        {"rfm",
         {{"monetary", s.rfm.monetary == RfmSettings::Monetary::total ? "total" : "per_order"},
          {"class_base", s.rfm.class_base == RfmSettings::ClassBase::mean ? "mean" : "median"}}},
        {"tiers",
         {{"basis", s.tiers.basis == TierSettings::Basis::historical ? "historical" : "predicted_clv"},
          {"a_share", s.tiers.a_share},
          {"b_share", s.tiers.b_share}}},
        {"lifecycle",
         {{"churned_p_alive", s.lifecycle.churned_p_alive},
          {"decline_p_alive", s.lifecycle.decline_p_alive},
          {"churned_silence", s.lifecycle.churned_silence},
          {"decline_silence", s.lifecycle.decline_silence},
          {"growing_gap_ratio", s.lifecycle.growing_gap_ratio},
          {"shrinking_gap_ratio", s.lifecycle.shrinking_gap_ratio},
          {"acquisition_max_purchases", s.lifecycle.acquisition_max_purchases},
          {"maturity_min_purchases", s.lifecycle.maturity_min_purchases},
          {"one_time_gap_days", s.lifecycle.one_time_gap_days},
          {"min_usual_gap_days", s.lifecycle.min_usual_gap_days}}},
        {"kpi", {{"period_months", s.kpi.period_months}, {"max_cohorts", s.kpi.max_cohorts}}},
        {"nps",
         {{"promoter_min", s.nps.promoter_min},
          {"detractor_max", s.nps.detractor_max},
          {"csat_satisfied_min", s.nps.csat_satisfied_min}}},
        {"watchlist",
         {{"p_alive_below", s.watchlist.p_alive_below},
          {"silence_multiple", s.watchlist.silence_multiple},
          {"growing_gaps", s.watchlist.growing_gaps},
          {"lowest_tier", tier_label(s.watchlist.lowest_tier).key},
          {"include_churned", s.watchlist.include_churned},
          {"max_items", s.watchlist.max_items}}},
        {"budget", {{"amount", s.budget.amount}, {"auto_cost_share", s.budget.auto_cost_share}, {"segments", budget}}},
        {"migration", {{"enabled", s.migration.enabled}, {"compare_days", s.migration.compare_days}}},
        {"campaign", {{"alpha", s.campaign.alpha}}},
    };
}

}  // namespace

// [SECTION] report --------------------------------------------------------------------------------

std::string report_json(const Report& r, int indent) {
    json j;
    j["status"] = r.ok() ? "ok" : r.status;
    j["analysis_date"] = r.dated ? day(r.analysis_day) : json(nullptr);  // a summary file has no dates
    j["first_date"] = r.dated ? day(r.first_day) : json(nullptr);
    j["last_date"] = r.dated ? day(r.last_day) : json(nullptr);
    j["customers"] = r.customers;
    j["rows"] = {{"read", r.rows.read}, {"used", r.rows.used}, {"rejected", r.rows.rejected}, {"returns", r.rows.returns}};
    if (r.ok()) {
        j["kpi"] = kpi_json(r.kpi);
        j["rfm"] = rfm_json(r);
        json segs = json::array(), classes = json::array(), tiers = json::array(), stages = json::array();
        for (int i = 0; i < kSegmentCount; ++i) segs.push_back(group_json("key", segment_label(static_cast<Segment>(i)), r.segments[i]));
        for (int i = 0; i < kValueClassCount; ++i)
            classes.push_back(group_json("key", value_class_label(static_cast<ValueClass>(i)), r.classes[i]));
        for (int i = 0; i < kTierCount; ++i) {
            json t = group_json("tier", tier_label(static_cast<Tier>(i)), r.tiers[i]);
            t["value_share"] = r.concentration.total_value > 0 ? r.tiers[i].value / r.concentration.total_value : 0.0;
            tiers.push_back(t);
        }
        for (int i = 0; i < kStageCount; ++i) stages.push_back(group_json("stage", stage_label(static_cast<Stage>(i)), r.stages[i]));
        j["rfm_segments"] = segs;
        j["rfm_classes"] = classes;
        j["tiers"] = tiers;
        j["concentration"] = {{"basis", r.settings.tiers.basis == TierSettings::Basis::historical || !r.models.fitted
                                            ? "historical"
                                            : "predicted_clv"},
                              {"gini", r.concentration.gini},
                              {"top20_value_share", r.concentration.top20_value_share},
                              {"total_value", r.concentration.total_value},
                              {"pareto",
                               {{"customer_share", r.concentration.customer_share},
                                {"value_share", r.concentration.value_share}}}};
        j["lifecycle"] = stages;
        j["one_time_gap_days"] = r.one_time_gap_days;
        j["cohorts"] = cohorts_json(r.cohorts);
        j["cac"] = cac_json(r.cac);
        j["nps"] = nps_json(r.nps);
        j["budget"] = budget_json(r.budget);
        j["budget_summary"] = {{"budget", r.budget.budget},
                               {"allocated", r.budget.allocated},
                               {"expected_gain", r.budget.expected_gain},
                               {"marginal_return", r.budget.marginal_return},
                               {"note", r.budget.note}};
        j["watchlist"] = watchlist_json(r);
        j["watch_candidates"] = r.watch_candidates;
        j["migration"] = migration_json(r.migration);
        j["playbook"] = playbook_json(r);
        j["what_if"] = what_if_json(r);
        j["campaign"] = campaign_json(r.campaign);
        j["models"] = {{"fitted", r.models.fitted},
                       {"spend_fitted", r.models.spend_fitted},
                       {"unit", r.models.unit},
                       {"message", r.models.message},
                       {"counting", fit_json(r.models.counting)},
                       {"spend", fit_json(r.models.spend)},
                       {"interval", {{"available", r.models.interval},
                                     {"draws", r.settings.model.bootstrap_draws},
                                     {"coverage", r.settings.model.interval}}},
                       {"holdout", holdout_json(r.models.holdout)}};
    }
    j["settings"] = settings_json(r.settings);
    return j.dump(indent, ' ', false, json::error_handler_t::replace);
}

void write_report_json(std::ostream& out, const Report& report, int indent) { out << report_json(report, indent) << '\n'; }

}  // namespace clv
