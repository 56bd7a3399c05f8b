#include "report/summary_csv.hpp"

#include <cstdio>

namespace clv {

std::string format_number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

namespace {
// RFC 4180: quote a field that holds the delimiter, a quote or a line break.
void write_field(std::ostream& out, std::string_view s) {
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

void write_summary_csv(std::ostream& out, const TransactionLog& log, const Customers& customers) {
    out << "customer_id,frequency,recency,T,monetary_value\n";
    for (const CustomerRow& r : customers.rows) {
        write_field(out, log.customers.name(r.customer));
        out << ',' << format_number(r.x()) << ',' << format_number(r.t_x) << ',' << format_number(r.T) << ','
            << format_number(r.monetary_value) << '\n';
    }
}

}  // namespace clv
