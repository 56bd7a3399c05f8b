// Strategy view, in five tabs:
//   Playbook   the recommended actions per RFM segment (and stage), with the reasoning
//   Watch-list valuable customers showing a warning sign, ranked by the value at risk
//   Budget     allocation of a marketing budget across segments (diminishing returns); the budget
//              and each segment's assumptions are editable and re-run the analysis
//   What-if    sliders for retention, AOV, frequency and CAC with the new total CLV at once
//   Migration  how customers moved between segments (or tiers) since the earlier date
//
// What-if: the Report holds the scenario for the settings it was made with. While a slider moves
// the view draws the App's preview for the slider's values (App::what_if_preview: the core's
// what_if() on the Report's own inputs, no refit), so the numbers follow the slider at once; when
// the slider is released the App stores the settings and re-runs the analysis, so exports agree.
//
// Index
//   [SECTION] playbook   [SECTION] watch-list   [SECTION] budget   [SECTION] what-if   [SECTION] migration
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "app.hpp"
#include "charts.hpp"
#include "i18n.hpp"
#include "widgets.hpp"

namespace clv::web {
namespace {

const ImGuiTableFlags kTable = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;

std::string action_names(uint32_t actions) {
    std::string out;
    for (int k = 0; k < kActionCount; ++k)
        if (actions & (1u << k)) out += std::string(out.empty() ? "" : "; ") + in_language(action_label(static_cast<Action>(k)));
    return out;
}

// [SECTION] playbook ---------------------------------------------------------------------------

void draw_playbook(const Report& r) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%s", tr(Str::st_playbook_intro));
    ImGui::PopTextWrapPos();
    if (!ImGui::BeginTable("playbook", 4, kTable | ImGuiTableFlags_ScrollY, ImVec2(0, ImGui::GetContentRegionAvail().y))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(tr(Str::col_group), ImGuiTableColumnFlags_WidthStretch, 1.3f);
    ImGui::TableSetupColumn(tr(Str::col_customers), ImGuiTableColumnFlags_WidthStretch, 0.6f);
    ImGui::TableSetupColumn(tr(Str::col_value), ImGuiTableColumnFlags_WidthStretch, 0.7f);
    ImGui::TableSetupColumn(tr(Str::st_actions), ImGuiTableColumnFlags_WidthStretch, 3.5f);
    ImGui::TableHeadersRow();
    for (const PlaybookEntry& e : r.playbook) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        const char* name = e.by_stage ? in_language(stage_label(static_cast<Stage>(e.id)))
                                      : in_language(segment_label(static_cast<Segment>(e.id)));
        if (e.by_stage) ImGui::TextColored(ImVec4(0.3f, 0.3f, 0.55f, 1), "%s %s", tr(Str::st_stage_prefix), name);
        else ImGui::TextUnformatted(name);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(charts::number(static_cast<double>(e.customers)).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(charts::number(e.value).c_str());
        ImGui::TableNextColumn();
        ImGui::PushTextWrapPos(0);
        for (int k = 0; k < kActionCount; ++k) {
            if (!(e.actions & (1u << k))) continue;
            ImGui::TextUnformatted(in_language(action_label(static_cast<Action>(k))));
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", in_language(action_detail(static_cast<Action>(k))));
        }
        ImGui::PopTextWrapPos();
    }
    ImGui::EndTable();
}

// [SECTION] watch-list -------------------------------------------------------------------------

void draw_watchlist(const Report& r) {
    ImGui::Text(tr(Str::st_watch_line), r.watchlist.size(), static_cast<unsigned long long>(r.watch_candidates));
    if (r.watchlist.empty()) return;
    if (!ImGui::BeginTable("watchlist", 9, kTable | ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable,
                           ImVec2(0, ImGui::GetContentRegionAvail().y)))
        return;
    ImGui::TableSetupScrollFreeze(1, 1);
    ImGui::TableSetupColumn(tr(Str::col_customer_id));
    ImGui::TableSetupColumn(tr(Str::cu_value_at_risk));
    ImGui::TableSetupColumn(tr(Str::st_chance_lost));
    ImGui::TableSetupColumn(tr(Str::col_p_alive));
    ImGui::TableSetupColumn(tr(Str::st_silence));
    ImGui::TableSetupColumn(tr(Str::col_segment), ImGuiTableColumnFlags_WidthStretch, 1.2f);
    ImGui::TableSetupColumn(tr(Str::col_tier), ImGuiTableColumnFlags_WidthStretch, 0.4f);
    ImGui::TableSetupColumn(tr(Str::col_stage));
    ImGui::TableSetupColumn(tr(Str::st_reasons), ImGuiTableColumnFlags_WidthStretch, 2.5f);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(r.watchlist.size()));
    while (clipper.Step())
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const WatchEntry& w = r.watchlist[static_cast<size_t>(i)];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(w.customer_id.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(charts::number(w.item.value_at_risk, 2).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(charts::percent(w.item.chance_lost, 0).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(charts::percent(w.item.p_alive, 0).c_str());
            ImGui::TableNextColumn();
            ImGui::Text(tr(Str::st_silence_cell), w.item.silence_days, w.item.usual_gap_days);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(in_language(segment_label(w.segment)));
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(tier_label(w.tier).key);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(in_language(stage_label(w.stage)));
            ImGui::TableNextColumn();
            std::string reasons;
            for (int k = 0; k < kWatchReasonCount; ++k)
                if (w.item.reasons & (1u << k))
                    reasons += std::string(reasons.empty() ? "" : "; ") + in_language(watch_reason_label(static_cast<WatchReason>(k)));
            ImGui::TextUnformatted(reasons.c_str());
        }
    ImGui::EndTable();
}

// [SECTION] budget -----------------------------------------------------------------------------

void draw_budget(App& app) {
    StrategyViewState& s = app.strategy_view;
    const Report& r = app.report();
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%s", tr(Str::st_budget_intro));
    ImGui::PopTextWrapPos();
    ImGui::SetNextItemWidth(160);
    ImGui::InputDouble(label(Str::st_budget_amount, "st_budget").c_str(), &s.budget, 0, 0, "%.0f");
    remember_item(app, "st_budget");
    ImGui::SameLine();
    if (ImGui::Button(label(Str::st_allocate, "st_allocate").c_str())) {
        BudgetSettings b = s.budget_settings;
        b.amount = std::max(0.0, s.budget);
        if (b.check().empty()) {
            app.settings.budget = b;
            app.reanalyse();
        }
    }
    remember_item(app, "st_allocate");
    const BudgetReport& br = r.budget;
    if (br.available) {
        ImGui::Text(tr(Str::st_budget_result), charts::number(br.allocated).c_str(), charts::number(br.expected_gain).c_str(),
                    br.marginal_return);
        if (br.marginal_return < 1) ImGui::TextColored(ImVec4(0.75f, 0.35f, 0.0f, 1), "%s", tr(Str::st_budget_too_big));
    }
    // The core's note (English) says the same as the translated line above when the return is < 1.
    if (!br.note.empty() && !(br.available && br.marginal_return < 1)) ImGui::TextDisabled("%s", br.note.c_str());
    if (!ImGui::BeginTable("budget", 7, kTable)) return;
    const ImGuiTableColumnFlags w = ImGuiTableColumnFlags_WidthStretch;
    ImGui::TableSetupColumn(tr(Str::col_segment), w, 1.5f);
    ImGui::TableSetupColumn(tr(Str::col_customers), w, 0.8f);
    ImGui::TableSetupColumn(tr(Str::col_value), w, 0.9f);
    ImGui::TableSetupColumn(tr(Str::st_uplift), w, 0.8f);
    ImGui::TableSetupColumn(tr(Str::st_cost), w, 0.9f);
    ImGui::TableSetupColumn(tr(Str::st_amount), w, 0.9f);
    ImGui::TableSetupColumn(tr(Str::st_gain), w, 0.9f);
    ImGui::TableHeadersRow();
    for (int i = 0; i < kSegmentCount; ++i) {
        const BudgetLine* line = static_cast<size_t>(i) < br.lines.size() ? &br.lines[static_cast<size_t>(i)] : nullptr;
        ImGui::PushID(i);
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(in_language(segment_label(static_cast<Segment>(i))));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(charts::number(static_cast<double>(r.segments[i].customers)).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(line ? charts::number(line->value).c_str() : "\xE2\x80\x93");
        ImGui::TableNextColumn();
        BudgetAssumption& a = s.budget_settings.segment[i];
        float uplift = static_cast<float>(a.uplift * 100), cost = static_cast<float>(a.cost_per_customer);
        ImGui::SetNextItemWidth(-1);
        if (ImGui::DragFloat("##uplift", &uplift, 0.2f, 0, 100, "%.1f%%")) a.uplift = uplift / 100;
        ImGui::TableNextColumn();
        ImGui::SetNextItemWidth(-1);
        if (ImGui::DragFloat("##cost", &cost, 0.1f, 0, 1e6f, cost == 0 ? tr(Str::st_auto) : "%.2f")) a.cost_per_customer = cost;
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(line ? charts::number(line->amount).c_str() : "\xE2\x80\x93");
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(line ? charts::number(line->expected_gain).c_str() : "\xE2\x80\x93");
        ImGui::PopID();
    }
    ImGui::EndTable();
    if (br.available && !br.lines.empty()) {
        charts::BarChart bc;
        bc.id = "budget_bars";
        bc.set_names = {tr(Str::st_amount), tr(Str::st_gain)};
        bc.values.resize(2);
        for (const BudgetLine& l : br.lines) {
            bc.labels.push_back(in_language(segment_label(l.segment)));
            bc.values[0].push_back(l.amount);
            bc.values[1].push_back(l.expected_gain);
        }
        bc.value_format = [](double v) { return charts::number(v); };
        bc.row_height = 24;
        charts::bar_chart(bc);
    }
}

// [SECTION] what-if ----------------------------------------------------------------------------

void draw_what_if(App& app) {
    StrategyViewState& s = app.strategy_view;
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%s", tr(Str::st_whatif_intro));
    ImGui::PopTextWrapPos();
    bool released = false;
    const auto slider = [&](Str name, const char* id, float* v, float lo, float hi, const char* fmt) {
        ImGui::SetNextItemWidth(320);
        ImGui::SliderFloat(label(name, id).c_str(), v, lo, hi, fmt);
        remember_item(app, id);
        released |= ImGui::IsItemDeactivatedAfterEdit();
    };
    slider(Str::st_retention_points, "wi_retention", &s.retention_points, -20, 20, "%+.1f");
    slider(Str::st_aov_percent, "wi_aov", &s.aov_percent, -30, 50, "%+.0f%%");
    slider(Str::st_frequency_percent, "wi_frequency", &s.frequency_percent, -30, 50, "%+.0f%%");
    slider(Str::st_cac_percent, "wi_cac", &s.cac_percent, -50, 50, "%+.0f%%");
    WhatIfSettings w;
    w.retention_points = s.retention_points;
    w.aov_percent = s.aov_percent;
    w.frequency_percent = s.frequency_percent;
    w.cac_percent = s.cac_percent;
    const WhatIfReport live = app.what_if_preview(w);  // a copy: apply_what_if re-runs the analysis
    if (released) app.apply_what_if(w);
    ImGui::Spacing();
    ImGui::Text(tr(Str::st_whatif_total), charts::number(live.baseline_total).c_str(), charts::number(live.scenario_total).c_str(),
                live.change >= 0 ? "+" : "", charts::number(live.change).c_str(), live.change_percent);
    ImGui::TextDisabled(tr(Str::st_whatif_factors), live.retention_factor, live.aov_factor, live.frequency_factor, live.clv_factor);
    if (std::isfinite(live.clv_to_cac_base))
        ImGui::Text(tr(Str::st_whatif_cac), live.clv_to_cac_base, live.clv_to_cac_scenario);
    if (!live.note.empty()) ImGui::TextDisabled("%s", live.note.c_str());
    charts::BarChart bc;
    bc.id = "whatif_bars";
    bc.set_names = {tr(Str::st_baseline), tr(Str::st_scenario)};
    bc.values.resize(2);
    for (const WhatIfTier& t : live.tiers) {
        bc.labels.push_back(in_language(tier_label(t.tier)));
        bc.values[0].push_back(t.baseline);
        bc.values[1].push_back(t.scenario);
    }
    bc.value_format = [](double v) { return charts::number(v); };
    charts::bar_chart(bc);
}

// [SECTION] migration --------------------------------------------------------------------------

void draw_migration(App& app) {
    StrategyViewState& s = app.strategy_view;
    const MigrationReport& m = app.report().migration;
    if (app.busy()) {  // the value change runs last, behind the other views (App::report)
        ImGui::TextDisabled("%s", tr(Str::analysis_finishing));
        return;
    }
    if (!m.available) {
        ImGui::TextDisabled("%s %s", tr(Str::st_no_migration), m.note.c_str());
        return;
    }
    ImGui::Text(tr(Str::st_migration_line), format_iso_date(m.from_day).c_str(), format_iso_date(m.to_day).c_str(),
                charts::number(static_cast<double>(m.moved_up)).c_str(), charts::number(static_cast<double>(m.moved_down)).c_str());
    ImGui::Text(tr(Str::st_migration_value), charts::number(m.realised_before).c_str(), charts::number(m.realised_now).c_str(),
                charts::number(m.potential_before).c_str(), charts::number(m.potential_now).c_str());
    ImGui::RadioButton(label(Str::st_by_segment, "mi_segments").c_str(), &s.migration_kind, 0);
    ImGui::SameLine();
    ImGui::RadioButton(label(Str::st_by_tier, "mi_tiers").c_str(), &s.migration_kind, 1);
    const bool seg = s.migration_kind == 0;
    const int n = seg ? kSegmentCount : kTierCount;
    const auto name = [seg, n](int i) {
        if (i == n) return std::string(tr(Str::st_new_since));
        return std::string(seg ? in_language(segment_label(static_cast<Segment>(i))) : in_language(tier_label(static_cast<Tier>(i))));
    };
    const auto count = [&m, seg](int r, int c) {
        return static_cast<double>(seg ? m.segments[r][c] : m.tiers[r][c]);
    };
    charts::HeatMap h;
    h.id = "migration";
    h.size = ImVec2(0, seg ? 430 : 220);
    h.rows = n + 1, h.cols = n;
    h.row_title = tr(Str::st_before);
    h.col_title = tr(Str::st_now);
    // Colour by the share of the row (where the customers of a segment went); the count is written.
    h.value = [count, n](int r, int c) {
        double total = 0;
        for (int k = 0; k < n; ++k) total += count(r, k);
        return total > 0 ? count(r, c) / total : NAN;
    };
    h.min = 0, h.max = 1;
    h.cell_text = [count](int r, int c) { return count(r, c) > 0 ? charts::compact(count(r, c)) : std::string(); };
    h.row_label = name;
    // Column labels are short codes (the full names are the rows'), so eleven fit side by side.
    h.col_label = [seg](int c) { return seg ? std::to_string(c + 1) : std::string(tier_label(static_cast<Tier>(c)).key); };
    h.tooltip = [count, name](int r, int c) {
        char buf[300];
        std::snprintf(buf, sizeof buf, tr(Str::st_migration_tip), charts::number(count(r, c)).c_str(), name(r).c_str(), name(c).c_str());
        return std::string(buf);
    };
    if (seg) {
        // Row labels carry the column numbers: "3  Potential loyalist".
        h.row_label = [name, n](int r) { return r == n ? name(r) : std::to_string(r + 1) + "  " + name(r); };
    }
    charts::heat_map(h);
}

}  // namespace

void draw_strategy_view(App& app) {
    const Report* report = report_or_message(app);
    if (report == nullptr) return;
    const Report& r = *report;
    StrategyViewState& s = app.strategy_view;
    if (!s.inputs_from_settings) {
        s.budget = app.settings.budget.amount;
        s.budget_settings = app.settings.budget;
        s.retention_points = static_cast<float>(app.settings.what_if.retention_points);
        s.aov_percent = static_cast<float>(app.settings.what_if.aov_percent);
        s.frequency_percent = static_cast<float>(app.settings.what_if.frequency_percent);
        s.cac_percent = static_cast<float>(app.settings.what_if.cac_percent);
        s.inputs_from_settings = true;
    }
    if (!ImGui::BeginTabBar("strategy_tabs")) return;
    const auto tab = [&](Str name, const char* id, bool select = false) {
        const bool open = ImGui::BeginTabItem(label(name, id).c_str(), nullptr, select ? ImGuiTabItemFlags_SetSelected : 0);
        remember_item(app, id);
        return open;
    };
    const bool to_watch = s.open_watchlist;
    s.open_watchlist = false;
    if (tab(Str::st_tab_playbook, "st_playbook")) {
        draw_playbook(r);
        ImGui::EndTabItem();
    }
    if (tab(Str::st_tab_watchlist, "st_watchlist", to_watch)) {
        draw_watchlist(r);
        ImGui::EndTabItem();
    }
    if (tab(Str::st_tab_budget, "st_budget_tab")) {
        draw_budget(app);
        ImGui::EndTabItem();
    }
    if (tab(Str::st_tab_whatif, "st_whatif")) {
        draw_what_if(app);
        ImGui::EndTabItem();
    }
    if (tab(Str::st_tab_migration, "st_migration")) {
        draw_migration(app);
        ImGui::EndTabItem();
    }
    if (tab(Str::st_tab_campaign, "st_campaign")) {
        if (app.busy()) ImGui::TextDisabled("%s", tr(Str::analysis_finishing));  // evaluated last
        else draw_campaign_results(r);
        ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
}

}  // namespace clv::web
