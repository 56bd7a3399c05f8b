#include "summary/customers.hpp"

#include <gtest/gtest.h>

#include <algorithm>
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
    EXPECT_DOUBLE_EQ(a.x(), 2);
    EXPECT_DOUBLE_EQ(a.t_x, 2);        // 14 days
    EXPECT_DOUBLE_EQ(a.T, 4);          // 28 days
    EXPECT_DOUBLE_EQ(a.monetary_value, (20 + 40) / 2.0);  // repeat purchase days only
    EXPECT_DOUBLE_EQ(a.total_value, 70);
    EXPECT_EQ(a.holdout_purchases, 1u);
    EXPECT_DOUBLE_EQ(a.holdout_value, 99);
    const CustomerRow& b = *c.find(log, "B");
    EXPECT_DOUBLE_EQ(b.x(), 0);
    EXPECT_DOUBLE_EQ(b.monetary_value, 0);
    EXPECT_DOUBLE_EQ(b.T, 19 / 7.0);
    EXPECT_EQ(c.find(log, "C"), nullptr);
}

TEST(Summary, IdsSortAsNumbersWhenTheyAreNumbers) {
    EXPECT_TRUE(id_less("2", "10"));
    EXPECT_TRUE(id_less("00002", "00010"));
    EXPECT_FALSE(id_less("10", "2"));
    EXPECT_TRUE(id_less("A10", "A2"));  // text compares as text
    // Whole numbers before text, so that the order has no cycle (9 < 10 < 1a < 9 before).
    EXPECT_TRUE(id_less("9", "10"));
    EXPECT_TRUE(id_less("10", "1a"));
    EXPECT_TRUE(id_less("9", "1a"));
    EXPECT_FALSE(id_less("1a", "9"));
    EXPECT_FALSE(id_less("1a", "1a"));
}

