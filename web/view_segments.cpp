// Segments view: the RFM grid as a heat map (rows R = 5 .. 1, columns FM = (F + M) / 2 = 1 .. 5,
// each cell named by its segment, coloured by that segment's value per customer), the 11 RFM
// segments and the 8 value classes as tables, and a bar chart of each segment's share of
// customers against its share of revenue (or CLV).
//
// The Report holds the grid's customer counts per (R, FM) cell and the value per segment, not a
// value per cell: colouring by the cell's segment shows where the value sits without the UI
// computing a new aggregate.
#include <imgui.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "app.hpp"
#include "charts.hpp"
#include "group_table.hpp"
#include "i18n.hpp"
#include "widgets.hpp"

namespace clv::web {
namespace {

double value_per_customer(const GroupValue& g) {
    return g.customers > 0 ? g.value / static_cast<double>(g.customers) : NAN;
}

void draw_grid(const Report& r) {
    const RfmSummary& rfm = r.rfm;
    const RfmSettings& grid = r.settings.rfm;
    charts::HeatMap m;
    m.id = "rfm_grid";
    m.size = ImVec2(0, 330);
    m.rows = 5, m.cols = 5;
    m.row_title = tr(Str::sg_r_axis);
    m.col_title = tr(Str::sg_fm_axis);
    // Row 0 is R = 5 (the most recent buyers on top, as in the usual RFM grid).
    const auto segment_at = [&grid](int row, int col) { return grid.grid[4 - row][col]; };
    m.value = [&r, segment_at](int row, int col) {
        return value_per_customer(r.segments[static_cast<int>(segment_at(row, col))]);
    };
    m.cell_text = [&rfm, segment_at](int row, int col) {
        return std::string(in_language(segment_label(segment_at(row, col)))) + "\n" +
               charts::number(static_cast<double>(rfm.grid_counts[4 - row][col]));
    };
    m.row_label = [](int row) { return "R" + std::to_string(5 - row); };
    m.col_label = [](int col) { return "FM" + std::to_string(col + 1); };
    m.min = 0;
    m.tooltip = [&r, &rfm, segment_at](int row, int col) {
        const Segment s = segment_at(row, col);
        const GroupValue& g = r.segments[static_cast<int>(s)];
        char buf[512];
        std::snprintf(buf, sizeof buf, tr(Str::sg_cell_tip), 5 - row, col + 1, in_language(segment_label(s)),
                      charts::number(static_cast<double>(rfm.grid_counts[4 - row][col])).c_str(),
                      charts::number(value_per_customer(g), 2).c_str(), charts::percent(g.revenue_share).c_str());
        return std::string(buf);
    };
    charts::heat_map(m);
}

}  // namespace

void draw_segments_view(App& app) {
    const Report* report = report_or_message(app);
    if (report == nullptr) return;
    const Report& r = *report;
    SegmentsViewState& s = app.segments_view;
    ImGui::BeginChild("segments_scroll", ImVec2(0, 0), false);
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%s", tr(Str::sg_intro));
    ImGui::PopTextWrapPos();
    if (ImGui::BeginTable("segments_top", 2, ImGuiTableFlags_SizingStretchSame)) {
        ImGui::TableNextColumn();
        section_header(tr(Str::sg_grid_title));
        draw_grid(r);
        ImGui::TableNextColumn();
        section_header(tr(Str::sg_share_title));
        ImGui::RadioButton(label(Str::share_of_revenue, "sg_basis_revenue").c_str(), &s.share_basis, 0);
        ImGui::SameLine();
        ImGui::BeginDisabled(!r.models.fitted);
        ImGui::RadioButton(label(Str::share_of_clv, "sg_basis_clv").c_str(), &s.share_basis, 1);
        remember_item(app, "sg_basis_clv");
        ImGui::EndDisabled();
        charts::BarChart bc;
        bc.id = "sg_share";
        bc.set_names = {tr(Str::share_of_customers), tr(s.share_basis == 1 ? Str::share_of_clv : Str::share_of_revenue)};
        bc.values.resize(2);
        for (int i = 0; i < kSegmentCount; ++i) {
            bc.labels.push_back(in_language(segment_label(static_cast<Segment>(i))));
            bc.values[0].push_back(r.segments[i].customer_share);
            bc.values[1].push_back(s.share_basis == 1 && r.models.fitted ? r.segments[i].clv_share : r.segments[i].revenue_share);
        }
        bc.row_height = 26;
        charts::bar_chart(bc);
        ImGui::EndTable();
    }
    section_header(tr(Str::sg_segments_title));
    const unsigned columns = with_model_columns(
        kGroupCustomers | kGroupCustomerShare | kGroupRevenue | kGroupRevenueShare | kGroupValuePerCustomer, r.models.fitted);
    GroupTable segments;
    segments.id = "segment_table";
    segments.name_weight = 2.2f;
    segments.groups = r.segments, segments.count = kSegmentCount;
    segments.name_of = [](int i) { return in_language(segment_label(static_cast<Segment>(i))); };
    segments.columns = columns;
    segments.nps = r.nps.available ? &r.nps.by_segment : nullptr;
    segments.dim_empty = true;
    group_table(segments);
    section_header(tr(Str::sg_classes_title));
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled(tr(Str::sg_classes_note), charts::number(r.rfm.r_base, 0).c_str(), charts::number(r.rfm.f_base, 2).c_str(),
                        charts::number(r.rfm.m_base, 2).c_str());
    ImGui::PopTextWrapPos();
    GroupTable classes = segments;
    classes.id = "class_table";
    classes.groups = r.classes, classes.count = kValueClassCount;
    classes.name_of = [](int i) { return in_language(value_class_label(static_cast<ValueClass>(i))); };
    classes.nps = r.nps.available ? &r.nps.by_value_class : nullptr;
    group_table(classes);
    ImGui::EndChild();
}

}  // namespace clv::web
