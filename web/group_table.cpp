#include "group_table.hpp"

#include <imgui.h>

#include <cmath>
#include <cstdio>

#include "charts.hpp"

namespace clv::web {
namespace {

struct ColumnSpec {
    GroupColumn bit;
    Str title;
};

constexpr ColumnSpec kColumns[] = {
    {kGroupCustomers, Str::col_customers},         {kGroupCustomerShare, Str::share_of_customers},
    {kGroupRevenue, Str::col_revenue},             {kGroupRevenueShare, Str::share_of_revenue},
    {kGroupValue, Str::col_value},                 {kGroupValueShare, Str::share_of_value},
    {kGroupValuePerCustomer, Str::col_value_per_customer},
    {kGroupClv, Str::col_clv},                     {kGroupPAlive, Str::col_p_alive_mean},
};

std::string cell(GroupColumn c, const GroupValue& g, double total_value) {
    switch (c) {
        case kGroupCustomers: return charts::number(static_cast<double>(g.customers));
        case kGroupCustomerShare: return charts::percent(g.customer_share);
        case kGroupRevenue: return charts::number(g.revenue);
        case kGroupRevenueShare: return charts::percent(g.revenue_share);
        case kGroupValue: return charts::number(g.value);
        case kGroupValueShare: return charts::percent(total_value > 0 ? g.value / total_value : NAN);
        case kGroupValuePerCustomer:
            return charts::number(g.customers > 0 ? g.value / static_cast<double>(g.customers) : NAN, 2);
        case kGroupClv: return charts::number(g.clv);
        case kGroupPAlive: return charts::percent(g.p_alive_mean);
    }
    return {};
}

}  // namespace

void group_table(const GroupTable& t) {
    const bool nps = t.nps != nullptr && static_cast<int>(t.nps->size()) >= t.count;
    int n = 1 + (nps ? 2 : 0);
    for (const ColumnSpec& c : kColumns) n += (t.columns & c.bit) ? 1 : 0;
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable(t.id, n, flags)) return;
    ImGui::TableSetupColumn(tr(t.name_column), ImGuiTableColumnFlags_WidthStretch, t.name_weight);
    for (const ColumnSpec& c : kColumns)
        if (t.columns & c.bit) ImGui::TableSetupColumn(tr(c.title));
    if (nps) {
        ImGui::TableSetupColumn(tr(Str::col_nps));
        ImGui::TableSetupColumn(tr(Str::col_nps_answers));
    }
    ImGui::TableHeadersRow();
    for (int i = 0; i < t.count; ++i) {
        const GroupValue& g = t.groups[i];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        if (t.dim_empty && g.customers == 0) ImGui::TextDisabled("%s", t.name_of(i));
        else ImGui::TextUnformatted(t.name_of(i));
        for (const ColumnSpec& c : kColumns) {
            if (!(t.columns & c.bit)) continue;
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(cell(c.bit, g, t.total_value).c_str());
        }
        if (nps) {
            const NpsTally& s = (*t.nps)[static_cast<size_t>(i)];
            char buf[32] = "\xE2\x80\x93";
            if (s.responses > 0 && std::isfinite(s.score)) std::snprintf(buf, sizeof buf, "%+.0f", s.score);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(buf);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(charts::number(static_cast<double>(s.responses)).c_str());
        }
    }
    ImGui::EndTable();
}

}  // namespace clv::web
