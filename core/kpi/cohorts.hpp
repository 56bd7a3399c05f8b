// Monthly acquisition cohorts: customers grouped by the month of their first purchase, with the
// retention matrix (share of the cohort buying in each month since acquisition; month 0 is 100%)
// and the revenue of each cohort per month since acquisition. Purchases up to the analysis date.
// Also the number of new customers per calendar month, which CAC divides the spend by.
#pragma once
#include <climits>
#include <cstdint>
#include <string>
#include <vector>

#include "ingest/transaction_log.hpp"
#include "kpi/kpi.hpp"
#include "summary/customers.hpp"

namespace clv {

struct Cohort {
    int month = 0;                        // month_index of the acquisition month
    std::string label;                    // "1997-01"
    uint64_t customers = 0;
    double revenue = 0;                   // everything the cohort bought to the analysis date
    std::vector<uint64_t> active;         // [k]: customers buying in month k after acquisition
    std::vector<double> retention;        // active[k] / customers
    std::vector<double> revenue_by_month; // [k]: revenue in month k after acquisition
};

struct CohortTable {
    std::vector<Cohort> cohorts;               // oldest first; the most recent max_cohorts
    int first_month = 0;                       // of new_customers
    std::vector<uint64_t> new_customers;       // per calendar month from first_month to the analysis month
    uint64_t cohorts_not_shown = 0;            // older cohorts beyond max_cohorts
};

// From the log when it has rows; from the customers' first days alone (sizes, no retention) for a
// summary file.
CohortTable monthly_cohorts(const TransactionLog& log, const Customers& customers, int max_cohorts);

// monthly_cohorts in pieces, for a browser frame (1M customers and 3M order lines: ~50 ms of wasm
// at once): each step() reads about `budget` customers or log rows; true once done, and take()
// then gives what monthly_cohorts gives. The log and the customers must outlive the builder.
class CohortBuilder {
public:
    CohortBuilder(const TransactionLog& log, const Customers& customers, int max_cohorts);
    bool step(size_t budget);
    CohortTable take() { return std::move(t_); }

private:
    static constexpr int kMaxMonths = 240;  // twenty years of monthly cohorts; older months are left out
    enum class Part { first_month, new_customers, log, done };
    bool finish();  // the table from the counts; true

    const TransactionLog& log_;
    const Customers& customers_;
    int max_cohorts_;
    MonthOfDay month_of_;
    Part part_ = Part::first_month;
    size_t cursor_ = 0;
    int first_ = INT_MAX;  // the first month of the table
    size_t nm_ = 0;        // months in it
    std::vector<uint64_t> active_;
    std::vector<double> revenue_;
    uint32_t customer_ = UINT32_MAX;  // the log pass: the customer of the current run,
    int cohort_ = -1, last_k_ = -1;   // their cohort, and the last month counted active
    CohortTable t_;
};

}  // namespace clv
