// Reading an .xlsx workbook into the same pipeline as a CSV file: the chosen sheet's rows go
// through FileAnalysis (sniffer roles, Reader, row accounting, rejections, summary) as CSV text
// with one line per sheet row, so "line 17" of a rejection is row 17 of the sheet and its column
// number is the sheet's column (describe() says "row 17, column D ('amount'): ...").
//
// The workbook is held whole in memory (a zip's directory is at its end): about the file's size.
// The sheet's XML is never held: it is inflated and parsed a bounded amount per step(), so the
// browser can read a 50 MB workbook a few MB per frame and the CLI in one loop.
//
//   XlsxImport x;
//   if (!x.open(std::move(bytes), "orders.xlsx")) show(x.error());        // .xls, password, ...
//   for (auto& s : x.sheets()) ...                                         // the sheet chooser
//   x.begin(x.default_sheet(), analysis);
//   while (x.step(analysis)) draw_progress(x.progress());                  // one step per frame
//   x.finish(analysis, summary_options);                                   // then analysis.state()
//
// Nothing throws; every failure is a message naming the file (and the sheet).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/file_analysis.hpp"

namespace clv {

struct XlsxSheet {
    std::string name;
    bool hidden = false;
    bool readable = true;    // false for a chart sheet
    uint64_t xml_bytes = 0;  // the sheet's XML once inflated
};

// Counts for the import report and the benchmarks.
struct XlsxStats {
    uint64_t file_bytes = 0;
    uint64_t xml_bytes = 0;       // sheet XML inflated and parsed
    uint64_t rows = 0;            // non-empty sheet rows handed on
    uint64_t csv_bytes = 0;       // text fed to the Reader
    uint64_t shared_strings = 0;
    uint64_t ignored_cells = 0;   // beyond column AMJ (1,024)
    int header_row = 0;           // 1-based; 0 when the sheet is empty
    int title_rows = 0;           // non-empty rows above the header
    bool two_row_header = false;  // merged group cells over a row of names
    bool merged_cells = false;    // merged ranges were filled with their top-left value
    bool date1904 = false;
};

class XlsxImport {
public:
    XlsxImport();
    ~XlsxImport();
    XlsxImport(XlsxImport&&) noexcept;
    XlsxImport& operator=(XlsxImport&&) noexcept;

    // Takes the whole file. False with error() when it is not a readable .xlsx workbook; the
    // message says what the file is and what to do (.xls, password, Numbers, PDF, ...).
    bool open(std::string bytes, std::string file_name);
    const std::vector<XlsxSheet>& sheets() const { return sheets_; }
    // The first visible sheet of cells (the chooser's default); -1 when there is none.
    int default_sheet() const;
    // A sheet by name (case-insensitive) or 1-based number ("2"); -1 when there is none.
    int find_sheet(std::string_view name_or_number) const;

    // Starts reading sheet `index` through `analysis` (this calls analysis.begin with
    // "file.xlsx [sheet]"); `overrides` are the user's corrections, as for CSV.
    bool begin(int index, FileAnalysis& analysis, const ReadOverrides* overrides = nullptr);
    // Inflates and parses about `budget` bytes of the sheet's XML. True while there is more.
    bool step(FileAnalysis& analysis, size_t budget = 4u << 20);
    // Ends the sheet and the analysis (analysis.finish). After a failure, error() says why and
    // the analysis is cancelled.
    void finish(FileAnalysis& analysis, const SummaryOptions& options);

    double progress() const;  // 0..1 over the sheet's compressed bytes
    const std::string& error() const { return error_; }
    const XlsxStats& stats() const { return stats_; }
    const std::string& file_name() const { return file_name_; }
    // What the reader decided, for the preview: "header on row 3; rows 1-2 are titles", ...
    std::vector<std::string> notes() const;

    // "row 17, column D ('amount'): '12,5O' is not a number" / "第 17 行，D 列“金额”：“12,5O”不是数字"
    static std::string describe(const Rejection& r, const std::vector<std::string>& column_names);
    static std::string describe_zh(const Rejection& r, const std::vector<std::string>& column_names);

private:
    struct State;
    std::unique_ptr<State> s_;
    std::vector<XlsxSheet> sheets_;
    std::string file_name_, error_;
    XlsxStats stats_;
};

// The CLI's and the tests' one call: opens `bytes`, reads the sheet named `sheet` (name or
// 1-based number; empty: the default) through `analysis`. False with `error` when the workbook
// or the sheet cannot be read; otherwise `analysis` holds the outcome (done or failed).
bool analyse_xlsx(std::string bytes, const std::string& file_name, std::string_view sheet,
                  const SummaryOptions& summary_options, FileAnalysis& analysis, std::string& error,
                  const ReadOverrides* overrides = nullptr, XlsxStats* stats = nullptr);

// Whether a file should go to XlsxImport rather than the CSV reader: a zip or OLE file, or a
// name ending in .xlsx/.xlsm/.xls/.numbers/.ods (so a renamed PDF gets the workbook message).
bool is_workbook_file(std::string_view file_name, std::string_view first_bytes);

}  // namespace clv
