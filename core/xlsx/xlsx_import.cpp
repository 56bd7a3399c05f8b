// XlsxImport: the workbook (zip + shared parts) → the chosen sheet streamed as rows →
// TableWriter's CSV lines → FileAnalysis. See xlsx_import.hpp.
#include "xlsx/xlsx_import.hpp"

#include <algorithm>

#include "xlsx/xlsx_detect.hpp"
#include "xlsx/xlsx_sheet.hpp"
#include "xlsx/xlsx_table.hpp"
#include "xlsx/xlsx_workbook.hpp"
#include "xlsx/xlsx_zip.hpp"

namespace clv {

using namespace xlsx;

namespace {
// Sheets up to this size (inflated) get their merged ranges up front, so merged cells are
// filled in every row; larger ones only when the header looks split.
constexpr uint64_t kPrescanMergesBytes = 16u << 20;

bool ends_with_ci(std::string_view s, std::string_view suffix) {
    if (s.size() < suffix.size()) return false;
    for (size_t i = 0; i < suffix.size(); ++i) {
        char c = s[s.size() - suffix.size() + i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != suffix[i]) return false;
    }
    return true;
}
}  // namespace

struct XlsxImport::State {
    std::string bytes;
    ZipArchive zip;
    WorkbookParts parts;
    std::unique_ptr<SheetStream> stream;
    std::unique_ptr<TableWriter> writer;
    FileAnalysis* analysis = nullptr;
    int sheet = -1;
    bool failed = false;
};

XlsxImport::XlsxImport() = default;
XlsxImport::~XlsxImport() = default;
XlsxImport::XlsxImport(XlsxImport&&) noexcept = default;
XlsxImport& XlsxImport::operator=(XlsxImport&&) noexcept = default;

bool XlsxImport::open(std::string bytes, std::string file_name) {
    s_ = std::make_unique<State>();
    sheets_.clear();
    error_.clear();
    stats_ = XlsxStats();
    file_name_ = std::move(file_name);
    s_->bytes = std::move(bytes);
    stats_.file_bytes = s_->bytes.size();
    std::string problem = non_zip_problem(s_->bytes);
    if (problem.empty() && !s_->zip.open(s_->bytes, problem) && problem.empty()) problem = "the zip container is damaged";
    if (problem.empty()) problem = container_problem(s_->zip);
    if (problem.empty() && !read_workbook_parts(s_->zip, s_->parts, problem) && problem.empty())
        problem = "the workbook cannot be read";
    if (!problem.empty()) {
        error_ = file_name_ + ": " + problem;
        s_.reset();
        return false;
    }
    for (const SheetInfo& info : s_->parts.sheets) sheets_.push_back({info.name, info.hidden, info.worksheet, info.xml_bytes});
    stats_.shared_strings = s_->parts.shared.size();
    stats_.date1904 = s_->parts.date1904;
    if (default_sheet() < 0) {
        error_ = file_name_ + ": the workbook has no sheet of cells (only charts)";
        s_.reset();
        return false;
    }
    return true;
}

int XlsxImport::default_sheet() const {
    for (size_t i = 0; i < sheets_.size(); ++i)
        if (sheets_[i].readable && !sheets_[i].hidden) return static_cast<int>(i);
    for (size_t i = 0; i < sheets_.size(); ++i)
        if (sheets_[i].readable) return static_cast<int>(i);
    return -1;
}

int XlsxImport::find_sheet(std::string_view want) const {
    for (size_t i = 0; i < sheets_.size(); ++i) {
        const std::string& n = sheets_[i].name;
        if (n.size() == want.size() &&
            std::equal(n.begin(), n.end(), want.begin(), [](char a, char b) { return (a | 0x20) == (b | 0x20); }))
            return static_cast<int>(i);
    }
    if (!want.empty() && want.size() < 6 && std::all_of(want.begin(), want.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        const int n = std::stoi(std::string(want));
        if (n >= 1 && n <= static_cast<int>(sheets_.size())) return n - 1;
    }
    return -1;
}

bool XlsxImport::begin(int index, FileAnalysis& analysis, const ReadOverrides* overrides) {
    if (!s_) {
        if (error_.empty()) error_ = file_name_ + ": the workbook is not open";
        return false;
    }
    if (index < 0 || index >= static_cast<int>(sheets_.size()) || !sheets_[static_cast<size_t>(index)].readable) {
        error_ = file_name_ + ": there is no sheet of cells number " + std::to_string(index + 1);
        return false;
    }
    error_.clear();
    s_->failed = false;
    s_->sheet = index;
    const SheetInfo& info = s_->parts.sheets[static_cast<size_t>(index)];
    analysis.begin(file_name_ + " [" + info.name + "]", UINT64_MAX);
    if (overrides) analysis.set_overrides(*overrides);
    analysis.feed("\xEF\xBB\xBF", 3);  // UTF-8, whatever the sniffer would guess from a few rows
    s_->analysis = &analysis;
    s_->stream = std::make_unique<SheetStream>(s_->zip, s_->parts);
    State* s = s_.get();
    s_->writer = std::make_unique<TableWriter>(
        [s](std::string_view text) { s->analysis->feed(text.data(), text.size()); },
        [s, &info]() {
            std::vector<MergeRange> merges;
            std::string ignored;
            scan_merges(s->bytes, info, merges, ignored);
            return merges;
        });
    if (info.xml_bytes <= kPrescanMergesBytes) {
        std::vector<MergeRange> merges;
        std::string ignored;
        scan_merges(s_->bytes, info, merges, ignored);
        s_->writer->set_merges(std::move(merges));
    }
    std::string problem;
    if (!s_->stream->open(info, problem)) {
        error_ = file_name_ + " [" + info.name + "]: " + problem;
        s_->failed = true;
        analysis.cancel();
        return false;
    }
    return true;
}

bool XlsxImport::step(FileAnalysis& analysis, size_t budget) {
    if (!s_ || !s_->stream || s_->failed) return false;
    s_->analysis = &analysis;
    const bool more = s_->stream->step(*s_->writer, std::max<size_t>(budget, 64 * 1024));
    if (s_->stream->failed()) {
        error_ = file_name_ + " [" + sheets_[static_cast<size_t>(s_->sheet)].name + "]: " + s_->stream->error();
        s_->failed = true;
        analysis.cancel();
        return false;
    }
    return more;
}

void XlsxImport::finish(FileAnalysis& analysis, const SummaryOptions& options) {
    if (!s_ || !s_->stream || s_->failed) {
        analysis.cancel();
        return;
    }
    while (step(analysis)) {
    }
    if (s_->failed) return;
    s_->analysis = &analysis;
    s_->writer->finish();
    const TableWriter& w = *s_->writer;
    stats_.xml_bytes = s_->stream->xml_bytes_read();
    stats_.rows = w.rows_written();
    stats_.csv_bytes = w.bytes_written();
    stats_.ignored_cells = s_->stream->ignored_cells();
    stats_.header_row = w.header_row();
    stats_.title_rows = w.title_rows();
    stats_.two_row_header = w.header_band_first() != w.header_row();
    stats_.merged_cells = w.merges_used();
    if (w.rows_written() == 0) {
        error_ = file_name_ + " [" + sheets_[static_cast<size_t>(s_->sheet)].name + "]: the sheet is empty" +
                 (sheets_.size() > 1 ? " (choose another sheet)" : "");
        s_->failed = true;
        analysis.cancel();
        return;
    }
    analysis.finish(options);
    s_->stream.reset();
    s_->writer.reset();
}

double XlsxImport::progress() const {
    if (!s_ || s_->sheet < 0) return 0;
    if (!s_->stream) return 1;
    const uint64_t total = s_->parts.sheets[static_cast<size_t>(s_->sheet)].zip_bytes;
    return total ? std::min(1.0, static_cast<double>(s_->stream->zip_bytes_read()) / static_cast<double>(total)) : 0.0;
}

std::vector<std::string> XlsxImport::notes() const {
    std::vector<std::string> n;
    if (stats_.header_row > 1) {
        std::string s = "the table starts on row " + std::to_string(stats_.header_row);
        if (stats_.title_rows > 0) s += "; the " + std::to_string(stats_.title_rows) + " title row(s) above it are skipped";
        n.push_back(s);
    }
    if (stats_.two_row_header) n.push_back("the header spans two rows (merged group cells): their names are joined");
    if (stats_.merged_cells) n.push_back("merged cells are read as their top-left value in every cell they cover");
    if (stats_.date1904) n.push_back("the workbook uses the 1904 date system (Excel for Mac)");
    if (stats_.ignored_cells > 0)
        n.push_back(with_thousands(stats_.ignored_cells) + " cells beyond column AMJ (1,024) are ignored");
    return n;
}

std::string XlsxImport::describe(const Rejection& r, const std::vector<std::string>& column_names) {
    const std::string m = r.message(column_names);
    const size_t colon = m.find(": ");
    std::string out = "row " + with_thousands(r.line);
    if (r.column > 0) {
        out += ", column " + column_letters(r.column);
        if (static_cast<size_t>(r.column) <= column_names.size() && !column_names[static_cast<size_t>(r.column - 1)].empty())
            out += " ('" + column_names[static_cast<size_t>(r.column - 1)] + "')";
    }
    return out + ": " + (colon == std::string::npos ? m : m.substr(colon + 2));
}

std::string XlsxImport::describe_zh(const Rejection& r, const std::vector<std::string>& column_names) {
    const std::string m = r.message_zh(column_names);
    const std::string sep = "\xEF\xBC\x9A";  // full-width colon
    const size_t colon = m.find(sep);
    std::string out = "第 " + with_thousands(r.line) + " 行";
    if (r.column > 0) {
        out += "，" + column_letters(r.column) + " 列";
        if (static_cast<size_t>(r.column) <= column_names.size() && !column_names[static_cast<size_t>(r.column - 1)].empty())
            out += "“" + column_names[static_cast<size_t>(r.column - 1)] + "”";
    }
    return out + sep + (colon == std::string::npos ? m : m.substr(colon + sep.size()));
}

bool analyse_xlsx(std::string bytes, const std::string& file_name, std::string_view sheet,
                  const SummaryOptions& summary_options, FileAnalysis& analysis, std::string& error,
                  const ReadOverrides* overrides, XlsxStats* stats) {
    XlsxImport x;
    if (!x.open(std::move(bytes), file_name)) {
        error = x.error();
        return false;
    }
    const int index = sheet.empty() ? x.default_sheet() : x.find_sheet(sheet);
    if (index < 0) {
        error = file_name + ": no sheet '" + std::string(sheet) + "'; the sheets are:";
        for (const XlsxSheet& s : x.sheets()) error += " '" + s.name + "'";
        return false;
    }
    if (!x.begin(index, analysis, overrides)) {
        error = x.error();
        return false;
    }
    while (x.step(analysis, 16u << 20)) {
    }
    x.finish(analysis, summary_options);
    if (stats) *stats = x.stats();
    if (!x.error().empty()) {
        error = x.error();
        return false;
    }
    return true;
}

bool is_workbook_file(std::string_view name, std::string_view head) {
    if (head.substr(0, 4) == std::string_view("PK\x03\x04", 4) ||
        head.substr(0, 8) == std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
        return true;
    for (std::string_view ext : {".xlsx", ".xlsm", ".xls", ".numbers", ".ods", ".xlsb"})
        if (ends_with_ci(name, ext)) return true;
    return false;
}

}  // namespace clv
