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
        {Str::tab_privacy, "Privacy"},
        {Str::privacy_title, "Your data stays on this computer"},
        {Str::privacy_points,
         "- The file you open is read by this page, inside your browser (WebAssembly). It is never uploaded.\n"
         "- The page may load only its own files: its Content-Security-Policy (below) forbids connecting anywhere else,\n"
         "  so it has no way to send your data out.\n"
         "- Nothing is stored: closing the tab forgets the data. Only settings (language, tour seen) are kept in this\n"
         "  browser's local storage.\n"
         "- The packaged site keeps its own files for offline use; it then works with the network off."},
        {Str::privacy_requests, "Network requests made since the page loaded: %d"},
        {Str::privacy_csp, "Content-Security-Policy in force:"},
        {Str::privacy_offline_on, "Offline copy: active (this page works without a network)."},
        {Str::privacy_offline_off, "Offline copy: not active here (it is active on the packaged site served over HTTPS or localhost)."},
        {Str::tab_help, "Help"},
        {Str::help_intro, "What the numbers mean, in plain words. Click a topic to open it."},
        {Str::help_clv_title, "Customer lifetime value (CLV)"},
        {Str::help_clv,
         "CLV is what a customer is worth to you over the whole relationship: the margin on all their future purchases,\n"
         "discounted to today's money, minus what it cost to win them (CAC).\n"
         "    CLV = sum over future periods t of  margin x expected spend in t / (1 + discount rate)^t  - CAC\n"
         "The simple formula of the management literature is AOV x purchase frequency x lifespan - CAC. The models below\n"
         "do better: they estimate, for each customer, whether they are still active and how often they will buy."},
        {Str::help_summary_title, "The customer summary: x, t_x, T"},
        {Str::help_summary,
         "All purchases of a customer on one day count as one purchase occasion.\n"
         "    x   = repeat purchases: purchase days after the first one (in the calibration period)\n"
         "    t_x = time from the first to the last purchase (recency)\n"
         "    T   = time from the first purchase to the end of the calibration period (the customer's age)\n"
         "    m   = average value of the repeat purchases\n"
         "Purchases after the calibration end form the holdout period, used to check the models' predictions."},
        {Str::help_rfm_title, "RFM: recency, frequency, monetary value"},
        {Str::help_rfm,
         "Each customer gets three scores from 1 to 5 (quintiles): R, how recently they bought; F, how often;\n"
         "M, how much they spend. Combinations name segments such as Champions (bought recently, often, a lot),\n"
         "At risk (used to buy often, silent for a while) or Lost. The 8-class scheme compares R, F and M with the\n"
         "average: important-value customers are above average on all three."},
        {Str::help_tiers_title, "Value tiers A / B / C"},
        {Str::help_tiers,
         "Customers are sorted by value; A are the few who make the first 80% of it, B the next 15%, C the rest.\n"
         "The Lorenz (Pareto) curve shows the share of value against the share of customers; the Gini coefficient\n"
         "(0 = everyone equal, 1 = one customer brings everything) sums up how concentrated your value is."},
        {Str::help_lifecycle_title, "Lifecycle stages"},
        {Str::help_lifecycle,
         "Acquisition: new, one purchase so far. Growth: buying more often. Maturity: steady, regular buyers.\n"
         "Decline: silent for longer than their own usual gap, or their chance of being active has dropped.\n"
         "Churned: very unlikely to buy again. Each stage has its own strategy: welcome, cross-sell, loyalty, win-back, let go."},
        {Str::help_models_title, "The models (BG/NBD, Pareto/NBD, Gamma-Gamma, ...)"},
        {Str::help_models,
         "BG/NBD (Fader, Hardie & Lee 2005): while active, a customer buys at a steady rate lambda (Poisson); after each\n"
         "purchase they may drop out with probability p. Rates vary between customers as a gamma(r, alpha) distribution,\n"
         "dropout probabilities as a beta(a, b). From x, t_x and T it gives P(alive) and the expected purchases.\n"
         "Pareto/NBD (Schmittlein, Morrison & Colombo 1987): the same, but dropout can happen at any time (rate mu ~ gamma(s, beta)).\n"
         "MBG/NBD (Batislam et al. 2007): like BG/NBD, but a customer can also drop out right after the first purchase.\n"
         "BG/BB (Fader, Hardie & Shang 2010): for discrete occasions (yearly donations, events).\n"
         "Shifted-BG (Fader & Hardie 2007): retention of subscribers: churn probability theta ~ beta(alpha, beta).\n"
         "Gamma-Gamma (Fader, Hardie & Lee 2005): how much each purchase is worth: spend ~ gamma(p, nu), nu ~ gamma(q, gamma).\n"
         "Parameters are fitted by maximum likelihood; standard errors come from the curvature at the optimum."},
        {Str::tour_title, "Welcome to CLV Studio"},
        {Str::tour_step1, "1 / 3  Start with your orders: open a CSV (customer id, date, amount) or press \"Load sample data\"\n"
                          "on the Import tab. Your file is read right here and never uploaded."},
        {Str::tour_step2, "2 / 3  The Customers tab lists every customer: first and last purchase, how often they came back,\n"
                          "how much they spend. Click a column to sort, type to search."},
        {Str::tour_step3, "3 / 3  Help explains every number in plain words; Privacy shows that nothing leaves this page.\n"
                          "The button at the top right switches to Chinese (中文)."},
        {Str::tour_next, "Next"},
        {Str::tour_skip, "Skip the tour"},
        {Str::tour_done, "Let's start"},
        {Str::tour_restart, "Show the tour again"},
        {Str::file_too_large, "%s is %.1f GB: more than a browser tab can hold (about %.1f GB). Summarise it first with "
                              "the SQL in sql/ (DuckDB, Spark, BigQuery) and open the per-customer summary CSV instead."},
        {Str::out_of_memory, "%s: the browser ran out of memory while reading. Close other tabs and try again, or summarise "
                             "the file first with the SQL in sql/ and open the per-customer summary CSV instead."},
        {Str::stage_summarising, "Summarising customers ..."},
        {Str::stage_analysing, "Fitting the models and analysing customers ..."},
    };
    return table;
}

}  // namespace clv::web
