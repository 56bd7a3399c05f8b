// The sheet's SAX handler: <sheetData><row r><c r t s><v>|<is><t>|<f> … and <mergeCell ref>.
// Missing r attributes mean "the next one" (the format allows omitting them).
#include "xlsx/xlsx_sheet.hpp"

#include <cstdlib>
#include <cstring>

#include "xlsx/xlsx_xml.hpp"

namespace clv::xlsx {

namespace {
constexpr size_t kMaxCellBytes = 32767 * 4;  // Excel's 32,767 characters, in UTF-8
constexpr size_t kChunk = 256 * 1024;

bool parse_index(std::string_view s, size_t& out) {
    if (s.empty() || s.size() > 10) return false;
    size_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + static_cast<size_t>(c - '0');
    }
    out = v;
    return true;
}
}  // namespace

bool parse_range(std::string_view ref, MergeRange& out) {
    const size_t colon = ref.find(':');
    if (colon == std::string_view::npos) return false;
    out.first_column = column_of(ref.substr(0, colon), &out.first_row);
    out.last_column = column_of(ref.substr(colon + 1), &out.last_row);
    return out.first_column > 0 && out.first_row > 0 && out.last_column >= out.first_column && out.last_row >= out.first_row &&
           out.last_row <= kMaxRows;
}

struct SheetStream::Handler : XmlHandler {
    const WorkbookParts& parts;
    RowSink* sink = nullptr;
    XmlParser parser{*this};
    bool in_data = false, in_row = false, in_cell = false, in_v = false, in_is = false, in_t = false;
    int rph_depth = 0;
    SheetRow row;
    int last_row = 0, last_column = 0;
    std::string type;  // t attribute of the current cell
    int style = 0;
    std::string value;  // <v> or inline <t> text of the current cell
    uint64_t ignored = 0;
    std::vector<MergeRange> merges;
    std::string error;

    explicit Handler(const WorkbookParts& p) : parts(p) {}

    void start(std::string_view name, const char** a) override {
        if (in_cell) {
            if (name == "v") in_v = true, value.clear();
            else if (name == "is") in_is = true, value.clear();
            else if (name == "rPh") ++rph_depth;
            else if (name == "t" && in_is && rph_depth == 0) in_t = true;
            return;
        }
        if (name == "c" && in_row) {
            in_cell = true;
            int col = 0;
            if (const char* r = attr(a, "r")) col = column_of(r);
            if (col <= last_column) col = last_column + 1;
            last_column = col;
            const char* t = attr(a, "t");
            type = t ? t : "";
            const char* s = attr(a, "s");
            style = s ? std::atoi(s) : 0;
            value.clear();
        } else if (name == "row" && in_data) {
            int r = 0;
            if (const char* ra = attr(a, "r")) r = std::atoi(ra);
            if (r <= last_row) r = last_row + 1;
            if (r > kMaxRows) {
                error = "the sheet has a row number beyond Excel's 1,048,576";
                parser.stop();
                return;
            }
            last_row = r;
            last_column = 0;
            in_row = true;
            row.row = r;
            row.cells.clear();
            row.text.clear();
        } else if (name == "sheetData") {
            in_data = true;
        } else if (name == "mergeCell") {
            MergeRange m;
            if (const char* ref = attr(a, "ref"); ref && parse_range(ref, m) && merges.size() < 100000) merges.push_back(m);
        }
    }

    void end(std::string_view name) override {
        if (in_cell) {
            if (name == "v") in_v = false;
            else if (name == "t") in_t = false;
            else if (name == "is") in_is = false;
            else if (name == "rPh" && rph_depth > 0) --rph_depth;
            else if (name == "c") end_cell();
            return;
        }
        if (name == "row" && in_row) {
            in_row = false;
            if (sink) sink->row(row);
        } else if (name == "sheetData") {
            in_data = false;
        }
    }

    void text(const char* s, size_t n) override {
        if ((in_v || in_t) && value.size() + n <= kMaxCellBytes) value.append(s, n);
    }

    void end_cell() {
        in_cell = in_v = in_is = in_t = false;
        rph_depth = 0;
        if (value.empty()) return;
        if (last_column > kMaxColumns) {
            ++ignored;
            return;
        }
        Cell c;
        c.column = last_column;
        c.begin = static_cast<uint32_t>(row.text.size());
        if (type == "s") {
            size_t i = 0;
            if (!parse_index(value, i) || i >= parts.shared.size()) return;  // a dangling index: an empty cell
            row.text.append(parts.shared.get(i));
        } else if (type == "b") {
            c.kind = CellKind::boolean;
            row.text.append(value == "1" || value == "true" ? "TRUE" : "FALSE");
        } else if (type == "e") {
            c.kind = CellKind::error;
            row.text.append(value);
        } else if (type == "d") {
            c.kind = CellKind::date;
            row.text.append(value);
        } else if (type == "str" || type == "inlineStr") {
            row.text.append(value);
        } else {  // "n" or absent: a number
            c.kind = CellKind::number;
            const bool date = style >= 0 && static_cast<size_t>(style) < parts.date_style.size() && parts.date_style[style];
            char* end = nullptr;
            const double serial = date ? std::strtod(value.c_str(), &end) : 0;
            if (date && end && *end == '\0' && serial_to_iso(serial, parts.date1904, row.text)) c.kind = CellKind::date;
            else append_plain_number(value, row.text);
        }
        c.end = static_cast<uint32_t>(row.text.size());
        if (c.end > c.begin) row.cells.push_back(c);
    }
};

