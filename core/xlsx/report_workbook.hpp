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

// Writes the workbook to `path`. False with `error` (nothing throws).
bool write_report_xlsx(const std::string& path, const Report& report, const TransactionLog& log,
                       const Customers& customers, const ReportWorkbookOptions& options, std::string& error);

// The same workbook as bytes, for the browser's download (written to a temporary file in
// options.tmpdir or /tmp, read back and removed).
bool report_xlsx_bytes(const Report& report, const TransactionLog& log, const Customers& customers,
                       const ReportWorkbookOptions& options, std::string& bytes, std::string& error);

}  // namespace clv
