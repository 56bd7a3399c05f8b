// Monthly acquisition cohorts: customers grouped by the month of their first purchase, with the
// retention matrix (share of the cohort buying in each month since acquisition; month 0 is 100%)
// and the revenue of each cohort per month since acquisition. Purchases up to the analysis date.
// Also the number of new customers per calendar month, which CAC divides the spend by.
#pragma once
#include <string>
#include <vector>

#include "ingest/transaction_log.hpp"
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

}  // namespace clv
