// One row per customer, in the vocabulary of the literature and the lifetimes library:
//   x    repeat purchases: purchase days in the calibration period after the first
//   t_x  time of the last calibration purchase, from the first (recency)
//   T    age: time from the first purchase to the end of calibration
//   m    mean value of the repeat purchases (lifetimes' monetary_value; 0 when x = 0)
// All purchases of a customer on one day are one purchase occasion ("purchase day").
// Purchases after the calibration end form the holdout period, used to validate the models.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/transaction_log.hpp"

namespace clv {

enum class TimeUnit { day, week };
constexpr double days_per_unit(TimeUnit u) { return u == TimeUnit::week ? 7.0 : 1.0; }
const char* time_unit_name(TimeUnit u);

struct SummaryOptions {
    std::optional<DayNumber> calibration_end;  // inclusive; default: the last purchase day in the file
    TimeUnit unit = TimeUnit::week;
};

struct CustomerRow {
    uint32_t customer = 0;          // index into TransactionLog::customers
    DayNumber first_day = 0;
    DayNumber last_day = 0;         // last purchase day within calibration
    uint32_t purchase_days = 0;     // distinct purchase days within calibration (x + 1)
    uint32_t transactions = 0;      // lines within calibration
    double x = 0, t_x = 0, T = 0;   // in the chosen time unit
    double monetary_value = 0;      // mean value of a repeat purchase day
    double total_value = 0;         // everything the customer spent in calibration
    uint32_t holdout_purchases = 0; // purchase days after the calibration end
    double holdout_value = 0;
};

struct Customers {
    std::vector<CustomerRow> rows;       // sorted by customer id (numerically when ids are numbers)
    DayNumber calibration_end = 0;
    DayNumber first_day_in_data = 0;
    DayNumber last_day_in_data = 0;
    TimeUnit unit = TimeUnit::week;
    uint64_t customers_after_calibration = 0;  // first bought after the calibration end: not summarised

    const CustomerRow* find(const TransactionLog& log, std::string_view id) const;
};

Customers summarise(const TransactionLog& log, const SummaryOptions& options);

// Orders ids as a person would: "2" before "10" when both are whole numbers, text otherwise.
bool id_less(std::string_view a, std::string_view b);

}  // namespace clv
