// Why a data line was not used. Every line of a file ends up in the TransactionLog (a purchase
// or a return), as a blank line, or as one of these, so the row accounting always adds up:
//   lines_read = header + used + returns + blank + rejected.
#pragma once
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace clv {

enum class RejectReason {
    empty_line,          // kept for compatibility; blank lines are now counted, not rejected
    too_few_fields,
    empty_customer_id,
    bad_date,
    bad_amount,
    unterminated_quote,
    date_out_of_range,   // before 1900 or after the latest plausible day (today)
    line_too_long,       // longer than Reader::kMaxRecordBytes: not a line of an order file
    nul_byte,            // binary data inside a text file
    id_too_long,         // a customer or order id over 255 bytes
    bad_quantity,
    bad_unit_price,
    free_line,           // quantity × unit price with a unit price of 0: an order line given away, not a sale
    duplicate_customer,  // a per-customer summary file with a second line for the same customer
};
constexpr int kRejectReasonCount = 14;

const char* reject_reason_code(RejectReason r);      // stable identifier, e.g. "bad_date"
const char* reject_reason_text(RejectReason r);      // short English text: "not a date"
const char* reject_reason_text_zh(RejectReason r);   // 简体中文: "不是日期"

struct Rejection {
    uint64_t line = 0;  // 1-based physical line where the record starts
    int column = 0;     // 1-based field number; 0 when the whole line is at fault
    RejectReason reason = RejectReason::empty_line;
    std::string text;   // the offending field (or line), cut to 120 bytes, valid UTF-8
    std::string raw;    // the whole line as read, cut to 200 bytes, valid UTF-8

    // "line 17, column 3: cannot read '2024-13-45' as a date"
    std::string message(const std::string& detail = {}) const;
    // With the column's name and thousands separators: "line 1,204, column 'amount': '12,5O' is not a number"
    std::string message(const std::vector<std::string>& column_names) const;
    // 中文: "第 1,204 行，列“金额”：“12,5O”不是数字"
    std::string message_zh(const std::vector<std::string>& column_names) const;
};

// "1,204"
std::string with_thousands(uint64_t n);

// One rejection as a CSV row (no header), for streaming them to a file as they happen.
void write_rejection_csv_row(std::ostream& out, const Rejection& r, const std::vector<std::string>& column_names);
constexpr const char* kRejectionsCsvHeader = "line,column,column_name,reason,text,message,raw\n";

// The rejections as CSV: line,column,column_name,reason,text,message,raw (RFC 4180 quoting).
void write_rejections_csv(std::ostream& out, const std::vector<Rejection>& rejections,
                          const std::vector<std::string>& column_names);

}  // namespace clv
