// The analysis as an Excel workbook for colleagues and bosses: sheets Overview (the KPIs with
// their formulas in words, and live Excel formulas over the Customers sheet where a KPI is a
// plain sum or ratio), Customers (one row per customer: frozen header, filters, money, percent
// and date formats), Segments, Tiers, Lifecycle, Cohorts, Watch-list, Playbook and Budget, in
// English or 简体中文 (sheet names, headers and labels).
//
// When the Report is not usable (report.ok() false, or its table does not match the customers)
// the workbook still has Overview (saying why) and Customers from the per-customer summary.
// New sheets go in report_workbook_sheets.cpp, one function each, listed in write_sheets().
#pragma once
#include <cstddef>
#include <memory>
#include <string>

#include "ingest/transaction_log.hpp"
#include "report/report.hpp"
#include "summary/customers.hpp"

namespace clv {

enum class XlsxLanguage { en, zh };

struct ReportWorkbookOptions {
    XlsxLanguage language = XlsxLanguage::en;
    std::string source_name;  // the order file, shown on Overview
    std::string tmpdir;       // libxlsxwriter's temporary files; empty: the system's (MEMFS /tmp in the browser)
    // Customers on the Customers sheet at most: 0 is Excel's limit (1,048,575 below the header).
    // A larger base gets the first this many, and the Overview says so. Tests lower it.
    size_t max_customer_rows = 0;
};

// The workbook in slices, for a page that must keep drawing frames: made at once, 260k customers
// held the page 10 s in Chromium, a million about a minute. step(rows) writes the Overview and
// the Customers header, or about `rows` Customers rows, or one other sheet, or (last, in one
// piece: libxlsxwriter zips every part when it closes) packs the file; it returns true once the
// file is written or has failed. The Report, log and customers must stay alive and unchanged
// until then; destroyed before, the builder writes nothing and frees its temporary files.
// write_report_xlsx and report_xlsx_bytes are this builder run to its end.
class ReportWorkbookBuilder {
public:
    ReportWorkbookBuilder(const std::string& path, const Report& report, const TransactionLog& log,
                          const Customers& customers, const ReportWorkbookOptions& options);
    ~ReportWorkbookBuilder();
    ReportWorkbookBuilder(const ReportWorkbookBuilder&) = delete;
    ReportWorkbookBuilder& operator=(const ReportWorkbookBuilder&) = delete;

    bool step(size_t rows);
    bool done() const;
    double progress() const;  // share done, 0..1 (the Customers rows ~3/4, the packing the rest)
    // Once done: true, or false with `error` naming the file.
    bool result(std::string& error) const;
    // Once done: the file's bytes (false with `error` when it failed or cannot be read); the file
    // is removed either way.
    bool take_bytes(std::string& bytes, std::string& error);

private:
    struct State;
    std::unique_ptr<State> s_;
    std::string path_;
};

// A file for a workbook made for the browser's download, in options.tmpdir or /tmp, named after
// `owner` (an address of the caller's: concurrent callers get different files).
std::string temporary_workbook_path(const ReportWorkbookOptions& options, const void* owner);

// Writes the workbook to `path`. False with `error` (nothing throws).
bool write_report_xlsx(const std::string& path, const Report& report, const TransactionLog& log,
                       const Customers& customers, const ReportWorkbookOptions& options, std::string& error);

// The same workbook as bytes, for the browser's download (written to a temporary file in
// options.tmpdir or /tmp, read back and removed).
bool report_xlsx_bytes(const Report& report, const TransactionLog& log, const Customers& customers,
                       const ReportWorkbookOptions& options, std::string& bytes, std::string& error);

}  // namespace clv