SheetStream::SheetStream(ZipArchive& zip, const WorkbookParts& parts)
    : zip_(zip), parts_(parts), handler_(std::make_unique<Handler>(parts)) {}
SheetStream::~SheetStream() { zip_.close_entry(); }

uint64_t SheetStream::ignored_cells() const { return handler_->ignored; }
const std::vector<MergeRange>& SheetStream::merges() const { return handler_->merges; }

bool SheetStream::open(const SheetInfo& sheet, std::string& error) {
    handler_ = std::make_unique<Handler>(parts_);
    buffer_.clear();
    done_ = false;
    error_.clear();
    xml_read_ = 0;
    if (!sheet.worksheet) {
        error = "the sheet '" + sheet.name + "' is a chart sheet, not a sheet of cells";
        return false;
    }
    if (!zip_.open_entry(sheet.part, error)) return false;
    buffer_.resize(kChunk);
    return true;
}

bool SheetStream::step(RowSink& sink, size_t budget) {
    if (done_ || failed() || buffer_.empty()) return false;
    handler_->sink = &sink;
    size_t used = 0;
    while (used < budget && !done_) {
        const long n = zip_.read(buffer_.data(), buffer_.size());
        if (n < 0) {
            error_ = "the sheet is damaged (its compressed data cannot be inflated)";
            break;
        }
        xml_read_ += static_cast<uint64_t>(n);
        used += static_cast<size_t>(n);
        if (!handler_->parser.feed(buffer_.data(), static_cast<size_t>(n), n == 0)) {
            error_ = "the sheet is not valid XML: " + handler_->parser.error();
            break;
        }
        if (!handler_->error.empty()) {
            error_ = handler_->error;
            break;
        }
        if (n == 0) done_ = true;
    }
    handler_->sink = nullptr;
    if (done_ || failed()) zip_.close_entry();
    return !done_ && !failed();
}

bool scan_merges(std::string_view workbook_bytes, const SheetInfo& sheet, std::vector<MergeRange>& out, std::string& error) {
    out.clear();
    ZipArchive zip;
    if (!zip.open(workbook_bytes, error) || !zip.open_entry(sheet.part, error)) return false;
    // The merged ranges follow </sheetData>: find "mergeCells" right after '<' or a prefix and
    // parse from there with a wrapper element (the closing tags after it do not match: the
    // parse ends with an error once the ranges are in).
    struct MergeHandler : XmlHandler {
        std::vector<MergeRange>* out;
        void start(std::string_view name, const char** a) override {
            MergeRange m;
            if (name == "mergeCell")
                if (const char* ref = attr(a, "ref"); ref && parse_range(ref, m) && out->size() < 100000) out->push_back(m);
        }
        void end(std::string_view) override {}
        void text(const char*, size_t) override {}
    } handler;
    handler.out = &out;
    std::string window, buffer(kChunk, '\0');
    std::unique_ptr<XmlParser> parser;
    for (;;) {
        const long n = zip.read(buffer.data(), buffer.size());
        if (n < 0) {
            error = "the sheet is damaged (its compressed data cannot be inflated)";
            return false;
        }
        if (n == 0) break;
        if (parser) {
            if (!parser->feed(buffer.data(), static_cast<size_t>(n), false)) break;
            continue;
        }
        window.append(buffer.data(), static_cast<size_t>(n));
        size_t at = 0;
        while ((at = window.find("mergeCells", at)) != std::string::npos) {
            size_t lt = at;
            while (lt > 0 && window[lt - 1] != '<' && window[lt - 1] != '>' && at - lt < 32) --lt;
            if (lt > 0 && window[lt - 1] == '<' && (lt == at || window[at - 1] == ':')) {
                parser = std::make_unique<XmlParser>(handler);
                const std::string head = "<merges>";
                parser->feed(head.data(), head.size(), false);
                parser->feed(window.data() + lt - 1, window.size() - (lt - 1), false);
                break;
            }
            ++at;
        }
        if (!parser && window.size() > 64) window.erase(0, window.size() - 64);  // keep a tag cut by the chunk
    }
    return true;
}

}  // namespace clv::xlsx
