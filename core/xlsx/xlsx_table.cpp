#include "xlsx/xlsx_table.hpp"

#include <algorithm>

namespace clv::xlsx {

namespace {

bool all_text(const SheetRow& r) {
    return std::all_of(r.cells.begin(), r.cells.end(), [](const Cell& c) { return c.kind == CellKind::text; });
}

void append_field(std::string& out, std::string_view v) {
    const bool quote = v.find_first_of(",\"\r\n") != std::string_view::npos;
    if (!quote) {
        out.append(v);
        return;
    }
    out.push_back('"');
    for (char c : v) {
        if (c == '"') out.push_back('"');
        out.push_back(c == '\r' || c == '\n' ? ' ' : c);  // one sheet row stays one line
    }
    out.push_back('"');
}

// Distinct values in a row: a title merged over the table's width is one value, not a header.
size_t distinct_values(const SheetRow& r) {
    std::vector<std::string_view> seen;
    for (const Cell& c : r.cells)
        if (std::find(seen.begin(), seen.end(), r.value(c)) == seen.end()) seen.push_back(r.value(c));
    return seen.size();
}

// The header row among the first rows: the first with at least half as many distinct values as
// the widest row (and at least two), all of them text; failing that, the first that wide.
size_t header_index(const std::vector<SheetRow>& head) {
    std::vector<size_t> width(head.size());
    size_t widest = 0;
    for (size_t i = 0; i < head.size(); ++i) widest = std::max(widest, width[i] = distinct_values(head[i]));
    const size_t threshold = widest <= 1 ? 1 : std::max<size_t>(2, (widest + 1) / 2);
    for (size_t i = 0; i < head.size(); ++i)
        if (width[i] >= threshold && all_text(head[i])) return i;
    for (size_t i = 0; i < head.size(); ++i)
        if (width[i] >= threshold) return i;
    return 0;
}

}  // namespace

TableWriter::TableWriter(std::function<void(std::string_view)> out, std::function<std::vector<MergeRange>()> load_merges)
    : out_(std::move(out)), load_merges_(std::move(load_merges)) {}

void TableWriter::set_merges(std::vector<MergeRange> merges) {
    merges_.clear();
    for (const MergeRange& m : merges)
        if (m.last_row > m.first_row || m.last_column > m.first_column) merges_.push_back(m);
    std::sort(merges_.begin(), merges_.end(), [](const MergeRange& a, const MergeRange& b) { return a.first_row < b.first_row; });
    merges_known_ = true;
    next_merge_ = 0;
    active_.clear();
}

void TableWriter::row(const SheetRow& r) {
    if (decided_) return emit(with_merges(r));
    if (r.cells.empty()) return;
    head_.push_back(r);
    if (head_.size() >= kHeadRows) decide();
}

void TableWriter::finish() {
    if (!decided_) decide();
    flush(true);
}

const SheetRow& TableWriter::with_merges(const SheetRow& r) {
    if (merges_.empty()) return r;
    while (next_merge_ < merges_.size() && merges_[next_merge_].first_row <= r.row) {
        if (merges_[next_merge_].last_row >= r.row && active_.size() < 4096) active_.push_back({merges_[next_merge_], {}, false});
        ++next_merge_;
    }
    active_.erase(std::remove_if(active_.begin(), active_.end(), [&](const Active& a) { return a.range.last_row < r.row; }),
                  active_.end());
    if (active_.empty()) return r;
    // Rebuild the row with each merged range's top-left value in every cell it covers.
    struct Value {
        int column;
        std::string_view text;
        CellKind kind;
    };
    std::vector<Value> values;
    for (const Cell& c : r.cells) values.push_back({c.column, r.value(c), c.kind});
    for (Active& a : active_) {
        if (a.range.first_row == r.row)
            for (const Cell& c : r.cells)
                if (c.column == a.range.first_column) a.value.assign(r.value(c)), a.has_value = true;
        if (!a.has_value) continue;
        for (int col = a.range.first_column; col <= std::min(a.range.last_column, kMaxColumns); ++col) {
            if (col == a.range.first_column && r.row == a.range.first_row) continue;
            auto it = std::find_if(values.begin(), values.end(), [&](const Value& v) { return v.column == col; });
            if (it == values.end()) values.push_back({col, a.value, CellKind::text});
            else it->text = a.value;
        }
    }
    std::sort(values.begin(), values.end(), [](const Value& a, const Value& b) { return a.column < b.column; });
    filled_.row = r.row;
    filled_.cells.clear();
    filled_.text.clear();
    for (const Value& v : values) {
        Cell c;
        c.column = v.column;
        c.kind = v.kind;
        c.begin = static_cast<uint32_t>(filled_.text.size());
        filled_.text.append(v.text);
        c.end = static_cast<uint32_t>(filled_.text.size());
        filled_.cells.push_back(c);
    }
    return filled_;
}

void TableWriter::decide() {
    decided_ = true;
    std::vector<SheetRow> head = std::move(head_);
    head_.clear();
    if (!merges_known_ && load_merges_ && !head.empty()) {
        // Merged ranges follow the cells in the sheet's XML: fetch them only when the header
        // looks split (gaps in it, or a second row of names right below it).
        const size_t h = header_index(head);
        size_t widest = 0;
        for (const SheetRow& r : head) widest = std::max(widest, r.cells.size());
        const SheetRow& hr = head[h];
        const bool gaps = hr.cells.size() < widest || (hr.last_column() - hr.cells.front().column + 1) > static_cast<int>(hr.cells.size());
        const bool second = h + 1 < head.size() && head[h + 1].row == hr.row + 1 && all_text(head[h + 1]);
        if (gaps || second) set_merges(load_merges_());
    }
    for (SheetRow& r : head) {
        const SheetRow& f = with_merges(r);
        if (&f != &r) r = f;
    }
    if (head.empty()) return;

    size_t h = header_index(head);
    size_t band = h;
    if (h + 1 < head.size() && head[h + 1].row == head[h].row + 1 && all_text(head[h + 1])) {
        for (const MergeRange& m : merges_)
            if (m.first_row == head[h].row && (m.last_column > m.first_column || m.last_row > m.first_row)) {
                h = band + 1;
                break;
            }
    }
    band_first_ = head[band].row;
    header_row_ = head[h].row;
    title_rows_ = static_cast<int>(band);
    int width = 0;
    for (size_t i = band; i <= h; ++i) width = std::max(width, head[i].last_column());
    names_.assign(static_cast<size_t>(width), std::string());
    for (size_t i = band; i <= h; ++i)
        for (const Cell& c : head[i].cells) {
            std::string& n = names_[static_cast<size_t>(c.column - 1)];
            const std::string_view v = head[i].value(c);
            if (n.empty()) n.assign(v);
            else if (n != v) n.append(" ").append(v);
        }
    width_ = width;
    for (const SheetRow& r : head) {
        if (r.row < header_row_) continue;  // titles and the upper header row: blank lines
        if (r.row == header_row_) {
            SheetRow names;
            names.row = header_row_;
            for (int c = 1; c <= width; ++c) {
                Cell cell;
                cell.column = c;
                cell.begin = static_cast<uint32_t>(names.text.size());
                names.text.append(names_[static_cast<size_t>(c - 1)]);
                cell.end = static_cast<uint32_t>(names.text.size());
                names.cells.push_back(cell);
            }
            write_line(names);
        } else {
            write_line(r);
        }
    }
}

void TableWriter::emit(const SheetRow& r) {
    if (!r.cells.empty()) write_line(r);  // an empty row becomes a blank line when the next one comes
}

void TableWriter::write_line(const SheetRow& r) {
    if (r.row <= last_line_) return;  // rows come in order; a repeated row number is dropped
    buffer_.append(static_cast<size_t>(r.row - last_line_ - 1), '\n');
    last_line_ = r.row;
    const int width = std::max(width_, r.last_column());
    size_t next = 0;
    for (int c = 1; c <= width; ++c) {
        if (c > 1) buffer_.push_back(',');
        if (next < r.cells.size() && r.cells[next].column == c) append_field(buffer_, r.value(r.cells[next++]));
    }
    buffer_.push_back('\n');
    ++rows_written_;
    if (buffer_.size() >= (1u << 20)) flush(false);
}

void TableWriter::flush(bool) {
    if (buffer_.empty()) return;
    bytes_written_ += buffer_.size();
    out_(buffer_);
    buffer_.clear();
}

}  // namespace clv::xlsx
