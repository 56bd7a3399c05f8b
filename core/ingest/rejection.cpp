#include "ingest/rejection.hpp"

namespace clv {

const char* reject_reason_code(RejectReason r) {
    switch (r) {
        case RejectReason::empty_line: return "empty_line";
        case RejectReason::too_few_fields: return "too_few_fields";
        case RejectReason::empty_customer_id: return "empty_customer_id";
        case RejectReason::bad_date: return "bad_date";
        case RejectReason::bad_amount: return "bad_amount";
        case RejectReason::unterminated_quote: return "unterminated_quote";
    }
    return "unknown";
}

std::string Rejection::message(const std::string& detail) const {
    std::string m = "line " + std::to_string(line);
    if (column > 0) m += ", column " + std::to_string(column);
    m += ": ";
    switch (reason) {
        case RejectReason::empty_line: m += "the line is empty"; break;
        case RejectReason::too_few_fields: m += "the line has too few fields ('" + text + "')"; break;
        case RejectReason::empty_customer_id: m += "the customer id is empty"; break;
        case RejectReason::bad_date: m += "cannot read '" + text + "' as a date"; break;
        case RejectReason::bad_amount: m += "cannot read '" + text + "' as an amount"; break;
        case RejectReason::unterminated_quote: m += "a quoted field is never closed before the end of the file"; break;
    }
    if (!detail.empty()) m += " (" + detail + ")";
    return m;
}

}  // namespace clv
