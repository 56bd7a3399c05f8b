// Lifecycle view: the five stages (acquisition, growth, maturity, decline, churned) as a funnel
// with their customers and value, a table of each stage's numbers, and the strategy for each
// stage from the playbook (what to do, in plain words).
#include <imgui.h>

#include <cstdio>
#include <string>

#include "app.hpp"
#include "charts.hpp"
#include "group_table.hpp"
#include "i18n.hpp"
#include "widgets.hpp"

namespace clv::web {
namespace {

void draw_funnel(const Report& r) {
    charts::Funnel f;
    f.id = "stage_funnel";
    f.row_height = 38;
    for (const GroupValue& g : r.stages) {
        f.labels.push_back(in_language(stage_label(static_cast<Stage>(g.id))));
        f.counts.push_back(static_cast<double>(g.customers));
        f.values.push_back(g.value);
    }
    f.text = [&r](int i) {
        const GroupValue& g = r.stages[i];
        char buf[200];
        std::snprintf(buf, sizeof buf, tr(Str::lc_funnel_text), charts::number(static_cast<double>(g.customers)).c_str(),
                      charts::percent(g.customer_share).c_str(), charts::percent(g.revenue_share).c_str());
        return std::string(buf);
    };
    f.tooltip = [&r](int i) {
        const GroupValue& g = r.stages[i];
        char buf[400];
        std::snprintf(buf, sizeof buf, tr(Str::lc_funnel_tip), in_language(stage_label(static_cast<Stage>(g.id))),
                      charts::number(static_cast<double>(g.customers)).c_str(), charts::number(g.revenue).c_str(),
                      charts::number(g.clv).c_str(), charts::percent(g.p_alive_mean).c_str());
        return std::string(buf);
    };
    charts::funnel(f);
}

void draw_stage_table(const Report& r) {
    GroupTable t;
    t.id = "stage_table";
    t.name_column = Str::col_stage;
    t.name_weight = 1.8f;
    t.groups = r.stages, t.count = kStageCount;
    t.name_of = [](int i) { return in_language(stage_label(static_cast<Stage>(i))); };
    t.columns = kGroupCustomers | kGroupCustomerShare | kGroupRevenue | kGroupRevenueShare | kGroupClv | kGroupPAlive;
    t.nps = r.nps.available ? &r.nps.by_stage : nullptr;
    group_table(t);
}

// One block per stage: its actions with the longer explanation.
void draw_strategy(const Report& r) {
    for (const PlaybookEntry& e : r.playbook) {
        if (!e.by_stage) continue;
        const Stage st = static_cast<Stage>(e.id);
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(charts::palette(e.id)), "%s", in_language(stage_label(st)));
        ImGui::SameLine();
        ImGui::TextDisabled(tr(Str::lc_stage_customers), charts::number(static_cast<double>(e.customers)).c_str());
        ImGui::Indent();
        for (int k = 0; k < kActionCount; ++k) {
            if (!(e.actions & (1u << k))) continue;
            const Action a = static_cast<Action>(k);
            ImGui::BulletText("%s: %s", in_language(action_label(a)), in_language(action_detail(a)));
        }
        ImGui::Unindent();
    }
    if (r.settings.playbook.let_go_low_value_churned) ImGui::TextDisabled("%s", tr(Str::lc_let_go_note));
}

}  // namespace

void draw_lifecycle_view(App& app) {
    const Report* report = report_or_message(app);
    if (report == nullptr) return;
    const Report& r = *report;
    ImGui::BeginChild("lifecycle_scroll", ImVec2(0, 0), false);
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%s", tr(Str::lc_intro));
    ImGui::PopTextWrapPos();
    section_header(tr(Str::lc_funnel_title));
    draw_funnel(r);
    section_header(tr(Str::lc_table_title));
    draw_stage_table(r);
    section_header(tr(Str::lc_strategy_title));
    ImGui::PushTextWrapPos(0);
    draw_strategy(r);
    ImGui::PopTextWrapPos();
    ImGui::EndChild();
}

}  // namespace clv::web
