// Customers view: one row per customer (id, first and last purchase date, purchase days, x, t_x, T,
// monetary value), sortable by any column and searchable by id. Only visible rows are drawn
// (ImGuiListClipper), so a million customers scroll as smoothly as a hundred.
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <numeric>

#include "app.hpp"
#include "i18n.hpp"

namespace clv::web {
namespace {

enum Column { kId, kFirst, kLast, kPurchaseDays, kX, kTx, kT, kMonetary, kColumnCount };

void rebuild_order(App& app, const ImGuiTableSortSpecs* specs) {
    CustomersViewState& s = app.customers_view;
    const Customers& c = app.customers();
    const TransactionLog& log = app.analysis().log();
    s.order.clear();
    const std::string search = s.search;
    for (uint32_t i = 0; i < c.rows.size(); ++i)
        if (search.empty() || log.customers.name(c.rows[i].customer).find(search) != std::string_view::npos)
            s.order.push_back(i);
    if (specs != nullptr && specs->SpecsCount > 0) {
        s.sort_column = specs->Specs[0].ColumnIndex;
        s.sort_descending = specs->Specs[0].SortDirection == ImGuiSortDirection_Descending;
    }
    if (s.sort_column > kId) {
        const auto key = [&](const CustomerRow& r) -> double {
            switch (s.sort_column) {
                case kFirst: return r.first_day;
                case kLast: return r.last_day;
                case kPurchaseDays: return r.purchase_days;
                case kX: return r.x;
                case kTx: return r.t_x;
                case kT: return r.T;
                default: return r.monetary_value;
            }
        };
        std::stable_sort(s.order.begin(), s.order.end(), [&](uint32_t a, uint32_t b) {
            const double ka = key(c.rows[a]), kb = key(c.rows[b]);
            return s.sort_descending ? ka > kb : ka < kb;
        });
    } else if (s.sort_descending) {
        std::reverse(s.order.begin(), s.order.end());  // rows are already in id order
    }
    s.built_for_version = app.results_version();
    s.built_for_search = s.search;
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
    ImGui::Text(tr(Str::customers_count), customers.rows.size());
    ImGui::SameLine();
    ImGui::TextDisabled(tr(Str::customers_legend),
                        tr(customers.unit == TimeUnit::week ? Str::unit_weeks : Str::unit_days));
    ImGui::SetNextItemWidth(240);
    ImGui::InputTextWithHint("##search", tr(Str::search_hint), s.search, sizeof s.search);

    const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg |
                                  ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable | ImGuiTableFlags_Reorderable |
                                  ImGuiTableFlags_Hideable;
    if (!ImGui::BeginTable("customers", kColumnCount, flags, ImVec2(0, ImGui::GetContentRegionAvail().y))) return;
    ImGui::TableSetupScrollFreeze(1, 1);
    ImGui::TableSetupColumn(tr(Str::col_customer_id), ImGuiTableColumnFlags_DefaultSort);
    ImGui::TableSetupColumn(tr(Str::col_first_purchase));
    ImGui::TableSetupColumn(tr(Str::col_last_purchase));
    ImGui::TableSetupColumn(tr(Str::col_purchase_days));
    ImGui::TableSetupColumn(tr(Str::col_x));
    ImGui::TableSetupColumn(tr(Str::col_t_x));
    ImGui::TableSetupColumn(tr(Str::col_T));
    ImGui::TableSetupColumn(tr(Str::col_monetary));
    ImGui::TableHeadersRow();

    ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs();
    if ((specs != nullptr && specs->SpecsDirty) || s.built_for_version != app.results_version() ||
        s.built_for_search != s.search) {
        rebuild_order(app, specs);
        if (specs != nullptr) specs->SpecsDirty = false;
    }

    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(s.order.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const CustomerRow& r = customers.rows[s.order[static_cast<size_t>(i)]];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            const std::string_view id = log.customers.name(r.customer);
            ImGui::TextUnformatted(id.data(), id.data() + id.size());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(format_iso_date(r.first_day).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(format_iso_date(r.last_day).c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%u", r.purchase_days);
            ImGui::TableNextColumn();
            ImGui::Text("%.0f", r.x);
            ImGui::TableNextColumn();
            ImGui::Text("%.2f", r.t_x);
            ImGui::TableNextColumn();
            ImGui::Text("%.2f", r.T);
            ImGui::TableNextColumn();
            ImGui::Text("%.2f", r.monetary_value);
        }
    }
    ImGui::EndTable();
}

}  // namespace clv::web
