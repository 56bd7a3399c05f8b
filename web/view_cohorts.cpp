// Cohorts view: customers grouped by the month of their first purchase. A heat map shows, for
// each cohort (row) and month since acquisition (column), the share of the cohort that bought
// (retention) or the revenue they brought; a column chart shows each cohort's size and revenue.
// Everything comes from Report::cohorts; a per-customer summary file has sizes only.
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "app.hpp"
#include "charts.hpp"
#include "i18n.hpp"
#include "widgets.hpp"

namespace clv::web {
namespace {

void draw_matrix(const CohortTable& t, int metric) {
    int cols = 0;
    for (const Cohort& c : t.cohorts) cols = std::max(cols, static_cast<int>(c.retention.size()));
    if (cols == 0) {
        ImGui::TextDisabled("%s", tr(Str::co_no_retention));
        return;
    }
    charts::HeatMap m;
    m.id = "cohort_matrix";
    const float row_h = std::clamp(340.0f / static_cast<float>(t.cohorts.size()), 16.0f, 34.0f);
    m.size = ImVec2(0, row_h * static_cast<float>(t.cohorts.size()) + ImGui::GetTextLineHeight() * 2 + 10);
    m.rows = static_cast<int>(t.cohorts.size());
    m.cols = cols;
    m.row_title = tr(Str::co_row_title);
    m.col_title = tr(Str::co_col_title);
    const bool revenue = metric == 1;
    m.value = [&t, revenue](int r, int c) -> double {
        const Cohort& h = t.cohorts[static_cast<size_t>(r)];
        const std::vector<double>& v = revenue ? h.revenue_by_month : h.retention;
        // Month 0 is 100% by definition: leave it out of the colour scale so later months show.
        if (!revenue && c == 0) return NAN;
        return static_cast<size_t>(c) < v.size() ? v[static_cast<size_t>(c)] : NAN;
    };
    m.cell_text = [&t, revenue](int r, int c) {
        const Cohort& h = t.cohorts[static_cast<size_t>(r)];
        const std::vector<double>& v = revenue ? h.revenue_by_month : h.retention;
        if (static_cast<size_t>(c) >= v.size()) return std::string();
        return revenue ? charts::compact(v[static_cast<size_t>(c)]) : charts::percent(v[static_cast<size_t>(c)], 0);
    };
    m.row_label = [&t](int r) { return t.cohorts[static_cast<size_t>(r)].label; };
    m.col_label = [](int c) { return std::to_string(c); };
    m.tooltip = [&t](int r, int c) {
        const Cohort& h = t.cohorts[static_cast<size_t>(r)];
        const size_t k = static_cast<size_t>(c);
        char buf[400];
        std::snprintf(buf, sizeof buf, tr(Str::co_cell_tip), h.label.c_str(), c,
                      charts::number(k < h.active.size() ? static_cast<double>(h.active[k]) : NAN).c_str(),
                      charts::number(static_cast<double>(h.customers)).c_str(),
                      charts::percent(k < h.retention.size() ? h.retention[k] : NAN).c_str(),
                      charts::number(k < h.revenue_by_month.size() ? h.revenue_by_month[k] : NAN, 2).c_str());
        return std::string(buf);
    };
    charts::heat_map(m);
}

void draw_sizes(const CohortTable& t) {
    if (!ImGui::BeginTable("cohort_charts", 2, ImGuiTableFlags_SizingStretchSame)) return;
    static std::vector<std::string> labels;
    labels.clear();
    for (const Cohort& c : t.cohorts) labels.push_back(c.label);
    ImGui::TableNextColumn();
    charts::ColumnChart rev;
    rev.id = "cohort_revenue";
    rev.size = ImVec2(0, 220);
    rev.y_title = tr(Str::co_revenue_title);
    rev.labels = labels;
    for (const Cohort& c : t.cohorts) rev.values.push_back(c.revenue);
    rev.tooltip = [&t](int i) {
        const Cohort& c = t.cohorts[static_cast<size_t>(i)];
        char buf[300];
        std::snprintf(buf, sizeof buf, tr(Str::co_size_tip), c.label.c_str(), charts::number(static_cast<double>(c.customers)).c_str(),
                      charts::number(c.revenue, 2).c_str(),
                      charts::number(c.customers > 0 ? c.revenue / static_cast<double>(c.customers) : NAN, 2).c_str());
        return std::string(buf);
    };
    charts::column_chart(rev);
    ImGui::TableNextColumn();
    charts::ColumnChart size = rev;
    size.id = "cohort_size";
    size.y_title = tr(Str::co_size_title);
    size.values.clear();
    for (const Cohort& c : t.cohorts) size.values.push_back(static_cast<double>(c.customers));
    size.colour = charts::palette(2);
    charts::column_chart(size);
    ImGui::EndTable();
}

}  // namespace

void draw_cohorts_view(App& app) {
    const Report* report = report_or_message(app);
    if (report == nullptr) return;
    const Report& r = *report;
    CohortsViewState& s = app.cohorts_view;
    const CohortTable& t = r.cohorts;
    ImGui::BeginChild("cohorts_scroll", ImVec2(0, 0), false);
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%s", tr(Str::co_intro));
    ImGui::PopTextWrapPos();
    if (app.analysis().kind() == FileKind::customer_summary) {  // months of an undated period
        ImGui::TextDisabled("%s", tr(Str::ov_needs_dates));
        ImGui::EndChild();
        return;
    }
    if (t.cohorts.empty()) {
        ImGui::TextDisabled("%s", tr(Str::co_none));
        ImGui::EndChild();
        return;
    }
    ImGui::RadioButton(label(Str::co_metric_retention, "co_retention").c_str(), &s.metric, 0);
    ImGui::SameLine();
    ImGui::RadioButton(label(Str::co_metric_revenue, "co_revenue").c_str(), &s.metric, 1);
    remember_item(app, "co_revenue");
    if (t.cohorts_not_shown > 0) {
        ImGui::SameLine();
        ImGui::TextDisabled(tr(Str::co_not_shown), static_cast<unsigned long long>(t.cohorts_not_shown));
    }
    section_header(tr(s.metric == 0 ? Str::co_retention_title : Str::co_revenue_matrix_title));
    draw_matrix(t, s.metric);
    section_header(tr(Str::co_sizes_title));
    draw_sizes(t);
    ImGui::EndChild();
}

}  // namespace clv::web
