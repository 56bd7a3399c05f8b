// Every string the UI shows, in English and 简体中文: one table per language (strings_en.cpp,
// strings_zh.cpp), looked up by key, so views hold no literals and a language switch redraws
// everything on the next frame without losing any state. Format strings keep printf
// conversions (%s, %d, ...) in the same order in both languages.
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
    no_data_yet, analysis_finishing, badge_loading, badge_finishing, badge_updating, shell_open_file, shell_privacy,
    shell_reading, shell_summarising, shell_analysing, shell_loaded, shell_ready, shell_could_not_read, shell_drop, customers_count, customers_legend, search_hint, col_customer_id, col_first_purchase,
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
    file_too_large, out_of_memory, analysis_out_of_memory, view_out_of_memory, view_failed, stage_summarising, stage_analysing, sheet,
    // Analysis views (Overview ... Export; web/view_*.cpp, charts.cpp)
    tab_overview, tab_segments, tab_value, tab_lifecycle, tab_cohorts, tab_models, tab_strategy, tab_export,
    analysis_failed,
    col_segment, col_tier, col_stage, col_class, col_recency, col_total_spend, col_p_alive, col_expected,
    col_clv, col_clv_range, col_next_order, col_customers, col_group, col_revenue, col_value, col_value_per_customer,
    col_p_alive_mean,
    share_of_customers, share_of_revenue, share_of_clv, share_of_value,
    ov_header, ov_no_model, ov_customers, ov_customers_formula, ov_orders_sub, ov_aov_sub, ov_frequency_sub,
    ov_repeat_sub, ov_per_period, ov_lifespan_sub, ov_horizon_sub, ov_total_clv, ov_total_clv_formula,
    ov_simple_sub, ov_cac_sub, ov_no_spend, ov_nps_sub, ov_active, ov_active_sub, ov_active_formula,
    ov_three_things, ov_nothing_to_do, ov_todo_watch, ov_todo_segment, ov_open_watchlist,
    ov_retention_title, ov_period, ov_tiers_title, ov_header_summary, ov_summary_sub, ov_needs_dates,
    cu_all, cu_showing, cu_card_title, cu_value_at_risk, cu_warning, cu_what_to_do, cu_history,
    cu_history_line, cu_holdout_line, cu_no_history,
    sg_intro, sg_grid_title, sg_r_axis, sg_fm_axis, sg_cell_tip, sg_share_title, sg_segments_title,
    sg_classes_title, sg_classes_note,
    va_headline, va_basis_clv, va_basis_historical, va_lorenz_title, va_x_customers, va_y_value, va_curve,
    va_marker_20, va_marker_80, va_tiers_title, va_tiers_note, va_hist_title, va_hist_title_value, va_hist_x_clv,
    va_hist_x_value, va_hist_tip, va_hist_tip_last, va_hist_note,
    lc_intro, lc_funnel_title, lc_funnel_text, lc_funnel_tip, lc_table_title, lc_strategy_title,
    lc_stage_customers, lc_let_go_note,
    co_intro, co_none, co_no_retention, co_metric_retention, co_metric_revenue, co_not_shown,
    co_retention_title, co_revenue_matrix_title, co_row_title, co_col_title, co_cell_tip, co_sizes_title,
    co_revenue_title, co_size_title, co_size_tip,
    mo_model, mo_model_items, mo_model_tip, mo_horizon, mo_margin, mo_discount, mo_refit, mo_counting_title,
    mo_spend_title, mo_no_spend, mo_parameter, mo_estimate, mo_se, mo_fit_line, mo_sound, mo_remark,
    mo_not_converged, mo_holdout_title, mo_no_holdout, mo_use_holdout, mo_all_data, mo_holdout_line,
    mo_holdout_tip, mo_tracking_title, mo_week_ending, mo_cumulative, mo_actual, mo_predicted,
    mo_conditional_title, mo_calibration_purchases, mo_holdout_mean,
    st_tab_playbook, st_tab_watchlist, st_tab_budget, st_tab_whatif, st_tab_migration, st_playbook_intro,
    st_actions, st_stage_prefix, st_watch_line, st_chance_lost, st_silence, st_silence_cell, st_reasons,
    st_budget_intro, st_budget_amount, st_allocate, st_budget_result, st_budget_too_big, st_uplift, st_cost,
    st_auto, st_amount, st_gain, st_whatif_intro, st_retention_points, st_aov_percent, st_frequency_percent,
    st_cac_percent, st_whatif_total, st_whatif_factors, st_whatif_cac, st_baseline, st_scenario,
    st_no_migration, st_migration_line, st_migration_value, st_by_segment, st_by_tier, st_before, st_now,
    st_new_since, st_migration_tip,
    ex_intro, ex_tables_title, ex_customers_csv, ex_customers_csv_tip, ex_report_json, ex_report_json_tip,
    ex_excel, ex_excel_tip, ex_watchlist_csv, ex_watchlist_csv_tip, ex_groups_csv, ex_groups_csv_tip,
    ex_actions_title, ex_action_csv, ex_picture_title, ex_picture, ex_picture_tip, ex_saved, ex_out_of_memory, ex_making, ex_making_part, ex_large_file,
    // Side inputs (view_import_inputs.cpp), CAC / NPS / campaign results
    in_title, in_intro, in_spend, in_spend_hint, in_spend_file, in_spend_file_tip, in_survey, in_survey_file,
    in_survey_file_tip, in_campaign, in_campaign_start, in_campaign_file, in_campaign_file_tip, in_control_file,
    in_control_file_tip, in_forget, in_file_rows, in_file_bad, in_apply, in_see_overview, in_spend_empty,
    in_survey_empty, in_ids_empty, in_spend_invalid, in_campaign_start_invalid, ov_cac_card_sub, ov_payback_value,
    ov_payback_sub, ov_csat_sub, col_nps, col_nps_answers, st_tab_campaign, st_campaign_none, st_campaign_window,
    st_campaign_group, st_campaign_targeted, st_campaign_control, st_campaign_rest, st_campaign_actual,
    st_campaign_predicted, st_campaign_revenue, st_campaign_predicted_revenue, st_campaign_lift,
    st_campaign_unmatched,
    // Fit diagnoses by code (fit_diagnosis.cpp), in the order of models::FitDiagnosis
    mo_diag_none, mo_diag_no_customers, mo_diag_likelihood_not_finite, mo_diag_parameter_at_bound,
    mo_diag_not_converged, mo_diag_not_identifiable, mo_diag_no_dropout, mo_diag_no_rate_heterogeneity,
    mo_diag_one_time_buyers_only, mo_diag_too_few_repeat_buyers, mo_diag_spend_degenerate,
    mo_diag_spend_mean_infinite, mo_diag_spend_frequency_correlated, mo_diag_spend_zero_excluded,
    mo_diag_too_few_periods, mo_diag_one_period_only, mo_diag_no_churn,
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
