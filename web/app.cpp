#include "app.hpp"

#include <imgui.h>
#include <imgui_internal.h>  // ImGuiTabBar::NextSelectedTabId (App::frame)

#include <cstdlib>
#include <memory>
#include <new>

#include "charts.hpp"
#include "i18n.hpp"
#include "platform.hpp"
#include "widgets.hpp"

namespace clv::web {

bool App::summary_options(SummaryOptions& out, std::string& error) const {
    out.unit = import_view.unit == 0 ? TimeUnit::day : TimeUnit::week;
    const std::string end = import_view.calibration_end;
    if (!end.empty()) {
        DayNumber d;
        if (!parse_iso_date(end, d)) {
            error = tr(Str::calibration_end_invalid);
            return false;
        }
        out.calibration_end = d;
    }
    return true;
}

void App::apply_settings() {
    SummaryOptions options;
    import_view.settings_error.clear();
    if (!summary_options(options, import_view.settings_error)) return;
    if (!has_results()) return;
    // A per-customer summary file has no order lines to cut at another date: keep it as read.
    if (analysis_.kind() == FileKind::customer_summary) return;
    if (load_stage_ == LoadStage::analysing && !rerun_.active) {
        // The file's own analysis is running (its results may be on screen from the job): replace
        // the customers at once and let the load's analysis start over on them.
        analysis_job_.reset();
        resummarised_ = summarise(analysis_.log(), options);
        reanalyse();
        return;
    }
    begin_rerun(std::make_unique<SummaryBuilder>(analysis_.log(), options));
}

AnalysisInputs App::analysis_inputs() {
    AnalysisInputs inputs;
    const RowAccounting& acc = analysis_.accounting();  // orders and summary files alike
    inputs.rows.read = acc.lines_read - acc.header_lines;
    inputs.rows.used = acc.used;
    inputs.rows.rejected = acc.rejected;
    inputs.rows.returns = acc.returns;
    side_inputs.fill(inputs);
    return inputs;
}

void App::reanalyse() {
    if (load_stage_ == LoadStage::analysing) {
        // A load's or a re-run's staged analysis has not finished: start it over with the new
        // settings and inputs (the load step makes a new job) rather than let its late result
        // overwrite them.
        analysis_job_.reset();
        return;
    }
    if (!has_results()) {
        ++results_version_;
        report_ = Report{};
        return;
    }
    // At 1M customers the analysis takes ~1 s: in steps between frames, never inside one.
    begin_rerun(nullptr);
}

const WhatIfReport& App::what_if_preview(const WhatIfSettings& w) {
    WhatIfPreview& p = what_if_preview_;
    if (p.results_version == results_version_ && p.settings.retention_points == w.retention_points &&
        p.settings.aov_percent == w.aov_percent && p.settings.frequency_percent == w.frequency_percent &&
        p.settings.cac_percent == w.cac_percent)
        return p.result;
    p.results_version = results_version_;
    p.settings = w;
    const Report& r = report();
    if (!w.check().empty()) {
        p.result = r.what_if;
        return p.result;
    }
    // The same inputs analyze() gives what_if (report/analyze.cpp): CLV per tier with a model,
    // realised margin without.
    double tier_clv[kTierCount];
    for (int i = 0; i < kTierCount; ++i)
        tier_clv[i] = r.models.fitted ? r.tiers[i].clv : r.settings.model.margin * r.tiers[i].revenue;
    p.result = what_if(w, tier_clv, r.kpi.crr, r.kpi.period_months, r.settings.model.horizon_months,
                       r.settings.model.monthly_discount_rate, r.cac.cac, r.cac.value_per_new_customer);
    return p.result;
}

void App::apply_what_if(const WhatIfSettings& w) {
    if (!w.check().empty()) return;
    settings.what_if = w;
    reanalyse();
}

void App::read_side_file(SideFileKind kind, const std::string& name, char* malloced_data, size_t size) {
    const std::unique_ptr<char, decltype(&std::free)> owned(malloced_data, &std::free);
    side_inputs.read_file(kind, name, owned.get(), size);
    // While a file loads, the analysis at its end picks the inputs up.
    if (!busy()) reanalyse();
}

namespace {
// The ### part of each view's tab label (its ImGui ID), in the order of enum Tab.
const char* tab_id(Tab t) {
    static const char* const ids[] = {"tab_import", "tab_overview", "tab_customers", "tab_segments", "tab_value", "tab_lifecycle",
                                      "tab_cohorts", "tab_models", "tab_strategy", "tab_export", "tab_help", "tab_privacy"};
    return ids[static_cast<int>(t)];
}

// The UI language, and with it the page's own header around the canvas. A choice the user made
// is remembered (localStorage: the language only).
void switch_language(Lang lang, bool remember) {
    set_language(lang);
    if (remember) write_setting("language", lang == Lang::zh ? "zh" : "en");
    set_shell_texts({lang == Lang::zh ? "zh-CN" : "en", tr(Str::shell_open_file), tr(Str::shell_privacy),
                     tr(Str::shell_reading), tr(Str::shell_summarising), tr(Str::shell_analysing),
                     tr(Str::shell_loaded), tr(Str::shell_ready),
                     tr(Str::shell_could_not_read), tr(Str::shell_drop)});
}
}  // namespace

void App::view_failed(bool out_of_memory, const char* what) {
    view_failure_ = ViewFailure{tab, results_version_, out_of_memory, what ? what : ""};
}

const char* App::failed_view() const {
    return view_failure_.results_version == results_version_ ? tab_id(view_failure_.tab) : "";
}

void App::draw_view(Tab t, void (*draw)(App&)) {
    if (draw_view_failure(t)) return;
    if (!fail_view_.empty() && fail_view_ == tab_id(t) && has_results()) {
        ImGui::BeginChild("##failing_view");
        ImGui::PushID("failing");
        throw std::bad_alloc();  // unwound by web/main.cpp's draw_app_guarded
    }
    draw(*this);
}

bool App::draw_view_failure(Tab t) {
    const ViewFailure& f = view_failure_;
    if (f.tab != t || f.results_version != results_version_) return false;
    ImGui::PushTextWrapPos(0);
    if (f.out_of_memory) {
        const std::string customers = charts::number(static_cast<double>(report().customers));
        ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), tr(Str::view_out_of_memory), customers.c_str());
    } else {
        ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), tr(Str::view_failed), f.what.c_str());
    }
    ImGui::PopTextWrapPos();
    return true;
}

