#include "ingest/sniffer.hpp"

#include <gtest/gtest.h>

#include "support/test_files.hpp"

namespace clv {
namespace {

TEST(Sniffer, CdnowMasterIsSpaceSeparatedWithHeader) {
    const std::string text = testing::shared_data("CDNOW_master.txt");
    const SniffResult s = sniff(std::string_view(text).substr(0, 64 * 1024), false);
    ASSERT_TRUE(s.problem.empty()) << s.problem;
    EXPECT_EQ(s.options.delimiter, kWhitespaceDelimiter);
    EXPECT_TRUE(s.options.has_header);
    EXPECT_EQ(s.options.customer_column, 0);
    EXPECT_EQ(s.options.date_column, 1);
    EXPECT_EQ(s.options.amount_column, 3);
    EXPECT_EQ(s.options.date_format, DateFormat::ymd_compact);
}

TEST(Sniffer, CommaFileWithHeaderNamesInAnyOrder) {
    const SniffResult s = sniff("amount,order_date,customer_id\n10.5,2024-01-02,A7\n3,2024-01-05,B2\n", true);
    ASSERT_TRUE(s.problem.empty()) << s.problem;
    EXPECT_EQ(s.options.delimiter, ',');
    EXPECT_TRUE(s.options.has_header);
    EXPECT_EQ(s.options.customer_column, 2);
    EXPECT_EQ(s.options.date_column, 1);
    EXPECT_EQ(s.options.amount_column, 0);
    EXPECT_EQ(s.options.date_format, DateFormat::iso);
}

TEST(Sniffer, ChineseHeaderNamesAndSemicolons) {
    const SniffResult s = sniff("订单号;客户ID;下单时间;实付金额\n1001;C01;2024/3/5;88.00\n1002;C02;2024/3/6;12.50\n", true);
    ASSERT_TRUE(s.problem.empty()) << s.problem;
    EXPECT_EQ(s.options.delimiter, ';');
    EXPECT_EQ(s.options.customer_column, 1);
    EXPECT_EQ(s.options.date_column, 2);
    EXPECT_EQ(s.options.amount_column, 3);
    EXPECT_EQ(s.options.date_format, DateFormat::ymd_slash);
}

TEST(Sniffer, QuantityTimesUnitPriceWhenThereIsNoAmount) {
    const SniffResult s = sniff(
        "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
        "536365,85123A,\"WHITE HANGING HEART T-LIGHT HOLDER, RED\",6,2010-12-01 08:26:00,2.55,17850,United Kingdom\n"
        "536366,22633,HAND WARMER UNION JACK,6,2010-12-01 08:28:00,1.85,17850,United Kingdom\n",
        true);
    ASSERT_TRUE(s.problem.empty()) << s.problem;
    EXPECT_EQ(s.options.customer_column, 6);
    EXPECT_EQ(s.options.date_column, 4);
    EXPECT_EQ(s.options.amount_column, kNoColumn);
    EXPECT_EQ(s.options.quantity_column, 3);
    EXPECT_EQ(s.options.unit_price_column, 5);
}

TEST(Sniffer, HeaderlessFileByContent) {
    const SniffResult s = sniff(" 00004 0001 19970101  2   29.33\r\n 00004 0001 19970118  2   29.73\r\n", true);
    ASSERT_TRUE(s.problem.empty()) << s.problem;
    EXPECT_FALSE(s.options.has_header);
    EXPECT_EQ(s.options.date_column, 2);
    EXPECT_EQ(s.options.amount_column, 4);
    EXPECT_EQ(s.options.customer_column, 0);
}

TEST(Sniffer, SaysWhatIsMissing) {
    const SniffResult s = sniff("name,city\nAnn,Paris\nBob,Rome\n", true);
    EXPECT_FALSE(s.problem.empty());
    EXPECT_NE(s.problem.find("date"), std::string::npos) << s.problem;
    EXPECT_FALSE(sniff("", true).problem.empty());
}

}  // namespace
}  // namespace clv

