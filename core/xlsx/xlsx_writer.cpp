#include "xlsx/xlsx_writer.hpp"

#include <cmath>
#include <cstdio>

#include <xlsxwriter.h>

namespace clv::xlsx {

struct WorkbookWriter::Impl {
    lxw_workbook* workbook = nullptr;
    lxw_worksheet* sheet = nullptr;
    lxw_format* formats[kStyleCount] = {};
    std::string tmpdir;
    std::string error;
    std::vector<std::string> sheet_names;

    void check(lxw_error e, const char* what) {
        if (e != LXW_NO_ERROR && error.empty()) error = std::string(what) + ": " + lxw_strerror(e);
    }
    lxw_format* format(Style s) { return formats[static_cast<int>(s)]; }
};

WorkbookWriter::WorkbookWriter() : impl_(std::make_unique<Impl>()) {}

WorkbookWriter::~WorkbookWriter() {
    if (impl_->workbook) {
        std::string ignored;
        close(ignored);
    }
}

bool WorkbookWriter::open(const std::string& path, const std::string& tmpdir, bool constant_memory) {
    impl_->tmpdir = tmpdir;
    lxw_workbook_options options{};
    options.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
    options.tmpdir = impl_->tmpdir.empty() ? nullptr : impl_->tmpdir.data();
    options.use_zip64 = LXW_TRUE;  // parts over 4 GB stay readable (cheap when they are not)
    impl_->workbook = workbook_new_opt(path.c_str(), &options);
    if (!impl_->workbook) {
        impl_->error = "cannot create the workbook '" + path + "'";
        return false;
    }
    lxw_workbook* wb = impl_->workbook;
    // No two styles may share a format object's properties: libxlsxwriter caches a format's index
    // only in the first of two identical formats and looks the second up again for every cell
    // (a copy and a hash of the whole format: a third of the time of a million-customer
    // workbook). So plain cells take the default format (null) and money shares decimal's object.
    auto add = [&](Style s) { return impl_->formats[static_cast<int>(s)] = workbook_add_format(wb); };
    lxw_format* f = add(Style::header);
    format_set_bold(f);
    format_set_bg_color(f, 0xDDE4EE);
    format_set_bottom(f, LXW_BORDER_THIN);
    format_set_text_wrap(f);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    f = add(Style::title);
    format_set_bold(f);
    format_set_font_size(f, 14);
    f = add(Style::note);
    format_set_italic(f);
    format_set_font_color(f, 0x666666);
    format_set_text_wrap(f);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    format_set_num_format(add(Style::integer), "#,##0");
    format_set_num_format(add(Style::decimal), "#,##0.00");
    impl_->formats[static_cast<int>(Style::money)] = impl_->format(Style::decimal);  // no currency symbol either
    format_set_num_format(add(Style::percent), "0.0%");
    format_set_num_format(add(Style::date), "yyyy-mm-dd");
    f = add(Style::wrap);
    format_set_text_wrap(f);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    return true;
}

void WorkbookWriter::add_sheet(std::string_view name) {
    if (!impl_->workbook) return;
    // Excel's rules: at most 31 characters (cut at a UTF-8 boundary), none of []:*?/\ .
    std::string n;
    size_t chars = 0;
    for (size_t i = 0; i < name.size() && chars < 31;) {
        const unsigned char c = static_cast<unsigned char>(name[i]);
        const size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        std::string_view ch = name.substr(i, len);
        n += ch.find_first_of("[]:*?/\\") == std::string_view::npos ? std::string(ch) : std::string("_");
        i += len;
        ++chars;
    }
    if (n.empty()) n = "Sheet" + std::to_string(impl_->sheet_names.size() + 1);
    impl_->sheet_names.push_back(n);
    impl_->sheet = workbook_add_worksheet(impl_->workbook, impl_->sheet_names.back().c_str());
    if (!impl_->sheet && impl_->error.empty()) impl_->error = "cannot add the sheet '" + n + "'";
}

void WorkbookWriter::column_width(int first, int last, double width, Style style) {
    if (!impl_->sheet) return;
    impl_->check(worksheet_set_column(impl_->sheet, static_cast<lxw_col_t>(first), static_cast<lxw_col_t>(last), width,
                                      style == Style::plain ? nullptr : impl_->format(style)),
                 "column width");
}

void WorkbookWriter::text(int row, int col, std::string_view s, Style style) {
    if (!impl_->sheet || s.empty()) return;
    const std::string z(s.substr(0, 32767));
    impl_->check(worksheet_write_string(impl_->sheet, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), z.c_str(),
                                        impl_->format(style)),
                 "text cell");
}

