// The per-customer summary at an earlier date (value change: the analysis date minus compare_days)
// derived from today's summary and the order log, without a second summarise():
//   - the customers then are today's customers whose first purchase lies on or before the earlier
//     date, in today's (id) order — exactly the rows summarise() would give, so no id sort;
//   - a customer without a purchase between the two dates has today's row with T shortened;
//   - only the others (typically a minority) are summed again from their run of the log.
// The rows equal summarise(log, {earlier, unit}) field for field (tests/report/earlier_summary_test).
// A log not grouped by customer and day (built by hand) falls back to summarise().
//
// In resumable slices like SummaryBuilder: step() until it returns true, then take(). Memory
// besides the result: 4 bytes per customer index (freed at take) and the 4-byte map `previous`.
#pragma once
#include <cstdint>
#include <vector>

#include "ingest/transaction_log.hpp"
#include "summary/customers.hpp"

namespace clv {

class EarlierSummaryBuilder {
public:
    // `today` must be summarise(log, {calibration_end, unit}) with `earlier` < its calibration end.
    // Both must outlive the builder.
    EarlierSummaryBuilder(const TransactionLog& log, const Customers& today, DayNumber earlier);

    // About `budget` units of work (today's rows, then log rows); true once done.
    bool step(uint64_t budget);
    bool done() const { return phase_ == Phase::done; }
    Customers take();
    // previous()[i]: the earlier summary's row of today's row i, or -1 (first purchase after `earlier`).
    std::vector<int32_t> take_previous() { return std::move(previous_); }

private:
    enum class Phase { count, rank, copy, walk, done };
    void prepare(uint64_t budget);  // a slice of the count and rank phases (then phase_ is copy)
    void copy_rows(size_t end);
    void walk_log(size_t end);
    void resum_run(size_t begin, size_t end, CustomerRow& row) const;
    void fall_back();

    const TransactionLog& log_;
    const Customers& today_;
    DayNumber earlier_;
    double unit_;
    Phase phase_ = Phase::count;
    size_t cursor_ = 0;
    size_t counted_ = 0;  // today's customers who were customers at the earlier date
    Customers out_;
    std::vector<int32_t> previous_;
    std::vector<uint32_t> rank_;  // customer index -> earlier row, UINT32_MAX when none
};

}  // namespace clv