void App::frame() {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
    // No background quad: the frame loop's clear paints the window's colour (web/main.cpp), and a
    // full-screen textured quad is a third of an idle frame's cost in a software renderer.
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0, 0, 0, 0));
    ImGui::Begin("CLV Studio", nullptr, flags);
    ImGui::PopStyleColor();
    if (!language_decided_) {
        // The language chosen last time; else the browser's (a Chinese browser starts in 中文).
        language_decided_ = true;
        const std::string saved = read_setting("language");
        const bool zh = saved.empty() ? browser_language().rfind("zh", 0) == 0 : saved == "zh";
        if (zh) switch_language(Lang::zh, false);
        fail_view_ = page_query("fail-view");
    }
    const double frame_started_ms = now_ms();
    widget_rects.clear();  // only what is on screen this frame can be clicked
    install_side_file_inputs();  // once: the page's hidden file inputs for spend, survey, campaign
    export_picture_step(*this);  // a pending chart picture: opens its view, captures it later
    export_file_step(*this);     // the Customers CSV being made: a slice of rows per frame
    if (ImGui::BeginTabBar("views")) {
        // A tab the program opens (new results open the Overview) is drawn in this very frame:
        // the bar applies a selection when it lays itself out, at its first item, so it is set
        // here (ImGuiTabItemFlags_SetSelected on the item alone takes effect a frame later; it
        // stays for the bar's first frame, whose layout knows no tabs yet and drops this one).
        if (tab_change_pending)
            ImGui::GetCurrentContext()->CurrentTabBar->NextSelectedTabId = ImGui::GetID((std::string("###") + tab_id(requested_tab)).c_str());
        const auto tab_item = [&](Str name, const char* id, Tab t) {
            ImGuiTabItemFlags f = 0;
            if (tab_change_pending && requested_tab == t) f |= ImGuiTabItemFlags_SetSelected;
            const bool open = ImGui::BeginTabItem(label(name, id).c_str(), nullptr, f);
            remember_item(*this, id);
            if (open) tab = t;
            return open;
        };
        if (ImGui::TabItemButton(label(Str::language_button, "language").c_str(), ImGuiTabItemFlags_Trailing))
            switch_language(language() == Lang::en ? Lang::zh : Lang::en, true);
        remember_item(*this, "language");
        if (tab_item(Str::tab_import, tab_id(Tab::import), Tab::import)) {
            draw_view(Tab::import, draw_import_view);
            ImGui::EndTabItem();
        }
        if (tab_item(Str::tab_overview, tab_id(Tab::overview), Tab::overview)) {
            draw_view(Tab::overview, draw_overview_view);
            ImGui::EndTabItem();
        }
        if (tab_item(Str::tab_customers, tab_id(Tab::customers), Tab::customers)) {
            draw_view(Tab::customers, draw_customers_view);
            ImGui::EndTabItem();
        }
        if (tab_item(Str::tab_segments, tab_id(Tab::segments), Tab::segments)) {
            draw_view(Tab::segments, draw_segments_view);
            ImGui::EndTabItem();
        }
        if (tab_item(Str::tab_value, tab_id(Tab::value), Tab::value)) {
            draw_view(Tab::value, draw_value_view);
            ImGui::EndTabItem();
        }
        if (tab_item(Str::tab_lifecycle, tab_id(Tab::lifecycle), Tab::lifecycle)) {
            draw_view(Tab::lifecycle, draw_lifecycle_view);
            ImGui::EndTabItem();
        }
        if (tab_item(Str::tab_cohorts, tab_id(Tab::cohorts), Tab::cohorts)) {
            draw_view(Tab::cohorts, draw_cohorts_view);
            ImGui::EndTabItem();
        }
        if (tab_item(Str::tab_models, tab_id(Tab::models), Tab::models)) {
            draw_view(Tab::models, draw_models_view);
            ImGui::EndTabItem();
        }
        if (tab_item(Str::tab_strategy, tab_id(Tab::strategy), Tab::strategy)) {
            draw_view(Tab::strategy, draw_strategy_view);
            ImGui::EndTabItem();
        }
        if (tab_item(Str::tab_export, tab_id(Tab::export_), Tab::export_)) {
            draw_view(Tab::export_, draw_export_view);
            ImGui::EndTabItem();
        }
        if (tab_item(Str::tab_help, tab_id(Tab::help), Tab::help)) {
            draw_view(Tab::help, draw_help_view);
            ImGui::EndTabItem();
        }
        if (tab_item(Str::tab_privacy, tab_id(Tab::privacy), Tab::privacy)) {
            draw_view(Tab::privacy, draw_privacy_view);
            ImGui::EndTabItem();
        }
        tab_change_pending = false;
        ImGui::EndTabBar();
    }
    draw_first_run_tour(*this);
    draw_busy_badge(*this);
    ImGui::End();
    views_ms = now_ms() - frame_started_ms;
}

}  // namespace clv::web
