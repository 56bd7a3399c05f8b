// The per-view state of the analysis views (Overview ... Export), one plain struct each, held by
// the App (app.hpp). Views keep only what the user chose (filters, sort, inputs) and caches of
// display orderings keyed by App::results_version(), never results of their own.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "report/analysis_settings.hpp"
#include "xlsx/report_workbook.hpp"

namespace clv::web {

// Customers view: row order for the current sort and filters, rebuilt when the data, the sort,
// the search or a filter changes; the selected customer's card.
struct CustomersViewState {
    std::vector<uint32_t> order;  // indices into Customers::rows (and Report::table)
    uint64_t built_for_version = 0;
    int sort_column = -1;
    bool sort_descending = false;
    char search[64] = "";
    std::string built_for_search;
    int segment_filter = -1, tier_filter = -1, stage_filter = -1;  // -1: all
    int built_filters[3] = {-1, -1, -1};
    int selected = -1;            // Customers row shown in the card; -1: none
    bool card_open = false;
};

// Overview view: what the last frame showed (card names and values, the three things to do),
// kept so the read-only test hook reports what the user sees rather than recomputing it.
struct OverviewViewState {
    std::string header;
    std::vector<std::string> card_names, card_values, card_subs;
    std::vector<std::string> todo;
};

// Segments view: what the value share bar compares.
struct SegmentsViewState {
    int share_basis = 0;  // 0 revenue, 1 CLV
};

// Value view: the CLV histogram's bins, built from Report::table once per results version.
struct ValueViewState {
    uint64_t built_for_version = 0;
    std::vector<double> bin_edges;   // size bins + 1; the last bin holds everything above
    std::vector<double> bin_counts;
    bool uses_clv = true;            // false: the tier basis value (no model)
    double above_last_edge = 0;      // customers beyond the shown range (in the last bin)
};

struct LifecycleViewState {
    int unused = 0;
};

// Cohorts view: which matrix the heat map shows.
struct CohortsViewState {
    int metric = 0;  // 0 retention, 1 revenue per month
};

// Models view: the model chooser and CLV assumptions as typed (applied with Refit).
struct ModelsViewState {
    int kind = 0;                    // CountingModelKind as an int
    float horizon_months = 12, margin_percent = 100, discount_percent = 1;
    bool inputs_from_settings = false;
};

// Strategy view: budget and what-if inputs (copied from the settings when first shown).
struct StrategyViewState {
    bool inputs_from_settings = false;
    double budget = 0;
    BudgetSettings budget_settings;
    float retention_points = 5, aov_percent = 5, frequency_percent = 5, cac_percent = -10;
    int migration_kind = 0;          // 0 segments, 1 tiers
    bool open_watchlist = false;     // the Overview's link: select the watch-list tab once
};

// Export view: the last download's name (shown as confirmation) and a pending chart picture.
struct ExportViewState {
    std::string last_file;
    std::string error;
    int action = 0;                  // Action for the action-list download
    int picture_tab = 0;             // index into the picture choices
    int picture_frames = -1;         // frames to wait before the canvas capture; -1: none pending
    std::string picture_name;
    std::string pending_id;          // the file whose button was pressed, made once pending_frames is 0
    int pending_frames = 0;
    // The Customers CSV, made over frames (export_file_step): rows written so far, of how many,
    // for which results (new results stop it), under which name.
    bool csv_running = false;
    size_t csv_cursor = 0, csv_rows = 0;
    uint64_t csv_bytes = 0;  // handed to the page so far
    uint64_t csv_results_version = 0;
    std::string csv_name;
    // The workbook, made over frames as well (null when none is being made), for which results.
    std::unique_ptr<ReportWorkbookBuilder> workbook;
    uint64_t workbook_results_version = 0;
    std::string workbook_name;
    std::string warning;  // about the last file made (one too large for some browsers to save)
};

}  // namespace clv::web
