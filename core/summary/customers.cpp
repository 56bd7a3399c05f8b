#include "summary/customers.hpp"

#include <algorithm>
#include <limits>

namespace clv {

const char* time_unit_name(TimeUnit u) { return u == TimeUnit::week ? "week" : "day"; }

bool id_less(std::string_view a, std::string_view b) {
    auto all_digits = [](std::string_view s) {
        return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (all_digits(a) && all_digits(b)) {
        auto strip = [](std::string_view s) {
            while (s.size() > 1 && s.front() == '0') s.remove_prefix(1);
            return s;
        };
        const std::string_view x = strip(a), y = strip(b);
        if (x.size() != y.size()) return x.size() < y.size();
        if (x != y) return x < y;
    }
    return a < b;
}

Customers summarise(const TransactionLog& log, const SummaryOptions& options) {
    Customers out;
    out.unit = options.unit;
    const size_t n_rows = log.rows();
    const size_t n_customers = log.customers.size();
    if (n_rows == 0) return out;
    const auto [lo, hi] = std::minmax_element(log.day.begin(), log.day.end());
    out.first_day_in_data = *lo;
    out.last_day_in_data = *hi;
    out.calibration_end = options.calibration_end.value_or(*hi);

    // Counting sort of the rows by customer: linear, and afterwards each customer's rows are
    // contiguous, so the per-customer work below touches memory in order.
    std::vector<uint32_t> start(n_customers + 1, 0);
    for (uint32_t c : log.customer) ++start[c + 1];
    for (size_t c = 0; c < n_customers; ++c) start[c + 1] += start[c];
    struct DayAmount {
        DayNumber day;
        double amount;
    };
    std::vector<DayAmount> sorted(n_rows);
    {
        std::vector<uint32_t> cursor(start.begin(), start.end() - 1);
        for (size_t r = 0; r < n_rows; ++r) sorted[cursor[log.customer[r]]++] = DayAmount{log.day[r], log.amount[r]};
    }

    const double unit = days_per_unit(options.unit);
    const DayNumber end = out.calibration_end;
    out.rows.reserve(n_customers);
    for (uint32_t c = 0; c < n_customers; ++c) {
        DayAmount* b = sorted.data() + start[c];
        DayAmount* e = sorted.data() + start[c + 1];
        std::sort(b, e, [](const DayAmount& p, const DayAmount& q) { return p.day < q.day; });
        if (b->day > end) {
            ++out.customers_after_calibration;
            continue;
        }
        CustomerRow row;
        row.customer = c;
        row.first_day = b->day;
        double repeat_value = 0;
        for (DayAmount* p = b; p < e;) {
            // One purchase day: all rows of that day together.
            const DayNumber d = p->day;
            double day_value = 0;
            uint32_t lines = 0;
            for (; p < e && p->day == d; ++p, ++lines) day_value += p->amount;
            if (d <= end) {
                if (row.purchase_days > 0) repeat_value += day_value;
                ++row.purchase_days;
                row.transactions += lines;
                row.total_value += day_value;
                row.last_day = d;
            } else {
                ++row.holdout_purchases;
                row.holdout_value += day_value;
            }
        }
        row.x = row.purchase_days - 1;
        row.t_x = (row.last_day - row.first_day) / unit;
        row.T = (end - row.first_day) / unit;
        row.monetary_value = row.x > 0 ? repeat_value / row.x : 0.0;
        out.rows.push_back(row);
    }
    std::sort(out.rows.begin(), out.rows.end(), [&](const CustomerRow& a, const CustomerRow& b) {
        return id_less(log.customers.name(a.customer), log.customers.name(b.customer));
    });
    return out;
}

const CustomerRow* Customers::find(const TransactionLog& log, std::string_view id) const {
    const uint32_t index = log.customers.find(id);
    if (index == UINT32_MAX) return nullptr;
    for (const CustomerRow& r : rows)
        if (r.customer == index) return &r;
    return nullptr;
}

}  // namespace clv
