#include "summary/customers.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <sstream>

#include "ingest/reader.hpp"
#include "ingest/sniffer.hpp"
#include "support/test_files.hpp"

namespace clv {
namespace {

DayNumber ymd(int y, unsigned m, unsigned d) { return days_from_civil(y, m, d); }

TransactionLog read_all(const std::string& text, const ReadOptions& o) {
    Reader r(o);
    r.feed(text);
    r.finish();
    EXPECT_EQ(r.accounting().rejected, 0u);
    return r.take_log();
}

TEST(Summary, PurchaseDaysRepeatsRecencyAgeAndMonetaryValue) {
    ReadOptions o;
    o.customer_column = 0;
    o.date_column = 1;
    o.amount_column = 2;
    o.date_format = DateFormat::iso;
    // A: three purchase days in calibration (two lines on 01-08 are one occasion), one after.
    const TransactionLog log = read_all(
        "id,date,amount\nA,2024-01-01,10\nA,2024-01-08,5\nA,2024-01-08,15\nA,2024-01-15,40\nB,2024-01-10,7\n"
        "A,2024-02-01,99\nC,2024-02-02,1\n",
        o);
    SummaryOptions so;
    so.calibration_end = ymd(2024, 1, 29);
    so.unit = TimeUnit::week;
    const Customers c = summarise(log, so);
    ASSERT_EQ(c.rows.size(), 2u);  // C first bought after the calibration end
    EXPECT_EQ(c.customers_after_calibration, 1u);
    const CustomerRow& a = *c.find(log, "A");
    EXPECT_EQ(a.purchase_days, 3u);
    EXPECT_EQ(a.transactions, 4u);
    EXPECT_DOUBLE_EQ(a.x, 2);
    EXPECT_DOUBLE_EQ(a.t_x, 2);        // 14 days
    EXPECT_DOUBLE_EQ(a.T, 4);          // 28 days
    EXPECT_DOUBLE_EQ(a.monetary_value, (20 + 40) / 2.0);  // repeat purchase days only
    EXPECT_DOUBLE_EQ(a.total_value, 70);
    EXPECT_EQ(a.holdout_purchases, 1u);
    EXPECT_DOUBLE_EQ(a.holdout_value, 99);
    const CustomerRow& b = *c.find(log, "B");
    EXPECT_DOUBLE_EQ(b.x, 0);
    EXPECT_DOUBLE_EQ(b.monetary_value, 0);
    EXPECT_DOUBLE_EQ(b.T, 19 / 7.0);
    EXPECT_EQ(c.find(log, "C"), nullptr);
}

TEST(Summary, IdsSortAsNumbersWhenTheyAreNumbers) {
    EXPECT_TRUE(id_less("2", "10"));
    EXPECT_TRUE(id_less("00002", "00010"));
    EXPECT_FALSE(id_less("10", "2"));
    EXPECT_TRUE(id_less("A10", "A2"));  // text compares as text
}

// The published CDNOW calibration summary (Fader, Hardie & Lee 2005), rebuilt from the raw
// transactions of the 1/10 sample: x, t_x, T in weeks to 1997-09-30 and the mean repeat value.
TEST(Summary, ReproducesThePublishedCdnowSampleSummary) {
    ReadOptions o;
    o.delimiter = kWhitespaceDelimiter;
    o.has_header = false;
    o.customer_column = 1;  // the sample id 1..2357
    o.date_column = 2;
    o.amount_column = 4;
    o.date_format = DateFormat::ymd_compact;
    const TransactionLog log = read_all(testing::shared_data("CDNOW_sample.txt"), o);
    SummaryOptions so;
    so.calibration_end = ymd(1997, 9, 30);
    const Customers c = summarise(log, so);
    ASSERT_EQ(c.rows.size(), 2357u);

    std::istringstream ref(testing::shared_data("cdnow_customers_summary_with_transactions.csv"));
    std::string line;
    std::getline(ref, line);  // ID,x,t_x,T,zbar
    int compared = 0, repeat_buyers = 0;
    double repeat_purchases = 0;
    while (std::getline(ref, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        std::istringstream f(line);
        std::string id, x, t_x, T, zbar;
        std::getline(f, id, ',');
        std::getline(f, x, ',');
        std::getline(f, t_x, ',');
        std::getline(f, T, ',');
        std::getline(f, zbar, ',');
        char padded[8];
        std::snprintf(padded, sizeof padded, "%04d", std::stoi(id));
        const CustomerRow* row = c.find(log, padded);
        ASSERT_NE(row, nullptr) << id;
        EXPECT_EQ(row->x, std::stod(x)) << id;
        EXPECT_NEAR(row->t_x, std::stod(t_x), 0.0051) << id;
        EXPECT_NEAR(row->T, std::stod(T), 0.0051) << id;
        EXPECT_NEAR(row->monetary_value, std::stod(zbar), 0.0051) << id;
        ++compared;
        repeat_buyers += row->x > 0;
        repeat_purchases += row->x;
    }
    EXPECT_EQ(compared, 2357);
    EXPECT_EQ(repeat_buyers, 946);
    EXPECT_EQ(repeat_purchases, 2457);
}

TEST(Summary, CdnowMasterHas23570CustomersAndCustomerOneMatchesTheLiterature) {
    const std::string text = testing::shared_data("CDNOW_master.txt");
    const SniffResult s = sniff(text.substr(0, 65536), false);
    ASSERT_TRUE(s.problem.empty());
    const TransactionLog log = read_all(text, s.options);
    SummaryOptions so;
    so.calibration_end = ymd(1997, 9, 30);
    const Customers c = summarise(log, so);
    EXPECT_EQ(c.rows.size(), 23570u);
    // Customer 00001 bought once, on 1997-01-01: x = 0, t_x = 0, T = 272 days = 38.86 weeks.
    const CustomerRow* one = c.find(log, "00001");
    ASSERT_NE(one, nullptr);
    EXPECT_EQ(one->first_day, ymd(1997, 1, 1));
    EXPECT_EQ(one->x, 0);
    EXPECT_EQ(one->t_x, 0);
    EXPECT_NEAR(one->T, 38.857142857, 1e-6);
    // Holdout: 1997-10-01 .. 1998-06-30, total repeat purchase days documented as 19,684.
    double holdout = 0;
    for (const CustomerRow& r : c.rows) holdout += r.holdout_purchases;
    EXPECT_EQ(holdout, 19684);
}

}  // namespace
}  // namespace clv
