// Import view: load the bundled sample or the user's own file, see the progress (with Cancel),
// the calibration settings, what the sniffer detected and the row accounting with rejections.
#include <imgui.h>

#include <cstdio>

#include "app.hpp"
#include "platform.hpp"
#include "widgets.hpp"
#include "report/summary_csv.hpp"

namespace clv::web {
namespace {

const char* delimiter_name(char d) {
    switch (d) {
        case ',': return "comma";
        case ';': return "semicolon";
        case '\t': return "tab";
        case '|': return "pipe";
        case ' ': return "spaces";
    }
    return "other";
}

const char* column_name(const ReadOptions& o, int c) {
    if (c < 0 || c >= static_cast<int>(o.column_names.size())) return "-";
    return o.column_names[static_cast<size_t>(c)].c_str();
}

void draw_loading(App& app) {
    const FileAnalysis& a = app.analysis();
    char overlay[96];
    std::snprintf(overlay, sizeof overlay, "%.1f of %.1f MB", a.bytes_read() / 1e6, a.total_bytes() / 1e6);
    ImGui::Text("Reading %s ...", a.source_name().c_str());
    ImGui::ProgressBar(static_cast<float>(a.progress()), ImVec2(420, 0), overlay);
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) app.cancel_file();
    remember_item(app, "cancel");
}

void draw_settings(App& app) {
    ImportViewState& s = app.import_view;
    ImGui::SetNextItemWidth(140);
    ImGui::InputTextWithHint("Calibration end", "YYYY-MM-DD", s.calibration_end, sizeof s.calibration_end);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Purchases up to this day are used to describe customers (x, t_x, T);\n"
                          "later ones form the holdout period. Empty: the last day in the file.");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(110);
    ImGui::Combo("Time unit", &s.unit, "days\0weeks\0");
    if (app.has_results()) {
        ImGui::SameLine();
        if (ImGui::Button("Apply")) app.apply_settings();
    }
    if (!s.settings_error.empty()) ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), "%s", s.settings_error.c_str());
}

void draw_detected(const FileAnalysis& a) {
    const ReadOptions* o = a.options();
    if (o == nullptr) return;
    section_header("What was detected");
    ImGui::Text("Delimiter: %s    Header line: %s    Date format: %s", delimiter_name(o->delimiter),
                o->has_header ? "yes" : "no", date_format_name(o->date_format));
    ImGui::Text("Customer id: %s    Date: %s    Amount: %s", column_name(*o, o->customer_column),
                column_name(*o, o->date_column),
                o->amount_column >= 0 ? column_name(*o, o->amount_column) : "quantity x unit price");
}

void draw_accounting(const App& app) {
    const FileAnalysis& a = app.analysis();
    if (a.reader() == nullptr) return;
    const RowAccounting& acc = a.reader()->accounting();
    section_header("Every line accounted for");
    ImGui::Text("Lines read: %llu    header: %llu    used: %llu    rejected: %llu",
                static_cast<unsigned long long>(acc.lines_read), static_cast<unsigned long long>(acc.header_lines),
                static_cast<unsigned long long>(acc.used), static_cast<unsigned long long>(acc.rejected));
    if (app.has_results()) {
        const Customers& c = app.customers();
        ImGui::Text("Customers: %zu    purchases from %s to %s    calibration end %s    (read in %.2f s)", c.rows.size(),
                    format_iso_date(c.first_day_in_data).c_str(), format_iso_date(c.last_day_in_data).c_str(),
                    format_iso_date(c.calibration_end).c_str(), app.load_seconds());
        if (c.customers_after_calibration > 0)
            ImGui::TextDisabled("%llu customers first bought after the calibration end and are not summarised.",
                                static_cast<unsigned long long>(c.customers_after_calibration));
    }
    const auto& rejections = a.reader()->rejections();
    if (rejections.empty()) return;
    ImGui::Text("Rejected lines (first %zu shown):", rejections.size() < 200 ? rejections.size() : size_t{200});
    if (ImGui::BeginTable("rejections", 4,
                          ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY,
                          ImVec2(0, 220))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("Line", ImGuiTableColumnFlags_WidthFixed, 70);
        ImGui::TableSetupColumn("Column", ImGuiTableColumnFlags_WidthFixed, 70);
        ImGui::TableSetupColumn("Reason", ImGuiTableColumnFlags_WidthFixed, 160);
        ImGui::TableSetupColumn("Text");
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
    ImGui::TextWrapped("Drop a CSV of orders onto this page (one line per order: customer id, date, amount), "
                       "or choose a file. It is read here, in your browser; nothing is uploaded.");
    const bool busy = a.state() == AnalysisState::reading;
    ImGui::BeginDisabled(busy);
    if (ImGui::Button("Load sample data")) load_bundled_sample("/samples/CDNOW_master.txt");
    remember_item(app, "load_sample");
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("CDNOW: 23,570 customers of an online CD store, 1997-1998 (69,659 orders)");
    ImGui::SameLine();
    if (ImGui::Button("Choose a file...")) open_file_chooser();
    remember_item(app, "choose_file");
    ImGui::EndDisabled();
    draw_settings(app);
    ImGui::Spacing();
    if (busy) draw_loading(app);
    if (a.state() == AnalysisState::failed)
        ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), "%s", a.error().c_str());
    draw_detected(a);
    draw_accounting(app);
}

}  // namespace clv::web