void WorkbookWriter::number(int row, int col, double v, Style style) {
    if (!impl_->sheet || !std::isfinite(v)) return;
    impl_->check(worksheet_write_number(impl_->sheet, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), v,
                                        impl_->format(style)),
                 "number cell");
}

void WorkbookWriter::date(int row, int col, DayNumber day) { number(row, col, excel_serial(day), Style::date); }

void WorkbookWriter::formula(int row, int col, std::string_view formula, double cached, Style style) {
    if (!impl_->sheet) return;
    const std::string f(formula);
    impl_->check(worksheet_write_formula_num(impl_->sheet, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), f.c_str(),
                                             impl_->format(style), std::isfinite(cached) ? cached : 0),
                 "formula cell");
}

void WorkbookWriter::freeze(int rows, int cols) {
    if (impl_->sheet) worksheet_freeze_panes(impl_->sheet, static_cast<lxw_row_t>(rows), static_cast<lxw_col_t>(cols));
}

void WorkbookWriter::autofilter(int first_row, int first_col, int last_row, int last_col) {
    if (!impl_->sheet) return;
    impl_->check(worksheet_autofilter(impl_->sheet, static_cast<lxw_row_t>(first_row), static_cast<lxw_col_t>(first_col),
                                      static_cast<lxw_row_t>(last_row), static_cast<lxw_col_t>(last_col)),
                 "autofilter");
}

bool WorkbookWriter::close(std::string& error) {
    if (!impl_->workbook) {
        error = impl_->error.empty() ? "the workbook was not opened" : impl_->error;
        return false;
    }
    const lxw_error e = workbook_close(impl_->workbook);
    impl_->workbook = nullptr;
    impl_->sheet = nullptr;
    if (e != LXW_NO_ERROR && impl_->error.empty()) impl_->error = std::string("writing the workbook: ") + lxw_strerror(e);
    error = impl_->error;
    return error.empty();
}

void WorkbookWriter::abandon() {
    if (!impl_->workbook) return;
    // lxw_workbook_free frees the sheets but leaves constant-memory mode's temporary file of each
    // worksheet open (workbook_close closes it after copying it into the package).
    lxw_sheet* sheet = nullptr;
    STAILQ_FOREACH(sheet, impl_->workbook->sheets, list_pointers) {
        if (sheet->is_chartsheet || !sheet->u.worksheet || !sheet->u.worksheet->optimize_tmpfile) continue;
        std::fclose(sheet->u.worksheet->optimize_tmpfile);
        sheet->u.worksheet->optimize_tmpfile = nullptr;
        sheet->u.worksheet->file = nullptr;
    }
    lxw_workbook_free(impl_->workbook);
    impl_->workbook = nullptr;
    impl_->sheet = nullptr;
}

double excel_serial(DayNumber day) { return static_cast<double>(day - days_from_civil(1899, 12, 30)); }

bool read_whole_file(const std::string& path, std::string& out) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return false;
    out.clear();
    char buffer[1 << 16];
    size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) out.append(buffer, n);
    const bool ok = !std::ferror(f);
    std::fclose(f);
    return ok;
}

}  // namespace clv::xlsx
