// The real files of ../shared/data and the bundled samples, through FileAnalysis as the app reads
// them, against the figures documented in shared/data/README.md.
#include "pipeline/file_analysis.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <set>
#include <sstream>

#include "support/gunzip.hpp"
#include "support/test_files.hpp"

namespace clv {
namespace {

// Random chunk sizes (1 byte to 64 KiB) so that boundaries land inside characters, quotes and CRLFs.
FileAnalysis analyse(const std::string& text, const std::string& name, unsigned seed = 0,
                     std::optional<ReadOverrides> overrides = std::nullopt) {
    FileAnalysis a;
    a.begin(name, text.size());
    if (overrides) a.set_overrides(*overrides);
    std::mt19937 rng(seed);
    size_t pos = 0;
    while (pos < text.size() && a.state() == AnalysisState::reading) {
        const size_t n = seed == 0 ? text.size() : std::min<size_t>(text.size() - pos, rng() % 65536 + 1);
        a.feed(text.data() + pos, n);
        pos += n;
    }
    a.finish(SummaryOptions{});
    return a;
}

TEST(RealFiles, CdnowMaster) {
    const FileAnalysis a = analyse(testing::shared_data("CDNOW_master.txt"), "CDNOW_master.txt");
    ASSERT_EQ(a.state(), AnalysisState::done) << a.error();
    EXPECT_EQ(a.accounting().used, 69659u);
    EXPECT_EQ(a.accounting().rejected, 0u);
    EXPECT_EQ(a.customers().rows.size(), 23570u);
    EXPECT_NEAR(a.totals().gross_value, 2500315.63, 0.005);
    EXPECT_EQ(a.accounting_line(),
              "CDNOW_master.txt: 69,660 lines = 1 header + 69,659 purchases + 0 returns + 0 rejected + 0 blank; 23,570 customers");
}

TEST(RealFiles, CdnowSampleHasNoHeader) {
    const FileAnalysis a = analyse(testing::shared_data("CDNOW_sample.txt"), "CDNOW_sample.txt", 3);
    ASSERT_EQ(a.state(), AnalysisState::done) << a.error();
    EXPECT_FALSE(a.options()->has_header);
    EXPECT_EQ(a.accounting().used, 6919u);
    EXPECT_EQ(a.customers().rows.size(), 2357u);
}

TEST(RealFiles, ExampleTransactionsHaveNoAmounts) {
    const FileAnalysis a = analyse(testing::shared_data("example_transactions.csv"), "example_transactions.csv");
    ASSERT_EQ(a.state(), AnalysisState::done) << a.error();
    EXPECT_FALSE(a.has_amounts());
    EXPECT_EQ(a.accounting().used, 15273u);
    EXPECT_EQ(a.customers().rows.size(), 5000u);
}

// The UCI Online Retail file, inflated with zlib as the CLI does (the browser inflates with
// DecompressionStream before the core sees the bytes). The same zlib is compiled into the wasm
// build (CMakeLists.txt), so this runs under Node too.
TEST(RealFiles, OnlineRetail) {
    const std::string text = testing::gunzip(testing::read_text_file(std::string(CLV_SHARED_DATA) + "/online_retail_2010_2011.csv.gz"));
    ASSERT_GT(text.size(), 40u << 20);
    const FileAnalysis a = analyse(text, "online_retail.csv", 11);
    ASSERT_EQ(a.state(), AnalysisState::done) << a.error();
    const RowAccounting& acc = a.accounting();
    EXPECT_EQ(acc.lines_read, 541910u);
    // README: rows with an id, not cancelled, quantity > 0 and price > 0: 397,884 rows, 4,338 customers.
    EXPECT_EQ(acc.used, 397884u);
    EXPECT_EQ(a.customers().rows.size(), 4338u);
    EXPECT_EQ(acc.rejected_by_reason[static_cast<int>(RejectReason::empty_customer_id)], 135080u);
    EXPECT_EQ(acc.returns, 8905u);  // the cancellation rows that have a customer id
    EXPECT_EQ(acc.rejected_by_reason[static_cast<int>(RejectReason::free_line)], 40u);
    EXPECT_TRUE(acc.adds_up());
    EXPECT_TRUE(a.options()->cancel_prefix);
    // Ids written as floats ("17850.0") are read as the numbers they are.
    EXPECT_NE(a.log().customers.find("17850"), UINT32_MAX);
    EXPECT_EQ(a.log().customers.find("17850.0"), UINT32_MAX);
    // Distinct invoices among the purchases, and returns worth money, reported separately.
    EXPECT_GT(a.totals().distinct_orders, 18000u);
    EXPECT_GT(a.totals().returned_value, 0);
    EXPECT_NEAR(a.totals().net_value, a.totals().gross_value - a.totals().returned_value, 1e-6);
    EXPECT_EQ(a.describe(a.rejections().at(0)), "online_retail.csv: line 624, column 'CustomerID': no customer id");
    // The totals (made while the log is built) against the log itself, summed here.
    double gross = 0, returned = 0;
    for (double v : a.log().amount) gross += v;
    std::set<uint32_t> buyers(a.log().customer.begin(), a.log().customer.end()), returners;
    for (const ReturnRow& r : a.log().returns) returned -= r.amount, returners.insert(r.customer);
    uint64_t returners_only = 0;
    for (uint32_t c : returners) returners_only += buyers.count(c) == 0;
    EXPECT_NEAR(a.totals().gross_value, gross, 1e-6 * gross);
    EXPECT_NEAR(a.totals().returned_value, returned, 1e-6 * returned);
    EXPECT_EQ(a.totals().customers_with_returns, returners.size());
    EXPECT_EQ(a.totals().customers_with_returns_only, returners_only);
    EXPECT_GT(returners_only, 0u);  // the file has customers who only cancelled
}

// The generated Chinese export: GBK bytes, read in random chunks that split the two-byte
// characters, with refunds as returns.
TEST(RealFiles, GbkSampleInRandomChunks) {
    const std::string text = testing::read_text_file(std::string(CLV_ASSETS) + "/samples/orders_gbk.csv");
    const FileAnalysis whole = analyse(text, "orders_gbk.csv");
    ASSERT_EQ(whole.state(), AnalysisState::done) << whole.error();
    // Figures printed by scripts/make-gbk-sample when it wrote the file.
    EXPECT_EQ(whole.accounting().used, 952u);
    EXPECT_EQ(whole.accounting().returns, 54u);
    EXPECT_EQ(whole.accounting().rejected, 0u);
    EXPECT_EQ(whole.customers().rows.size(), 296u);
    EXPECT_NEAR(whole.totals().gross_value, 171331.94, 0.005);
    EXPECT_EQ(whole.accounting().invalid_characters, 0u);
    EXPECT_NE(whole.log().customers.find("C00159"), UINT32_MAX);
    const std::vector<CustomerReturns> returns = whole.returns_by_customer();
    EXPECT_EQ(returns.size(), whole.totals().customers_with_returns);
    uint64_t lines = 0;
    double value = 0;
    for (const CustomerReturns& r : returns) lines += r.lines, value += r.value;
    EXPECT_EQ(lines, 54u);
    EXPECT_NEAR(value, whole.totals().returned_value, 1e-6);
    for (unsigned seed : {1u, 2u, 3u}) {
        // Tiny first chunks too: FileAnalysis holds them back until it has enough to sniff.
        const FileAnalysis pieces = analyse(text, "orders_gbk.csv", seed);
        ASSERT_EQ(pieces.state(), AnalysisState::done) << pieces.error();
        EXPECT_EQ(pieces.log().day, whole.log().day);
        EXPECT_EQ(pieces.log().amount, whole.log().amount);
        EXPECT_EQ(pieces.accounting().invalid_characters, 0u);
    }
}

TEST(RealFiles, Utf16FileInRandomChunks) {
    const std::string utf8 = "\xEF\xBB\xBF" "客户ID,日期,金额\r\nA,2024-01-02,1\r\nB,2024-01-03,2\r\nA,2024-02-03,3\r\n";
    std::string utf16 = "\xFF\xFE";
    // UTF-8 → UTF-16LE for the BMP, by hand (this test must not need iconv to build its input).
    for (size_t i = 3; i < utf8.size();) {
        const unsigned char c = static_cast<unsigned char>(utf8[i]);
        uint32_t cp;
        if (c < 0x80) cp = c, i += 1;
        else if (c < 0xE0) cp = ((c & 0x1F) << 6) | (utf8[i + 1] & 0x3F), i += 2;
        else cp = ((c & 0x0F) << 12) | ((utf8[i + 1] & 0x3F) << 6) | (utf8[i + 2] & 0x3F), i += 3;
        utf16 += static_cast<char>(cp & 0xFF);
        utf16 += static_cast<char>(cp >> 8);
    }
    for (unsigned seed : {0u, 5u}) {
        const FileAnalysis a = analyse(utf16, "utf16.csv", seed);
        ASSERT_EQ(a.state(), AnalysisState::done) << a.error();
        EXPECT_EQ(a.options()->encoding, Encoding::utf16le);
        EXPECT_EQ(a.options()->column_names[0], "客户ID");
        EXPECT_EQ(a.accounting().used, 3u);
        EXPECT_EQ(a.customers().rows.size(), 2u);
    }
}

TEST(RealFiles, PerCustomerSummaryLoadsDirectly) {
    const FileAnalysis a = analyse(testing::shared_data("cdnow_customers_summary.csv"), "summary.csv", 9);
    ASSERT_EQ(a.state(), AnalysisState::done) << a.error();
    EXPECT_EQ(a.kind(), FileKind::customer_summary);
    EXPECT_EQ(a.reader(), nullptr);
    ASSERT_EQ(a.customers().rows.size(), 2357u);
    EXPECT_EQ(a.log().rows(), 0u);
    double repeat = 0;
    int buyers = 0;
    for (const CustomerRow& r : a.customers().rows) repeat += r.x(), buyers += r.x() > 0;
    EXPECT_EQ(repeat, 2457);  // the README's figures for this file
    EXPECT_EQ(buyers, 946);
    const CustomerRow* one = a.customers().find(a.log(), "1");
    ASSERT_NE(one, nullptr);
    EXPECT_NEAR(one->T, 38.86, 0.01);
}

TEST(RealFiles, OverridesCorrectTheGuess) {
    // CDNOW_sample: the sniffer takes column 1 (master id); the published summary uses column 2.
    ReadOverrides o;
    o.customer_column = "2";
    const FileAnalysis a = analyse(testing::shared_data("CDNOW_sample.txt"), "CDNOW_sample.txt", 0, o);
    ASSERT_EQ(a.state(), AnalysisState::done) << a.error();
    EXPECT_EQ(a.options()->customer_column, 1);
    EXPECT_NE(a.log().customers.find("0001"), UINT32_MAX);
    ReadOverrides bad;
    bad.amount_column = "no such column";
    const FileAnalysis b = analyse("id,date,amount\nA,2024-01-01,1\n", "x.csv", 0, bad);
    EXPECT_EQ(b.state(), AnalysisState::failed);
    EXPECT_NE(b.error().find("no column 'no such column'"), std::string::npos) << b.error();
}

TEST(RealFiles, RejectionSinkSeesEveryRejection) {
    std::string text = "id,date,amount\n";
    for (int i = 0; i < 12000; ++i) text += "A,bad,1\n";
    text += "B,2024-01-01,1\n";
    FileAnalysis a;
    size_t seen = 0;
    a.set_rejection_sink([&](const Rejection&) { ++seen; });
    a.begin("many.csv", text.size());
    ReadOverrides o;  // the sampled lines hold no date at all: the user says which column and format
    o.date_column = "date";
    o.date_format = "iso";
    a.set_overrides(o);
    a.feed(text.data(), text.size());
    a.finish(SummaryOptions{});
    ASSERT_EQ(a.state(), AnalysisState::done) << a.error() << " " << a.sniffed().problem;
    EXPECT_EQ(seen, 12000u);
    EXPECT_EQ(a.rejections().size(), Reader::kMaxKeptRejections);
    std::ostringstream csv;
    a.write_rejections_csv(csv);
    EXPECT_EQ(csv.str().substr(0, csv.str().find('\n')), "line,column,column_name,reason,text,message,raw");
}

}  // namespace
}  // namespace clv
