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
