// Customers view: one row per customer with what the analysis says about them — segment, tier,
// lifecycle stage, recency, frequency, monetary value, P(alive), expected purchases, CLV with its
// interval, the date of the next expected order — beside
// the summary columns of the literature (x, t_x, T, m; hidden by default, right-click the header
// to show them). Sortable by any column, filterable by segment, tier and stage, searchable by id.
// Only visible rows are drawn (ImGuiListClipper), so a million customers scroll as smoothly as a
// hundred. Clicking a row opens the customer's card with their purchase history from the log.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <numeric>

#include "app.hpp"
#include "charts.hpp"
#include "i18n.hpp"
#include "widgets.hpp"

namespace clv::web {
namespace {

enum Column {
    kId, kSegment, kTier, kStage, kRecency, kFrequency, kMonetary, kPAlive, kExpected, kClv, kClvRange, kNext, kLast,
    kFirst, kX, kTx, kT, kMean, kColumnCount
};

// NaN when the report has no table for these customers (the analysis failed or is not run yet).
template <typename T>
double table_value(const std::vector<T>& v, size_t i) { return i < v.size() ? static_cast<double>(v[i]) : NAN; }

DayNumber next_day(const CustomerTable& t, size_t i) { return i < t.next_purchase_day.size() ? t.next_purchase_day[i] : kNoDay; }

// "12.3 – 45.6", or a dash without an interval (no model, or the bootstrap was off).
void cell_interval(const CustomerTable& t, size_t i) {
    const double lo = table_value(t.clv_low, i), hi = table_value(t.clv_high, i);
    if (std::isfinite(lo) && std::isfinite(hi))
        ImGui::Text("%s \xE2\x80\x93 %s", charts::number(lo, 2).c_str(), charts::number(hi, 2).c_str());
    else ImGui::TextDisabled("\xE2\x80\x93");
}

// A date, or a dash for none and for a summary file's days (they count back from an end the
// file does not date: see SummaryFileReader).
void cell_date(DayNumber d, bool dated) {
    if (d != kNoDay && dated) ImGui::TextUnformatted(format_iso_date(d).c_str());
    else ImGui::TextDisabled("\xE2\x80\x93");
}

std::string date_text(DayNumber d, bool dated) { return dated ? format_iso_date(d) : std::string("\xE2\x80\x93"); }

double sort_key(const App& app, int column, uint32_t i) {
    const CustomerRow& r = app.customers().rows[i];
    const CustomerTable& t = app.report().table;
    const bool has = i < t.size();
    switch (column) {
        case kSegment: return has ? static_cast<double>(t.segment[i]) : 0;
        case kTier: return has ? static_cast<double>(t.tier[i]) : 0;
        case kStage: return has ? static_cast<double>(t.stage[i]) : 0;
        case kRecency: return has ? recency_days(app.customers(), i) : NAN;
        case kFrequency: return r.purchase_days;
        case kMonetary: return r.total_value;
        case kPAlive: return table_value(t.p_alive, i);
        case kExpected: return table_value(t.expected_purchases, i);
        case kClv: return table_value(t.clv, i);
        case kClvRange: return table_value(t.clv_high, i) - table_value(t.clv_low, i);  // by uncertainty
        case kNext: return next_day(t, i) == kNoDay ? NAN : next_day(t, i);
        case kLast: return r.last_day;
        case kFirst: return r.first_day;
        case kX: return r.x();
        case kTx: return r.t_x;
        case kT: return r.T;
        default: return r.monetary_value;
    }
}

void rebuild_order(App& app, const ImGuiTableSortSpecs* specs) {
    CustomersViewState& s = app.customers_view;
    const Customers& c = app.customers();
    const TransactionLog& log = app.analysis().log();
    const CustomerTable& t = app.report().table;
    const bool has_table = t.size() == c.rows.size();
    s.order.clear();
    const std::string search = s.search;
    for (uint32_t i = 0; i < c.rows.size(); ++i) {
        if (has_table) {
            if (s.segment_filter >= 0 && static_cast<int>(t.segment[i]) != s.segment_filter) continue;
            if (s.tier_filter >= 0 && static_cast<int>(t.tier[i]) != s.tier_filter) continue;
            if (s.stage_filter >= 0 && static_cast<int>(t.stage[i]) != s.stage_filter) continue;
        }
        if (!search.empty() && log.customers.name(c.rows[i].customer).find(search) == std::string_view::npos) continue;
        s.order.push_back(i);
    }
    if (specs != nullptr && specs->SpecsCount > 0) {
        s.sort_column = specs->Specs[0].ColumnIndex;
        s.sort_descending = specs->Specs[0].SortDirection == ImGuiSortDirection_Descending;
    }
    if (s.sort_column > kId) {
        // Keys once per row, then sort (a key function per comparison costs 20x more at 1M rows).
        std::vector<std::pair<double, uint32_t>> keyed(s.order.size());
        for (size_t k = 0; k < s.order.size(); ++k) {
            const double v = sort_key(app, s.sort_column, s.order[k]);
            keyed[k] = {std::isfinite(v) ? v : -INFINITY, s.order[k]};  // undefined values sort as lowest
        }
        if (s.sort_descending)
            std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
        else
            std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        for (size_t k = 0; k < keyed.size(); ++k) s.order[k] = keyed[k].second;
    } else if (s.sort_descending) {
        std::reverse(s.order.begin(), s.order.end());  // rows are already in id order
    }
    s.built_for_version = app.results_version();
    s.built_for_search = s.search;
    s.built_filters[0] = s.segment_filter, s.built_filters[1] = s.tier_filter, s.built_filters[2] = s.stage_filter;
}

// A combo of "All" followed by the labels of an enumeration.
template <class LabelOf>
void filter_combo(const char* id, Str title, int& value, int count, LabelOf label_of) {
    ImGui::SetNextItemWidth(190);
    const char* preview = value < 0 ? tr(Str::cu_all) : label_of(value);
    if (ImGui::BeginCombo(label(title, id).c_str(), preview)) {
        if (ImGui::Selectable(tr(Str::cu_all), value < 0)) value = -1;
        for (int i = 0; i < count; ++i)
            if (ImGui::Selectable(label_of(i), value == i)) value = i;
        ImGui::EndCombo();
    }
}

void cell_number(double v, int decimals) {
    if (std::isfinite(v)) ImGui::TextUnformatted(charts::number(v, decimals).c_str());
    else ImGui::TextDisabled("\xE2\x80\x93");
}

// The customer card: who they are in the analysis, what to do, and every purchase in the log.
void draw_card(App& app) {
    CustomersViewState& s = app.customers_view;
    const Customers& customers = app.customers();
    if (!s.card_open || s.selected < 0 || static_cast<size_t>(s.selected) >= customers.rows.size()) return;
    const size_t i = static_cast<size_t>(s.selected);
    const CustomerRow& row = customers.rows[i];
    const TransactionLog& log = app.analysis().log();
    const CustomerTable& t = app.report().table;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x - 20, vp->WorkPos.y + 70), ImGuiCond_Appearing, ImVec2(1, 0));
    ImGui::SetNextWindowSize(ImVec2(480, 560), ImGuiCond_Appearing);
    const std::string_view id = log.customers.name(row.customer);
    char title[160];
    std::snprintf(title, sizeof title, "%s %.*s###customer_card", tr(Str::cu_card_title), static_cast<int>(id.size()), id.data());
    if (!ImGui::Begin(title, &s.card_open, ImGuiWindowFlags_NoSavedSettings)) {
        ImGui::End();
        return;
    }
    app.widget_rects["customer_card"] = WidgetRect{ImGui::GetWindowPos().x, ImGui::GetWindowPos().y,
                                                   ImGui::GetWindowSize().x, ImGui::GetWindowSize().y};
    if (i < t.size()) {
        ImGui::Text("%s: %s   %s: %s", tr(Str::col_segment), in_language(segment_label(t.segment[i])), tr(Str::col_tier),
                    in_language(tier_label(t.tier[i])));
        ImGui::Text("%s: %s   %s: %s", tr(Str::col_stage), in_language(stage_label(t.stage[i])), tr(Str::col_class),
                    in_language(value_class_label(t.value_class[i])));
        ImGui::Text("R %d  F %d  M %d    %s: %s    %s: %s", t.r[i], t.f[i], t.m[i], tr(Str::col_p_alive),
                    charts::percent(t.p_alive[i]).c_str(), tr(Str::col_clv), charts::number(t.clv[i], 2).c_str());
        ImGui::Text("%s: %s    %s: %s", tr(Str::col_expected), charts::number(t.expected_purchases[i], 2).c_str(),
                    tr(Str::cu_value_at_risk), charts::number(t.value_at_risk[i], 2).c_str());
        ImGui::Text("%s:", tr(Str::col_clv_range));
        ImGui::SameLine();
        cell_interval(t, i);
        ImGui::SameLine(0, ImGui::GetFontSize() * 2);
        ImGui::Text("%s:", tr(Str::col_next_order));
        ImGui::SameLine();
        cell_date(next_day(t, i), app.analysis().kind() != FileKind::customer_summary);
        if (t.watch[i] != 0) {
            std::string reasons;
            for (int k = 0; k < kWatchReasonCount; ++k)
                if (t.watch[i] & (1u << k)) reasons += std::string(reasons.empty() ? "" : "; ") + in_language(watch_reason_label(static_cast<WatchReason>(k)));
            ImGui::TextColored(ImVec4(0.75f, 0.2f, 0.1f, 1), "%s %s", tr(Str::cu_warning), reasons.c_str());
        }
        section_header(tr(Str::cu_what_to_do));
        for (int k = 0; k < kActionCount; ++k)
            if (t.actions[i] & (1u << k)) {
                ImGui::BulletText("%s", in_language(action_label(static_cast<Action>(k))));
                if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", in_language(action_detail(static_cast<Action>(k))));
            }
    }
    section_header(tr(Str::cu_history));
    const bool dated = app.analysis().kind() != FileKind::customer_summary;
    ImGui::Text(tr(Str::cu_history_line), row.purchase_days, charts::number(row.total_value, 2).c_str(),
                date_text(row.first_day, dated).c_str(), date_text(row.last_day, dated).c_str());
    if (row.holdout_purchases > 0)
        ImGui::TextDisabled(tr(Str::cu_holdout_line), row.holdout_purchases, charts::number(row.holdout_value, 2).c_str());
    // The log's rows are grouped by customer index, ascending: the customer's lines are one range.
    const auto range = std::equal_range(log.customer.begin(), log.customer.end(), row.customer);
    if (range.first == range.second) {
        ImGui::TextDisabled("%s", tr(Str::cu_no_history));
    } else if (ImGui::BeginTable("history", 2, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY,
                                 ImVec2(0, ImGui::GetContentRegionAvail().y))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn(tr(Str::date_column));
        ImGui::TableSetupColumn(tr(Str::amount_column));
        ImGui::TableHeadersRow();
        const size_t first = static_cast<size_t>(range.first - log.customer.begin());
        const size_t n = static_cast<size_t>(range.second - range.first);
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(n));
        while (clipper.Step())
            for (int k = clipper.DisplayStart; k < clipper.DisplayEnd; ++k) {
                const size_t j = first + static_cast<size_t>(k);
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                const bool after = log.day[j] > customers.calibration_end;
                if (after) ImGui::TextDisabled("%s *", format_iso_date(log.day[j]).c_str());
                else ImGui::TextUnformatted(format_iso_date(log.day[j]).c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(charts::number(log.amount[j], 2).c_str());
            }
        ImGui::EndTable();
    }
    ImGui::End();
}

}  // namespace

