// Models view: choose the purchase-count model (BG/NBD, Pareto/NBD, MBG/NBD) and the CLV
// assumptions, see the fitted parameters with standard errors, the log-likelihood and the
// convergence diagnosis in plain words, and check the model against what customers really did
// after the calibration end: the weekly cumulative tracking plot (actual vs predicted repeat
// purchases), the conditional expectation of holdout purchases by calibration frequency, MAE and
// bias (Fader, Hardie & Lee 2005, figures 2-4).
//
// Everything drawn comes from the Report (ModelReport: fits, diagnosis codes, holdout). When the
// whole file is calibration there is nothing to validate against, and the view offers to hold out
// the second half of the data. Diagnoses show in the UI language (fit_diagnosis.hpp).
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>

#include "app.hpp"
#include "charts.hpp"
#include "fit_diagnosis.hpp"
#include "i18n.hpp"
#include "widgets.hpp"

namespace clv::web {
namespace {

void draw_fit(const char* id, const models::FitResult& f) {
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit;
    if (ImGui::BeginTable(id, 3, flags)) {
        ImGui::TableSetupColumn(tr(Str::mo_parameter), 0, 110);
        ImGui::TableSetupColumn(tr(Str::mo_estimate), 0, 130);
        ImGui::TableSetupColumn(tr(Str::mo_se), 0, 130);
        ImGui::TableHeadersRow();
        for (size_t i = 0; i < f.params.size(); ++i) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(f.name_of(i).c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%.4f", f.params[i]);
            ImGui::TableNextColumn();
            if (i < f.se.size() && std::isfinite(f.se[i])) ImGui::Text("%.4f", f.se[i]);
            else ImGui::TextDisabled("\xE2\x80\x93");
        }
        ImGui::EndTable();
    }
    ImGui::Text(tr(Str::mo_fit_line), f.loglik, f.iterations, charts::number(f.n_customers).c_str());
    if (f.ok()) {
        ImGui::TextColored(ImVec4(0.1f, 0.5f, 0.2f, 1), "%s", tr(Str::mo_sound));
    } else {
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(ImVec4(0.75f, 0.35f, 0.0f, 1), "%s %s", tr(f.converged ? Str::mo_remark : Str::mo_not_converged),
                           fit_diagnosis_text(f).c_str());
        ImGui::PopTextWrapPos();
    }
}

void draw_settings(App& app) {
    ModelsViewState& s = app.models_view;
    if (!s.inputs_from_settings) {
        s.kind = static_cast<int>(app.settings.model.kind);
        s.horizon_months = static_cast<float>(app.settings.model.horizon_months);
        s.margin_percent = static_cast<float>(app.settings.model.margin * 100);
        s.discount_percent = static_cast<float>(app.settings.model.monthly_discount_rate * 100);
        s.inputs_from_settings = true;
    }
    ImGui::SetNextItemWidth(180);
    ImGui::Combo(label(Str::mo_model, "mo_model").c_str(), &s.kind, tr(Str::mo_model_items));
    remember_item(app, "mo_model");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Str::mo_model_tip));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(90);
    ImGui::InputFloat(label(Str::mo_horizon, "mo_horizon").c_str(), &s.horizon_months, 0, 0, "%.0f");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(80);
    ImGui::InputFloat(label(Str::mo_margin, "mo_margin").c_str(), &s.margin_percent, 0, 0, "%.0f");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(80);
    ImGui::InputFloat(label(Str::mo_discount, "mo_discount").c_str(), &s.discount_percent, 0, 0, "%.2f");
    ImGui::SameLine();
    if (ImGui::Button(label(Str::mo_refit, "mo_refit").c_str())) {
        ModelSettings m = app.settings.model;
        m.kind = static_cast<models::CountingModelKind>(s.kind);
        m.horizon_months = s.horizon_months;
        m.margin = s.margin_percent / 100.0;
        m.monthly_discount_rate = s.discount_percent / 100.0;
        const std::string problem = m.check();
        if (problem.empty()) {
            app.settings.model = m;
            app.reanalyse();
        }
        app.models_view.inputs_from_settings = !problem.empty();  // on failure show the settings in force
    }
    remember_item(app, "mo_refit");
}

