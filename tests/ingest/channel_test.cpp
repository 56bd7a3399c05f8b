// The optional sales channel: carried from the file's channel column into the TransactionLog as a
// small dictionary, and into the per-customer summary as the acquisition channel (the channel
// of the customer's first purchase), for CAC per channel.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "pipeline/file_analysis.hpp"

namespace clv {
namespace {

FileAnalysis analyse(const std::string& text) {
    FileAnalysis a;
    a.begin("orders.csv", text.size());
    a.feed(text.data(), text.size());
    a.finish(SummaryOptions{});
    EXPECT_EQ(a.state(), AnalysisState::done) << a.error();
    return a;
}

std::string channel_of(const FileAnalysis& a, const std::string& id) {
    const CustomerRow* row = a.customers().find(a.log(), id);
    EXPECT_NE(row, nullptr) << id;
    return row ? a.customers().acquisition_channel_name(*row) : "?";
}

TEST(Channel, EnglishHeaderGivesEachRowItsChannelAndEachCustomerTheFirstPurchasesChannel) {
    // A first bought by email (the 01-03 line comes first in the file although the 01-05 one is
    // written above it); B's first day has two lines, the first without a channel: the second
    // names it. C never names a channel. The return line of D is no purchase: D's first purchase
    // is the ads one.
    const std::string text =
        "customer_id,date,amount,channel\n"
        "A,2024-01-05,10,search\n"
        "A,2024-01-03,20,email\n"
        "B,2024-01-04,5,\n"
        "B,2024-01-04,6,social\n"
        "B,2024-01-09,7,email\n"
        "C,2024-01-02,8,\n"
        "D,2024-01-01,-3,email\n"
        "D,2024-01-06,4,ads\n";
    const FileAnalysis a = analyse(text);
    ASSERT_EQ(a.options()->channel_column, 3);
    const TransactionLog& log = a.log();
    ASSERT_TRUE(log.has_channels());
    ASSERT_EQ(log.channel.size(), log.rows());
    EXPECT_EQ(log.rows(), 7u);
    EXPECT_EQ(log.channel_names.front(), "");  // code 0: no channel named
    // Every purchase row keeps the channel its line named: count the rows per channel name.
    std::map<std::string, int> rows_per_channel;
    for (uint16_t code : log.channel) rows_per_channel[log.channel_names.at(code)]++;
    EXPECT_EQ(rows_per_channel, (std::map<std::string, int>{{"", 2}, {"search", 1}, {"email", 2}, {"social", 1}, {"ads", 1}}));

    EXPECT_TRUE(a.customers().has_channels());
    EXPECT_EQ(channel_of(a, "A"), "email");
    EXPECT_EQ(channel_of(a, "B"), "social");
    EXPECT_EQ(channel_of(a, "C"), "");
    EXPECT_EQ(channel_of(a, "D"), "ads");
}

TEST(Channel, ChineseHeadersAreRecognised) {
    // 客户ID,订单日期,实付金额,渠道 and 会员ID,下单时间,订单金额,来源 (UTF-8).
    for (const std::string header : {"\xE5\xAE\xA2\xE6\x88\xB7ID,\xE8\xAE\xA2\xE5\x8D\x95\xE6\x97\xA5\xE6\x9C\x9F,"
                                     "\xE5\xAE\x9E\xE4\xBB\x98\xE9\x87\x91\xE9\xA2\x9D,\xE6\xB8\xA0\xE9\x81\x93",
                                     "\xE4\xBC\x9A\xE5\x91\x98ID,\xE4\xB8\x8B\xE5\x8D\x95\xE6\x97\xB6\xE9\x97\xB4,"
                                     "\xE8\xAE\xA2\xE5\x8D\x95\xE9\x87\x91\xE9\xA2\x9D,\xE6\x9D\xA5\xE6\xBA\x90"}) {
        // 抖音 (Douyin), 天猫 (Tmall), 微信 (WeChat)
        const std::string douyin = "\xE6\x8A\x96\xE9\x9F\xB3", tmall = "\xE5\xA4\xA9\xE7\x8C\xAB", wechat = "\xE5\xBE\xAE\xE4\xBF\xA1";
        const std::string text = header + "\n1001,2024-03-05," + "88.5," + douyin + "\n1002,2024-03-01,20," + tmall +
                                 "\n1001,2024-03-02,15," + wechat + "\n1002,2024-03-07,30," + douyin + "\n";
        const FileAnalysis a = analyse(text);
        ASSERT_NE(a.options(), nullptr);
        EXPECT_EQ(a.options()->channel_column, 3) << header;
        EXPECT_EQ(a.log().channel_names.size(), 4u);  // "" and three channels
        EXPECT_EQ(channel_of(a, "1001"), wechat);
        EXPECT_EQ(channel_of(a, "1002"), tmall);
    }
}

TEST(Channel, AFileWithoutAChannelColumnHasNone) {
    const FileAnalysis a = analyse("customer_id,date,amount\nA,2024-01-05,10\nB,2024-01-06,12\n");
    EXPECT_FALSE(a.log().has_channels());
    EXPECT_TRUE(a.log().channel.empty());
    EXPECT_FALSE(a.customers().has_channels());
    EXPECT_EQ(channel_of(a, "A"), "");
}

TEST(Channel, TheUserCanChooseOrRemoveTheChannelColumn) {
    const std::string text = "customer_id,date,amount,note\nA,2024-01-05,10,web\nB,2024-01-06,12,shop\n";
    FileAnalysis a;
    a.begin("orders.csv", text.size());
    ReadOverrides o;
    o.channel_column = "note";
    a.set_overrides(o);
    a.feed(text.data(), text.size());
    a.finish(SummaryOptions{});
    ASSERT_EQ(a.state(), AnalysisState::done) << a.error();
    EXPECT_EQ(channel_of(a, "A"), "web");
    EXPECT_EQ(channel_of(a, "B"), "shop");

    FileAnalysis none;
    const std::string with_channel = "customer_id,date,amount,channel\nA,2024-01-05,10,web\n";
    none.begin("orders.csv", with_channel.size());
    o.channel_column = "none";
    none.set_overrides(o);
    none.feed(with_channel.data(), with_channel.size());
    none.finish(SummaryOptions{});
    ASSERT_EQ(none.state(), AnalysisState::done) << none.error();
    EXPECT_FALSE(none.log().has_channels());
}

TEST(Channel, ThousandsOfDistinctValuesShareOneOtherCode) {
    // A column that is not really a channel (an id per line): the dictionary stays small.
    std::string text = "customer_id,date,amount,channel\n";
    const size_t lines = Reader::kMaxChannels + 500;
    for (size_t i = 0; i < lines; ++i) text += "C" + std::to_string(i % 50) + ",2024-01-05,1,ch" + std::to_string(i) + "\n";
    const FileAnalysis a = analyse(text);
    EXPECT_EQ(a.accounting().used, lines);
    EXPECT_EQ(a.log().channel_names.size(), Reader::kMaxChannels);
    EXPECT_EQ(a.log().channel_names.back(), Reader::kOtherChannels);
    size_t other = 0;
    for (uint16_t code : a.log().channel) other += code == Reader::kMaxChannels - 1;
    // Codes 1 .. kMaxChannels - 2 name one line each; every other line is "other".
    EXPECT_EQ(other, lines - (Reader::kMaxChannels - 2));
}

}  // namespace
}  // namespace clv