void draw_customers_view(App& app) {
    if (!app.has_results()) {
        ImGui::TextDisabled("%s", tr(Str::no_data_yet));
        return;
    }
    CustomersViewState& s = app.customers_view;
    const Customers& customers = app.customers();
    const TransactionLog& log = app.analysis().log();
    const CustomerTable& table = app.report().table;
    const bool has_table = table.size() == customers.rows.size();
    const bool dated = app.analysis().kind() != FileKind::customer_summary;

    ImGui::SetNextItemWidth(200);
    ImGui::InputTextWithHint("##search", tr(Str::search_hint), s.search, sizeof s.search);
    remember_item(app, "customers_search");
    ImGui::SameLine();
    filter_combo("cu_segment", Str::col_segment, s.segment_filter, kSegmentCount,
                 [](int i) { return in_language(segment_label(static_cast<Segment>(i))); });
    remember_item(app, "cu_segment_filter");
    ImGui::SameLine();
    filter_combo("cu_tier", Str::col_tier, s.tier_filter, kTierCount, [](int i) { return in_language(tier_label(static_cast<Tier>(i))); });
    ImGui::SameLine();
    filter_combo("cu_stage", Str::col_stage, s.stage_filter, kStageCount,
                 [](int i) { return in_language(stage_label(static_cast<Stage>(i))); });
    ImGui::Text(tr(Str::cu_showing), charts::number(static_cast<double>(s.order.size())).c_str(),
                charts::number(static_cast<double>(customers.rows.size())).c_str());  // 19,500,000
    ImGui::SameLine();
    ImGui::TextDisabled(tr(Str::customers_legend), tr(customers.unit == TimeUnit::week ? Str::unit_weeks : Str::unit_days));

    const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg |
                                  ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX | ImGuiTableFlags_Resizable |
                                  ImGuiTableFlags_Reorderable | ImGuiTableFlags_Hideable | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("customers", kColumnCount, flags, ImVec2(0, ImGui::GetContentRegionAvail().y))) return;
    ImGui::TableSetupScrollFreeze(1, 1);
    const ImGuiTableColumnFlags hidden = ImGuiTableColumnFlags_DefaultHide;
    ImGui::TableSetupColumn(tr(Str::col_customer_id), ImGuiTableColumnFlags_DefaultSort, 0, kId);
    ImGui::TableSetupColumn(tr(Str::col_segment), 0, 0, kSegment);
    ImGui::TableSetupColumn(tr(Str::col_tier), 0, 0, kTier);
    ImGui::TableSetupColumn(tr(Str::col_stage), 0, 0, kStage);
    ImGui::TableSetupColumn(tr(Str::col_recency), 0, 0, kRecency);
    ImGui::TableSetupColumn(tr(Str::col_purchase_days), 0, 0, kFrequency);
    ImGui::TableSetupColumn(tr(Str::col_total_spend), 0, 0, kMonetary);
    ImGui::TableSetupColumn(tr(Str::col_p_alive), 0, 0, kPAlive);
    ImGui::TableSetupColumn(tr(Str::col_expected), 0, 0, kExpected);
    ImGui::TableSetupColumn(tr(Str::col_clv), ImGuiTableColumnFlags_PreferSortDescending, 0, kClv);
    ImGui::TableSetupColumn(tr(Str::col_clv_range), 0, 0, kClvRange);
    ImGui::TableSetupColumn(tr(Str::col_next_order), 0, 0, kNext);
    ImGui::TableSetupColumn(tr(Str::col_last_purchase), 0, 0, kLast);
    ImGui::TableSetupColumn(tr(Str::col_first_purchase), hidden, 0, kFirst);
    ImGui::TableSetupColumn(tr(Str::col_x), hidden, 0, kX);
    ImGui::TableSetupColumn(tr(Str::col_t_x), hidden, 0, kTx);
    ImGui::TableSetupColumn(tr(Str::col_T), hidden, 0, kT);
    ImGui::TableSetupColumn(tr(Str::col_monetary), hidden, 0, kMean);
    ImGui::TableHeadersRow();

    ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs();
    if ((specs != nullptr && specs->SpecsDirty) || s.built_for_version != app.results_version() ||
        s.built_for_search != s.search || s.built_filters[0] != s.segment_filter || s.built_filters[1] != s.tier_filter ||
        s.built_filters[2] != s.stage_filter) {
        rebuild_order(app, specs);
        if (specs != nullptr) specs->SpecsDirty = false;
    }

    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(s.order.size()));
    while (clipper.Step()) {
        for (int k = clipper.DisplayStart; k < clipper.DisplayEnd; ++k) {
            const uint32_t i = s.order[static_cast<size_t>(k)];
            const CustomerRow& r = customers.rows[i];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            const std::string_view id = log.customers.name(r.customer);
            ImGui::PushID(static_cast<int>(i));
            const std::string text(id);
            if (ImGui::Selectable(text.c_str(), s.selected == static_cast<int>(i) && s.card_open,
                                  ImGuiSelectableFlags_SpanAllColumns)) {
                s.selected = static_cast<int>(i);
                s.card_open = true;
            }
            if (k == clipper.DisplayStart && k == 0) remember_item(app, "customer_row_0");
            ImGui::PopID();
            ImGui::TableNextColumn();
            if (has_table) ImGui::TextUnformatted(in_language(segment_label(table.segment[i])));
            ImGui::TableNextColumn();
            if (has_table) ImGui::TextUnformatted(tier_label(table.tier[i]).key);
            ImGui::TableNextColumn();
            if (has_table) ImGui::TextUnformatted(in_language(stage_label(table.stage[i])));
            ImGui::TableNextColumn();
            cell_number(has_table ? recency_days(app.customers(), i) : NAN, 0);
            ImGui::TableNextColumn();
            ImGui::Text("%u", r.purchase_days);
            ImGui::TableNextColumn();
            cell_number(r.total_value, 2);
            ImGui::TableNextColumn();
            if (has_table && std::isfinite(table.p_alive[i])) ImGui::TextUnformatted(charts::percent(table.p_alive[i]).c_str());
            else ImGui::TextDisabled("\xE2\x80\x93");
            ImGui::TableNextColumn();
            cell_number(has_table ? table.expected_purchases[i] : NAN, 2);
            ImGui::TableNextColumn();
            cell_number(has_table ? table.clv[i] : NAN, 2);
            ImGui::TableNextColumn();
            cell_interval(table, i);
            ImGui::TableNextColumn();
            cell_date(next_day(table, i), dated);
            ImGui::TableNextColumn();
            cell_date(r.last_day, dated);
            ImGui::TableNextColumn();
            cell_date(r.first_day, dated);
            ImGui::TableNextColumn();
            ImGui::Text("%.0f", r.x());
            ImGui::TableNextColumn();
            ImGui::Text("%.2f", r.t_x);
            ImGui::TableNextColumn();
            ImGui::Text("%.2f", r.T);
            ImGui::TableNextColumn();
            ImGui::Text("%.2f", r.monetary_value);
        }
    }
    ImGui::EndTable();
    draw_card(app);
}

}  // namespace clv::web
