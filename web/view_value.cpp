// Value view: how concentrated the customers' value is — the Pareto (Lorenz) curve with the
// 80/20 point and the Gini coefficient, the A/B/C tier table, and the distribution of CLV over
// customers as a histogram.
//
// The histogram's bins are a display of Report::table's CLV column, or without a model of the
// realised margin (counting customers per bin, like sorting for a table); they are rebuilt only when the results change. The range stops at
// the 99th percentile so one giant customer does not squeeze everyone else into the first bin;
// the last bin holds everyone above.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "app.hpp"
#include "charts.hpp"
#include "group_table.hpp"
#include "i18n.hpp"
#include "util/radix_select.hpp"
#include "widgets.hpp"

namespace clv::web {
namespace {

constexpr int kBins = 30;

// What the histogram counts: a finite value, at least 0.
bool counted(double x) { return std::isfinite(x); }
double clamped(double x) { return std::max(0.0, x); }

// The histogram of value_of(v) over `values`: Report::table's CLVs, or without a model the
// realised margin from the summary rows (not stored per customer: tier_basis_value).
template <typename Range, typename ValueOf>
void fill_histogram(ValueViewState& s, const Range& values, ValueOf value_of) {
    size_t n = 0;
    double top = 0;
    for (const auto& v : values) {
        const double x = value_of(v);
        if (counted(x)) ++n, top = std::max(top, clamped(x));
    }
    if (n == 0) return;
    // Radix selection, not nth_element on a copy: at 10M customers the copy is 80 MB the tab may
    // not have left.
    const auto map = [&value_of](const auto& v) {
        const double x = value_of(v);
        return counted(x) ? clamped(x) : NAN;
    };
    double hi = kth_smallest(values, static_cast<size_t>(0.99 * static_cast<double>(n - 1)), map);
    if (!(hi > 0)) hi = top;
    if (!(hi > 0)) hi = 1;
    const double w = hi / kBins;
    for (int i = 0; i <= kBins; ++i) s.bin_edges[static_cast<size_t>(i)] = w * i;
    for (const auto& v : values) {
        const double raw = value_of(v);
        if (!counted(raw)) continue;
        const double x = clamped(raw);
        int b = static_cast<int>(x / w);
        if (b >= kBins) {
            b = kBins - 1;
            if (x > hi) s.above_last_edge += 1;
        }
        s.bin_counts[static_cast<size_t>(b)] += 1;
    }
}

void build_histogram(App& app) {
    ValueViewState& s = app.value_view;
    const Report& r = app.report();
    s.uses_clv = r.models.fitted;
    s.bin_edges.assign(kBins + 1, 0);
    s.bin_counts.assign(kBins, 0);
    s.above_last_edge = 0;
    s.built_for_version = app.results_version();
    if (s.uses_clv) {
        fill_histogram(s, r.table.clv, [](double clv) { return clv; });
    } else if (r.table.size() > 0) {  // as tier_basis_value without a model: margin x spend
        const double margin = r.settings.model.margin;
        fill_histogram(s, app.customers().rows, [margin](const CustomerRow& row) { return margin * row.total_value; });
    }
}

void draw_lorenz(const Report& r) {
    const Concentration& c = r.concentration;
    charts::LineChart lc;
    lc.id = "lorenz";
    lc.size = ImVec2(0, 320);
    lc.x_title = tr(Str::va_x_customers);
    lc.y_title = tr(Str::va_y_value);
    lc.x_min = 0, lc.x_max = 1, lc.y_min = 0, lc.y_max = 1;
    lc.diagonal = true;
    lc.x_format = [](double x) { return charts::percent(x, 0); };
    lc.y_format = [](double y) { return charts::percent(y, 1); };
    lc.series.push_back({tr(Str::va_curve), c.customer_share.data(), c.value_share.data(),
                         static_cast<int>(std::min(c.customer_share.size(), c.value_share.size()))});
    char buf[160];
    std::snprintf(buf, sizeof buf, tr(Str::va_marker_20), charts::percent(c.top20_value_share, 0).c_str());
    lc.markers.push_back({0.2, c.top20_value_share, buf});
    // Where the curve reaches 80% of value: the first point at or above it (a look-up, not a fit).
    for (size_t i = 0; i < c.value_share.size() && i < c.customer_share.size(); ++i)
        if (c.value_share[i] >= 0.8) {
            std::snprintf(buf, sizeof buf, tr(Str::va_marker_80), charts::percent(c.customer_share[i], 0).c_str());
            if (std::fabs(c.customer_share[i] - 0.2) > 0.03) lc.markers.push_back({c.customer_share[i], c.value_share[i], buf});
            break;
        }
    charts::line_chart(lc);
}

void draw_tiers(const Report& r) {
    GroupTable t;
    t.id = "tier_table";
    t.name_column = Str::col_tier;
    t.name_weight = 1.6f;
    t.groups = r.tiers, t.count = kTierCount;
    t.name_of = [](int i) { return in_language(tier_label(static_cast<Tier>(i))); };
    t.columns = with_model_columns(kGroupCustomers | kGroupCustomerShare | kGroupValue | kGroupValueShare, r.models.fitted);
    t.total_value = r.concentration.total_value;
    t.nps = r.nps.available ? &r.nps.by_tier : nullptr;
    group_table(t);
}

void draw_histogram(App& app) {
    ValueViewState& s = app.value_view;
    if (s.built_for_version != app.results_version()) build_histogram(app);
    static std::vector<std::string> labels;  // the chart keeps pointers only during the call
    labels.clear();
    for (int i = 0; i < kBins; ++i) labels.push_back(charts::compact(s.bin_edges[static_cast<size_t>(i)]));
    charts::ColumnChart cc;
    cc.id = "clv_histogram";
    cc.size = ImVec2(0, 260);
    cc.x_title = tr(s.uses_clv ? Str::va_hist_x_clv : Str::va_hist_x_value);
    cc.y_title = tr(Str::col_customers);
    cc.labels = labels;
    cc.values = s.bin_counts;
    const ValueViewState* sp = &s;
    cc.tooltip = [sp](int i) {
        char buf[200];
        const bool last = i == kBins - 1;
        std::snprintf(buf, sizeof buf, tr(last ? Str::va_hist_tip_last : Str::va_hist_tip),
                      charts::number(sp->bin_edges[static_cast<size_t>(i)], 2).c_str(),
                      charts::number(sp->bin_edges[static_cast<size_t>(i) + 1], 2).c_str(),
                      charts::number(sp->bin_counts[static_cast<size_t>(i)]).c_str());
        return std::string(buf);
    };
    charts::column_chart(cc);
    if (s.above_last_edge > 0)
        ImGui::TextDisabled(tr(Str::va_hist_note), charts::number(s.above_last_edge).c_str(),
                            charts::number(s.bin_edges.back(), 2).c_str());
}

}  // namespace

void draw_value_view(App& app) {
    const Report* report = report_or_message(app);
    if (report == nullptr) return;
    const Report& r = *report;
    ImGui::BeginChild("value_scroll", ImVec2(0, 0), false);
    const bool clv_basis = r.settings.tiers.basis == TierSettings::Basis::predicted_clv && r.models.fitted;
    ImGui::PushTextWrapPos(0);
    ImGui::Text(tr(Str::va_headline), charts::percent(r.concentration.top20_value_share, 0).c_str(),
                charts::number(r.concentration.gini, 2).c_str());
    ImGui::TextDisabled("%s", tr(clv_basis ? Str::va_basis_clv : Str::va_basis_historical));
    ImGui::PopTextWrapPos();
    if (ImGui::BeginTable("value_top", 2, ImGuiTableFlags_SizingStretchSame)) {
        ImGui::TableNextColumn();
        section_header(tr(Str::va_lorenz_title));
        draw_lorenz(r);
        ImGui::TableNextColumn();
        section_header(tr(Str::va_tiers_title));
        draw_tiers(r);
        ImGui::Spacing();
        ImGui::PushTextWrapPos(0);
        ImGui::TextDisabled(tr(Str::va_tiers_note), charts::percent(r.settings.tiers.a_share, 0).c_str(),
                            charts::percent(r.settings.tiers.b_share, 0).c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndTable();
    }
    section_header(tr(r.models.fitted ? Str::va_hist_title : Str::va_hist_title_value));  // as build_histogram chooses
    draw_histogram(app);
    ImGui::EndChild();
}

}  // namespace clv::web
