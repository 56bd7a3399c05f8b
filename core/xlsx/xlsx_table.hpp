// Sheet rows → CSV text for the ingest Reader, one CSV line per sheet row, so that the Reader's
// line numbers are the sheet's row numbers. Decides where the table starts from the first rows:
// title rows above the header (and empty rows) become blank lines; a header split over two rows
// by merged group cells ("Order" over "Date" | "Amount") becomes one line of names ("Order Date",
// "Order Amount"); merged cells are filled with their top-left value. Cells are quoted as RFC
// 4180 says, line breaks inside a cell become spaces. Internal to core/xlsx.
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "xlsx/xlsx_sheet.hpp"

namespace clv::xlsx {

class TableWriter : public RowSink {
public:
    static constexpr size_t kHeadRows = 64;  // non-empty rows looked at to find the header

    // `out` receives the CSV text in pieces; `load_merges` is asked for the merged ranges when
    // the first rows suggest merged header cells and they were not given.
    TableWriter(std::function<void(std::string_view)> out, std::function<std::vector<MergeRange>()> load_merges);

    void set_merges(std::vector<MergeRange> merges);
    void row(const SheetRow& r) override;
    // The end of the sheet: decides on the header if it has not yet, flushes everything.
    void finish();

    int header_row() const { return header_row_; }       // 0 before deciding or for an empty sheet
    int title_rows() const { return title_rows_; }         // non-empty rows above the header band
    int header_band_first() const { return band_first_; }  // == header_row unless a two-row header
    const std::vector<std::string>& header_names() const { return names_; }
    uint64_t rows_written() const { return rows_written_; }
    uint64_t bytes_written() const { return bytes_written_; }
    bool merges_used() const { return !merges_.empty(); }

private:
    void decide();
    void emit(const SheetRow& r);
    void write_line(const SheetRow& r);
    const SheetRow& with_merges(const SheetRow& r);
    void flush(bool all);

    std::function<void(std::string_view)> out_;
    std::function<std::vector<MergeRange>()> load_merges_;
    bool merges_known_ = false;
    std::vector<MergeRange> merges_;  // sorted by first row
    struct Active {
        MergeRange range;
        std::string value;
        bool has_value = false;
    };
    std::vector<Active> active_;
    size_t next_merge_ = 0;
    SheetRow filled_;

    std::vector<SheetRow> head_;
    bool decided_ = false;
    int header_row_ = 0, band_first_ = 0, title_rows_ = 0, width_ = 0;
    std::vector<std::string> names_;
    int last_line_ = 0;  // the sheet row of the last line written
    std::string buffer_;
    uint64_t rows_written_ = 0, bytes_written_ = 0;
};

}  // namespace clv::xlsx
