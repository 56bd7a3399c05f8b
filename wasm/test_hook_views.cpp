// The read-only test hook of the analysis views: Module.testView(name) returns, as JSON, what
// the named view shows — the KPI cards, the first visible table rows, chart series lengths —
// taken from the Report and the views' own state (the same values the views draw, in the UI
// language). window.clvTest.view(name) in web/shell/shell.js parses it. Nothing here changes the
// app; every function catches everything (nothing throws across the wasm boundary).
#include <emscripten/bind.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

#include "web/app.hpp"
#include "web/fit_diagnosis.hpp"
#include "web/i18n.hpp"

namespace {

using clv::web::the_app;
using nlohmann::json;

const char* tab_key(clv::web::Tab t) {
    using clv::web::Tab;
    switch (t) {
        case Tab::import: return "import";
        case Tab::overview: return "overview";
        case Tab::customers: return "customers";
        case Tab::segments: return "segments";
        case Tab::value: return "value";
        case Tab::lifecycle: return "lifecycle";
        case Tab::cohorts: return "cohorts";
        case Tab::models: return "models";
        case Tab::strategy: return "strategy";
        case Tab::export_: return "export";
        case Tab::help: return "help";
        case Tab::privacy: return "privacy";
    }
    return "unknown";
}

// NaN and infinities as null, as in the report's JSON.
json num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json group_json(const clv::GroupValue& g, const char* name) {
    return {{"name", name},          {"customers", g.customers}, {"customer_share", num(g.customer_share)},
            {"revenue", num(g.revenue)}, {"revenue_share", num(g.revenue_share)}, {"clv", num(g.clv)},
            {"value", num(g.value)}};
}

json fit_json(const clv::models::FitResult& f) {
    json params = json::object(), se = json::object();
    for (size_t i = 0; i < f.params.size(); ++i) {
        params[f.name_of(i)] = num(f.params[i]);
        se[f.name_of(i)] = num(i < f.se.size() ? f.se[i] : NAN);
    }
    return {{"model", f.model}, {"params", params}, {"se", se}, {"loglik", num(f.loglik)},
            {"converged", f.converged}, {"diagnosis", f.diagnosis},
            {"diagnosis_code", clv::models::diagnosis_code_name(f.diagnosis_code)},
            {"diagnosis_shown", clv::web::fit_diagnosis_text(f)}};
}

json overview(const clv::web::App& app) {
    const auto& s = app.overview_view;
    json cards = json::array();
    for (size_t i = 0; i < s.card_names.size(); ++i)
        cards.push_back({{"name", s.card_names[i]}, {"value", s.card_values[i]}, {"sub", i < s.card_subs.size() ? s.card_subs[i] : ""}});
    const clv::KpiReport& k = app.report().kpi;
    const clv::CacReport& cac = app.report().cac;
    const clv::NpsReport& nps = app.report().nps;
    return {{"header", s.header}, {"cards", cards}, {"todo", s.todo},
            {"cac", {{"available", cac.available}, {"spend", num(cac.spend)}, {"new_customers", cac.new_customers},
                     {"cac", num(cac.cac)}, {"clv_to_cac", num(cac.clv_to_cac)}, {"payback_months", num(cac.payback_months)}}},
            {"nps", {{"available", nps.available}, {"score", num(nps.overall.score)}, {"responses", nps.overall.responses},
                     {"csat", num(nps.overall.csat)}, {"unmatched", nps.unmatched}, {"bad_lines", nps.bad_lines},
                     {"by_segment_responses", [&] {
                          json a = json::array();
                          for (const clv::NpsTally& t : nps.by_segment) a.push_back(t.responses);
                          return a;
                      }()}}},
            {"kpi", {{"customers", app.report().customers}, {"revenue", num(k.revenue)}, {"aov", num(k.aov)},
                     {"repeat_rate", num(k.repeat_rate)}, {"crr", num(k.crr)}, {"model_clv", num(k.model_clv)}}},
            {"retention_points", k.periods.size()}};
}

// The Import view's side inputs: each file's name, rows used and the reader's errors as shown.
json side_inputs(const clv::web::App& app) {
    const clv::web::SideInputs& s = app.side_inputs;
    json files = json::object();
    for (int i = 0; i < clv::web::kSideFileKinds; ++i) {
        const clv::web::SideFile& f = s.files[i];
        files[clv::web::side_file_key(static_cast<clv::web::SideFileKind>(i))] = {
            {"name", f.name}, {"rows", f.rows}, {"bad_lines", f.bad_lines}, {"errors", f.errors}};
    }
    return {{"files", files}, {"typed_error", s.typed_error}, {"spend_amount", s.spend_amount},
            {"campaign_start", s.campaign_start}};
}

json customers(const clv::web::App& app) {
    const auto& s = app.customers_view;
    const clv::Customers& c = app.customers();
    const clv::CustomerTable& t = app.report().table;
    const clv::TransactionLog& log = app.analysis().log();
    json rows = json::array();
    for (size_t k = 0; k < s.order.size() && k < 10; ++k) {
        const uint32_t i = s.order[k];
        json row = {{"id", std::string(log.customers.name(c.rows[i].customer))}, {"purchase_days", c.rows[i].purchase_days}};
        if (i < t.size()) {
            row["segment"] = clv::web::in_language(clv::segment_label(t.segment[i]));
            row["tier"] = clv::tier_label(t.tier[i]).key;
            row["stage"] = clv::web::in_language(clv::stage_label(t.stage[i]));
            row["p_alive"] = num(t.p_alive[i]);
            row["clv"] = num(t.clv[i]);
            row["clv_low"] = num(i < t.clv_low.size() ? t.clv_low[i] : NAN);
            row["clv_high"] = num(i < t.clv_high.size() ? t.clv_high[i] : NAN);
            const bool next = i < t.next_purchase_day.size() && t.next_purchase_day[i] != clv::kNoDay;
            row["next_order"] = next ? json(clv::format_iso_date(t.next_purchase_day[i])) : json(nullptr);
        }
        rows.push_back(row);
    }
    json j = {{"shown", s.order.size()}, {"total", c.rows.size()}, {"rows", rows}, {"sort_column", s.sort_column},
              {"descending", s.sort_descending}, {"card_open", s.card_open}};
    if (s.card_open && s.selected >= 0 && static_cast<size_t>(s.selected) < c.rows.size())
        j["card"] = {{"id", std::string(log.customers.name(c.rows[static_cast<size_t>(s.selected)].customer))}};
    return j;
}

json segments(const clv::web::App& app) {
    const clv::Report& r = app.report();
    json seg = json::array(), cls = json::array(), grid = json::array();
    for (int i = 0; i < clv::kSegmentCount; ++i)
        seg.push_back(group_json(r.segments[i], clv::web::in_language(clv::segment_label(static_cast<clv::Segment>(i)))));
    for (int i = 0; i < clv::kValueClassCount; ++i)
        cls.push_back(group_json(r.classes[i], clv::web::in_language(clv::value_class_label(static_cast<clv::ValueClass>(i)))));
    for (int row = 0; row < 5; ++row) {
        json line = json::array();
        for (int col = 0; col < 5; ++col) line.push_back(r.rfm.grid_counts[4 - row][col]);  // R5 first, as drawn
        grid.push_back(line);
    }
    return {{"segments", seg}, {"classes", cls}, {"grid", grid}, {"share_basis", app.segments_view.share_basis}};
}

json value(const clv::web::App& app) {
    const clv::Report& r = app.report();
    json tiers = json::array();
    for (const clv::GroupValue& g : r.tiers) {
        json t = group_json(g, clv::web::in_language(clv::tier_label(static_cast<clv::Tier>(g.id))));
        t["value_share"] = num(r.concentration.total_value > 0 ? g.value / r.concentration.total_value : NAN);
        tiers.push_back(t);
    }
    const auto& v = app.value_view;
    double counted = 0;
    for (double c : v.bin_counts) counted += c;
    return {{"lorenz_points", r.concentration.customer_share.size()}, {"top20_value_share", num(r.concentration.top20_value_share)},
            {"gini", num(r.concentration.gini)}, {"tiers", tiers}, {"histogram_bins", v.bin_counts.size()},
            {"histogram_customers", counted}, {"histogram_uses_clv", v.uses_clv}};
}

json lifecycle(const clv::web::App& app) {
    const clv::Report& r = app.report();
    json stages = json::array();
    for (const clv::GroupValue& g : r.stages)
        stages.push_back(group_json(g, clv::web::in_language(clv::stage_label(static_cast<clv::Stage>(g.id)))));
    int strategies = 0;
    for (const clv::PlaybookEntry& e : r.playbook) strategies += e.by_stage;
    return {{"stages", stages}, {"stage_strategies", strategies}};
}

json cohorts(const clv::web::App& app) {
    const clv::CohortTable& t = app.report().cohorts;
    json rows = json::array();
    for (const clv::Cohort& c : t.cohorts)
        rows.push_back({{"label", c.label}, {"customers", c.customers}, {"months", c.retention.size()}, {"revenue", num(c.revenue)}});
    return {{"cohorts", rows}, {"metric", app.cohorts_view.metric}};
}

json models(const clv::web::App& app) {
    const clv::Report& r = app.report();
    const clv::models::HoldoutReport& h = r.models.holdout;
    json j = {{"fitted", r.models.fitted}, {"kind", clv::models::counting_model_name(r.settings.model.kind)},
              {"counting", fit_json(r.models.counting)}, {"spend_fitted", r.models.spend_fitted},
              {"calibration_end", clv::format_iso_date(app.customers().calibration_end)}};
    if (r.models.spend_fitted) j["spend"] = fit_json(r.models.spend);
    j["holdout"] = {{"available", h.available}, {"tracking_points", h.tracking.size()},
                    {"frequency_groups", h.by_frequency.size()}, {"mae", num(h.mae)},
                    {"actual_total", num(h.actual_total)}, {"predicted_total", num(h.predicted_total)}};
    return j;
}

json strategy(const clv::web::App& app) {
    const clv::Report& r = app.report();
    json watch = json::array();
    for (size_t i = 0; i < r.watchlist.size() && i < 5; ++i)
        watch.push_back({{"id", r.watchlist[i].customer_id}, {"value_at_risk", num(r.watchlist[i].item.value_at_risk)}});
    return {{"watchlist", r.watchlist.size()}, {"watch_first", watch}, {"playbook", r.playbook.size()},
            {"budget", {{"available", r.budget.available}, {"budget", num(r.budget.budget)}, {"allocated", num(r.budget.allocated)},
                        {"lines", r.budget.lines.size()}}},
            {"what_if", {{"baseline_total", num(r.what_if.baseline_total)}, {"scenario_total", num(r.what_if.scenario_total)},
                         {"retention_points", r.settings.what_if.retention_points}}},
            {"migration", {{"available", r.migration.available}, {"moved_up", r.migration.moved_up},
                           {"moved_down", r.migration.moved_down}}},
            {"campaign", {{"available", r.campaign.available}, {"targeted", r.campaign.targeted.customers},
                          {"lift_vs_model", num(r.campaign.lift_vs_model)}, {"statement_en", r.campaign.statement_en},
                          {"statement_zh", r.campaign.statement_zh}, {"note", r.campaign.note}}}};
}

std::string test_view(const std::string& name) {
    try {
        const clv::web::App& app = the_app();
        json j = {{"tab", tab_key(app.tab)},
                  {"language", clv::web::language() == clv::web::Lang::zh ? "zh" : "en"},
                  {"has_results", app.has_results()},
                  {"views_ms", app.views_ms},
                  {"tab_label", clv::web::tr(clv::web::Str::tab_overview)}};
        if (name == "import") j["import"] = side_inputs(app);  // before and after a file is loaded
        if (!app.has_results()) return j.dump();
        j["ok"] = app.report().ok();
        j["status"] = app.report().status;
        json v;
        if (name == "overview") v = overview(app);
        else if (name == "customers") v = customers(app);
        else if (name == "segments") v = segments(app);
        else if (name == "value") v = value(app);
        else if (name == "lifecycle") v = lifecycle(app);
        else if (name == "cohorts") v = cohorts(app);
        else if (name == "models") v = models(app);
        else if (name == "strategy") v = strategy(app);
        else if (name == "export") v = {{"last_file", app.export_view.last_file}, {"error", app.export_view.error}};
        if (!v.is_null()) j[name] = v;
        return j.dump();
    } catch (const std::exception& e) {
        return json{{"error", e.what()}}.dump();
    }
}

}  // namespace

EMSCRIPTEN_BINDINGS(clv_studio_views) { emscripten::function("testView", &test_view); }
