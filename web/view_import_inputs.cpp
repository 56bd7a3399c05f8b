// The Import view's optional inputs: marketing spend (one amount or a month,channel,spend CSV),
// an NPS/CSAT survey CSV and a campaign's target list with its start date. Each file goes through
// the core's reader (side_inputs.cpp); what it could not read is listed in an error panel with the
// file name and line, and the analysis runs again so that Overview shows CLV:CAC, payback and NPS.
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "app.hpp"
#include "i18n.hpp"
#include "platform.hpp"
#include "widgets.hpp"

namespace clv::web {
namespace {

// "Choose..." for one kind of file, then its name and how many rows were used (or nothing yet),
// with a small button to stop using it.
void file_row(App& app, SideFileKind kind, Str button, Str tip) {
    const char* key = side_file_key(kind);
    char id[32];
    std::snprintf(id, sizeof id, "in_%s_file", key);
    if (ImGui::Button(label(button, id).c_str())) open_side_file_chooser(key);
    remember_item(app, id);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(tip));
    const SideFile& f = app.side_inputs.file(kind);
    if (!f.loaded()) return;
    ImGui::SameLine();
    ImGui::TextDisabled(tr(Str::in_file_rows), f.name.c_str(), static_cast<unsigned long long>(f.rows));
    ImGui::SameLine();
    std::snprintf(id, sizeof id, "in_%s_forget", key);
    const bool forget = ImGui::SmallButton(label(Str::in_forget, id).c_str());
    remember_item(app, id);
    if (forget) {
        app.side_inputs.forget(kind);
        app.reanalyse();
    }
}

// Everything the readers could not use, file by file, in one bordered panel.
void error_panel(const SideInputs& s) {
    int lines = s.typed_error.empty() ? 0 : 2;
    for (const SideFile& f : s.files) lines += f.errors.empty() ? 0 : 1 + static_cast<int>(f.errors.size());
    if (lines == 0) return;
    const float h = ImGui::GetTextLineHeightWithSpacing() * static_cast<float>(std::min(lines, 12)) + 16;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(1.0f, 0.95f, 0.94f, 1));
    ImGui::PushStyleColor(ImGuiCol_Border, ImVec4(0.8f, 0.3f, 0.25f, 1));
    ImGui::BeginChild("side_input_errors", ImVec2(0, h), true);
    const ImVec4 red(0.7f, 0.1f, 0.1f, 1);
    ImGui::PushTextWrapPos(0);
    if (!s.typed_error.empty()) ImGui::TextColored(red, "%s", s.typed_error.c_str());
    for (const SideFile& f : s.files) {
        if (f.errors.empty()) continue;
        ImGui::TextColored(red, tr(Str::in_file_bad), f.name.c_str(), static_cast<unsigned long long>(f.bad_lines));
        for (const std::string& e : f.errors) ImGui::BulletText("%s: %s", f.name.c_str(), e.c_str());
    }
    ImGui::PopTextWrapPos();
    ImGui::EndChild();
    ImGui::PopStyleColor(2);
}

}  // namespace

void draw_side_inputs(App& app) {
    SideInputs& s = app.side_inputs;
    section_header(tr(Str::in_title));
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%s", tr(Str::in_intro));
    ImGui::PopTextWrapPos();

    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(Str::in_spend));
    ImGui::SameLine(ImGui::GetFontSize() * 11);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
    ImGui::BeginDisabled(s.file(SideFileKind::spend).loaded());  // a table wins over one number
    ImGui::InputTextWithHint("###in_spend_amount", tr(Str::in_spend_hint), s.spend_amount, sizeof s.spend_amount);
    remember_item(app, "in_spend_amount");
    ImGui::EndDisabled();
    ImGui::SameLine();
    file_row(app, SideFileKind::spend, Str::in_spend_file, Str::in_spend_file_tip);

    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(Str::in_survey));
    ImGui::SameLine(ImGui::GetFontSize() * 11);
    file_row(app, SideFileKind::survey, Str::in_survey_file, Str::in_survey_file_tip);

    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(Str::in_campaign));
    ImGui::SameLine(ImGui::GetFontSize() * 11);
    file_row(app, SideFileKind::campaign, Str::in_campaign_file, Str::in_campaign_file_tip);
    ImGui::SameLine();
    file_row(app, SideFileKind::control, Str::in_control_file, Str::in_control_file_tip);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
    ImGui::InputTextWithHint(label(Str::in_campaign_start, "in_campaign_start").c_str(), "YYYY-MM-DD", s.campaign_start,
                             sizeof s.campaign_start);
    remember_item(app, "in_campaign_start");

    if (app.has_results()) {
        // While a file is read the analysis at its end picks the inputs up; while an analysis
        // runs, applying starts it over with them.
        ImGui::BeginDisabled(app.busy() && app.load_stage() != LoadStage::analysing);
        if (ImGui::Button(label(Str::in_apply, "in_apply").c_str())) app.reanalyse();
        remember_item(app, "in_apply");
        ImGui::EndDisabled();
        const Report& r = app.report();
        if (r.cac.available || r.nps.available || r.campaign.available) {
            ImGui::SameLine();
            ImGui::TextDisabled("%s", tr(Str::in_see_overview));
        }
    }
    error_panel(s);
}

}  // namespace clv::web
