// The application state shared by the views: the analysis of the current file and each view's
// own state. The UI computes nothing itself: it asks the core and draws what comes back.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/file_analysis.hpp"
#include "report/analyze.hpp"

namespace clv::web {

enum class Tab { import, customers, privacy, help };

// Import view: settings typed before (or after) loading, and the rejection list's filter.
struct ImportViewState {
    char calibration_end[16] = "";  // YYYY-MM-DD or empty: the last day in the file
    int unit = 1;                   // 0 day, 1 week
    std::string settings_error;
};

// Customers view: row order for the current sort, rebuilt when the data or the sort changes.
struct CustomersViewState {
    std::vector<uint32_t> order;  // indices into Customers::rows
    uint64_t built_for_version = 0;
    int sort_column = -1;
    bool sort_descending = false;
    char search[64] = "";
    std::string built_for_search;
};

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

class App {
public:
    // Called by the page (through the wasm bridge) as a file's chunks arrive.
    void begin_file(const std::string& name, double size_bytes);
    bool feed_chunk(const char* data, size_t size);  // false: stop sending (cancelled or failed)
    void finish_file();
    void cancel_file();

    // Re-summarise with the settings of the import view (calibration end, unit).
    void apply_settings();

    const FileAnalysis& analysis() const { return analysis_; }
    const Customers& customers() const { return resummarised_ ? *resummarised_ : analysis_.customers(); }
    // The customer value analysis of the current customers (segments, tiers, models, ...).
    const Report& report() const { return report_; }
    // Every rule and threshold of the analysis; views edit it, then call reanalyse().
    AnalysisSettings settings;
    void reanalyse();
    bool has_results() const { return analysis_.state() == AnalysisState::done; }
    uint64_t results_version() const { return results_version_; }  // changes whenever the table would
    double load_seconds() const { return load_seconds_; }

    void frame();  // draws the whole UI for one frame

    Tab tab = Tab::import;
    Tab requested_tab = Tab::import;
    bool tab_change_pending = false;
    ImportViewState import_view;
    CustomersViewState customers_view;
    PrivacyViewState privacy_view;
    FirstRunTour tour;
    std::map<std::string, WidgetRect> widget_rects;

private:
    bool summary_options(SummaryOptions& out, std::string& error) const;

    FileAnalysis analysis_;
    std::optional<Customers> resummarised_;
    Report report_;
    uint64_t results_version_ = 0;
    double load_started_ms_ = 0;
    double load_seconds_ = 0;
};

// The single App of the page, owned by main.cpp; the wasm bridge reaches it through this.
App& the_app();

// Views: one file each.
void draw_import_view(App& app);
void draw_customers_view(App& app);
void draw_privacy_view(App& app);
void draw_help_view(App& app);
void draw_first_run_tour(App& app);

}  // namespace clv::web
