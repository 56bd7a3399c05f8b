// Import view: load the bundled sample or the user's own file, see the progress (with Cancel),
// the calibration settings, what the sniffer detected and the row accounting with rejections.
#include <imgui.h>

#include <cstdio>

#include "app.hpp"
#include "i18n.hpp"
#include "platform.hpp"
#include "widgets.hpp"
#include "report/summary_csv.hpp"

namespace clv::web {
namespace {

const char* delimiter_name(char d) {
    switch (d) {
        case ',': return tr(Str::delim_comma);
        case ';': return tr(Str::delim_semicolon);
        case '\t': return tr(Str::delim_tab);
        case '|': return tr(Str::delim_pipe);
        case ' ': return tr(Str::delim_spaces);
    }
    return tr(Str::delim_other);
}

const char* column_name(const ReadOptions& o, int c) {
    if (c < 0 || c >= static_cast<int>(o.column_names.size())) return "-";
    return o.column_names[static_cast<size_t>(c)].c_str();
}

void draw_loading(App& app) {
    const FileAnalysis& a = app.analysis();
    char overlay[96];
    if (app.load_stage() == LoadStage::reading) {
        std::snprintf(overlay, sizeof overlay, tr(Str::progress_mb), a.bytes_read() / 1e6, a.total_bytes() / 1e6);
        ImGui::Text(tr(Str::reading_file), a.source_name().c_str());
    } else {
        std::snprintf(overlay, sizeof overlay, "%s", "100%");
        ImGui::TextUnformatted(tr(app.load_stage() == LoadStage::summarising ? Str::stage_summarising : Str::stage_analysing));
    }
    // Gzip files have no known size: the bar then only shows the bytes read.
    const double progress = app.workbook() != nullptr ? app.workbook()->progress() : a.total_bytes() > 0 ? a.progress() : 0.0;
    ImGui::ProgressBar(static_cast<float>(progress), ImVec2(420, 0), overlay);
    ImGui::SameLine();
    if (ImGui::Button(label(Str::cancel, "cancel").c_str())) app.cancel_file();
    remember_item(app, "cancel");
}

void draw_settings(App& app) {
    ImportViewState& s = app.import_view;
    ImGui::SetNextItemWidth(140);
    ImGui::InputTextWithHint(label(Str::calibration_end, "calibration_end").c_str(), "YYYY-MM-DD", s.calibration_end, sizeof s.calibration_end);
    remember_item(app, "calibration_end");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr(Str::calibration_end_tip));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(110);
    ImGui::Combo(label(Str::time_unit, "time_unit").c_str(), &s.unit, tr(Str::time_unit_items));
    if (app.has_results()) {
        ImGui::SameLine();
        if (ImGui::Button(label(Str::apply, "apply").c_str())) app.apply_settings();
        remember_item(app, "apply");
    }
    if (!s.settings_error.empty()) ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), "%s", s.settings_error.c_str());
}

// Workbooks: which sheet is read (the first visible one unless the user picks another).
void draw_sheet_chooser(App& app) {
    const XlsxImport* book = app.workbook();
    if (book == nullptr || book->sheets().empty()) return;
    const auto& sheets = book->sheets();
    const int current = app.workbook_sheet();
    ImGui::SetNextItemWidth(240);
    ImGui::BeginDisabled(app.busy());
    if (ImGui::BeginCombo(label(Str::sheet, "sheet").c_str(),
                          current >= 0 ? sheets[static_cast<size_t>(current)].name.c_str() : "")) {
        for (size_t i = 0; i < sheets.size(); ++i) {
            if (!sheets[i].readable) continue;
            if (ImGui::Selectable(sheets[i].name.c_str(), static_cast<int>(i) == current) && static_cast<int>(i) != current)
                app.choose_sheet(static_cast<int>(i));
        }
        ImGui::EndCombo();
    }
    ImGui::EndDisabled();
    for (const std::string& note : book->notes()) ImGui::TextDisabled("%s", note.c_str());
}