namespace clv {
namespace {

std::string utf16(std::string_view ascii, bool little_endian, bool bom) {
    std::string out = bom ? (little_endian ? std::string("\xFF\xFE") : std::string("\xFE\xFF")) : std::string();
    for (char c : ascii) {
        if (little_endian) out += c, out += '\0';
        else out += '\0', out += c;
    }
    return out;
}

TEST(Sniffer, GbkSampleWithChineseHeadersAndDates) {
    const std::string text = testing::read_text_file(std::string(CLV_ASSETS) + "/samples/orders_gbk.csv");
    ASSERT_GT(text.size(), 10000u);
    const SniffResult s = sniff(text, true);
    ASSERT_TRUE(s.problem.empty()) << s.problem;
    EXPECT_EQ(s.options.encoding, Encoding::gb18030);
    EXPECT_EQ(s.options.column_names[1], "客户ID");  // decoded to UTF-8
    EXPECT_EQ(s.options.customer_column, 1);
    EXPECT_EQ(s.options.order_column, 0);
    EXPECT_EQ(s.options.date_column, 3);
    EXPECT_EQ(s.options.date_format, DateFormat::ymd_chinese);
    EXPECT_EQ(s.options.amount_column, 6);
    EXPECT_EQ(s.options.status_column, 7);
    EXPECT_EQ(s.options.channel_column, 5);
    EXPECT_EQ(s.options.product_column, 4);
    EXPECT_FALSE(s.options.decimal_comma);
}

TEST(Sniffer, Big5TraditionalHeaders) {
    // 客戶編號,訂單日期,金額 in Big5.
    const std::string text =
        "\xAB\xC8\xA4\xE1\xBD\x73\xB8\xB9,\xAD\x71\xB3\xE6\xA4\xE9\xB4\xC1,\xAA\xF7\xC3\x42\r\n"
        "A1,2024/3/5,100\r\nA2,2024/3/6,250.5\r\n";
    const SniffResult s = sniff(text, true);
    ASSERT_TRUE(s.problem.empty()) << s.problem;
    EXPECT_EQ(s.options.encoding, Encoding::big5);
    EXPECT_EQ(s.options.column_names[0], "客戶編號");
    EXPECT_EQ(s.options.customer_column, 0);
    EXPECT_EQ(s.options.date_column, 1);
    EXPECT_EQ(s.options.amount_column, 2);
}

TEST(Sniffer, Utf16BothByteOrdersWithAndWithoutBom) {
    const std::string csv = "customer,date,amount\r\nA,2024-01-02,3.5\r\nB,2024-01-03,4\r\n";
    for (bool le : {true, false})
        for (bool bom : {true, false}) {
            const SniffResult s = sniff(utf16(csv, le, bom), true);
            ASSERT_TRUE(s.problem.empty()) << s.problem;
            EXPECT_EQ(s.options.encoding, le ? Encoding::utf16le : Encoding::utf16be) << le << bom;
            EXPECT_EQ(s.options.amount_column, 2);
            EXPECT_EQ(s.options.column_names[0], "customer");
        }
}

TEST(Sniffer, SaysWhatABinaryFileIs) {
    SniffResult s = sniff(std::string("PK\x03\x04\x14\x00\x06\x00", 8) + "[Content_Types].xml xl/workbook.xml", false);
    EXPECT_EQ(s.kind, FileKind::not_text);
    EXPECT_NE(s.problem.find("Excel workbook (.xlsx)"), std::string::npos) << s.problem;
    EXPECT_NE(s.problem.find("CSV UTF-8"), std::string::npos) << s.problem;
    s = sniff("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj", false);
    EXPECT_NE(s.problem.find("PDF"), std::string::npos);
    s = sniff(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0", 10), false);
    EXPECT_NE(s.problem.find(".xls"), std::string::npos);
    std::string noise;
    for (int i = 0; i < 4096; ++i) noise += static_cast<char>((i * 7919) % 256);
    s = sniff(noise, true);
    EXPECT_EQ(s.kind, FileKind::not_text);
}

TEST(Sniffer, SemicolonsWithDecimalCommaAndDayFirstDates) {
    const SniffResult s = sniff("Kunde;Datum;Betrag\nK1;05.03.2024;12,50\nK2;31.12.2023;1.234,00\nK1;01.02.2024;7,5\n", true);
    ASSERT_TRUE(s.problem.empty()) << s.problem;
    EXPECT_EQ(s.options.delimiter, ';');
    EXPECT_TRUE(s.options.decimal_comma);
    EXPECT_EQ(s.options.date_format, DateFormat::dmy_slash);
    EXPECT_EQ(s.options.amount_column, 2);
    EXPECT_EQ(s.options.customer_column, 0);
}

TEST(Sniffer, TabsPipesAndCarriageReturnsOnly) {
    SniffResult s = sniff("id\tdate\tamount\nA\t2024-01-02\t3\nB\t2024-01-04\t5\n", true);
    EXPECT_EQ(s.options.delimiter, '\t');
    s = sniff("id|date|amount\nA|2024-01-02|3\nB|2024-01-04|5\n", true);
    EXPECT_EQ(s.options.delimiter, '|');
    s = sniff("id,date,amount\rA,2024-01-02,3\rB,2024-01-04,5\r", true);
    ASSERT_TRUE(s.problem.empty()) << s.problem;
    EXPECT_TRUE(s.options.cr_line_ends);
    EXPECT_EQ(s.options.amount_column, 2);
}

TEST(Sniffer, AmbiguousDayMonthIsSaidToBeAssumed) {
    const SniffResult s = sniff("id,date,amount\nA,3/5/2024,1\nB,4/6/2024,2\n", true);
    EXPECT_EQ(s.options.date_format, DateFormat::mdy_slash);
    EXPECT_TRUE(s.date_order_assumed);
    const SniffResult t = sniff("id,date,amount\nA,3/5/2024,1\nB,4/26/2024,2\n", true);
    EXPECT_FALSE(t.date_order_assumed);
}

TEST(Sniffer, ExcelSerialDatesInAColumnNamedDate) {
    const SniffResult s = sniff("customer,order date,total\nA,45356,10.5\nB,45357,3\n", true);
    ASSERT_TRUE(s.problem.empty()) << s.problem;
    EXPECT_EQ(s.options.date_column, 1);
    EXPECT_EQ(s.options.date_format, DateFormat::excel_serial);
    EXPECT_EQ(s.options.amount_column, 2);
}

TEST(Sniffer, RecognisesAPerCustomerSummaryFile) {
    const SniffResult s = sniff(testing::shared_data("cdnow_customers_summary.csv"), true);
    EXPECT_EQ(s.kind, FileKind::customer_summary);
    EXPECT_EQ(s.summary.customer, 0);
    EXPECT_EQ(s.summary.frequency, 1);
    EXPECT_EQ(s.summary.recency, 2);
    EXPECT_EQ(s.summary.age, 3);
    EXPECT_EQ(s.summary.monetary, kNoColumn);
    const SniffResult m = sniff("customer_id,frequency,recency,T,monetary_value\n7,2,30.5,40,12.5\n", true);
    EXPECT_EQ(m.kind, FileKind::customer_summary);
    EXPECT_EQ(m.summary.monetary, 4);
}

TEST(Sniffer, OnlineRetailHeadOrderIdAndCancellationPrefix) {
    const SniffResult s = sniff(
        "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
        "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom\n"
        "C536379,D,Discount,-1,2010-12-01 09:41:00,27.5,14527.0,United Kingdom\n"
        "536366,22633,HAND WARMER UNION JACK,6,2010-12-01 08:28:00,1.85,17850.0,United Kingdom\n",
        true);
    ASSERT_TRUE(s.problem.empty()) << s.problem;
    EXPECT_EQ(s.options.order_column, 0);
    EXPECT_TRUE(s.options.cancel_prefix);
    EXPECT_EQ(s.options.product_column, 1);
    EXPECT_EQ(s.options.country_column, 7);
    EXPECT_EQ(s.options.customer_column, 6);
}

}  // namespace
}  // namespace clv

namespace clv {
namespace {

// A German export from an old Excel: Windows-1252 (ü = FC, é = E9, € = 80), semicolons, decimal
// comma, parentheses as negative, a status column with a refund.
TEST(Sniffer, Windows1252WithDecimalCommaAndStatus) {
    const std::string text =
        "Kunde;Datum;Betrag;Status\nM\xfcller;05.03.2024;12,50 \x80;bezahlt\nJos\xe9;31.12.2023;(1.234,00);storniert\n"
        "M\xfcller;01.02.2024;7,5;Refund\n";
    const SniffResult s = sniff(text, true);
    ASSERT_TRUE(s.problem.empty()) << s.problem;
    EXPECT_EQ(s.options.encoding, Encoding::windows1252);
    EXPECT_EQ(s.options.delimiter, ';');
    EXPECT_TRUE(s.options.decimal_comma);
    EXPECT_EQ(s.options.amount_column, 2);
    EXPECT_EQ(s.options.status_column, 3);
    EXPECT_EQ(s.preview.at(1).at(0), "M\xC3\xBCller");  // decoded to UTF-8
}

}  // namespace
}  // namespace clv
