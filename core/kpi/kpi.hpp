// Customer KPIs with the formulas the UI shows beside them (labels.hpp, kpi_formula):
//   revenue            Σ purchase values to the analysis date (calibration end)
//   orders             purchase occasions: a customer's purchases on one day count once
//   AOV                revenue / orders
//   purchase frequency orders / customers
//   repeat rate        customers with 2+ purchase days / customers
//   CRR                (E − N) / S per period (Kumar & Reinartz, "Customer Relationship
//                      Management", retention rate): E customers buying in the period, N of them
//                      new (first purchase in the period), S customers buying in the previous
//                      period. The headline CRR pools the complete periods: Σ(E − N) / ΣS over
//                      periods that, like their predecessor, lie wholly inside the data.
//   churn rate         1 − CRR (per period)
//   average lifespan   period length / churn rate (the expected life under constant churn)
//   simple CLV         margin × AOV × yearly frequency × lifespan in years − CAC, the textbook
//                      formula; yearly frequency = orders / Σ customer-years observed
//                      (customer-years = (analysis day − first day + 1) / 365.25).
#pragma once
#include <cmath>
#include <string>
#include <vector>

#include "ingest/transaction_log.hpp"
#include "summary/customers.hpp"

namespace clv {

struct KpiSettings {
    int period_months = 3;  // CRR period: 1 month, 3 (quarter), 6 or 12 (year)
    int max_cohorts = 36;   // the most recent monthly cohorts shown in the retention matrix

    std::string check() const;
};

// Calendar months as one integer: year · 12 + month − 1.
inline int month_index(DayNumber d) {
    const CivilDate c = civil_from_days(d);
    return c.year * 12 + static_cast<int>(c.month) - 1;
}
inline DayNumber month_start(int month) {
    const int y = month >= 0 ? month / 12 : (month - 11) / 12;
    return days_from_civil(y, static_cast<unsigned>(month - y * 12 + 1), 1);
}
// month_index for many days in a known range by table look-up (3M order lines would otherwise
// convert each date to the calendar twice); falls back to the calendar outside the range.
class MonthOfDay {
public:
    MonthOfDay(DayNumber first, DayNumber last) : first_(first) {
        if (last >= first && last - first < 200000) {
            month_.resize(static_cast<size_t>(last - first) + 1);
            for (DayNumber d = first; d <= last; ++d) month_[static_cast<size_t>(d - first)] = month_index(d);
        }
    }
    int operator()(DayNumber d) const {
        const int64_t k = static_cast<int64_t>(d) - first_;
        return k >= 0 && static_cast<size_t>(k) < month_.size() ? month_[static_cast<size_t>(k)] : month_index(d);
    }

private:
    DayNumber first_;
    std::vector<int> month_;
};

std::string month_label(int month);                    // "1997-03"
std::string period_label(int first_month, int months);  // "1997-03", "1997-Q1", "1997-H2", "1997"

struct RetentionPeriod {
    int first_month = 0;
    std::string label;
    uint64_t start_customers = 0;  // S: bought in the previous period
    uint64_t end_customers = 0;    // E: bought in this period
    uint64_t new_customers = 0;    // N: first purchase in this period
    double crr = NAN;              // (E − N) / S; NaN when S = 0
    bool complete = false;         // this and the previous period lie wholly inside the data
};

struct KpiReport {
    uint64_t customers = 0;
    double revenue = 0;
    uint64_t orders = 0;
    double aov = NAN;
    double purchase_frequency = NAN;
    double repeat_rate = NAN;
    double yearly_frequency = NAN;   // orders per customer-year
    int period_months = 3;
    double crr = NAN;                // pooled over complete periods (all periods when none is complete)
    double churn_rate = NAN;
    double average_lifespan_months = NAN;
    double simple_clv = NAN;         // margin × AOV × yearly frequency × lifespan years − CAC (0 when unknown)
    double model_clv = NAN;          // mean model CLV per customer
    double p_alive_mean = NAN;
    std::vector<RetentionPeriod> periods;
};

// Revenue, orders, AOV, frequency, repeat rate, yearly frequency.
void basic_kpis(const Customers& customers, KpiReport& out);
// The same in slices of customers (a pass over 10M summary rows is 640 MB): add rows [begin, end)
// in order, then finish. The sums run in row order, so the result equals basic_kpis'.
struct BasicKpiSums {
    double revenue = 0, years = 0;
    uint64_t orders = 0, repeaters = 0;
    void add(const Customers& customers, size_t begin, size_t end);
    void finish(const Customers& customers, KpiReport& out) const;
};

// CRR per period from the log (purchases up to the calibration end), the pooled CRR, churn and
// lifespan. Without a log (a summary file) the periods stay empty and CRR is NaN.
void retention_kpis(const TransactionLog& log, const Customers& customers, int period_months, KpiReport& out);

// retention_kpis in pieces, for a browser frame (3M order lines: ~25 ms of wasm at once): each
// step() reads about `budget` log rows; true once `out` holds what retention_kpis gives. The log
// and `out` must outlive the job.
class RetentionKpis {
public:
    RetentionKpis(const TransactionLog& log, const Customers& customers, int period_months, KpiReport& out);
    bool step(size_t budget);

private:
    void finish();  // the periods and the pooled rates from the counts

    const TransactionLog& log_;
    KpiReport& out_;
    int period_months_ = 1;
    DayNumber end_ = 0, first_ = 0;  // the calibration end and the first order day
    int p0_ = 0;                     // the first period
    bool counting_ = false;          // false: nothing (more) to count
    std::vector<uint64_t> E_, N_;    // per period: customers buying, new customers
    std::vector<int> period_of_day_;
    size_t cursor_ = 0;
    uint32_t cur_ = UINT32_MAX;      // the log pass: the current run's customer
    int last_period_ = 0;            // and the last period counted for them
};

// simple CLV = margin × AOV × yearly frequency × lifespan years − CAC (CAC NaN counts as 0).
double simple_clv(double margin, double aov, double yearly_frequency, double lifespan_months, double cac);

}  // namespace clv
