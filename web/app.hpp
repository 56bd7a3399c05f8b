// The application state shared by the views: the analysis of the current file and each view's
// own state. The UI computes nothing itself: it asks the core and draws what comes back.
#pragma once
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/file_analysis.hpp"
#include "report/analyze.hpp"
#include "load_warm_up.hpp"
#include "side_inputs.hpp"
#include "xlsx/xlsx_import.hpp"
#include "view_states.hpp"

namespace clv::web {

// In the order of the tab bar.
enum class Tab { import, overview, customers, segments, value, lifecycle, cohorts, models, strategy, export_, help, privacy };

// Import view: settings typed before (or after) loading, and the rejection list's filter.
struct ImportViewState {
    char calibration_end[16] = "";  // YYYY-MM-DD or empty: the last day in the file
    int unit = 1;                   // 0 day, 1 week
    std::string settings_error;
};

// The analysis views' states (CustomersViewState, ...) are in view_states.hpp.

// Where a named widget was drawn last frame (canvas CSS pixels), so that end-to-end tests can
// click real buttons without guessing coordinates.
struct WidgetRect {
    float x = 0, y = 0, w = 0, h = 0;
};

// Privacy view: the CSP text, read once from the page.
struct PrivacyViewState {
    std::string csp;
    bool csp_read = false;
};

// First-run tour: shown until dismissed once (remembered in localStorage).
struct FirstRunTour {
    bool decided = false;  // whether to show it has been read from storage
    bool open = false;
    int step = 0;
    void restart();
    void finish();
};

// Where a load is: parsing queued chunks, then the per-customer summary, then the analysis.
enum class LoadStage { idle, reading, summarising, analysing };

class App {
public:
    // Loading a file (app_loading.cpp). The page reads the file in chunks and hands each one over
    // (the App takes ownership of the malloc'd buffer); every frame, step_loading() parses queued
    // bytes for a few milliseconds, then summarises and analyses in later frames, so the page keeps
    // drawing (progress bar, Cancel) however large the file is.
    void begin_file(const std::string& name, double size_bytes);
    bool enqueue_chunk(char* malloced_data, size_t size);  // false: stop sending (cancelled or failed)
    void end_of_file();
    void cancel_file();
    void step_loading(double budget_ms);
    // After each animation frame, `drawn` when its picture was issued to WebGL: marks the load's
    // end on the timeline once a drawn frame showed the Overview of its results.
    void after_frame(bool drawn);
    LoadStage load_stage() const { return load_stage_; }
    size_t queued_bytes() const { return queued_bytes_; }
    bool busy() const { return load_stage_ != LoadStage::idle; }
    // An .xlsx workbook (or a file that only looks like one: .xls, .numbers, renamed PDF) comes
    // whole; its sheet's XML is then parsed a bounded amount per frame like a CSV.
    void begin_workbook(const std::string& name, char* malloced_data, size_t size);
    // The open workbook's sheets (empty for text files) and the one being shown; choosing
    // another one re-reads that sheet.
    const XlsxImport* workbook() const { return workbook_.get(); }
    int workbook_sheet() const { return workbook_sheet_; }
    void choose_sheet(int index);
    const std::string& load_error() const { return load_error_; }
    // The idle page's warm-up (load_warm_up.hpp), stepped by the shell's pump between frames
    // until it is done or a file is chosen (which stops it): false once there is nothing to do.
    bool warm_up_step(double budget_ms);
    const char* warm_up_state() const;  // "pending", "running", "done" or "stopped" (a file came first)
    double warm_up_ms() const;          // its work so far

    // Re-summarise with the settings of the import view (calibration end, unit), then re-analyse.
    void apply_settings();
    // A re-run (apply_settings, reanalyse with results on screen) is done between frames like a
    // load's end (busy() meanwhile, Cancel keeps the old results); the old customers and report
    // stay on screen until the new ones replace them together.
    bool rerunning() const { return rerun_.active; }
    double busy_progress() const;  // the running stage's share done, 0..1 (a re-run: its summary, then its analysis)

    const FileAnalysis& analysis() const { return analysis_; }
    const Customers& customers() const { return resummarised_ ? *resummarised_ : analysis_.customers(); }
    // The customer value analysis of the current customers (segments, tiers, models, ...). While
    // a load's analysis finishes its value change and campaign evaluation, the job's report
    // (everything else final: AnalysisJob::overview_ready); `migration` and `campaign` are
    // complete once !busy().
    const Report& report() const {
        return analysis_job_ && !rerun_.active && analysis_job_->overview_ready() ? analysis_job_->report() : report_;
    }
    // Every rule and threshold of the analysis; views edit it, then call reanalyse().
    AnalysisSettings settings;
    void reanalyse();
    // What-if (Strategy view): the scenario for `w` on the current Report's own inputs (tier CLV,
    // CRR, CAC), the call analyze() makes, without refitting anything, so a result follows a
    // moving slider at once; the Report's own scenario while `w` is invalid. Kept until `w` or
    // the Report changes. apply_what_if stores `w` in the settings and re-runs the analysis.
    const WhatIfReport& what_if_preview(const WhatIfSettings& w);
    void apply_what_if(const WhatIfSettings& w);
    // Spend, survey and campaign inputs (Import view): a chosen file arrives whole in a malloc'd
    // buffer (the App frees it), is parsed by the core's reader and the analysis runs again.
    SideInputs side_inputs;
    void read_side_file(SideFileKind kind, const std::string& name, char* malloced_data, size_t size);
    bool has_results() const { return analysis_.state() == AnalysisState::done; }
    uint64_t results_version() const { return results_version_; }  // changes whenever the table would
    double load_seconds() const { return load_seconds_; }

