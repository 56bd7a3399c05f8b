// The parts of a workbook that every sheet needs, read once when the workbook is opened:
//   _rels/.rels → the workbook part → its relationships → the sheets (name, part, hidden?)
//   workbook.xml: the sheet order and the date system (1900 or 1904)
//   styles.xml:   which cell styles (cellXfs) show a number as a date
//   sharedStrings.xml: the strings cells refer to by index (held as one pool of bytes)
// Also the value formatting shared by the sheet reader: Excel serials to ISO dates, numbers to
// plain decimal text.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "xlsx/xlsx_zip.hpp"

namespace clv::xlsx {

struct SheetInfo {
    std::string name;          // as shown on the tab (UTF-8)
    std::string part;          // "xl/worksheets/sheet1.xml"
    bool hidden = false;       // state="hidden" or "veryHidden"
    bool worksheet = true;     // false: a chart sheet or dialog sheet (no cells)
    uint64_t xml_bytes = 0;    // inflated size (central directory), for progress
    uint64_t zip_bytes = 0;    // compressed size
};

// Strings by index, in one pool: a million short ids cost their bytes plus 4 bytes each.
class SharedStrings {
public:
    void clear() { pool_.clear(); ends_.clear(); }
    void add(std::string_view s) { pool_.append(s); ends_.push_back(static_cast<uint32_t>(pool_.size())); }
    size_t size() const { return ends_.size(); }
    std::string_view get(size_t i) const {
        if (i >= ends_.size()) return {};
        const uint32_t b = i ? ends_[i - 1] : 0;
        return std::string_view(pool_).substr(b, ends_[i] - b);
    }
    size_t memory_bytes() const { return pool_.capacity() + ends_.capacity() * sizeof(uint32_t); }
    bool full() const { return pool_.size() > (3u << 30); }

private:
    std::string pool_;
    std::vector<uint32_t> ends_;
};

struct WorkbookParts {
    std::vector<SheetInfo> sheets;
    bool date1904 = false;
    std::vector<uint8_t> date_style;  // per cellXfs index: 1 when its number format shows a date
    SharedStrings shared;
};

// Reads everything above; false with `error` (in plain English) when the workbook is unusable.
bool read_workbook_parts(ZipArchive& zip, WorkbookParts& parts, std::string& error);

// True when an Excel number format code shows a date or time ("yyyy-mm-dd", "m/d/yy h:mm",
// "[$-804]yyyy\"年\"m\"月\"d\"日\"", ...): d, m, y, h or s outside quotes, escapes and brackets.
bool is_date_format_code(std::string_view code);
bool is_builtin_date_format(int id);

// "2024-03-05" (or "2024-03-05 14:30:00" with a time of day) for an Excel serial in the given
// date system; false when the serial is not a plausible date.
bool serial_to_iso(double serial, bool date1904, std::string& out);

// A number cell's stored text ("12.5", "1.7E-3", "17850") as plain decimal text without an
// exponent, appended to `out`. Text that is not a number is appended unchanged.
void append_plain_number(std::string_view stored, std::string& out);

// "A" for 1, "Z" for 26, "AA" for 27; 0 for a malformed reference. column_of("D17") == 4.
std::string column_letters(int column);
int column_of(std::string_view cell_ref, int* row = nullptr);

}  // namespace clv::xlsx
