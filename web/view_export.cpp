// Export view: the analysis as files — the per-customer table (CSV), the whole report (JSON), the
// churn watch-list and the group summaries (CSV), one customer list per playbook action (CSV, for
// mailing tools), the Excel workbook, and a PNG picture of any chart view. File names carry
// today's date (clv-customers-2026-11-26.csv). Everything is written by the core's exporters
// (report_csv.hpp, report_json.hpp, xlsx/report_workbook.hpp) and handed to the browser as a
// download: nothing leaves the page. The Customers CSV and the workbook, the files that grow with
// the customers, are made over frames (export_file_step); the CSV is handed over in parts.
//
// The picture: platform's download_canvas_png captures the canvas after this frame's drawing (a
// WebGL canvas keeps its pixels only until the frame is shown). The view to capture is opened
// first and drawn for a few frames (export_picture_step, called by App::frame every frame).
#include <imgui.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <new>
#include <sstream>
#include <string>

#include "app.hpp"
#include "charts.hpp"
#include "i18n.hpp"
#include "platform.hpp"
#include "report/report_csv.hpp"
#include "report/report_json.hpp"
#include "widgets.hpp"
#include "xlsx/report_workbook.hpp"


namespace clv::web {
namespace {

struct PictureChoice {
    Tab tab;
    Str name;
    const char* key;
};
const PictureChoice kPictures[] = {
    {Tab::overview, Str::tab_overview, "overview"}, {Tab::segments, Str::tab_segments, "segments"},
    {Tab::value, Str::tab_value, "value"},          {Tab::lifecycle, Str::tab_lifecycle, "lifecycle"},
    {Tab::cohorts, Str::tab_cohorts, "cohorts"},    {Tab::models, Str::tab_models, "models"},
    {Tab::strategy, Str::tab_strategy, "strategy"},
};
constexpr int kPictureCount = sizeof kPictures / sizeof kPictures[0];
constexpr int kPictureFrames = 4;  // the tab switch takes a frame; the view's layout settles in the next

void deliver(App& app, const std::string& name, const char* mime, const std::string& bytes) {
    download_file(name, mime, bytes.data(), bytes.size());
    app.export_view.last_file = name;
    app.export_view.error.clear();
}

void fail_out_of_memory(App& app) {
    char buf[512];
    std::snprintf(buf, sizeof buf, tr(Str::ex_out_of_memory), charts::number(static_cast<double>(app.report().customers)).c_str());
    app.export_view.error = buf;
    app.export_view.last_file.clear();
}

// Runs `make` (which builds a file and delivers it). At 10M customers a file can need more memory
// than the tab has left: the view then says so and stays usable, instead of failing as a whole.
template <typename Make>
void make_file(App& app, Make make) {
    try {
        make();
    } catch (const std::bad_alloc&) {
        fail_out_of_memory(app);
    }
}

// Whether the file of button `id` is to be made in this frame. A press only marks it: it is made
// two frames later, so that the frame saying so is on screen first, since making it holds the page
// (the JSON report of a million customers takes seconds; the Customers CSV and the workbook are
// made over frames instead).
bool file_due(App& app, bool pressed, const char* id) {
    ExportViewState& s = app.export_view;
    if (pressed) {
        s.pending_id = id;
        s.pending_frames = 2;
        s.error.clear();
        s.last_file.clear();
        s.warning.clear();
        return false;
    }
    if (s.pending_id != id || s.pending_frames > 0) return false;
    s.pending_id.clear();
    return true;
}

std::string dated(const char* stem, const char* ext) { return std::string("clv-") + stem + "-" + today_iso() + "." + ext; }

// Starts the Customers CSV: the header now, the rows over the next frames (export_file_step).
void start_customers_csv(App& app) {
    ExportViewState& s = app.export_view;
    std::string header;
    append_customers_csv_header(header, app.report());
    download_parts_begin();
    download_parts_append(header.data(), header.size());
    s.csv_bytes = header.size();
    s.warning.clear();
    s.csv_running = true;
    s.csv_cursor = 0;
    s.csv_rows = customers_csv_rows(app.report(), app.customers());
    s.csv_results_version = app.results_version();
    s.csv_name = dated("customers", "csv");
    s.error.clear();
    s.last_file.clear();
}

// A button with a one-line description beside it.
bool export_button(App& app, Str name, const char* id, Str description) {
    const bool pressed = ImGui::Button(label(name, id).c_str(), ImVec2(ImGui::GetFontSize() * 15, 0));
    remember_item(app, id);
    ImGui::SameLine();
    ImGui::TextDisabled("%s", tr(description));
    return pressed;
}


constexpr double kFileBudgetMs = 20;  // of a ~33 ms frame: the rest draws it

// Starts the workbook; its sheets are written over the next frames (workbook_step).
void start_workbook(App& app) {
    ExportViewState& s = app.export_view;
    ReportWorkbookOptions o;
    o.language = language() == Lang::zh ? XlsxLanguage::zh : XlsxLanguage::en;
    o.source_name = app.analysis().source_name();
    s.workbook = std::make_unique<ReportWorkbookBuilder>(temporary_workbook_path(o, &s), app.report(), app.analysis().log(),
                                                         app.customers(), o);
    s.workbook_results_version = app.results_version();
    s.workbook_name = dated("report", "xlsx");
    s.error.clear();
    s.last_file.clear();
    s.warning.clear();
}

// The workbook over frames: Customers rows for about 20 ms a frame, or one other sheet; the last
// step (libxlsxwriter packing the file) is one piece: 2.7 s at 260k customers, 12.6 s at a million
// in headless Chromium.
void workbook_step(App& app) {
    ExportViewState& s = app.export_view;
    if (!s.workbook) return;
    std::string bytes, error;
    try {
        if (!app.has_results() || app.results_version() != s.workbook_results_version) {
            s.workbook.reset();  // the results it reads may be gone: dropped unwritten
            return;
        }
        constexpr size_t kRowsPerCheck = 256;
        const double start = now_ms();
        bool done = false;
        while (!done && now_ms() - start < kFileBudgetMs) done = s.workbook->step(kRowsPerCheck);
        if (!done) return;
        const bool ok = s.workbook->take_bytes(bytes, error);
        s.workbook.reset();
        if (ok)
            deliver(app, s.workbook_name, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", bytes);
        else
            s.error = error;
    } catch (const std::bad_alloc&) {
        s.workbook.reset();  // dropped unwritten, its temporary files freed
        fail_out_of_memory(app);
    }
}

}  // namespace

// The Customers CSV over frames: rows for about 20 ms a frame, handed to the page as a part of
// the download. Made at once it held the page ~6 s at 1M customers and a minute at 10M; now the
// page stays usable and the view says how far it is. New results (another file, a re-run) stop it.
// Then the workbook's slice (workbook_step).
void export_file_step(App& app) {
    workbook_step(app);
    ExportViewState& s = app.export_view;
    if (!s.csv_running) return;
    if (!app.has_results() || app.results_version() != s.csv_results_version) {
        download_parts_abort();
        s.csv_running = false;
        return;
    }
    constexpr size_t kRowsPerCheck = 2048;
    constexpr size_t kPartBytes = 4u << 20;
    const double start = now_ms();
    try {
        std::string part;
        while (s.csv_cursor < s.csv_rows && now_ms() - start < kFileBudgetMs) {
            const size_t end = std::min(s.csv_rows, s.csv_cursor + kRowsPerCheck);
            append_customers_csv_rows(part, app.report(), app.analysis().log(), app.customers(), s.csv_cursor, end);
            s.csv_cursor = end;
            if (part.size() >= kPartBytes) {
                download_parts_append(part.data(), part.size());
                s.csv_bytes += part.size();
                part.clear();
            }
        }
        if (!part.empty()) download_parts_append(part.data(), part.size());
        s.csv_bytes += part.size();
    } catch (const std::bad_alloc&) {
        download_parts_abort();
        s.csv_running = false;
        fail_out_of_memory(app);
        return;
    }
    if (s.csv_cursor < s.csv_rows) return;
    download_parts_finish(s.csv_name, "text/csv;charset=utf-8");
    s.csv_running = false;
    s.last_file = s.csv_name;
    // Headless Chromium cancels a download of a 2.2 GB Blob (10M customers) without telling the
    // page; whether a browser keeps one that large depends on it. The page says so, and where
    // such a file is made without that limit.
    constexpr uint64_t kLargeFileBytes = 1000000000;  // 1 GB: below what was refused, where it is unknown
    if (s.csv_bytes >= kLargeFileBytes) {
        char buf[512];
        std::snprintf(buf, sizeof buf, tr(Str::ex_large_file), static_cast<double>(s.csv_bytes) / 1e9);
        s.warning = buf;
    }
}

void export_picture_step(App& app) {
    ExportViewState& s = app.export_view;
    if (s.picture_frames < 0) return;
    // The tab switch is requested here, before the tab bar, so this frame's tab bar sees it.
    if (s.picture_frames == kPictureFrames) {
        app.requested_tab = kPictures[s.picture_tab].tab;
        app.tab_change_pending = true;
    }
    if (s.picture_frames-- > 0) return;
    download_canvas_png(s.picture_name);
    s.last_file = s.picture_name;
}

void draw_export_view(App& app) {
    if (!app.has_results()) {
        ImGui::TextDisabled("%s", tr(Str::no_data_yet));
        return;
    }
    ExportViewState& s = app.export_view;
    const Report& r = app.report();
    const TransactionLog& log = app.analysis().log();
    const Customers& customers = app.customers();
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%s", tr(Str::ex_intro));
    ImGui::PopTextWrapPos();
    if (!r.ok()) {
        ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), "%s %s", tr(Str::analysis_failed), r.status.c_str());
        return;
    }
    if (app.busy()) {  // the value change columns and the campaign are still being computed
        ImGui::TextDisabled("%s", tr(Str::analysis_finishing));
        return;
    }
    section_header(tr(Str::ex_tables_title));
    // Made over frames (export_file_step): pressed again while it runs, it carries on.
    if (export_button(app, Str::ex_customers_csv, "ex_customers_csv", Str::ex_customers_csv_tip) && !s.csv_running)
        make_file(app, [&] { start_customers_csv(app); });
    if (file_due(app, export_button(app, Str::ex_report_json, "ex_report_json", Str::ex_report_json_tip), "ex_report_json"))
        make_file(app, [&] { deliver(app, dated("report", "json"), "application/json", report_json(r)); });
    // Made over frames too (workbook_step); pressed again while it is made, it carries on.
    if (export_button(app, Str::ex_excel, "ex_excel", Str::ex_excel_tip) && !s.workbook) make_file(app, [&] { start_workbook(app); });
    if (file_due(app, export_button(app, Str::ex_watchlist_csv, "ex_watchlist_csv", Str::ex_watchlist_csv_tip), "ex_watchlist_csv")) {
        make_file(app, [&] {
            std::ostringstream out;
            write_watchlist_csv(out, r);
            deliver(app, dated("watchlist", "csv"), "text/csv;charset=utf-8", out.str());
        });
    }
    if (file_due(app, export_button(app, Str::ex_groups_csv, "ex_groups_csv", Str::ex_groups_csv_tip), "ex_groups_csv")) {
        make_file(app, [&] {
            std::ostringstream out;
            write_groups_csv(out, r);
            deliver(app, dated("groups", "csv"), "text/csv;charset=utf-8", out.str());
        });
    }

