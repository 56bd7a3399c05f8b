// The bad-input list of issue 4, one test each: a clear message, nothing lost, no crash, no hang,
// bounded memory. Tests go through FileAnalysis, as the browser and the CLI do.
#include "pipeline/file_analysis.hpp"

#include <gtest/gtest.h>

#include <random>

namespace clv {
namespace {

// Feeds `text` in chunks of `chunk` bytes (the last may be shorter) and finishes.
FileAnalysis analyse(const std::string& text, size_t chunk = 1 << 20, const std::string& name = "orders.csv") {
    FileAnalysis a;
    a.begin(name, text.size());
    for (size_t pos = 0; pos < text.size() && a.state() == AnalysisState::reading; pos += chunk)
        a.feed(text.data() + pos, std::min(chunk, text.size() - pos));
    a.finish(SummaryOptions{});
    return a;
}

void expect_adds_up(const FileAnalysis& a) {
    const RowAccounting& r = a.accounting();
    EXPECT_TRUE(r.adds_up()) << r.lines_read << " = " << r.header_lines << " + " << r.used << " + " << r.returns << " + "
                             << r.blank << " + " << r.rejected;
}

TEST(BadInput, EmptyFile) {
    const FileAnalysis a = analyse("");
    EXPECT_EQ(a.state(), AnalysisState::failed);
    EXPECT_EQ(a.error(), "orders.csv: the file is empty");
}

TEST(BadInput, HeaderOnly) {
    const FileAnalysis a = analyse("customer_id,date,amount\r\n");
    EXPECT_EQ(a.state(), AnalysisState::failed);
    EXPECT_NE(a.error().find("header line but no data lines"), std::string::npos) << a.error();
    EXPECT_EQ(a.error().rfind("orders.csv: ", 0), 0u) << a.error();
}

TEST(BadInput, BlankFile) {
    const FileAnalysis a = analyse("\r\n\r\n   \n");
    EXPECT_EQ(a.state(), AnalysisState::failed);
    EXPECT_NE(a.error().find("no data lines"), std::string::npos) << a.error();
}

TEST(BadInput, XlsxRenamedToCsv) {
    const FileAnalysis a = analyse(std::string("PK\x03\x04\x14\x00\x06\x00", 8) + "[Content_Types].xml" + std::string(5000, 'x'));
    EXPECT_EQ(a.state(), AnalysisState::failed);
    EXPECT_NE(a.error().find("Excel workbook (.xlsx)"), std::string::npos) << a.error();
    EXPECT_NE(a.error().find("Save As"), std::string::npos) << a.error();
}

TEST(BadInput, PdfRenamedToCsv) {
    const FileAnalysis a = analyse("%PDF-1.4\n" + std::string(3000, '\x01'));
    EXPECT_EQ(a.state(), AnalysisState::failed);
    EXPECT_NE(a.error().find("PDF"), std::string::npos) << a.error();
}

// A 100 MB line with no line break: rejected by the first chunk's sniffing, in bounded memory.
TEST(BadInput, SingleHundredMegabyteLine) {
    FileAnalysis a;
    const size_t total = 100u << 20, chunk = 8u << 20;
    const std::string block(chunk, 'a');
    a.begin("huge.csv", total);
    for (size_t pos = 0; pos < total && a.state() == AnalysisState::reading; pos += chunk) a.feed(block.data(), chunk);
    a.finish(SummaryOptions{});
    EXPECT_EQ(a.state(), AnalysisState::failed);
    EXPECT_NE(a.error().find("no line break"), std::string::npos) << a.error();
}

// The same after a good start: the reader itself cuts the line off at kMaxRecordBytes.
TEST(BadInput, HundredMegabyteLineInsideAGoodFile) {
    ReadOptions o;
    o.customer_column = 0, o.date_column = 1, o.amount_column = 2, o.date_format = DateFormat::iso;
    Reader r(o);
    r.feed("id,date,amount\nA,2024-01-02,1\n");
    const std::string block(1u << 20, 'x');
    for (int i = 0; i < 100; ++i) r.feed(block);
    r.feed("\nB,2024-01-03,2\n");
    r.finish();
    EXPECT_EQ(r.accounting().used, 2u);
    EXPECT_EQ(r.accounting().rejected_by_reason[static_cast<int>(RejectReason::line_too_long)], 1u);
    EXPECT_TRUE(r.accounting().adds_up());
    ASSERT_EQ(r.rejections().size(), 1u);
    EXPECT_EQ(r.rejections()[0].line, 3u);
    EXPECT_LE(r.rejections()[0].raw.size(), 200u);
}

TEST(BadInput, UnclosedQuoteAtEndOfFile) {
    const FileAnalysis a = analyse("id,date,amount\nA,2024-01-02,1\nB,2024-01-03,2\nC,\"2024-01-04,3\nD,2024-01-05,4\n");
    ASSERT_EQ(a.state(), AnalysisState::done) << a.error();
    EXPECT_EQ(a.accounting().used, 3u);  // A, B and D: the line after the stray quote is read again
    EXPECT_EQ(a.accounting().rejected_by_reason[static_cast<int>(RejectReason::unterminated_quote)], 1u);
    EXPECT_EQ(a.rejections().at(0).line, 4u);
    expect_adds_up(a);
}

TEST(BadInput, RaggedRows) {
    const FileAnalysis a = analyse("id,date,amount,note\nA,2024-01-02,1\nB,2024-01-03\nC,2024-01-04,3,x,y,z\nD\n");
    ASSERT_EQ(a.state(), AnalysisState::done) << a.error();
    EXPECT_EQ(a.accounting().used, 2u);  // A (no note: not needed) and C (extra fields: ignored)
    EXPECT_EQ(a.accounting().rejected_by_reason[static_cast<int>(RejectReason::too_few_fields)], 2u);
    EXPECT_EQ(a.describe(a.rejections().at(0)), "orders.csv: line 3, column 'amount': the line has too few fields");
    expect_adds_up(a);
}

TEST(BadInput, MixedDateFormats) {
    const FileAnalysis a = analyse("id,date,amount\nA,2024-01-02,1\nB,2024-01-03,2\nC,2024/1/4,3\nD,20240105,4\nE,2024年1月6日,5\nF,Jan 7,6\n");
    ASSERT_EQ(a.state(), AnalysisState::done) << a.error();
    EXPECT_EQ(a.accounting().used, 5u);
    EXPECT_EQ(a.accounting().other_date_format, 3u);
    EXPECT_EQ(a.accounting().rejected_by_reason[static_cast<int>(RejectReason::bad_date)], 1u);
    EXPECT_EQ(a.rejections().at(0).text, "Jan 7");
    expect_adds_up(a);
}

TEST(BadInput, DatesBefore1900AndInTheFuture) {
    FileAnalysis a;
    a.begin("orders.csv", 0);
    ReadOverrides o;
    o.latest_day = days_from_civil(2024, 6, 30);  // "today"
    a.set_overrides(o);
    const std::string text = "id,date,amount\nA,2024-01-02,1\nB,1899-12-31,2\nC,2024-07-01,3\nD,2024-06-30,4\n";
    a.feed(text.data(), text.size());
    a.finish(SummaryOptions{});
    ASSERT_EQ(a.state(), AnalysisState::done) << a.error();
    EXPECT_EQ(a.accounting().used, 2u);
    EXPECT_EQ(a.accounting().rejected_by_reason[static_cast<int>(RejectReason::date_out_of_range)], 2u);
    expect_adds_up(a);
}

TEST(BadInput, AllAmountsZero) {
    const FileAnalysis a = analyse("id,date,amount\nA,2024-01-02,0\nB,2024-01-03,0.00\n");
    ASSERT_EQ(a.state(), AnalysisState::done) << a.error();
    const auto w = a.warnings();
    ASSERT_FALSE(w.empty());
    EXPECT_NE(w[0].find("every amount is 0"), std::string::npos) << w[0];
}

TEST(BadInput, OneCustomerOnly) {
    const FileAnalysis a = analyse("id,date,amount\nA,2024-01-02,5\nA,2024-02-03,6\nA,2024-02-03,1\n");
    ASSERT_EQ(a.state(), AnalysisState::done) << a.error();
    ASSERT_EQ(a.customers().rows.size(), 1u);
    EXPECT_EQ(a.customers().rows[0].x(), 1);  // two purchase days
    bool warned = false;
    for (const std::string& w : a.warnings()) warned = warned || w.find("one customer") != std::string::npos;
    EXPECT_TRUE(warned);
}

TEST(BadInput, NulBytes) {
    const std::string text = std::string("id,date,amount\nA,2024-01-02,1\nB,2024-01-03,2") + std::string(3, '\0') +
                             "\nC,2024-01-04,3\n";
    const FileAnalysis a = analyse(text);
    ASSERT_EQ(a.state(), AnalysisState::done) << a.error();
    EXPECT_EQ(a.accounting().used, 2u);
    EXPECT_EQ(a.accounting().rejected_by_reason[static_cast<int>(RejectReason::nul_byte)], 1u);
    expect_adds_up(a);
}

TEST(BadInput, InvalidUtf8InAUtf8File) {
    std::string text = "id,date,amount,note\n";
    for (int i = 0; i < 50; ++i) text += "K" + std::to_string(i) + ",2024-01-02,1,caf\xC3\xA9\n";  // valid UTF-8
    text += "X\xFF\xFE,2024-01-03,zz\xC3,broken\n";                                                 // invalid bytes
    const FileAnalysis a = analyse(text);
    ASSERT_EQ(a.state(), AnalysisState::done) << a.error();
    EXPECT_EQ(a.options()->encoding, Encoding::utf8);
    EXPECT_EQ(a.accounting().used, 50u);
    ASSERT_EQ(a.rejections().size(), 1u);
    // The rejection's text is valid UTF-8 (what the UI shows and exports), the bad bytes marked.
    EXPECT_EQ(a.rejections()[0].text, "zz\xEF\xBF\xBD");
    expect_adds_up(a);
}

TEST(BadInput, CrlfAndCrOnlyLineEnds) {
    for (const char* eol : {"\r\n", "\r", "\n"}) {
        std::string text = std::string("id,date,amount") + eol;
        for (int i = 0; i < 20; ++i) text += "C" + std::to_string(i % 7) + ",2024-01-" + std::to_string(10 + i) + ",2.5" + eol;
        for (size_t chunk : {size_t{1}, size_t{7}, size_t{1} << 20}) {
            const FileAnalysis a = analyse(text, chunk);
            ASSERT_EQ(a.state(), AnalysisState::done) << a.error();
            EXPECT_EQ(a.accounting().used, 20u) << static_cast<int>(eol[0]) << " " << chunk;
            EXPECT_EQ(a.customers().rows.size(), 7u);
            EXPECT_EQ(a.log().customers.find("C3\r"), UINT32_MAX);  // no CR left in ids
            expect_adds_up(a);
        }
    }
}

// Whatever the bytes, the analysis ends (done or failed) and the lines add up.
TEST(BadInput, RandomBytesNeverCrashOrLoseLines) {
    std::mt19937 rng(4);
    const char alphabet[] = "ab1,;\"\n\r\t 2024-01-0.\xC3\xA9\xFF";
    for (int round = 0; round < 300; ++round) {
        std::string text = "id,date,amount\n";
        const size_t n = rng() % 400;
        for (size_t i = 0; i < n; ++i) text += alphabet[rng() % (sizeof alphabet - 1)];
        const FileAnalysis a = analyse(text, rng() % 13 + 1);
        EXPECT_NE(a.state(), AnalysisState::reading);
        if (a.reader()) expect_adds_up(a);
    }
}

}  // namespace
}  // namespace clv