    void frame();  // draws the whole UI for one frame
    // A view's drawing threw (web/main.cpp catches it, so that nothing leaves the frame across the
    // wasm boundary): the open tab then shows why in place of the view, until the results change.
    void view_failed(bool out_of_memory, const char* what);
    // The view that failed for the current results ("" when none), for the test hook.
    const char* failed_view() const;
    bool failed_view_out_of_memory() const { return *failed_view() && view_failure_.out_of_memory; }

    Tab tab = Tab::import;
    Tab requested_tab = Tab::import;
    bool tab_change_pending = false;
    ImportViewState import_view;
    OverviewViewState overview_view;
    CustomersViewState customers_view;
    SegmentsViewState segments_view;
    ValueViewState value_view;
    LifecycleViewState lifecycle_view;
    CohortsViewState cohorts_view;
    ModelsViewState models_view;
    StrategyViewState strategy_view;
    ExportViewState export_view;
    PrivacyViewState privacy_view;
    FirstRunTour tour;
    std::map<std::string, WidgetRect> widget_rects;
    double views_ms = 0;  // CPU time the last frame spent building the UI (App::frame), for the test hook

private:
    bool summary_options(SummaryOptions& out, std::string& error) const;

    FileAnalysis analysis_;
    std::optional<Customers> resummarised_;
    Report report_;
    bool language_decided_ = false;  // the first frame picks the remembered or the browser's language
    uint64_t results_version_ = 0;
    struct ViewFailure {
        Tab tab = Tab::import;
        uint64_t results_version = ~0ull;  // none
        bool out_of_memory = false;
        std::string what;
    } view_failure_;
    bool draw_view_failure(Tab t);  // true when `t` failed for the current results (and says so)
    // Diagnostic switch for the end-to-end test of that path (?fail-view=tab_value): the named view
    // throws std::bad_alloc from inside a child window once there are results, as a view out of
    // memory at 10M customers does.
    std::string fail_view_;
    void draw_view(Tab t, void (*draw)(App&));
    struct WhatIfPreview {
        uint64_t results_version = ~0ull;
        WhatIfSettings settings;
        WhatIfReport result;
    } what_if_preview_;
    double load_started_ms_ = 0;
    double load_seconds_ = 0;
    struct QueuedChunk {
        char* data;
        size_t size;
        size_t offset;
    };
    std::deque<QueuedChunk> queue_;
    size_t queued_bytes_ = 0;
    bool end_of_file_ = false;
    LoadStage load_stage_ = LoadStage::idle;
    std::unique_ptr<XlsxImport> workbook_;
    int workbook_sheet_ = -1;
    std::string load_error_;  // a file refused or dropped by the App itself (too large, out of memory)
    void drop_queue();
    void drop_file_out_of_memory(const char* message);
    AnalysisInputs analysis_inputs();  // row accounting and side inputs for the analysis
    // The end of a load, spread over frames: the summary (FileAnalysis::finish_step), then the
    // analysis (an AnalysisJob, null outside the analysing stage).
    bool finish_reading_step(double deadline_ms);
    std::unique_ptr<AnalysisJob> analysis_job_;
    std::unique_ptr<LoadWarmUp> warm_up_;
    enum class WarmUp { pending, running, done, stopped } warm_up_state_ = WarmUp::pending;
    double warm_up_ms_ = 0;
    void step_loading_unguarded(double budget_ms);
    // The re-run in progress: the new summary (null when the customers stay) and, once built, the
    // customers the new analysis runs on.
    struct Rerun {
        bool active = false;
        std::unique_ptr<SummaryBuilder> summary;
        std::optional<Customers> customers;
    } rerun_;
    void begin_rerun(std::unique_ptr<SummaryBuilder> summary);  // app_loading.cpp
    const Customers& analysed_customers() const { return rerun_.customers ? *rerun_.customers : customers(); }
};

// The single App of the page, owned by main.cpp; the wasm bridge reaches it through this.
App& the_app();

// Views: one file each.
void draw_import_view(App& app);
void draw_busy_badge(App& app);  // busy_badge.cpp: "still computing" in a corner of the other views
void draw_side_inputs(App& app);  // the Import view's spend / survey / campaign section
void draw_campaign_results(const Report& r);  // the Strategy view's campaign tab
void draw_overview_view(App& app);
void draw_customers_view(App& app);
void draw_segments_view(App& app);
void draw_value_view(App& app);
void draw_lifecycle_view(App& app);
void draw_cohorts_view(App& app);
void draw_models_view(App& app);
void draw_strategy_view(App& app);
void draw_export_view(App& app);
void export_file_step(App& app);     // every frame: a file being made over frames (view_export.cpp)
void export_picture_step(App& app);  // every frame, before the views (view_export.cpp)
void draw_privacy_view(App& app);
void draw_help_view(App& app);
void draw_first_run_tour(App& app);

}  // namespace clv::web
