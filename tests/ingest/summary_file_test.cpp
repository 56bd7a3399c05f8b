// The per-customer summary file reader (core/ingest/summary_file.cpp), through FileAnalysis as the
// browser and the CLI read it.
#include "ingest/summary_file.hpp"

#include <gtest/gtest.h>

#include <string>

#include "pipeline/file_analysis.hpp"

namespace clv {
namespace {

FileAnalysis analyse(const std::string& text, size_t chunk, uint64_t declared_size) {
    FileAnalysis a;
    a.begin("summary.csv", declared_size);
    for (size_t pos = 0; pos < text.size() && a.state() == AnalysisState::reading; pos += chunk)
        a.feed(text.data() + pos, std::min(chunk, text.size() - pos));
    a.finish(SummaryOptions{});
    return a;
}

std::string summary_text(int customers) {
    std::string text = "customer_id,frequency,recency,T,monetary_value\n";
    for (int c = 0; c < customers; ++c)
        text += std::to_string(c * 7 % customers + 1) + "," + std::to_string(c % 4) + "," + std::to_string(c % 4 ? 3 + c % 5 : 0) +
                ".5,20," + std::to_string(c % 4 ? 10 + c % 13 : 0) + "\n";
    return text;
}

// A second line for a customer would count the customer twice: it is rejected, with its line and
// the id, and the first line stays.
TEST(SummaryFile, ASecondLineForTheSameCustomerIsRejected) {
    std::string text = summary_text(30);
    text += "8,9,9,20,99\n";  // customer 8 again
    const FileAnalysis a = analyse(text, 1 << 20, text.size());
    ASSERT_EQ(a.state(), AnalysisState::done) << a.error();
    ASSERT_EQ(a.kind(), FileKind::customer_summary);
    EXPECT_EQ(a.customers().rows.size(), 30u);
    EXPECT_EQ(a.accounting().used, 30u);
    EXPECT_EQ(a.accounting().rejected, 1u);
    EXPECT_TRUE(a.accounting().adds_up());
    ASSERT_EQ(a.rejections().size(), 1u);
    const Rejection& r = a.rejections()[0];
    EXPECT_EQ(r.reason, RejectReason::duplicate_customer);
    EXPECT_EQ(r.line, 32u);
    EXPECT_EQ(r.column, 1);
    EXPECT_EQ(r.text, "8");
    const CustomerRow* eight = a.customers().find(a.log(), "8");
    ASSERT_NE(eight, nullptr);
    EXPECT_NE(eight->x(), 9);  // the first line's values
    EXPECT_STREQ(reject_reason_code(RejectReason::duplicate_customer), "duplicate_customer");
}

// A summary file has no dates: each customer's days count back from the end of its period (day
// 0), so the days since the last purchase are (T - recency) in days, as the file says.
TEST(SummaryFile, DaysCountBackFromTheEndOfThePeriod) {
    const std::string text = "customer_id,frequency,recency,T,monetary_value\nA,3,10.5,20,12\nB,0,0,2.25,0\n";
    const FileAnalysis a = analyse(text, 1 << 20, text.size());
    ASSERT_EQ(a.state(), AnalysisState::done) << a.error();
    const CustomerRow* A = a.customers().find(a.log(), "A");
    const CustomerRow* B = a.customers().find(a.log(), "B");
    ASSERT_NE(A, nullptr);
    ASSERT_NE(B, nullptr);
    EXPECT_EQ(a.customers().calibration_end, 0);
    EXPECT_EQ(A->first_day, -140);               // 20 weeks before the end
    EXPECT_EQ(A->last_day, -140 + 74);           // 10.5 weeks after the first purchase, rounded to days
    EXPECT_EQ(B->first_day, -16);                // 2.25 weeks = 15.75 days
    EXPECT_EQ(B->last_day, B->first_day);
    EXPECT_EQ(a.customers().first_day_in_data, -140);
    EXPECT_DOUBLE_EQ(A->t_x, 10.5);              // the model's inputs stay exactly as written
    EXPECT_DOUBLE_EQ(A->T, 20);
}

// The reader reserves its rows from the declared size and the first chunk; whether that estimate
// is right, far too low or far too high, the customers are the same, sorted by id.
TEST(SummaryFile, SameCustomersWhateverTheSizeEstimate) {
    const std::string text = summary_text(20000);
    const FileAnalysis exact = analyse(text, 1 << 16, text.size());
    ASSERT_EQ(exact.state(), AnalysisState::done) << exact.error();
    ASSERT_EQ(exact.customers().rows.size(), 20000u);
    for (const uint64_t declared : {uint64_t{text.size() / 50}, uint64_t{text.size() * 20}}) {
        const FileAnalysis other = analyse(text, 1 << 16, declared);
        ASSERT_EQ(other.state(), AnalysisState::done) << other.error();
        ASSERT_EQ(other.customers().rows.size(), exact.customers().rows.size());
        for (size_t i = 0; i < exact.customers().rows.size(); ++i) {
            const CustomerRow &p = exact.customers().rows[i], &q = other.customers().rows[i];
            ASSERT_EQ(exact.log().customers.name(p.customer), other.log().customers.name(q.customer)) << i;
            ASSERT_EQ(std::make_tuple(p.purchase_days, p.t_x, p.T, p.monetary_value),
                      std::make_tuple(q.purchase_days, q.t_x, q.T, q.monetary_value)) << i;
        }
    }
    for (size_t i = 1; i < exact.customers().rows.size(); ++i)
        ASSERT_LT(std::stoi(std::string(exact.log().customers.name(exact.customers().rows[i - 1].customer))),
                  std::stoi(std::string(exact.log().customers.name(exact.customers().rows[i].customer))));
}

// A file in id order (the SQL's ORDER BY customer_id) is not sorted again; one out of order only
// at its last line must still come out in id order, like the same customers shuffled.
TEST(SummaryFile, RowsComeOutInIdOrderWhateverTheLineOrder) {
    const std::string header = "customer_id,frequency,recency,T,monetary_value\n";
    const auto line = [](int id) { return std::to_string(id) + "," + std::to_string(id % 3) + ",2.5,20," + std::to_string(id % 3 ? 12 : 0) + "\n"; };
    std::string ordered = header, last_out_of_place = header, shuffled = header;
    for (int id = 1; id <= 3000; ++id) ordered += line(id);
    for (int id = 2; id <= 3000; ++id) last_out_of_place += line(id);
    last_out_of_place += line(1);
    for (int k = 0; k < 3000; ++k) shuffled += line(k * 7 % 3000 + 1);
    for (const std::string* text : {&ordered, &last_out_of_place, &shuffled}) {
        const FileAnalysis a = analyse(*text, 4096, text->size());
        ASSERT_EQ(a.state(), AnalysisState::done) << a.error();
        const std::vector<CustomerRow>& rows = a.customers().rows;
        ASSERT_EQ(rows.size(), 3000u);
        for (size_t i = 0; i < rows.size(); ++i) {
            ASSERT_EQ(a.log().customers.name(rows[i].customer), std::to_string(i + 1)) << i;
            ASSERT_EQ(rows[i].purchase_days, (i + 1) % 3 + 1) << i;
        }
    }
}

// A file out of id order, ended in small steps (as the page does between frames): sorted a slice
// at a time over many steps, with progress that only rises, into the same rows as at once. Mixed
// ids (whole numbers with leading zeros, text) check id_less's order through the merges.
TEST(SummaryFile, OutOfOrderFileIsSortedInSteps) {
    std::string text = "customer_id,frequency,recency,T,monetary_value\n";
    const int n = 5000;
    for (int k = 0; k < n; ++k) {
        const int c = k * 7919 % n;
        const std::string id = c % 5 == 0 ? "c" + std::to_string(c) : c % 5 == 1 ? "00" + std::to_string(c) : std::to_string(c);
        text += id + "," + std::to_string(c % 4) + ",2.5,20," + std::to_string(c % 4 ? 12 : 0) + "\n";
    }
    const FileAnalysis whole = analyse(text, 4096, text.size());
    ASSERT_EQ(whole.state(), AnalysisState::done) << whole.error();
    FileAnalysis a;
    a.begin("summary.csv", text.size());
    a.feed(text.data(), text.size());
    int steps = 0;
    double last = 0;
    while (!a.finish_step(SummaryOptions{}, 100)) {
        ++steps;
        EXPECT_GE(a.finish_progress(), last);
        last = a.finish_progress();
    }
    ASSERT_EQ(a.state(), AnalysisState::done) << a.error();
    EXPECT_GE(steps, 4 * n / 100);  // 3 merge passes (runs of 1,024) and the placing, 100 rows a step
    const std::vector<CustomerRow>& rows = a.customers().rows;
    ASSERT_EQ(rows.size(), static_cast<size_t>(n));
    for (size_t i = 0; i < rows.size(); ++i) {
        EXPECT_EQ(a.log().customers.name(rows[i].customer), whole.log().customers.name(whole.customers().rows[i].customer)) << i;
        EXPECT_EQ(rows[i].purchase_days, whole.customers().rows[i].purchase_days);
        if (i > 0) EXPECT_TRUE(id_less(a.log().customers.name(rows[i - 1].customer), a.log().customers.name(rows[i].customer))) << i;
    }
}

}  // namespace
}  // namespace clv
