// One row per customer, in the vocabulary of the literature and the lifetimes library:
//   x    repeat purchases: purchase days in the calibration period after the first
//   t_x  time of the last calibration purchase, from the first (recency)
//   T    age: time from the first purchase to the end of calibration
//   m    mean value of the repeat purchases (lifetimes' monetary_value; 0 when x = 0)
// All purchases of a customer on one day are one purchase occasion ("purchase day").
// Purchases after the calibration end form the holdout period, used to validate the models.
#pragma once
#include <cstdint>
#include <memory>
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

// 64 bytes, aligned to a cache line: the summary writes a million of these at scattered places
// (id order), and a row that straddles two lines costs two misses (an 80-byte row touched 1.8 on
// average). So x is not stored (it is purchase_days - 1) and the fields leave no padding.
struct alignas(64) CustomerRow {
    uint32_t customer = 0;          // index into TransactionLog::customers
    DayNumber first_day = 0;
    DayNumber last_day = 0;         // last purchase day within calibration
    uint32_t purchase_days = 0;     // distinct purchase days within calibration (x + 1)
    uint32_t holdout_purchases = 0; // purchase days after the calibration end
    // Acquisition channel: the channel of the customer's first purchase (the first line of the
    // first purchase day that names one), as a code into Customers::channel_names; 0 when the file
    // has no channel column or none of those lines names a channel.
    uint16_t acquisition_channel = 0;
    double t_x = 0, T = 0;          // in the chosen time unit
    double monetary_value = 0;      // mean value of a repeat purchase day
    double total_value = 0;         // everything the customer spent in calibration
    double holdout_value = 0;

    // Repeat purchases: purchase days after the first (0 for a row without purchases).
    double x() const { return purchase_days > 0 ? purchase_days - 1.0 : 0.0; }
};
static_assert(sizeof(CustomerRow) == 64, "a summary row is one cache line");

// Memory the summary needs per customer at its peak, in one free region: the rows plus a 4-byte
// rank (see customers.cpp). The Reader leaves a free region at least this large per customer
// behind, so that summarising does not grow the heap (it cannot shrink in wasm).
constexpr size_t kSummaryBytesPerCustomer = sizeof(CustomerRow) + sizeof(uint32_t);

struct Customers {
    std::vector<CustomerRow> rows;       // sorted by customer id (numerically when ids are numbers)
    DayNumber calibration_end = 0;
    DayNumber first_day_in_data = 0;
    DayNumber last_day_in_data = 0;
    TimeUnit unit = TimeUnit::week;
    uint64_t customers_after_calibration = 0;  // first bought after the calibration end: not summarised
    // Names of the acquisition channels (a copy of TransactionLog::channel_names): entry 0 is ""
    // (no channel). Empty when the file has no channel column.
    std::vector<std::string> channel_names;

    bool has_channels() const { return !channel_names.empty(); }
    const std::string& acquisition_channel_name(const CustomerRow& row) const;  // "" when none
    const CustomerRow* find(const TransactionLog& log, std::string_view id) const;
};

Customers summarise(const TransactionLog& log, const SummaryOptions& options);

// The same summary in slices, for a UI that must keep drawing frames (1M customers take a few
// hundred ms in wasm). Call step(budget) until it returns true, then take() the result, which is
// identical to summarise(log, options). Each call does at least one unit of work and stops once
// about `budget` units (log rows or customers, depending on the phase) were done; progress() is
// the share done, 0..1. The log must stay alive and unchanged until take().
class SummaryBuilder {
public:
    SummaryBuilder(const TransactionLog& log, const SummaryOptions& options);
    ~SummaryBuilder();
    SummaryBuilder(SummaryBuilder&&) noexcept;
    SummaryBuilder& operator=(SummaryBuilder&&) noexcept;

    bool step(uint64_t budget);
    double progress() const;
    bool done() const;
    Customers take();

private:
    struct State;
    std::unique_ptr<State> s_;
};

// Orders ids as a person would: "2" before "10" when both are whole numbers, text otherwise.
bool id_less(std::string_view a, std::string_view b);

}  // namespace clv
