// Why a data line was not used. Every line of a file ends up either in the TransactionLog or as
// one of these, so the row accounting always adds up: read = header + used + rejected.
#pragma once
#include <cstdint>
#include <string>

namespace clv {

enum class RejectReason {
    empty_line,
    too_few_fields,
    empty_customer_id,
    bad_date,
    bad_amount,
    unterminated_quote,
};
constexpr int kRejectReasonCount = 6;

const char* reject_reason_code(RejectReason r);  // stable identifier, e.g. "bad_date"

struct Rejection {
    uint64_t line = 0;  // 1-based physical line where the record starts
    int column = 0;     // 1-based field number; 0 when the whole line is at fault
    RejectReason reason = RejectReason::empty_line;
    std::string text;   // the offending field (or line), cut to 120 bytes

    // "line 17, column 3: cannot read '2024-13-45' as a date (YYYY-MM-DD)"
    std::string message(const std::string& detail = {}) const;
};

}  // namespace clv
