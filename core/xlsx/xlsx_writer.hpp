// A small C++ face over libxlsxwriter for writing workbooks row by row (its constant-memory
// mode: each row goes to the sheet's temporary file as it is finished, so a million customers
// cost a row of memory, not a sheet). Cells take a Style naming what the number means (money,
// percent, date, ...); NaN numbers are left blank. Text cells are always text, never formulas.
// Nothing throws; the first libxlsxwriter error is kept and returned by close().
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "util/civil_date.hpp"

namespace clv::xlsx {

enum class Style {
    plain,
    header,    // bold, shaded, bottom border
    title,     // bold, larger
    note,      // grey italic, wrapped
    integer,   // #,##0
    decimal,   // #,##0.00
    money,     // #,##0.00 (no currency symbol: the data's currency is unknown)
    percent,   // 0.0%
    date,      // yyyy-mm-dd
    wrap,      // wrapped text
};
constexpr int kStyleCount = 10;

class WorkbookWriter {
public:
    WorkbookWriter();
    ~WorkbookWriter();
    WorkbookWriter(const WorkbookWriter&) = delete;
    WorkbookWriter& operator=(const WorkbookWriter&) = delete;

    // Creates the workbook at `path` (written on close). `tmpdir` holds libxlsxwriter's
    // temporary files (empty: the C library's default). `constant_memory` false keeps the sheets
    // in memory and writes text as shared strings, as Excel does (the benchmark's realistic file).
    bool open(const std::string& path, const std::string& tmpdir = {}, bool constant_memory = true);
    // Starts a sheet; rows are then written top to bottom (a row above the last one written is
    // ignored by constant-memory mode). Names are cut to Excel's 31 characters.
    void add_sheet(std::string_view name);
    void column_width(int first, int last, double width, Style style = Style::plain);
    void text(int row, int col, std::string_view s, Style style = Style::plain);
    void number(int row, int col, double v, Style style = Style::decimal);
    void date(int row, int col, DayNumber day);
    // A live formula ("=SUM(B2:B9)") with the value it computes to, for readers that do not
    // recalculate (openpyxl, previews).
    void formula(int row, int col, std::string_view formula, double cached, Style style = Style::decimal);
    void freeze(int rows, int cols);
    void autofilter(int first_row, int first_col, int last_row, int last_col);
    // Writes the file. False with `error` when anything failed on the way.
    bool close(std::string& error);
    // Drops the workbook without writing anything (a download given up half-way): its sheets'
    // temporary files are closed, which frees them. Nothing is created at the path.
    void abandon();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Excel's serial day number (1900 date system) of a day.
double excel_serial(DayNumber day);

// The whole of a file, for handing a written workbook to the browser; false when unreadable.
bool read_whole_file(const std::string& path, std::string& out);

}  // namespace clv::xlsx
