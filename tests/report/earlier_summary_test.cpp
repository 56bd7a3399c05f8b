// The summary at an earlier date derived from today's (report/earlier_summary.hpp) must equal
// summarise() at that date field for field — the doubles bit for bit, since value change compares
// customers across the two dates — on CDNOW (grouped log from the reader) and on hand-built logs.
#include <gtest/gtest.h>

#include <tuple>

#include "cdnow_fixture.hpp"
#include "report/earlier_summary.hpp"

namespace clv {
namespace {

// Runs the builder in slices of `budget` units (small budgets cut runs and rows at many places).
Customers earlier_summary(const TransactionLog& log, const Customers& today, DayNumber earlier, uint64_t budget,
                          std::vector<int32_t>& previous) {
    EarlierSummaryBuilder b(log, today, earlier);
    while (!b.step(budget)) {
    }
    Customers out = b.take();
    previous = b.take_previous();
    return out;
}

void expect_same_summary(const Customers& expected, const Customers& got) {
    ASSERT_EQ(got.rows.size(), expected.rows.size());
    EXPECT_EQ(got.calibration_end, expected.calibration_end);
    EXPECT_EQ(got.first_day_in_data, expected.first_day_in_data);
    EXPECT_EQ(got.last_day_in_data, expected.last_day_in_data);
    EXPECT_EQ(got.customers_after_calibration, expected.customers_after_calibration);
    EXPECT_EQ(got.unit, expected.unit);
    // Every field, doubles compared exactly.
    const auto fields = [](const CustomerRow& r) {
        return std::make_tuple(r.customer, r.first_day, r.last_day, r.purchase_days, r.t_x, r.T,
                               r.monetary_value, r.total_value, r.holdout_purchases, r.holdout_value, r.acquisition_channel);
    };
    for (size_t i = 0; i < got.rows.size(); ++i) ASSERT_EQ(fields(got.rows[i]), fields(expected.rows[i])) << "row " << i;
}

// previous[i] names the earlier row of the same customer, or -1 exactly when the customer's first
// purchase lies after the earlier date.
void expect_previous_rows(const Customers& today, const Customers& earlier, const std::vector<int32_t>& previous) {
    ASSERT_EQ(previous.size(), today.rows.size());
    size_t matched = 0;
    for (size_t i = 0; i < today.rows.size(); ++i) {
        const bool was_customer = today.rows[i].first_day <= earlier.calibration_end;
        ASSERT_EQ(previous[i] >= 0, was_customer) << i;
        if (!was_customer) continue;
        ++matched;
        EXPECT_EQ(earlier.rows[static_cast<size_t>(previous[i])].customer, today.rows[i].customer) << i;
    }
    EXPECT_EQ(matched, earlier.rows.size());
}

TEST(EarlierSummary, EqualsSummariseOnCdnow) {
    const testing::Cdnow& d = testing::cdnow();
    const DayNumber end = d.customers.calibration_end;
    for (const int days_back : {1, 90, 200, 400}) {
        SCOPED_TRACE(days_back);
        SummaryOptions so;
        so.calibration_end = end - days_back;
        so.unit = d.customers.unit;
        const Customers expected = summarise(d.log, so);
        for (const uint64_t budget : {uint64_t{997}, UINT64_MAX}) {
            std::vector<int32_t> previous;
            const Customers got = earlier_summary(d.log, d.customers, end - days_back, budget, previous);
            expect_same_summary(expected, got);
            expect_previous_rows(d.customers, got, previous);
        }
    }
}

// Today's summary of `log` at `today_end`, then the earlier one at `earlier` in slices of `budget`,
// checked against summarise() at `earlier`.
Customers checked_earlier_summary(const TransactionLog& log, TimeUnit unit, DayNumber today_end, DayNumber earlier,
                                  uint64_t budget) {
    SummaryOptions so;
    so.unit = unit;
    so.calibration_end = today_end;
    const Customers today = summarise(log, so);
    std::vector<int32_t> previous;
    Customers got = earlier_summary(log, today, earlier, budget, previous);
    so.calibration_end = earlier;
    expect_same_summary(summarise(log, so), got);
    expect_previous_rows(today, got, previous);
    return got;
}

// Days as summarise() counts them, in days rather than weeks, and a customer who bought only
// between the two dates.
TEST(EarlierSummary, EqualsSummariseInDaysOnAHandBuiltLog) {
    TransactionLog log;
    const uint32_t a = log.customers.intern("a"), b = log.customers.intern("b"), c = log.customers.intern("c");
    // Grouped by customer and day, as the reader leaves it.
    for (const auto& [who, day, amount] : {std::tuple{a, 10, 5.0}, {a, 10, 2.5}, {a, 40, 1.25}, {a, 95, 7.0},
                                           {b, 20, 3.0}, {b, 60, 4.0}, {c, 80, 9.0}})
        log.add(who, day, amount);
    const Customers got = checked_earlier_summary(log, TimeUnit::day, 90, 50, 2);
    // Customer a at day 50: purchase days 10 and 40, spend 8.75, repeat mean 1.25, T 40 days.
    ASSERT_EQ(got.rows.size(), 2u);
    EXPECT_EQ(got.rows[0].purchase_days, 2u);
    EXPECT_DOUBLE_EQ(got.rows[0].total_value, 8.75);
    EXPECT_DOUBLE_EQ(got.rows[0].monetary_value, 1.25);
    EXPECT_DOUBLE_EQ(got.rows[0].T, 40);
    EXPECT_EQ(got.rows[0].holdout_purchases, 1u);  // day 95
}

// A log in file order (not grouped by customer) takes the summarise() route with the same result.
TEST(EarlierSummary, UngroupedLogFallsBackToSummarise) {
    TransactionLog log;
    const uint32_t a = log.customers.intern("7"), b = log.customers.intern("3");
    for (const auto& [who, day, amount] : {std::tuple{a, 30, 1.0}, {b, 12, 2.0}, {a, 5, 4.0}, {b, 40, 8.0}, {a, 38, 16.0}})
        log.add(who, day, amount);
    const Customers got = checked_earlier_summary(log, TimeUnit::week, 45, 35, 1);
    EXPECT_EQ(got.rows.size(), 2u);
}

}  // namespace
}  // namespace clv
