#include "kpi/cohorts.hpp"

#include <algorithm>
#include <climits>

#include "kpi/kpi.hpp"

namespace clv {

namespace {
constexpr int kMaxMonths = 240;  // twenty years of monthly cohorts; older months are left out
}

CohortTable monthly_cohorts(const TransactionLog& log, const Customers& customers, int max_cohorts) {
    CohortTable t;
    if (customers.rows.empty()) return t;
    // Months by table look-up: 1M customers' first days (twice) and the log's days would otherwise
    // each go through the calendar.
    const MonthOfDay month_of(customers.first_day_in_data, customers.calibration_end);
    int first = INT_MAX;
    for (const CustomerRow& r : customers.rows) first = std::min(first, month_of(r.first_day));
    const int last = month_index(customers.calibration_end);
    if (last < first) return t;
    const int span = last - first + 1;
    if (span > kMaxMonths) {  // keep the most recent months
        first = last - kMaxMonths + 1;
    }
    const size_t nm = static_cast<size_t>(last - first + 1);
    t.first_month = first;
    t.new_customers.assign(nm, 0);
    for (const CustomerRow& r : customers.rows) {
        const int m = month_of(r.first_day) - first;
        if (m >= 0) ++t.new_customers[static_cast<size_t>(m)];
    }

    // Upper-triangular matrices [cohort][k] stored densely: at most kMaxMonths² entries.
    std::vector<uint64_t> active(nm * nm, 0);
    std::vector<double> revenue(nm * nm, 0);
    if (log.rows() > 0) {
        const DayNumber end = customers.calibration_end;
        uint32_t cur = UINT32_MAX;
        int cohort = -1, last_k = -1;
        for (size_t i = 0; i < log.rows(); ++i) {
            const DayNumber d = log.day[i];
            if (d > end) continue;
            const uint32_t c = log.customer[i];
            const int m = month_of(d) - first;
            if (c != cur) {  // rows grouped by customer, days ascending: this is the first purchase
                cur = c;
                cohort = m;
                last_k = -1;
            }
            if (cohort < 0 || m < cohort) continue;
            const int k = m - cohort;
            const size_t cell = static_cast<size_t>(cohort) * nm + static_cast<size_t>(k);
            if (k != last_k) {
                ++active[cell];
                last_k = k;
            }
            revenue[cell] += log.amount[i];
        }
    }
    const size_t shown_from = nm > static_cast<size_t>(max_cohorts) ? nm - static_cast<size_t>(max_cohorts) : 0;
    for (size_t c = 0; c < nm; ++c) {
        if (t.new_customers[c] == 0) continue;
        if (c < shown_from) {
            ++t.cohorts_not_shown;
            continue;
        }
        Cohort co;
        co.month = first + static_cast<int>(c);
        co.label = month_label(co.month);
        co.customers = t.new_customers[c];
        const size_t width = nm - c;
        if (log.rows() > 0) {
            co.active.assign(active.begin() + static_cast<std::ptrdiff_t>(c * nm),
                             active.begin() + static_cast<std::ptrdiff_t>(c * nm + width));
            co.revenue_by_month.assign(revenue.begin() + static_cast<std::ptrdiff_t>(c * nm),
                                       revenue.begin() + static_cast<std::ptrdiff_t>(c * nm + width));
            co.retention.resize(width);
            for (size_t k = 0; k < width; ++k) {
                co.retention[k] = static_cast<double>(co.active[k]) / static_cast<double>(co.customers);
                co.revenue += co.revenue_by_month[k];
            }
        }
        t.cohorts.push_back(std::move(co));
    }
    return t;
}

}  // namespace clv