    section_header(tr(Str::ex_actions_title));
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 15);
    if (ImGui::BeginCombo("##ex_action", in_language(action_label(static_cast<Action>(s.action))))) {
        for (int k = 0; k < kActionCount; ++k)
            if (ImGui::Selectable(in_language(action_label(static_cast<Action>(k))), s.action == k)) s.action = k;
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    const bool action_pressed = ImGui::Button(label(Str::ex_action_csv, "ex_action_csv").c_str());
    remember_item(app, "ex_action_csv");
    if (file_due(app, action_pressed, "ex_action_csv")) {
        make_file(app, [&] {
            std::ostringstream out;
            const Action a = static_cast<Action>(s.action);
            write_action_list_csv(out, r, log, customers, a);
            deliver(app, dated((std::string("action-") + action_label(a).key).c_str(), "csv"), "text/csv;charset=utf-8",
                    out.str());
        });
    }
    ImGui::TextDisabled("%s", in_language(action_detail(static_cast<Action>(s.action))));

    section_header(tr(Str::ex_picture_title));
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 15);
    if (ImGui::BeginCombo("##ex_picture", tr(kPictures[s.picture_tab].name))) {
        for (int k = 0; k < kPictureCount; ++k)
            if (ImGui::Selectable(tr(kPictures[k].name), s.picture_tab == k)) s.picture_tab = k;
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    if (ImGui::Button(label(Str::ex_picture, "ex_picture").c_str())) {
        s.picture_name = dated(kPictures[s.picture_tab].key, "png");
        s.picture_frames = kPictureFrames;
    }
    remember_item(app, "ex_picture");
    ImGui::SameLine();
    ImGui::TextDisabled("%s", tr(Str::ex_picture_tip));

    ImGui::Spacing();
    if (s.csv_running) {
        const int percent = s.csv_rows > 0 ? static_cast<int>(100.0 * static_cast<double>(s.csv_cursor) / static_cast<double>(s.csv_rows)) : 0;
        ImGui::Text(tr(Str::ex_making_part), s.csv_name.c_str(), percent);
    }
    if (s.workbook) ImGui::Text(tr(Str::ex_making_part), s.workbook_name.c_str(), static_cast<int>(100 * s.workbook->progress()));
    if (!s.pending_id.empty()) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(tr(Str::ex_making));
        ImGui::PopTextWrapPos();
        --s.pending_frames;
    }
    if (!s.last_file.empty()) ImGui::TextColored(ImVec4(0.1f, 0.5f, 0.2f, 1), tr(Str::ex_saved), s.last_file.c_str());
    if (!s.warning.empty()) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(ImVec4(0.65f, 0.4f, 0.0f, 1), "%s", s.warning.c_str());
        ImGui::PopTextWrapPos();
    }
    if (!s.error.empty()) ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), "%s", s.error.c_str());
}

}  // namespace clv::web
