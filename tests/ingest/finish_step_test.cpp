// The end of a file in slices (FileAnalysis::finish_step, Reader::finish_step, SummaryBuilder):
// whatever the budget, the result is the one finish() gives, the progress only grows, and the
// summary matches figures computed here by hand from the generated lines.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>

#include "pipeline/file_analysis.hpp"

namespace clv {
namespace {

struct Generated {
    std::string text;
    // Computed while writing the lines, independently of the reader: per customer id.
    struct Expected {
        DayNumber first_day = INT32_MAX;
        std::map<DayNumber, double> value_by_day;  // purchases only
        std::map<DayNumber, std::string> first_channel_by_day;
        double returned = 0;
    };
    std::map<std::string, Expected> customers;
    size_t purchases = 0, returns = 0;
};

// Shuffled order lines of `n_customers` over 2023, with returns (negative amounts), order ids and
// a channel that is sometimes empty; ids are numbers, or text when `text_ids`.
Generated generate(size_t n_customers, size_t n_lines, bool text_ids, unsigned seed) {
    std::mt19937 rng(seed);
    const char* channels[] = {"", "search", "email", "social", "ads"};
    Generated g;
    g.text = "customer_id,order_id,date,amount,channel\n";
    for (size_t i = 0; i < n_lines; ++i) {
        const size_t c = rng() % n_customers;
        const std::string id = text_ids ? "cust-" + std::to_string(c * 7919 % 100003) : std::to_string(c * 7919 % 100003);
        const DayNumber day = days_from_civil(2023, 1, 1) + static_cast<DayNumber>(rng() % 365);
        const bool is_return = rng() % 20 == 0;
        const int cents = static_cast<int>(rng() % 20000) + 1;
        const std::string channel = channels[rng() % 5];
        const CivilDate d = civil_from_days(day);
        char line[160];
        std::snprintf(line, sizeof line, "%s,O%zu,%04d-%02u-%02u,%s%d.%02d,%s\n", id.c_str(), i, d.year, d.month, d.day,
                      is_return ? "-" : "", cents / 100, cents % 100, channel.c_str());
        g.text += line;
        Generated::Expected& e = g.customers[id];
        if (is_return) {
            e.returned += cents / 100.0;
            ++g.returns;
            continue;
        }
        ++g.purchases;
        e.first_day = std::min(e.first_day, day);
        e.value_by_day[day] += cents / 100.0;
        std::string& first = e.first_channel_by_day[day];
        if (first.empty()) first = channel;  // the first line of that day that names one
    }
    return g;
}

FileAnalysis analyse_in_steps(const std::string& text, uint64_t budget, size_t& steps) {
    FileAnalysis a;
    a.begin("orders.csv", text.size());
    for (size_t at = 0; at < text.size(); at += 64 << 10) a.feed(text.data() + at, std::min<size_t>(64 << 10, text.size() - at));
    steps = 0;
    double last = a.finish_progress();
    EXPECT_EQ(last, 0.0);
    while (!a.finish_step(SummaryOptions{}, budget)) {
        ++steps;
        const double p = a.finish_progress();
        EXPECT_GE(p, last);
        EXPECT_LT(p, 1.0);
        last = p;
        if (steps > 100000) break;  // a step that never finishes would fail below, not hang
    }
    EXPECT_EQ(a.finish_progress(), 1.0);
    return a;
}

void expect_same_result(const FileAnalysis& x, const FileAnalysis& y) {
    ASSERT_EQ(x.state(), AnalysisState::done) << x.error();
    ASSERT_EQ(y.state(), AnalysisState::done) << y.error();
    EXPECT_EQ(x.accounting_line(), y.accounting_line());
    ASSERT_EQ(x.log().rows(), y.log().rows());
    EXPECT_EQ(x.log().customer, y.log().customer);
    EXPECT_EQ(x.log().day, y.log().day);
    EXPECT_EQ(x.log().amount, y.log().amount);
    EXPECT_EQ(x.log().order, y.log().order);
    EXPECT_EQ(x.log().channel, y.log().channel);
    EXPECT_EQ(x.log().channel_names, y.log().channel_names);
    ASSERT_EQ(x.customers().rows.size(), y.customers().rows.size());
    for (size_t i = 0; i < x.customers().rows.size(); ++i) {
        const CustomerRow &a = x.customers().rows[i], &b = y.customers().rows[i];
        ASSERT_EQ(x.log().customers.name(a.customer), y.log().customers.name(b.customer)) << i;
        EXPECT_EQ(a.purchase_days, b.purchase_days);
        EXPECT_EQ(a.total_value, b.total_value);
        EXPECT_EQ(a.T, b.T);
        EXPECT_EQ(a.acquisition_channel, b.acquisition_channel);
    }
    EXPECT_EQ(x.totals().net_value, y.totals().net_value);
}

void expect_matches_generated(const FileAnalysis& a, const Generated& g) {
    EXPECT_EQ(a.accounting().used, g.purchases);
    EXPECT_EQ(a.accounting().returns, g.returns);
    EXPECT_TRUE(a.accounting().adds_up());
    const Customers& c = a.customers();
    size_t buyers = 0;
    for (const auto& [id, e] : g.customers) {
        if (e.value_by_day.empty()) continue;  // returns only: not summarised
        ++buyers;
        const CustomerRow* row = c.find(a.log(), id);
        ASSERT_NE(row, nullptr) << id;
        EXPECT_EQ(row->first_day, e.first_day) << id;
        EXPECT_EQ(row->purchase_days, e.value_by_day.size()) << id;
        double total = 0;
        for (const auto& [day, value] : e.value_by_day) total += value;
        EXPECT_NEAR(row->total_value, total, 1e-6 * total) << id;
        EXPECT_EQ(c.acquisition_channel_name(*row), e.first_channel_by_day.at(e.first_day)) << id;
    }
    EXPECT_EQ(c.rows.size(), buyers);
    for (size_t i = 1; i < c.rows.size(); ++i)
        EXPECT_TRUE(id_less(a.log().customers.name(c.rows[i - 1].customer), a.log().customers.name(c.rows[i].customer)));
}

TEST(FinishStep, SmallBudgetsGiveTheSameResultAsFinish) {
    for (bool text_ids : {false, true}) {
        const Generated g = generate(3000, 20000, text_ids, 7u + text_ids);
        FileAnalysis whole;
        whole.begin("orders.csv", g.text.size());
        whole.feed(g.text.data(), g.text.size());
        whole.finish(SummaryOptions{});
        expect_matches_generated(whole, g);
        for (uint64_t budget : {uint64_t{1}, uint64_t{700}, uint64_t{1} << 16}) {
            size_t steps = 0;
            const FileAnalysis sliced = analyse_in_steps(g.text, budget, steps);
            expect_same_result(whole, sliced);
            // 256 partitions and the summary's phases: a budget of one row still ends, in many steps.
            if (budget == 1) {
                EXPECT_GT(steps, 256u);
            } else if (budget == 700) {
                EXPECT_GT(steps, 20u);
            }
        }
    }
}

TEST(FinishStep, ReaderStepsReportProgressAndFinish) {
    const Generated g = generate(500, 5000, false, 3);
    ReadOptions o;
    o.customer_column = 0;
    o.order_column = 1;
    o.date_column = 2;
    o.amount_column = 3;
    o.channel_column = 4;
    o.date_format = DateFormat::iso;
    Reader r(o);
    r.feed(g.text);
    EXPECT_EQ(r.finish_progress(), 0.0);
    EXPECT_FALSE(r.finish_step(100));  // the log's columns reserved: a step of its own
    EXPECT_EQ(r.finish_progress(), 0.0);
    EXPECT_FALSE(r.finish_step(100));
    const double first = r.finish_progress();
    EXPECT_GT(first, 0.0);
    EXPECT_LT(first, 0.1);  // 100 rows' worth of partitions out of 5000 rows
    EXPECT_FALSE(r.finished());
    r.finish();  // the rest at once
    EXPECT_TRUE(r.finished());
    EXPECT_EQ(r.finish_progress(), 1.0);
    EXPECT_EQ(r.log().rows(), g.purchases);
    EXPECT_TRUE(r.finish_step(1));  // nothing left
}

TEST(FinishStep, AFailingFileEndsInOneStep) {
    FileAnalysis a;
    const std::string text = "customer_id,date,amount\n";
    a.begin("orders.csv", text.size());
    a.feed(text.data(), text.size());
    EXPECT_TRUE(a.finish_step(SummaryOptions{}, 1));
    EXPECT_EQ(a.state(), AnalysisState::failed);
    EXPECT_EQ(a.finish_progress(), 1.0);
}

TEST(FinishStep, SummaryBuilderInStepsEqualsSummarise) {
    // A log built by hand, not grouped by customer: the builder's grouping phase runs too.
    TransactionLog log;
    std::mt19937 rng(11);
    for (int c = 0; c < 300; ++c) log.customers.intern(c % 3 == 0 ? "x" + std::to_string(c) : std::to_string(1000 - c));
    for (int i = 0; i < 4000; ++i) log.add(rng() % 300, 19000 + static_cast<DayNumber>(rng() % 300), 1 + rng() % 50);
    SummaryOptions so;
    so.calibration_end = 19200;
    const Customers whole = summarise(log, so);
    SummaryBuilder b(log, so);
    int steps = 0;
    double last = 0;
    while (!b.step(37)) {
        ++steps;
        EXPECT_GE(b.progress(), last);
        last = b.progress();
    }
    const Customers sliced = b.take();
    EXPECT_GT(steps, 10);
    ASSERT_EQ(whole.rows.size(), sliced.rows.size());
    EXPECT_EQ(whole.customers_after_calibration, sliced.customers_after_calibration);
    for (size_t i = 0; i < whole.rows.size(); ++i) {
        EXPECT_EQ(whole.rows[i].customer, sliced.rows[i].customer);
        EXPECT_EQ(whole.rows[i].x(), sliced.rows[i].x());
        EXPECT_EQ(whole.rows[i].total_value, sliced.rows[i].total_value);
        EXPECT_EQ(whole.rows[i].holdout_value, sliced.rows[i].holdout_value);
    }
}

// Numeric ids with equal values ("7", "07", "007"): ties are ordered by their text, a slice of keys
// at a time, also when a run of equal values spans two slices (steps of 3 keys, runs of 4).
TEST(FinishStep, SummaryBuilderOrdersEqualNumericIdsInSlices) {
    TransactionLog log;
    std::mt19937 rng(5);
    for (int c = 0; c < 400; ++c) log.customers.intern(std::string(static_cast<size_t>(c % 4), '0') + std::to_string(c / 4));
    for (int i = 0; i < 3000; ++i) log.add(rng() % 400, 19000 + static_cast<DayNumber>(rng() % 200), 1 + rng() % 50);
    const Customers whole = summarise(log, SummaryOptions{});
    SummaryBuilder b(log, SummaryOptions{});
    while (!b.step(3)) {
    }
    const Customers sliced = b.take();
    ASSERT_EQ(whole.rows.size(), sliced.rows.size());
    ASSERT_GT(whole.rows.size(), 300u);
    for (size_t i = 0; i < whole.rows.size(); ++i) {
        EXPECT_EQ(whole.rows[i].customer, sliced.rows[i].customer) << i;
        if (i == 0) continue;
        const std::string a(log.customers.name(sliced.rows[i - 1].customer));
        const std::string c(log.customers.name(sliced.rows[i].customer));
        const long va = std::stol(a), vc = std::stol(c);
        EXPECT_TRUE(va < vc || (va == vc && a < c)) << a << " before " << c;  // by value, then by text
    }
}

}  // namespace
}  // namespace clv
