// The Report's tables as CSV for spreadsheets and mailing tools: the per-customer table, the
// churn watch-list, one customer list per playbook action, and the group summaries.
//
// CSV injection (OWASP "CSV Injection"): a spreadsheet runs a cell that starts with = + - @ (or a
// tab / carriage return) as a formula, so text cells — customer ids, names — that start with one
// are written with a leading apostrophe, which spreadsheets show as text. Numbers are written as
// numbers and never altered (a refund of -12.5 stays a number). Fields with a comma, quote or line
// break are quoted (RFC 4180). UTF-8 without a byte-order mark.
#pragma once
#include <ostream>
#include <string>
#include <string_view>

#include "report/report.hpp"

namespace clv {

// A text cell made safe: apostrophe before = + - @ \t \r, then RFC 4180 quoting when needed.
std::string csv_text(std::string_view text);
// A float column of the customer table as text: 7 significant digits.
std::string format_float(float v);

// customer_id,segment,segment_zh,value_class,value_class_zh,tier,stage,stage_zh,r,f,m,recency_days,
// purchase_days,revenue,value,p_alive,expected_purchases,expected_spend,clv,clv_low,clv_high,
// next_purchase_date,value_at_risk,watch_reasons,actions[,realised_change,potential_change]
// (next_purchase_date YYYY-MM-DD, empty when none is expected; undefined numbers are empty cells)
void write_customers_csv(std::ostream& out, const Report& report, const TransactionLog& log, const Customers& customers);
// The same in pieces (the page makes it over many frames): the header line, then the rows
// [begin, end) of customers_csv_rows() rows, each appended to `out`.
void append_customers_csv_header(std::string& out, const Report& report);
size_t customers_csv_rows(const Report& report, const Customers& customers);
void append_customers_csv_rows(std::string& out, const Report& report, const TransactionLog& log, const Customers& customers,
                               size_t begin, size_t end);

// customer_id,value_at_risk,chance_lost,value_if_active,p_alive,clv,silence_days,usual_gap_days,
// segment,tier,stage,reasons,reason,reason_zh
void write_watchlist_csv(std::ostream& out, const Report& report);

// The customers whose actions include `action`: customer_id,segment,tier,stage,clv,value.
void write_action_list_csv(std::ostream& out, const Report& report, const TransactionLog& log,
                           const Customers& customers, Action action);

// kind,key,name,name_zh,customers,customer_share,revenue,revenue_share,clv,clv_share,value,p_alive_mean
// for the segments, classes, tiers and stages.
void write_groups_csv(std::ostream& out, const Report& report);

}  // namespace clv