// The published CDNOW calibration summary (Fader, Hardie & Lee 2005), rebuilt from the raw
// transactions of the 1/10 sample: x, t_x, T in weeks to 1997-09-30 and the mean repeat value.
// The output order by id, through each of the summary's sort paths: whole numbers packed for the
// radix sort (with "007"/"7" ties), numbers too large to pack beside an index (comparison sort),
// text ids; for the Reader's grouped log and for a hand-built log in file order. The expected
// order and values are computed here from the input lines, not through the code under test.
TEST(Summary, OrderAndValuesAgreeWithAnIndependentTallyForEverySortPath) {
    const std::vector<std::vector<std::string>> id_sets = {
        {"10", "9", "007", "7", "123456", "0", "99", "1000000"},
        {"10", "9", "18446744073709551", "7", "9223372036854775807", "42"},  // above what packs with an index
        {"b7", "A", "10", "a", "9", "Z9"},
        {"00000000000000000000012", "5", "012", "1000000000000000000", "3"},  // many leading zeros, 19 digits
        {"12345678901234567890", "5", "012", "99999999999999999999", "3"},   // 20 digits: compared as text
        {"1a", "9", "10", "2b", "100", "12345678901234567890", "x"},          // numbers and text mixed
        {"CUST-000000010", "CUST-000000009", "CUST-0000000100", "CUST-00000001", "CUST-000000011", "CUST-0"},  // a long shared prefix
        {"P-12345678a", "P-12345678b", "P-12345678", "Q", "P-12345678a0", "P-1234567"},  // equal in the key's 8 bytes
    };
    for (const auto& ids : id_sets) {
        // Each customer k buys on days k % 5, (k * 3) % 11, ... of January, with varying amounts;
        // the last id only returns, so it has no row.
        std::string csv = "id,date,amount\n";
        struct Tally { std::map<int, double> days; };
        std::map<std::string, Tally> expect;
        for (int line = 0; line < 60; ++line) {
            const size_t k = static_cast<size_t>(line * 7) % ids.size();
            const int d = 1 + (line * 5 + static_cast<int>(k)) % 20;
            const double amount = 1 + (line % 9) * 0.25;
            const bool only_returns = k + 1 == ids.size();
            csv += ids[k] + ",2024-01-" + (d < 10 ? "0" : "") + std::to_string(d) + "," +
                   (only_returns ? "-" : "") + std::to_string(amount) + "\n";
            if (!only_returns) expect[ids[k]].days[d] += amount;
        }
        ReadOptions o;
        o.customer_column = 0;
        o.date_column = 1;
        o.amount_column = 2;
        o.date_format = DateFormat::iso;
        Reader r(o);
        r.feed(csv);
        r.finish();
        const TransactionLog grouped = r.take_log();
        // The same purchases as a log in file order (not grouped), built by hand.
        TransactionLog by_hand;
        for (size_t i = 0; i < grouped.customers.size(); ++i) by_hand.customers.intern(grouped.customers.name(static_cast<uint32_t>(i)));
        for (size_t row = grouped.rows(); row-- > 0;) by_hand.add(grouped.customer[row], grouped.day[row], grouped.amount[row]);

        std::vector<std::string> order;
        for (const auto& e : expect) order.push_back(e.first);
        std::sort(order.begin(), order.end(), [](const std::string& a, const std::string& b) {
            const auto digits = [](const std::string& s) { return s.find_first_not_of("0123456789") == std::string::npos; };
            if (digits(a) != digits(b)) return digits(a);  // whole numbers first
            if (digits(a)) {  // as numbers: leading zeros dropped, then length, then text
                const std::string x = a.substr(std::min(a.find_first_not_of('0'), a.size() - 1));
                const std::string y = b.substr(std::min(b.find_first_not_of('0'), b.size() - 1));
                if (x.size() != y.size()) return x.size() < y.size();
                if (x != y) return x < y;
            }
            return a < b;
        });
        SummaryOptions so;
        so.calibration_end = ymd(2024, 1, 31);
        so.unit = TimeUnit::day;
        for (const TransactionLog* log : std::vector<const TransactionLog*>{&grouped, &by_hand}) {
            const Customers c = summarise(*log, so);
            ASSERT_EQ(c.rows.size(), order.size());
            for (size_t i = 0; i < order.size(); ++i) {
                const CustomerRow& row = c.rows[i];
                EXPECT_EQ(log->customers.name(row.customer), order[i]);
                const auto& days = expect[order[i]].days;
                double total = 0;
                for (const auto& [d, v] : days) total += v;
                EXPECT_EQ(row.purchase_days, days.size());
                EXPECT_EQ(row.first_day, ymd(2024, 1, static_cast<unsigned>(days.begin()->first)));
                EXPECT_EQ(row.last_day, ymd(2024, 1, static_cast<unsigned>(days.rbegin()->first)));
                EXPECT_NEAR(row.total_value, total, 1e-9);
                EXPECT_NEAR(row.monetary_value, days.size() > 1 ? (total - days.begin()->second) / (days.size() - 1.0) : 0, 1e-9);
            }
        }
    }
}

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
        EXPECT_EQ(row->x(), std::stod(x)) << id;
        EXPECT_NEAR(row->t_x, std::stod(t_x), 0.0051) << id;
        EXPECT_NEAR(row->T, std::stod(T), 0.0051) << id;
        EXPECT_NEAR(row->monetary_value, std::stod(zbar), 0.0051) << id;
        ++compared;
        repeat_buyers += row->x() > 0;
        repeat_purchases += row->x();
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
    EXPECT_EQ(one->x(), 0);
    EXPECT_EQ(one->t_x, 0);
    EXPECT_NEAR(one->T, 38.857142857, 1e-6);
    // Holdout: 1997-10-01 .. 1998-06-30, total repeat purchase days documented as 19,684.
    double holdout = 0;
    for (const CustomerRow& r : c.rows) holdout += r.holdout_purchases;
    EXPECT_EQ(holdout, 19684);
}

}  // namespace
}  // namespace clv
