#include "kpi/kpi.hpp"

#include <algorithm>
#include <climits>
#include <cstdio>

namespace clv {

std::string KpiSettings::check() const {
    if (period_months != 1 && period_months != 3 && period_months != 6 && period_months != 12)
        return "KPI period must be 1, 3, 6 or 12 months";
    if (max_cohorts < 1 || max_cohorts > 600) return "cohorts shown must be between 1 and 600";
    return {};
}

namespace {
int floor_div(int a, int b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }
}  // namespace

std::string month_label(int month) {
    const int y = floor_div(month, 12);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d", y, month - y * 12 + 1);
    return buf;
}

std::string period_label(int first_month, int months) {
    const int y = floor_div(first_month, 12);
    const int m = first_month - y * 12;  // 0-based
    char buf[24];
    if (months == 3) std::snprintf(buf, sizeof buf, "%04d-Q%d", y, m / 3 + 1);
    else if (months == 6) std::snprintf(buf, sizeof buf, "%04d-H%d", y, m / 6 + 1);
    else if (months == 12) std::snprintf(buf, sizeof buf, "%04d", y);
    else return month_label(first_month);
    return buf;
}

void BasicKpiSums::add(const Customers& customers, size_t begin, size_t end) {
    end = std::min(end, customers.rows.size());
    for (size_t i = begin; i < end; ++i) {
        const CustomerRow& r = customers.rows[i];
        revenue += r.total_value;
        orders += r.purchase_days;
        repeaters += r.purchase_days >= 2;
        years += static_cast<double>(customers.calibration_end - r.first_day + 1) / 365.25;
    }
}

void BasicKpiSums::finish(const Customers& customers, KpiReport& out) const {
    out.customers = customers.rows.size();
    out.revenue = revenue;
    out.orders = orders;
    const double n = static_cast<double>(out.customers);
    out.aov = orders > 0 ? revenue / static_cast<double>(orders) : NAN;
    out.purchase_frequency = n > 0 ? static_cast<double>(orders) / n : NAN;
    out.repeat_rate = n > 0 ? static_cast<double>(repeaters) / n : NAN;
    out.yearly_frequency = years > 0 ? static_cast<double>(orders) / years : NAN;
}

void basic_kpis(const Customers& customers, KpiReport& out) {
    BasicKpiSums sums;
    sums.add(customers, 0, customers.rows.size());
    sums.finish(customers, out);
}

RetentionKpis::RetentionKpis(const TransactionLog& log, const Customers& customers, int period_months, KpiReport& out)
    : log_(log), out_(out), period_months_(period_months), end_(customers.calibration_end) {
    out.period_months = period_months;
    out.periods.clear();
    out.crr = out.churn_rate = out.average_lifespan_months = NAN;
    if (log.rows() == 0 || customers.rows.empty() || period_months < 1) return;
    const DayNumber end = end_;
    // The first order day: the summary knows it; a scan only when it does not (hand-built summaries).
    DayNumber first = customers.first_day_in_data;
    if (first <= 0 || first > end) {
        first = INT32_MAX;
        for (size_t k = 0; k < log.rows(); ++k)
            if (log.day[k] <= end) first = std::min(first, log.day[k]);
        if (first == INT32_MAX) return;
    }
    first_ = first;
    p0_ = floor_div(month_index(first), period_months);
    const int p1 = floor_div(month_index(end), period_months);
    const size_t np = static_cast<size_t>(p1 - p0_ + 1);
    if (np > 100000) return;  // dates far apart: no sensible period table
    E_.assign(np, 0);
    N_.assign(np, 0);
    // The period of each day by table look-up (a division per order line otherwise), the calendar
    // for days outside [first, end].
    if (end - first < 200000) {
        period_of_day_.resize(static_cast<size_t>(end - first) + 1);
        const MonthOfDay month_of(first, end);
        for (DayNumber d = first; d <= end; ++d)
            period_of_day_[static_cast<size_t>(d - first)] = floor_div(month_of(d), period_months) - p0_;
    }
    counting_ = true;
}

bool RetentionKpis::step(size_t budget) {
    if (!counting_) return true;
    budget = std::max<size_t>(budget, 1);
    auto period_of = [&](DayNumber d) {
        const int64_t k = static_cast<int64_t>(d) - first_;
        return k >= 0 && static_cast<size_t>(k) < period_of_day_.size() ? period_of_day_[static_cast<size_t>(k)]
                                                                         : floor_div(month_index(d), period_months_) - p0_;
    };
    // Rows are grouped by customer with days ascending: the first calibration row of a customer
    // is their first purchase, and a period is counted once per customer when it changes.
    const size_t end = std::min(log_.rows(), cursor_ + budget);
    for (size_t k = cursor_; k < end; ++k) {
        const DayNumber d = log_.day[k];
        if (d > end_) continue;
        const uint32_t c = log_.customer[k];
        const int p = period_of(d);
        if (c != cur_) {
            cur_ = c;
            last_period_ = INT_MIN;
            ++N_[static_cast<size_t>(p)];
        }
        if (p != last_period_) {
            ++E_[static_cast<size_t>(p)];
            last_period_ = p;
        }
    }
    cursor_ = end;
    if (cursor_ < log_.rows()) return false;
    finish();
    counting_ = false;
    return true;
}

void RetentionKpis::finish() {
    KpiReport& out = out_;
    const int period_months = period_months_, p0 = p0_;
    const DayNumber first = first_, end = end_;
    const size_t np = E_.size();
    const std::vector<uint64_t>& E = E_;
    const std::vector<uint64_t>& N = N_;
    uint64_t pooled_retained = 0, pooled_start = 0, all_retained = 0, all_start = 0;
    for (size_t i = 0; i < np; ++i) {
        RetentionPeriod rp;
        rp.first_month = (p0 + static_cast<int>(i)) * period_months;
        rp.label = period_label(rp.first_month, period_months);
        rp.end_customers = E[i];
        rp.new_customers = N[i];
        rp.start_customers = i > 0 ? E[i - 1] : 0;
        if (rp.start_customers > 0)
            rp.crr = (static_cast<double>(rp.end_customers) - static_cast<double>(rp.new_customers)) /
                     static_cast<double>(rp.start_customers);
        // Complete: the previous period starts on or after the first day of data, this one ends
        // on or before the analysis date.
        const DayNumber prev_start = month_start(rp.first_month - period_months);
        const DayNumber this_end = month_start(rp.first_month + period_months) - 1;
        rp.complete = i > 0 && prev_start >= first && this_end <= end;
        if (rp.start_customers > 0) {
            const uint64_t retained = rp.end_customers - rp.new_customers;
            all_retained += retained;
            all_start += rp.start_customers;
            if (rp.complete) pooled_retained += retained, pooled_start += rp.start_customers;
        }
        out.periods.push_back(std::move(rp));
    }
    if (pooled_start == 0) pooled_retained = all_retained, pooled_start = all_start;
    if (pooled_start > 0) {
        out.crr = static_cast<double>(pooled_retained) / static_cast<double>(pooled_start);
        out.churn_rate = 1 - out.crr;
        if (out.churn_rate > 0) out.average_lifespan_months = period_months / out.churn_rate;
    }
}


void retention_kpis(const TransactionLog& log, const Customers& customers, int period_months, KpiReport& out) {
    RetentionKpis job(log, customers, period_months, out);
    while (!job.step(SIZE_MAX)) {
    }
}

double simple_clv(double margin, double aov, double yearly_frequency, double lifespan_months, double cac) {
    return margin * aov * yearly_frequency * (lifespan_months / 12.0) - (std::isfinite(cac) ? cac : 0.0);
}

}  // namespace clv
