// One worksheet streamed from the zip through expat, a bounded amount per step(), as rows of
// cells: only the current row is held, never the sheet's XML. Shared strings are resolved,
// date-styled numbers become ISO dates (in the workbook's date system), booleans TRUE/FALSE.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "xlsx/xlsx_workbook.hpp"
#include "xlsx/xlsx_zip.hpp"

namespace clv::xlsx {

// Columns past this are ignored (and counted): an order export never has them, and a crafted
// sheet could otherwise make every row 16,384 fields wide.
constexpr int kMaxColumns = 1024;
constexpr int kMaxRows = 1048576;  // Excel's limit

enum class CellKind : uint8_t { text, number, date, boolean, error };

struct Cell {
    int column = 0;  // 1-based (A = 1)
    uint32_t begin = 0, end = 0;  // the value in SheetRow::text
    CellKind kind = CellKind::text;
};

struct SheetRow {
    int row = 0;                 // 1-based sheet row number
    std::vector<Cell> cells;     // non-empty cells, ascending columns
    std::string text;            // the cells' values back to back
    std::string_view value(const Cell& c) const { return std::string_view(text).substr(c.begin, c.end - c.begin); }
    int last_column() const { return cells.empty() ? 0 : cells.back().column; }
};

class RowSink {
public:
    virtual ~RowSink() = default;
    virtual void row(const SheetRow& r) = 0;
};

struct MergeRange {
    int first_row = 0, first_column = 0, last_row = 0, last_column = 0;
};
bool parse_range(std::string_view ref, MergeRange& out);  // "B3:C4"

class SheetStream {
public:
    SheetStream(ZipArchive& zip, const WorkbookParts& parts);
    ~SheetStream();

    bool open(const SheetInfo& sheet, std::string& error);
    // Inflates and parses about `budget` bytes of the sheet's XML, handing complete rows to
    // `sink`. True while there is more to read; false when done or failed.
    bool step(RowSink& sink, size_t budget);
    bool done() const { return done_; }
    bool failed() const { return !error_.empty(); }
    const std::string& error() const { return error_; }

    uint64_t xml_bytes_read() const { return xml_read_; }
    uint64_t zip_bytes_read() const { return zip_.compressed_position(); }
    uint64_t ignored_cells() const;
    // Merged ranges seen so far (they follow the cells in the sheet's XML).
    const std::vector<MergeRange>& merges() const;

private:
    struct Handler;
    ZipArchive& zip_;
    const WorkbookParts& parts_;
    std::unique_ptr<Handler> handler_;
    std::string buffer_;
    uint64_t xml_read_ = 0;
    bool done_ = false;
    std::string error_;
};

// The merged ranges of a sheet, from a separate pass that inflates it and parses only what
// follows the cells (cheap next to parsing: used for small sheets and ambiguous headers).
bool scan_merges(std::string_view workbook_bytes, const SheetInfo& sheet, std::vector<MergeRange>& out, std::string& error);

}  // namespace clv::xlsx
