// English UI strings, in the order of the Str keys (i18n.hpp).
#include "i18n.hpp"

namespace clv::web {

const std::vector<LabelEntry>& strings_en() {
    static const std::vector<LabelEntry> table = {
        {Str::tagline, "customer lifetime value, computed in your browser: your data never leaves this page"},
        {Str::language_button, "中文"},
        {Str::tab_import, "Import"},
        {Str::tab_customers, "Customers"},
        {Str::import_intro, "Drop a CSV of orders onto this page (one line per order: customer id, date, amount), "
                           "or choose a file. It is read here, in your browser; nothing is uploaded."},
        {Str::load_sample, "Load sample data"},
        {Str::load_sample_tip, "CDNOW: 23,570 customers of an online CD store, 1997-1998 (69,659 orders)"},
        {Str::choose_file, "Choose a file..."},
        {Str::reading_file, "Reading %s ..."},
        {Str::progress_mb, "%.1f of %.1f MB"},
        {Str::cancel, "Cancel"},
        {Str::calibration_end, "Calibration end"},
        {Str::calibration_end_tip, "Purchases up to this day describe the customers (x, t_x, T);\n"
                                  "later ones form the holdout period. Empty: the last day in the file."},
        {Str::time_unit, "Time unit"},
        {Str::time_unit_items, "days\0weeks\0"},
        {Str::apply, "Apply"},
        {Str::calibration_end_invalid, "The calibration end must be a date written YYYY-MM-DD, e.g. 1997-09-30."},
        {Str::detected_header, "What was detected"},
        {Str::delimiter, "Delimiter"},
        {Str::header_line, "Header line"},
        {Str::date_format, "Date format"},
        {Str::yes, "yes"},
        {Str::no, "no"},
        {Str::customer_id_column, "Customer id"},
        {Str::date_column, "Date"},
        {Str::amount_column, "Amount"},
        {Str::quantity_times_price, "quantity x unit price"},
        {Str::delim_comma, "comma"},
        {Str::delim_semicolon, "semicolon"},
        {Str::delim_tab, "tab"},
        {Str::delim_pipe, "pipe"},
        {Str::delim_spaces, "spaces"},
        {Str::delim_other, "other"},
        {Str::accounting_header, "Every line accounted for"},
        {Str::accounting_line, "Lines read: %llu    header: %llu    used: %llu    rejected: %llu"},
        {Str::customers_line, "Customers: %zu    purchases from %s to %s    calibration end %s    (read in %.2f s)"},
        {Str::after_calibration, "%llu customers first bought after the calibration end and are not summarised."},
        {Str::rejected_header, "Rejected lines (first %zu shown):"},
        {Str::col_line, "Line"},
        {Str::col_column, "Column"},
        {Str::col_reason, "Reason"},
        {Str::col_text, "Text"},
        {Str::no_data_yet, "No data yet: load the sample or a file of your own on the Import tab."},
        {Str::customers_count, "%zu customers"},
        {Str::customers_legend, "x = repeat purchases, t_x = time of the last purchase, T = age (in %s), "
                               "monetary value = mean repeat purchase"},
        {Str::search_hint, "search customer id"},
        {Str::col_customer_id, "Customer id"},
        {Str::col_first_purchase, "First purchase"},
        {Str::col_last_purchase, "Last purchase"},
        {Str::col_purchase_days, "Purchase days"},
        {Str::col_x, "x"},
        {Str::col_t_x, "t_x"},
        {Str::col_T, "T"},
        {Str::col_monetary, "Monetary value"},
        {Str::unit_days, "days"},
        {Str::unit_weeks, "weeks"},
    };
    return table;
}

}  // namespace clv::web