void draw_holdout(App& app) {
    const Report& r = app.report();
    const Customers& c = app.customers();
    if (c.calibration_end >= c.last_day_in_data) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextDisabled("%s", tr(Str::mo_no_holdout));
        ImGui::PopTextWrapPos();
        const DayNumber mid = c.first_day_in_data + (c.last_day_in_data - c.first_day_in_data) / 2;
        char buf[200];
        std::snprintf(buf, sizeof buf, tr(Str::mo_use_holdout), format_iso_date(mid).c_str());
        if (ImGui::Button((std::string(buf) + "###mo_use_holdout").c_str())) {
            std::snprintf(app.import_view.calibration_end, sizeof app.import_view.calibration_end, "%s", format_iso_date(mid).c_str());
            app.apply_settings();
        }
        remember_item(app, "mo_use_holdout");
        return;
    }
    const models::HoldoutReport& h = r.models.holdout;
    if (!h.available) {
        ImGui::TextDisabled("%s", h.note.c_str());
        return;
    }
    ImGui::Text(tr(Str::mo_holdout_line), format_iso_date(h.calibration_end).c_str(), format_iso_date(h.holdout_end).c_str(),
                charts::number(h.actual_total).c_str(), charts::number(h.predicted_total).c_str(),
                charts::percent(h.bias_percent / 100, 1).c_str(), h.mae, h.rmse);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Str::mo_holdout_tip));
    ImGui::SameLine();
    if (ImGui::SmallButton(label(Str::mo_all_data, "mo_all_data").c_str())) {
        app.import_view.calibration_end[0] = '\0';
        app.apply_settings();
    }
    remember_item(app, "mo_all_data");
    static std::vector<double> days, actual, predicted, fx, fa, fp;
    days.clear(), actual.clear(), predicted.clear(), fx.clear(), fa.clear(), fp.clear();
    for (const models::TrackingPoint& p : h.tracking) {
        days.push_back(p.day);
        actual.push_back(p.actual);
        predicted.push_back(p.predicted);
    }
    for (const models::FrequencyRow& f : h.by_frequency) {
        fx.push_back(f.x);
        fa.push_back(f.actual_mean);
        fp.push_back(f.predicted_mean);
    }
    if (!ImGui::BeginTable("holdout_charts", 2, ImGuiTableFlags_SizingStretchSame)) return;
    ImGui::TableNextColumn();
    section_header(tr(Str::mo_tracking_title));
    charts::LineChart t;
    t.id = "tracking";
    t.size = ImVec2(0, 270);
    t.x_title = tr(Str::mo_week_ending);
    t.y_title = tr(Str::mo_cumulative);
    t.x_format = [](double d) { return format_iso_date(static_cast<DayNumber>(std::lround(d))); };
    t.y_format = [](double v) { return charts::compact(v); };
    t.series.push_back({tr(Str::mo_actual), days.data(), actual.data(), static_cast<int>(days.size())});
    t.series.push_back({tr(Str::mo_predicted), days.data(), predicted.data(), static_cast<int>(days.size()), 0, false, true});
    charts::line_chart(t);
    ImGui::TableNextColumn();
    section_header(tr(Str::mo_conditional_title));
    charts::LineChart ce;
    ce.id = "conditional";
    ce.size = ImVec2(0, 270);
    ce.x_title = tr(Str::mo_calibration_purchases);
    ce.y_title = tr(Str::mo_holdout_mean);
    const size_t groups = fx.size();
    ce.x_format = [groups](double x) {
        const long i = std::lround(x);
        if (std::fabs(x - i) > 1e-9) return std::string();
        return std::to_string(i) + (static_cast<size_t>(i) + 1 == groups ? "+" : "");
    };
    ce.y_format = [](double v) { return charts::number(v, 2); };
    ce.series.push_back({tr(Str::mo_actual), fx.data(), fa.data(), static_cast<int>(fx.size()), 0, true});
    ce.series.push_back({tr(Str::mo_predicted), fx.data(), fp.data(), static_cast<int>(fx.size()), 0, true, true});
    charts::line_chart(ce);
    ImGui::EndTable();
}

}  // namespace

void draw_models_view(App& app) {
    if (!app.has_results()) {
        ImGui::TextDisabled("%s", tr(Str::no_data_yet));
        return;
    }
    const Report& r = app.report();
    ImGui::BeginChild("models_scroll", ImVec2(0, 0), false);
    draw_settings(app);
    if (!r.ok()) {
        ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), "%s %s", tr(Str::analysis_failed), r.status.c_str());
        ImGui::EndChild();
        return;
    }
    if (!r.models.fitted) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(ImVec4(0.75f, 0.35f, 0.0f, 1), "%s %s", tr(Str::ov_no_model), r.models.message.c_str());
        ImGui::PopTextWrapPos();
    }
    if (ImGui::BeginTable("fits", 2, ImGuiTableFlags_SizingStretchSame)) {
        ImGui::TableNextColumn();
        char title[160];
        // The model's display name is its item in the chooser ("BG/NBD\0Pareto/NBD\0MBG/NBD\0").
        const char* name = tr(Str::mo_model_items);
        for (int k = 0; k < static_cast<int>(r.settings.model.kind) && *name; ++k) name += std::strlen(name) + 1;
        std::snprintf(title, sizeof title, tr(Str::mo_counting_title), *name ? name : r.models.counting.model.c_str(),
                      tr(r.models.unit == "day" ? Str::unit_days : Str::unit_weeks));
        section_header(title);
        if (!r.models.counting.params.empty()) draw_fit("counting_fit", r.models.counting);
        ImGui::TableNextColumn();
        section_header(tr(Str::mo_spend_title));
        if (r.models.spend_fitted) draw_fit("spend_fit", r.models.spend);
        else ImGui::TextDisabled("%s", tr(Str::mo_no_spend));
        ImGui::EndTable();
    }
    section_header(tr(Str::mo_holdout_title));
    draw_holdout(app);
    ImGui::EndChild();
}

}  // namespace clv::web