void draw_detected(const FileAnalysis& a) {
    const ReadOptions* o = a.options();
    if (o == nullptr) return;
    section_header(tr(Str::detected_header));
    ImGui::Text("%s: %s    %s: %s    %s: %s", tr(Str::delimiter), delimiter_name(o->delimiter), tr(Str::header_line),
                tr(o->has_header ? Str::yes : Str::no), tr(Str::date_format), date_format_name(o->date_format));
    ImGui::Text("%s: %s    %s: %s    %s: %s", tr(Str::customer_id_column), column_name(*o, o->customer_column),
                tr(Str::date_column), column_name(*o, o->date_column), tr(Str::amount_column),
                o->amount_column >= 0 ? column_name(*o, o->amount_column) : tr(Str::quantity_times_price));
}

void draw_accounting(const App& app) {
    const FileAnalysis& a = app.analysis();
    if (a.state() == AnalysisState::idle) return;
    const RowAccounting& acc = a.accounting();
    section_header(tr(Str::accounting_header));
    ImGui::Text(tr(Str::accounting_line),
                static_cast<unsigned long long>(acc.lines_read), static_cast<unsigned long long>(acc.header_lines),
                static_cast<unsigned long long>(acc.used), static_cast<unsigned long long>(acc.rejected));
    if (app.has_results()) {
        const Customers& c = app.customers();
        ImGui::Text(tr(Str::customers_line), c.rows.size(),
                    format_iso_date(c.first_day_in_data).c_str(), format_iso_date(c.last_day_in_data).c_str(),
                    format_iso_date(c.calibration_end).c_str(), app.load_seconds());
        if (c.customers_after_calibration > 0)
            ImGui::TextDisabled(tr(Str::after_calibration),
                                static_cast<unsigned long long>(c.customers_after_calibration));
    }
    const auto& rejections = a.rejections();
    if (rejections.empty()) return;
    ImGui::Text(tr(Str::rejected_header), rejections.size() < 200 ? rejections.size() : size_t{200});
    if (ImGui::BeginTable("rejections", 4,
                          ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY,
                          ImVec2(0, 220))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn(tr(Str::col_line), ImGuiTableColumnFlags_WidthFixed, 70);
        ImGui::TableSetupColumn(tr(Str::col_column), ImGuiTableColumnFlags_WidthFixed, 70);
        ImGui::TableSetupColumn(tr(Str::col_reason), ImGuiTableColumnFlags_WidthFixed, 160);
        ImGui::TableSetupColumn(tr(Str::col_text));
        ImGui::TableHeadersRow();
        for (size_t i = 0; i < rejections.size() && i < 200; ++i) {
            const Rejection& r = rejections[i];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::Text("%llu", static_cast<unsigned long long>(r.line));
            ImGui::TableNextColumn();
            ImGui::Text("%d", r.column);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(reject_reason_code(r.reason));
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r.text.c_str());
        }
        ImGui::EndTable();
    }
}

}  // namespace

void draw_import_view(App& app) {
    const FileAnalysis& a = app.analysis();
    ImGui::TextWrapped("%s", tr(Str::import_intro));
    const bool busy = app.busy();
    ImGui::BeginDisabled(busy && !app.rerunning());  // a new file replaces a re-run's results too
    if (ImGui::Button(label(Str::load_sample, "load_sample").c_str())) load_bundled_sample("/samples/CDNOW_master.txt");
    remember_item(app, "load_sample");
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("%s", tr(Str::load_sample_tip));
    ImGui::SameLine();
    if (ImGui::Button(label(Str::choose_file, "choose_file").c_str())) open_file_chooser();
    remember_item(app, "choose_file");
    ImGui::EndDisabled();
    draw_settings(app);
    draw_sheet_chooser(app);
    ImGui::Spacing();
    if (busy) draw_loading(app);
    if (!app.load_error().empty()) {  // wrapped: the out-of-memory messages run longer than a line
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.75f, 0.1f, 0.1f, 1));
        ImGui::TextWrapped("%s", app.load_error().c_str());
        ImGui::PopStyleColor();
    }
    else if (a.state() == AnalysisState::failed)
        ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), "%s", a.error().c_str());
    draw_detected(a);
    draw_accounting(app);
    draw_side_inputs(app);
}

}  // namespace clv::web
