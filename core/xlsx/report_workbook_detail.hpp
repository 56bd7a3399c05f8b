// Shared by report_workbook.cpp (entry points, Overview, Customers) and
// report_workbook_sheets.cpp (the group sheets). Internal to core/xlsx.
#pragma once
#include <string>
#include <vector>

#include "xlsx/report_workbook.hpp"
#include "xlsx/xlsx_writer.hpp"

namespace clv::xlsx {

// A header cell in both languages, with its column's width and style.
struct ColumnSpec {
    const char* en;
    const char* zh;
    double width;
    Style style;
};

struct SheetContext {
    WorkbookWriter& w;
    const Report& report;
    const TransactionLog& log;
    const Customers& customers;
    const ReportWorkbookOptions& options;
    bool full;  // the Report is usable and its table matches the customers

    bool zh() const { return options.language == XlsxLanguage::zh; }
    const char* t(const char* en, const char* zh_text) const { return zh() ? zh_text : en; }
    const char* name(const Label& l) const { return zh() ? l.zh : l.en; }
};

// Column widths and the bold header row at `row`; freezes it and puts filters on the table
// when `rows` > 0 (the number of data rows below it).
void write_table_header(SheetContext& c, int row, const std::vector<ColumnSpec>& columns, size_t rows, bool freeze);

// A sheet name in the workbook's language (also used in formulas).
const char* sheet_name(const SheetContext& c, int index);
enum SheetIndex { kOverview, kCustomers, kSegments, kTiers, kLifecycle, kCohorts, kWatchlist, kPlaybook, kBudget };

// The group sheets (report_workbook_sheets.cpp), each starting its own sheet.
void write_segments_sheet(SheetContext& c);
void write_tiers_sheet(SheetContext& c);
void write_lifecycle_sheet(SheetContext& c);
void write_cohorts_sheet(SheetContext& c);
void write_watchlist_sheet(SheetContext& c);
void write_playbook_sheet(SheetContext& c);
void write_budget_sheet(SheetContext& c);

// "vip_rewards; referral" from a bit set of Action / WatchReason, in the workbook's language.
std::string action_names(const SheetContext& c, uint32_t bits);
std::string watch_reason_names(const SheetContext& c, uint8_t bits);

}  // namespace clv::xlsx
