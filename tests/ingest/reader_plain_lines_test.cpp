// The Reader's fused path for plain lines (core/ingest/reader_plain_lines.cpp) must give exactly
// what the general path gives: the same log, returns, accounting and rejections, for files that
// mix plain lines with every kind of line the fused path must leave alone, in any chunking.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "ingest/byte_scan.hpp"
#include "ingest/reader.hpp"

namespace clv {
namespace {

struct Outcome {
    std::vector<std::string> ids;
    std::vector<DayNumber> days;
    std::vector<double> amounts;
    std::vector<std::string> orders;  // each purchase row's order id ("-" for none)
    std::vector<std::string> return_ids;
    std::vector<double> return_amounts;
    RowAccounting accounting;
    std::vector<Rejection> rejections;
    uint64_t plain_lines = 0;
};

Outcome read(const ReadOptions& options, const std::string& text, bool plain_path, std::mt19937& chunking) {
    Reader r(options);
    r.set_plain_line_path(plain_path);
    std::uniform_int_distribution<size_t> chunk(1, 300);
    for (size_t at = 0; at < text.size();) {
        // Mostly large chunks (whole blocks of lines), now and then a tiny one.
        const size_t n = std::min(text.size() - at, chunking() % 4 == 0 ? chunk(chunking) : 4096 + chunk(chunking));
        r.feed(text.data() + at, n);
        at += n;
    }
    r.finish();
    Outcome o;
    const TransactionLog& log = r.log();
    for (size_t i = 0; i < log.rows(); ++i) {
        o.ids.emplace_back(log.customers.name(log.customer[i]));
        o.days.push_back(log.day[i]);
        o.amounts.push_back(log.amount[i]);
        if (!log.order.empty())
            o.orders.emplace_back(log.order[i] == UINT32_MAX ? std::string("-") : std::string(log.orders.name(log.order[i])));
    }
    for (const ReturnRow& ret : log.returns) {
        o.return_ids.emplace_back(log.customers.name(ret.customer));
        o.return_amounts.push_back(ret.amount);
    }
    o.accounting = r.accounting();
    o.rejections = r.rejections();
    o.plain_lines = r.plain_lines_taken();
    return o;
}

void expect_same(const Outcome& plain, const Outcome& general) {
    EXPECT_EQ(plain.ids, general.ids);
    EXPECT_EQ(plain.days, general.days);
    ASSERT_EQ(plain.amounts.size(), general.amounts.size());
    for (size_t i = 0; i < plain.amounts.size(); ++i) {
        // Bit for bit: the sign of a zero too.
        EXPECT_EQ(std::signbit(plain.amounts[i]), std::signbit(general.amounts[i])) << i;
        EXPECT_EQ(plain.amounts[i], general.amounts[i]) << i;
    }
    EXPECT_EQ(plain.orders, general.orders);
    EXPECT_EQ(plain.return_ids, general.return_ids);
    EXPECT_EQ(plain.return_amounts, general.return_amounts);
    const RowAccounting &a = plain.accounting, &b = general.accounting;
    EXPECT_EQ(a.lines_read, b.lines_read);
    EXPECT_EQ(a.header_lines, b.header_lines);
    EXPECT_EQ(a.used, b.used);
    EXPECT_EQ(a.rejected, b.rejected);
    EXPECT_EQ(a.returns, b.returns);
    EXPECT_EQ(a.blank, b.blank);
    EXPECT_EQ(a.zero_amount, b.zero_amount);
    EXPECT_EQ(a.other_date_format, b.other_date_format);
    EXPECT_TRUE(a.adds_up());
    ASSERT_EQ(plain.rejections.size(), general.rejections.size());
    for (size_t i = 0; i < plain.rejections.size(); ++i) {
        EXPECT_EQ(plain.rejections[i].line, general.rejections[i].line) << i;
        EXPECT_EQ(plain.rejections[i].column, general.rejections[i].column) << i;
        EXPECT_EQ(plain.rejections[i].reason, general.rejections[i].reason) << i;
        EXPECT_EQ(plain.rejections[i].raw, general.rejections[i].raw) << i;
    }
}

// How a generated file is laid out: which of id, date, amount, note, order id stands in each
// column (-1: no such column), and how dates and amounts are written.
struct Layout {
    char delimiter;
    int order[5];
    bool header;
    DateFormat date_format;
    bool decimal_comma;
};

// One line of the file: mostly plain, otherwise one of the shapes the fused path must leave alone
// or read through the general parsers.
std::string random_line(std::mt19937& rng, const Layout& layout) {
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
    const char d = layout.delimiter;
    std::string id = std::to_string(1000 + pick(400));
    const int y = 2020 + pick(5), m = 1 + pick(12), dd = 1 + pick(28);
    char date[64];
    if (layout.date_format == DateFormat::mdy_slash) std::snprintf(date, sizeof date, "%d/%d/%04d", m, dd, y);
    else if (layout.date_format == DateFormat::ymd_chinese) std::snprintf(date, sizeof date, "%04d\xE5\xB9\xB4%d\xE6\x9C\x88%d\xE6\x97\xA5", y, m, dd);
    else std::snprintf(date, sizeof date, "%04d-%02d-%02d", y, m, dd);
    std::string day = date;
    const char point = layout.decimal_comma ? ',' : '.';
    std::string amount = std::to_string(pick(50000) / 100) + point + std::to_string(10 + pick(90));
    std::string extra = "note", order = "SO-" + std::to_string(pick(100000));
    switch (pick(48)) {
        case 0: return "";                                    // blank
        case 1: return std::string(1, d) + std::string(1, d);  // delimiters only
        case 2: id = id + ".0"; break;                         // Excel's float id
        case 3: id = " " + id; break;                          // trimmed by the general path
        case 4: day = "2024/3/5"; break;                       // another date format, used
        case 5: day = "2024-02-30"; break;                     // no such day: rejected
        case 6: day = "1850-01-01"; break;                     // out of range: rejected
        case 7: amount = "-" + amount; break;                  // a return
        case 8: amount = "$" + amount; break;                  // currency: the general parser
        case 9: amount = "oops"; break;                        // rejected
        case 10: amount = "-0"; break;                         // a return worth nothing
        case 11: amount = "0"; break;                          // zero amount: counted
        case 12: amount = "12\r"; break;                      // a CRLF line
        case 13: id = ""; break;                               // empty id: rejected
        case 14: return id + d + day;                          // too few fields: rejected
        case 15: day += " 12:50:00"; break;                    // a time after the date
        case 16: extra = std::string(70, 'x'); break;          // a line across 64-byte blocks
        case 17: amount = "1234567890123456"; break;           // too many digits for the short form
        case 18: id = "ABC-" + id; break;
        case 19: amount += " "; break;                         // a trailing space
        case 20: order = "C" + std::to_string(pick(1000)); break;  // a cancelled invoice
        case 21: order = ""; break;                            // no order id on this line
        case 22: order = " " + order; break;                   // trimmed by the general path
        case 23: amount = "(12)"; break;                       // accounting negative
        case 24: amount = "1" + std::string(1, layout.decimal_comma ? '.' : ',') + "234"; break;  // thousands
        default: break;
    }
    const std::string fields[5] = {id, day, amount, extra, order};
    std::string line;
    for (int column = 0; column < 5 && layout.order[column] >= 0; ++column) {
        if (column) line += d;
        line += fields[layout.order[column]];
    }
    return line;
}

TEST(ReaderPlainLines, GiveWhatTheGeneralPathGivesForEveryKindOfLine) {
    const Layout layouts[] = {
        {',', {0, 1, 2, 3, -1}, true, DateFormat::iso, false},
        {';', {3, 2, 0, 1, -1}, true, DateFormat::iso, true},
        {'\t', {1, 0, 3, 2, -1}, false, DateFormat::mdy_slash, false},
        {'|', {0, 3, 1, 2, -1}, true, DateFormat::ymd_chinese, false},
        {',', {4, 0, 1, 2, 3}, true, DateFormat::iso, false},  // order ids first
        {',', {0, 1, 2, 4, -1}, true, DateFormat::iso, false},  // order ids last, sometimes missing
    };
    std::mt19937 rng(20261127);
    for (const Layout& layout : layouts) {
        ReadOptions o;
        o.delimiter = layout.delimiter;
        o.has_header = layout.header;
        o.date_format = layout.date_format;
        o.decimal_comma = layout.decimal_comma;
        o.cancel_prefix = true;
        int columns = 0;
        for (int column = 0; column < 5 && layout.order[column] >= 0; ++column, ++columns) {
            if (layout.order[column] == 0) o.customer_column = column;
            if (layout.order[column] == 1) o.date_column = column;
            if (layout.order[column] == 2) o.amount_column = column;
            if (layout.order[column] == 4) o.order_column = column;
        }
        std::string text = layout.header ? "a,b,c,d\n" : "";
        for (int i = 0; i < 20000; ++i) {
            std::string line = random_line(rng, layout);
            // Now and then a line without its last column (an order id that is not required).
            if (o.order_column == columns - 1 && rng() % 50 == 0) line = line.substr(0, line.rfind(layout.delimiter));
            text += line + "\n";
        }
        text += random_line(rng, layout);  // the last line without a line break
        std::mt19937 chunking_a(7), chunking_b(8);  // and the result must not depend on the chunking
        const Outcome plain = read(o, text, true, chunking_a);
        const Outcome general = read(o, text, false, chunking_b);
        SCOPED_TRACE(std::string("delimiter ") + layout.delimiter + ", order column " + std::to_string(o.order_column));
        ASSERT_TRUE(Reader(o).plain_line_path());
        expect_same(plain, general);
        EXPECT_EQ(general.plain_lines, 0u);
        // Most lines are plain, and most of those took the fused path (the rest lay at chunk ends).
        EXPECT_GT(plain.plain_lines, 20000u / 2);
        EXPECT_GT(plain.accounting.rejected, 100u);
        EXPECT_GT(plain.accounting.returns, 100u);
    }
}

TEST(ReaderPlainLines, AreOnlyTakenWhereTheOptionsAllow) {
    ReadOptions o;
    o.delimiter = ',';
    o.customer_column = 0;
    o.date_column = 1;
    o.amount_column = 2;
    o.date_format = DateFormat::iso;
    EXPECT_TRUE(Reader(o).plain_line_path());
    ReadOptions with_status = o;
    with_status.status_column = 3;
    EXPECT_FALSE(Reader(with_status).plain_line_path());
    ReadOptions with_channels = o;
    with_channels.channel_column = 3;
    EXPECT_FALSE(Reader(with_channels).plain_line_path());
    ReadOptions quantity_times_price = o;
    quantity_times_price.amount_column = kNoColumn;
    quantity_times_price.quantity_column = 2;
    quantity_times_price.unit_price_column = 3;
    EXPECT_FALSE(Reader(quantity_times_price).plain_line_path());
    ReadOptions spaces = o;
    spaces.delimiter = kWhitespaceDelimiter;
    EXPECT_FALSE(Reader(spaces).plain_line_path());
}

// The block mask the fused path walks: bit i for every line break or delimiter, in the build's
// form (SIMD) and in the portable one, against a byte loop, for bytes of every value.
TEST(ReaderPlainLines, BlockMaskMarksExactlyTheLineBreaksAndDelimiters) {
    std::mt19937 rng(64);
    const char delimiters[] = {',', ';', '\t', '|', '\x80', '\xff'};
    for (int trial = 0; trial < 2000; ++trial) {
        char block[64];
        const char d = delimiters[trial % 6];
        for (char& c : block) {
            const unsigned r = rng() % 8;
            c = r == 0 ? '\n' : r == 1 ? d : static_cast<char>(rng());  // also bytes one off a match
        }
        uint64_t expected = 0;
        for (int i = 0; i < 64; ++i)
            if (block[i] == '\n' || block[i] == d) expected |= uint64_t{1} << i;
        ASSERT_EQ(bytes::match64_either(block, '\n', d), expected) << trial;
        ASSERT_EQ(bytes::match64_either_swar(block, '\n', d), expected) << trial;
    }
}

}  // namespace
}  // namespace clv
