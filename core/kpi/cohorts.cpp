#include "kpi/cohorts.hpp"

#include <algorithm>
#include <climits>

#include "kpi/kpi.hpp"

namespace clv {

CohortBuilder::CohortBuilder(const TransactionLog& log, const Customers& customers, int max_cohorts)
    : log_(log), customers_(customers), max_cohorts_(max_cohorts),
      month_of_(customers.first_day_in_data, customers.calibration_end) {}

bool CohortBuilder::step(size_t budget) {
    budget = std::max<size_t>(budget, 1);
    const std::vector<CustomerRow>& rows = customers_.rows;
    switch (part_) {
        case Part::first_month: {  // the earliest acquisition month
            if (rows.empty()) return finish();
            const size_t end = std::min(rows.size(), cursor_ + budget);
            for (size_t i = cursor_; i < end; ++i) first_ = std::min(first_, month_of_(rows[i].first_day));
            cursor_ = end;
            if (cursor_ < rows.size()) return false;
            const int last = month_index(customers_.calibration_end);
            if (last < first_) return finish();
            if (last - first_ + 1 > kMaxMonths) first_ = last - kMaxMonths + 1;  // keep the most recent months
            nm_ = static_cast<size_t>(last - first_ + 1);
            t_.first_month = first_;
            t_.new_customers.assign(nm_, 0);
            // Upper-triangular matrices [cohort][k] stored densely: at most kMaxMonths² entries.
            active_.assign(nm_ * nm_, 0);
            revenue_.assign(nm_ * nm_, 0);
            cursor_ = 0;
            part_ = Part::new_customers;
            return false;
        }
        case Part::new_customers: {
            const size_t end = std::min(rows.size(), cursor_ + budget);
            for (size_t i = cursor_; i < end; ++i) {
                const int m = month_of_(rows[i].first_day) - first_;
                if (m >= 0) ++t_.new_customers[static_cast<size_t>(m)];
            }
            cursor_ = end;
            if (cursor_ < rows.size()) return false;
            cursor_ = 0;
            part_ = Part::log;
            return false;
        }
        case Part::log: {
            const size_t end = std::min(log_.rows(), cursor_ + budget);
            const DayNumber last_day = customers_.calibration_end;
            for (size_t i = cursor_; i < end; ++i) {
                const DayNumber d = log_.day[i];
                if (d > last_day) continue;
                const uint32_t c = log_.customer[i];
                const int m = month_of_(d) - first_;
                if (c != customer_) {  // rows grouped by customer, days ascending: this is the first purchase
                    customer_ = c;
                    cohort_ = m;
                    last_k_ = -1;
                }
                if (cohort_ < 0 || m < cohort_) continue;
                const int k = m - cohort_;
                const size_t cell = static_cast<size_t>(cohort_) * nm_ + static_cast<size_t>(k);
                if (k != last_k_) {
                    ++active_[cell];
                    last_k_ = k;
                }
                revenue_[cell] += log_.amount[i];
            }
            cursor_ = end;
            if (cursor_ < log_.rows()) return false;
            return finish();
        }
        case Part::done: return true;
    }
    return true;
}

bool CohortBuilder::finish() {
    part_ = Part::done;
    const size_t nm = nm_;
    const size_t shown_from = nm > static_cast<size_t>(max_cohorts_) ? nm - static_cast<size_t>(max_cohorts_) : 0;
    for (size_t c = 0; c < nm; ++c) {
        if (t_.new_customers[c] == 0) continue;
        if (c < shown_from) {
            ++t_.cohorts_not_shown;
            continue;
        }
        Cohort co;
        co.month = first_ + static_cast<int>(c);
        co.label = month_label(co.month);
        co.customers = t_.new_customers[c];
        const size_t width = nm - c;
        if (log_.rows() > 0) {
            co.active.assign(active_.begin() + static_cast<std::ptrdiff_t>(c * nm),
                             active_.begin() + static_cast<std::ptrdiff_t>(c * nm + width));
            co.revenue_by_month.assign(revenue_.begin() + static_cast<std::ptrdiff_t>(c * nm),
                                       revenue_.begin() + static_cast<std::ptrdiff_t>(c * nm + width));
            co.retention.resize(width);
            for (size_t k = 0; k < width; ++k) {
                co.retention[k] = static_cast<double>(co.active[k]) / static_cast<double>(co.customers);
                co.revenue += co.revenue_by_month[k];
            }
        }
        t_.cohorts.push_back(std::move(co));
    }
    std::vector<uint64_t>().swap(active_);
    std::vector<double>().swap(revenue_);
    return true;
}

CohortTable monthly_cohorts(const TransactionLog& log, const Customers& customers, int max_cohorts) {
    CohortBuilder b(log, customers, max_cohorts);
    while (!b.step(SIZE_MAX)) {
    }
    return b.take();
}

}  // namespace clv
