// Strategy view, Campaign tab: what a campaign changed, from Report::campaign (the core fits the
// model on the orders before the start and compares each group's actual purchases with the
// prediction). Shows the core's own sentence, the groups side by side and the lift.
#include <imgui.h>

#include <cstdio>

#include "app.hpp"
#include "charts.hpp"
#include "i18n.hpp"
#include "widgets.hpp"

namespace clv::web {
namespace {

void group_row(const char* name, const CampaignGroup& g) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(name);
    for (const std::string& v : {charts::number(static_cast<double>(g.customers)), charts::number(g.actual_purchases),
                                 charts::number(g.predicted_purchases, 1), charts::number(g.actual_revenue),
                                 charts::number(g.predicted_revenue), charts::percent(g.lift)}) {
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(v.c_str());
    }
}

}  // namespace

void draw_campaign_results(const Report& r) {
    const CampaignReport& c = r.campaign;
    ImGui::PushTextWrapPos(0);
    if (!c.available) {
        ImGui::TextDisabled("%s", tr(Str::st_campaign_none));
        if (!c.note.empty()) ImGui::TextDisabled("%s", c.note.c_str());
        ImGui::PopTextWrapPos();
        return;
    }
    ImGui::TextDisabled(tr(Str::st_campaign_window), format_iso_date(c.start).c_str(), format_iso_date(c.end).c_str());
    const std::string& statement = language() == Lang::zh ? c.statement_zh : c.statement_en;
    ImGui::TextColored(c.significant ? ImVec4(0.1f, 0.45f, 0.2f, 1) : ImVec4(0.45f, 0.45f, 0.5f, 1), "%s", statement.c_str());
    if (c.targets_unmatched > 0)
        ImGui::TextDisabled(tr(Str::st_campaign_unmatched), charts::number(static_cast<double>(c.targets_unmatched)).c_str());
    ImGui::PopTextWrapPos();
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("campaign_groups", 7, flags)) return;
    for (Str s : {Str::st_campaign_group, Str::col_customers, Str::st_campaign_actual, Str::st_campaign_predicted,
                  Str::st_campaign_revenue, Str::st_campaign_predicted_revenue, Str::st_campaign_lift})
        ImGui::TableSetupColumn(tr(s));
    ImGui::TableHeadersRow();
    group_row(tr(Str::st_campaign_targeted), c.targeted);
    group_row(tr(c.comparison_is_control_list ? Str::st_campaign_control : Str::st_campaign_rest), c.comparison);
    ImGui::EndTable();
}

}  // namespace clv::web
