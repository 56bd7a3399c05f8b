// Every string the UI shows, in English and 简体中文: one table per language (strings_en.cpp,
// strings_zh.cpp), looked up by key, so views hold no literals and a language switch redraws
// everything on the next frame without losing any state. Format strings keep printf
// placeholders in the same order in both languages.
#pragma once
#include <vector>

namespace clv::web {

enum class Lang { en, zh };

enum class Str {
    // Frame
    tagline, language_button,
    tab_import, tab_customers,
    // Import view
    import_intro, load_sample, load_sample_tip, choose_file, reading_file, progress_mb, cancel,
    calibration_end, calibration_end_tip, time_unit, time_unit_items, apply, calibration_end_invalid,
    detected_header, delimiter, header_line, date_format, yes, no, customer_id_column, date_column,
    amount_column, quantity_times_price, delim_comma, delim_semicolon, delim_tab, delim_pipe, delim_spaces,
    delim_other, accounting_header, accounting_line, customers_line, after_calibration, rejected_header,
    col_line, col_column, col_reason, col_text,
    // Customers view
    no_data_yet, customers_count, customers_legend, search_hint, col_customer_id, col_first_purchase,
    col_last_purchase, col_purchase_days, col_x, col_t_x, col_T, col_monetary,
    unit_days, unit_weeks,
    // Privacy view
    tab_privacy, privacy_title, privacy_points, privacy_requests, privacy_csp, privacy_offline_on,
    privacy_offline_off,
    // Help view
    tab_help, help_intro, help_clv_title, help_clv, help_rfm_title, help_rfm, help_tiers_title, help_tiers,
    help_lifecycle_title, help_lifecycle, help_models_title, help_models, help_summary_title, help_summary,
    // First-run tour
    tour_title, tour_step1, tour_step2, tour_step3, tour_next, tour_skip, tour_done, tour_restart,
    // Loading
    file_too_large, out_of_memory, stage_summarising, stage_analysing,
    count_  // number of keys
};

void set_language(Lang lang);
Lang language();
const char* tr(Str key);

// A core label (segments, tiers, stages, KPIs: core/segments/labels.hpp) in the UI language.
template <class L>
const char* in_language(const L& label) {
    return language() == Lang::zh ? label.zh : label.en;
}

// The per-language tables: (key, text) pairs, so that an entry cannot silently shift onto the
// wrong key. A key missing from the Chinese table falls back to English; one missing from the
// English table shows as its number (the web e2e test checks both tables are complete).
struct LabelEntry {
    Str key;
    const char* text;
};
const std::vector<LabelEntry>& strings_en();
const std::vector<LabelEntry>& strings_zh();
int missing_strings(Lang lang);  // keys without a text in that language

}  // namespace clv::web
