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
        case RejectReason::date_out_of_range: return "date_out_of_range";
        case RejectReason::line_too_long: return "line_too_long";
        case RejectReason::nul_byte: return "nul_byte";
        case RejectReason::id_too_long: return "id_too_long";
        case RejectReason::bad_quantity: return "bad_quantity";
        case RejectReason::bad_unit_price: return "bad_unit_price";
        case RejectReason::free_line: return "free_line";
        case RejectReason::duplicate_customer: return "duplicate_customer";
    }
    return "unknown";
}

const char* reject_reason_text(RejectReason r) {
    switch (r) {
        case RejectReason::empty_line: return "the line is empty";
        case RejectReason::too_few_fields: return "the line has too few fields";
        case RejectReason::empty_customer_id: return "no customer id";
        case RejectReason::bad_date: return "not a date";
        case RejectReason::bad_amount: return "not a number";
        case RejectReason::unterminated_quote: return "a quoted field is never closed";
        case RejectReason::date_out_of_range: return "the date is before 1900 or in the future";
        case RejectReason::line_too_long: return "the line is too long to be an order";
        case RejectReason::nul_byte: return "the line holds binary data (NUL bytes)";
        case RejectReason::id_too_long: return "the id is longer than 255 bytes";
        case RejectReason::bad_quantity: return "the quantity is not a number";
        case RejectReason::bad_unit_price: return "the unit price is not a number";
        case RejectReason::free_line: return "the unit price is 0: a free line, not a sale";
        case RejectReason::duplicate_customer: return "this customer already has a line in the summary file";
    }
    return "unknown";
}

const char* reject_reason_text_zh(RejectReason r) {
    switch (r) {
        case RejectReason::empty_line: return "空行";
        case RejectReason::too_few_fields: return "字段太少";
        case RejectReason::empty_customer_id: return "缺少客户ID";
        case RejectReason::bad_date: return "不是日期";
        case RejectReason::bad_amount: return "不是数字";
        case RejectReason::unterminated_quote: return "引号没有闭合";
        case RejectReason::date_out_of_range: return "日期早于1900年或晚于今天";
        case RejectReason::line_too_long: return "行太长，不像订单";
        case RejectReason::nul_byte: return "含有二进制数据（NUL字节）";
        case RejectReason::id_too_long: return "ID超过255字节";
        case RejectReason::bad_quantity: return "数量不是数字";
        case RejectReason::bad_unit_price: return "单价不是数字";
        case RejectReason::free_line: return "单价为0（赠品，不计为销售）";
        case RejectReason::duplicate_customer: return "该客户在汇总文件中已有一行";
    }
    return "未知";
}

std::string with_thousands(uint64_t n) {
    std::string digits = std::to_string(n), out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
        out.push_back(digits[i]);
    }
    return out;
}

namespace {
bool quotes_value(RejectReason r) {
    return r == RejectReason::bad_date || r == RejectReason::bad_amount || r == RejectReason::date_out_of_range ||
           r == RejectReason::free_line || r == RejectReason::bad_quantity || r == RejectReason::bad_unit_price ||
           r == RejectReason::duplicate_customer;
}
std::string column_label(int column, const std::vector<std::string>& names) {
    if (column <= 0) return {};
    if (static_cast<size_t>(column) <= names.size() && !names[static_cast<size_t>(column - 1)].empty())
        return names[static_cast<size_t>(column - 1)];
    return std::to_string(column);
}
}  // namespace

std::string Rejection::message(const std::string& detail) const {
    std::string m = "line " + std::to_string(line);
    if (column > 0) m += ", column " + std::to_string(column);
    m += ": ";
    switch (reason) {
        case RejectReason::too_few_fields: m += "the line has too few fields ('" + text + "')"; break;
        case RejectReason::bad_date: m += "cannot read '" + text + "' as a date"; break;
        case RejectReason::bad_amount: m += "cannot read '" + text + "' as an amount"; break;
        case RejectReason::unterminated_quote: m += "a quoted field is never closed before the end of the file"; break;
        default:
            m += reject_reason_text(reason);
            if (quotes_value(reason)) m += " ('" + text + "')";
    }
    if (!detail.empty()) m += " (" + detail + ")";
    return m;
}

std::string Rejection::message(const std::vector<std::string>& column_names) const {
    std::string m = "line " + with_thousands(line);
    const std::string label = column_label(column, column_names);
    if (!label.empty()) m += ", column '" + label + "'";
    m += ": ";
    if (quotes_value(reason)) m += "'" + text + "' ";
    if (reason == RejectReason::bad_amount || reason == RejectReason::bad_date) m += std::string("is ") + reject_reason_text(reason);
    else m += reject_reason_text(reason);
    return m;
}

std::string Rejection::message_zh(const std::vector<std::string>& column_names) const {
    std::string m = "第 " + with_thousands(line) + " 行";
    const std::string label = column_label(column, column_names);
    if (!label.empty()) m += "，列“" + label + "”";
    m += "：";
    if (quotes_value(reason)) m += "“" + text + "”";
    return m + reject_reason_text_zh(reason);
}

namespace {
void csv_field(std::ostream& out, std::string_view s) {
    if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
        out << s;
        return;
    }
    out << '"';
    for (char c : s) {
        if (c == '"') out << '"';
        out << c;
    }
    out << '"';
}
}  // namespace

void write_rejections_csv(std::ostream& out, const std::vector<Rejection>& rejections,
                          const std::vector<std::string>& column_names) {
    out << kRejectionsCsvHeader;
    for (const Rejection& r : rejections) write_rejection_csv_row(out, r, column_names);
}

void write_rejection_csv_row(std::ostream& out, const Rejection& r, const std::vector<std::string>& column_names) {
    {
        out << r.line << ',' << r.column << ',';
        csv_field(out, column_label(r.column, column_names));
        out << ',' << reject_reason_code(r.reason) << ',';
        csv_field(out, r.text);
        out << ',';
        csv_field(out, r.message(column_names));
        out << ',';
        csv_field(out, r.raw);
        out << '\n';
    }
}

}  // namespace clv
