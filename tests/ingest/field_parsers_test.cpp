#include "ingest/field_parsers.hpp"

#include <gtest/gtest.h>

#include <cstdio>

#include <cstdlib>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/field_splitter.hpp"

namespace clv {
namespace {

DayNumber day_of(std::string_view text, DateFormat f) {
    DayNumber d = -999999;
    EXPECT_TRUE(parse_date(text, f, d)) << text;
    return d;
}

TEST(ParseDate, EachFormatGivesTheSameDay) {
    const DayNumber want = days_from_civil(2024, 3, 5);
    EXPECT_EQ(day_of("2024-03-05", DateFormat::iso), want);
    EXPECT_EQ(day_of("2024-03-05 12:50:00", DateFormat::iso), want);
    EXPECT_EQ(day_of("2024-03-05T12:50", DateFormat::iso), want);
    EXPECT_EQ(day_of("20240305", DateFormat::ymd_compact), want);
    EXPECT_EQ(day_of("2024/3/5", DateFormat::ymd_slash), want);
    EXPECT_EQ(day_of("3/5/2024", DateFormat::mdy_slash), want);
    EXPECT_EQ(day_of("5/3/2024", DateFormat::dmy_slash), want);
    EXPECT_EQ(day_of(" 2024-03-05 ", DateFormat::iso), want);
}

TEST(ParseDate, DayNumbersMatchTheCalendar) {
    // 1970-01-01 is day 0; 1997-09-30 minus 1997-01-01 is 272 days (T = 38.86 weeks in CDNOW).
    EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
    EXPECT_EQ(days_from_civil(1997, 9, 30) - days_from_civil(1997, 1, 1), 272);
    EXPECT_EQ(days_from_civil(2000, 3, 1) - days_from_civil(2000, 2, 28), 2);  // 2000 is a leap year
    EXPECT_EQ(days_from_civil(1900, 3, 1) - days_from_civil(1900, 2, 28), 1);  // 1900 is not
    for (DayNumber d : {-1000000, -1, 0, 1, 10000, 2932896}) {
        const CivilDate c = civil_from_days(d);
        EXPECT_EQ(days_from_civil(c.year, c.month, c.day), d);
    }
    EXPECT_EQ(format_iso_date(days_from_civil(1997, 9, 30)), "1997-09-30");
}

TEST(ParseDate, RejectsImpossibleDates) {
    DayNumber d;
    EXPECT_FALSE(parse_date("2023-02-29", DateFormat::iso, d));
    EXPECT_FALSE(parse_date("2024-13-01", DateFormat::iso, d));
    EXPECT_FALSE(parse_date("19971301", DateFormat::ymd_compact, d));
    EXPECT_FALSE(parse_date("1997010", DateFormat::ymd_compact, d));
    EXPECT_FALSE(parse_date("2024-03-05x", DateFormat::iso, d));
    EXPECT_FALSE(parse_date("", DateFormat::iso, d));
    EXPECT_FALSE(parse_date("13/13/2024", DateFormat::mdy_slash, d));
    EXPECT_TRUE(parse_date("2024-02-29", DateFormat::iso, d));
}

// The word-at-a-time ISO path (and its slower fallback) against a reference written here: every day of 1900..2100, and
// each of those texts with one byte replaced by a near miss (a neighbour of '0'/'9', another
// separator, a space) must parse exactly when the reference says so, to the same day.
TEST(ParseDate, IsoFastPathAgreesWithAReferenceParser) {
    // What an ISO date column accepts: YYYY-M-D with one or two digits for month and day, then
    // the end, a space or 'T' (a time of day).
    const auto reference = [](const std::string& t, DayNumber& day) {
        size_t pos = 0;
        const auto number = [&](size_t min_digits, size_t max_digits, int& v) {
            size_t n = 0;
            v = 0;
            while (pos < t.size() && n < max_digits && t[pos] >= '0' && t[pos] <= '9') v = v * 10 + (t[pos++] - '0'), ++n;
            return n >= min_digits;
        };
        int y, m, d;
        if (!number(4, 4, y) || pos >= t.size() || t[pos++] != '-') return false;
        if (!number(1, 2, m) || pos >= t.size() || t[pos++] != '-') return false;
        if (!number(1, 2, d) || (pos < t.size() && t[pos] != ' ' && t[pos] != 'T')) return false;
        static const int len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        if (y < 1 || m < 1 || m > 12 || d < 1 || d > len[m - 1] + (m == 2 && leap)) return false;
        day = days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
        return true;
    };
    const char near_misses[] = {'/', ':', '.', ' ', '0' - 1, '9' + 1, '0', '9', 'a', '-'};
    size_t checked = 0;
    for (DayNumber day = days_from_civil(1900, 1, 1); day <= days_from_civil(2100, 12, 31); day += 7) {
        const CivilDate c = civil_from_days(day);
        char text[32];
        std::snprintf(text, sizeof text, "%04d-%02u-%02u 12:00", c.year, c.month, c.day);
        for (size_t pos = 0; pos < 11; ++pos)
            for (char ch : near_misses) {
                std::string t(text);
                t[pos] = ch;
                DayNumber want = 0, got = 0;
                const bool ok = reference(t, want);
                ASSERT_EQ(parse_date(t, DateFormat::iso, got), ok) << t;
                if (ok) ASSERT_EQ(got, want) << t;
                ++checked;
            }
        DayNumber got = 0;
        ASSERT_TRUE(parse_date(std::string(text, 10), DateFormat::iso, got));
        ASSERT_EQ(got, day);
    }
    EXPECT_GT(checked, 1000000u);
}

// Dates come from a table of month starts for 1900..2155 and from the calendar arithmetic
// outside it: every day around both edges of the table, in every format that shares the table,
// must give the day computed here from days_from_civil, and the day after each month's last day
// must be refused.
TEST(ParseDate, DaysAtTheEdgesOfTheMonthTable) {
    static const int len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (int y : {1899, 1900, 1901, 2000, 2100, 2154, 2155, 2156, 2157})
        for (unsigned m = 1; m <= 12; ++m) {
            const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
            const unsigned last = static_cast<unsigned>(len[m - 1]) + (m == 2 && leap);
            for (unsigned d = 1; d <= last + 1; ++d) {
                char iso[16], slash[16], chinese[32];
                std::snprintf(iso, sizeof iso, "%04d-%02u-%02u", y, m, d);
                std::snprintf(slash, sizeof slash, "%04d/%u/%u", y, m, d);
                std::snprintf(chinese, sizeof chinese, "%04d\xE5\xB9\xB4%u\xE6\x9C\x88%u\xE6\x97\xA5", y, m, d);
                const bool valid = d <= last;
                const DayNumber want = valid ? days_from_civil(y, m, d) : 0;
                for (auto [text, format] : {std::pair{iso, DateFormat::iso}, std::pair{slash, DateFormat::ymd_slash},
                                            std::pair{chinese, DateFormat::ymd_chinese}}) {
                    DayNumber got = 0;
                    ASSERT_EQ(parse_date(text, format, got), valid) << text;
                    if (valid) {
                        ASSERT_EQ(got, want) << text;
                    }
                }
            }
        }
    DayNumber d = 0;
    EXPECT_FALSE(parse_date("2100-02-29", DateFormat::iso, d));  // not a leap year (divisible by 100)
    EXPECT_TRUE(parse_date("2000-02-29", DateFormat::iso, d));   // a leap year (divisible by 400)
    EXPECT_FALSE(parse_date("2024-00-10", DateFormat::iso, d));
    EXPECT_FALSE(parse_date("2024-01-00", DateFormat::iso, d));
}

TEST(DetectDateFormat, DecidesDayMonthOrderFromTheData) {
    std::vector<std::string_view> us = {"3/5/2024", "12/31/2024", "1/2/2024"};
    EXPECT_EQ(detect_date_format(us.data(), us.size()), DateFormat::mdy_slash);
    std::vector<std::string_view> eu = {"3/5/2024", "31/12/2024", "1/2/2024"};
    EXPECT_EQ(detect_date_format(eu.data(), eu.size()), DateFormat::dmy_slash);
    std::vector<std::string_view> compact = {"19970101", "19970118"};
    EXPECT_EQ(detect_date_format(compact.data(), compact.size()), DateFormat::ymd_compact);
    std::vector<std::string_view> ids = {"00000001", "00000002"};  // 8 digits, but not dates
    EXPECT_EQ(detect_date_format(ids.data(), ids.size()), DateFormat::unknown);
    std::vector<std::string_view> words = {"apple", "2024-01-01"};
    EXPECT_EQ(detect_date_format(words.data(), words.size()), DateFormat::unknown);
}

TEST(ParseAmount, AcceptsSignsAndCurrencySymbols) {
    double v = 0;
    ASSERT_TRUE(parse_amount("11.77", v));
    EXPECT_DOUBLE_EQ(v, 11.77);
    ASSERT_TRUE(parse_amount(" -3.5 ", v));
    EXPECT_DOUBLE_EQ(v, -3.5);
    ASSERT_TRUE(parse_amount("$12", v));
    EXPECT_DOUBLE_EQ(v, 12);
    ASSERT_TRUE(parse_amount("\xEF\xBF\xA5" "8.8", v));  // ￥8.8
    EXPECT_DOUBLE_EQ(v, 8.8);
    EXPECT_FALSE(parse_amount("", v));
    EXPECT_FALSE(parse_amount("12abc", v));
    EXPECT_FALSE(parse_amount("abc", v));
}

}  // namespace
}  // namespace clv

namespace clv {
namespace {

TEST(ParseDate, ChineseExcelUnixAndOtherSeparators) {
    const DayNumber want = days_from_civil(2024, 3, 5);
    EXPECT_EQ(day_of("2024年3月5日", DateFormat::ymd_chinese), want);
    EXPECT_EQ(day_of("2024年03月05日 14:30", DateFormat::ymd_chinese), want);
    EXPECT_EQ(day_of("45356", DateFormat::excel_serial), want);       // Excel's serial for 2024-03-05
    EXPECT_EQ(day_of("45356.75", DateFormat::excel_serial), want);    // with a time of day
    EXPECT_EQ(day_of("1709596800", DateFormat::unix_seconds), want);  // 2024-03-05T00:00:00Z
    EXPECT_EQ(day_of("1709683199", DateFormat::unix_seconds), want);  // 23:59:59 the same day
    EXPECT_EQ(day_of("1709596800000", DateFormat::unix_millis), want);
    EXPECT_EQ(day_of("05.03.2024", DateFormat::dmy_slash), want);     // German
    EXPECT_EQ(day_of("03-05-2024", DateFormat::mdy_slash), want);
    EXPECT_EQ(day_of("3/5/24", DateFormat::mdy_slash), want);         // two-digit year
    EXPECT_EQ(day_of("2024.3.5", DateFormat::ymd_slash), want);
    EXPECT_EQ(day_of("12/1/2010 8:26", DateFormat::mdy_slash), days_from_civil(2010, 12, 1));  // UCI Online Retail
    DayNumber d;
    EXPECT_FALSE(parse_date("2024年2月30日", DateFormat::ymd_chinese, d));
    EXPECT_FALSE(parse_date("60", DateFormat::excel_serial, d));  // Excel's phantom 1900-02-29 and before
    EXPECT_FALSE(parse_date("-5", DateFormat::unix_seconds, d));
    EXPECT_FALSE(parse_date("2024/3-5", DateFormat::ymd_slash, d));  // mixed separators
}

TEST(DetectDateFormat, NumbersAreDatesOnlyWhenTheColumnSaysSo) {
    std::vector<std::string_view> serials = {"45356", "45000", "45400"};
    EXPECT_EQ(detect_date_format(serials.data(), serials.size()), DateFormat::unknown);  // could be amounts
    EXPECT_EQ(detect_date_format(serials.data(), serials.size(), true), DateFormat::excel_serial);
    std::vector<std::string_view> unix_time = {"1709596800", "1709683199"};
    EXPECT_EQ(detect_date_format(unix_time.data(), unix_time.size(), true), DateFormat::unix_seconds);
    std::vector<std::string_view> chinese = {"2024年3月5日", "2023年12月31日"};
    EXPECT_EQ(detect_date_format(chinese.data(), chinese.size()), DateFormat::ymd_chinese);
    std::vector<std::string_view> both = {"3/5/2024", "1/2/2024"};
    EXPECT_TRUE(date_order_ambiguous(both.data(), both.size()));
    std::vector<std::string_view> old = {"1850-01-01", "1851-02-03"};  // implausible years do not make a date column
    EXPECT_EQ(detect_date_format(old.data(), old.size()), DateFormat::unknown);
}

TEST(ParseAmount, ThousandsDecimalCommaCurrencyWordsParenthesesPercent) {
    auto amount = [](std::string_view t, bool comma = false) {
        double v = -12345;
        EXPECT_TRUE(parse_amount(t, comma, v)) << t;
        return v;
    };
    EXPECT_DOUBLE_EQ(amount("1,234.50"), 1234.5);
    EXPECT_DOUBLE_EQ(amount("1.234,50", true), 1234.5);
    EXPECT_DOUBLE_EQ(amount("12,5", true), 12.5);
    EXPECT_DOUBLE_EQ(amount("1 234,50", true), 1234.5);
    EXPECT_DOUBLE_EQ(amount("\xC2\xA5" "1,288.00"), 1288);  // ¥1,288.00
    EXPECT_DOUBLE_EQ(amount("88" "\xE5\x85\x83"), 88);       // 88元
    EXPECT_DOUBLE_EQ(amount("RMB 100"), 100);
    EXPECT_DOUBLE_EQ(amount("12.50 \xE2\x82\xAC"), 12.5);    // 12.50 €
    EXPECT_DOUBLE_EQ(amount("\xC2\xA3" "3"), 3);            // £3
    EXPECT_DOUBLE_EQ(amount("(12.50)"), -12.5);
    EXPECT_DOUBLE_EQ(amount("-$12"), -12);
    EXPECT_DOUBLE_EQ(amount("$-12"), -12);
    EXPECT_DOUBLE_EQ(amount("15%"), 0.15);
    EXPECT_DOUBLE_EQ(amount("USD 1,000,000"), 1e6);
    double v;
    EXPECT_FALSE(parse_amount("12,5O", false, v));   // the example: a letter O
    EXPECT_FALSE(parse_amount("1,2", false, v));     // not a thousands group
    EXPECT_FALSE(parse_amount("1,23,456", false, v));
    EXPECT_FALSE(parse_amount("nan", false, v));
    EXPECT_FALSE(parse_amount("inf", false, v));
    EXPECT_FALSE(parse_amount("$", false, v));
    EXPECT_FALSE(parse_amount("1.2.3", false, v));
}

TEST(CanonicalId, FloatsThatExcelMadeOfIds) {
    EXPECT_EQ(canonical_id("17850.0"), "17850");
    EXPECT_EQ(canonical_id(" 17850.00 "), "17850");
    EXPECT_EQ(canonical_id("17850.5"), "17850.5");
    EXPECT_EQ(canonical_id("A17.0"), "A17.0");
    EXPECT_EQ(canonical_id("00042"), "00042");
    EXPECT_EQ(canonical_id(".0"), ".0");
}

TEST(ParseAmount, PlainDecimalsGiveTheCorrectlyRoundedDouble) {
    // The short path for "[-]digits[.digits]" must give exactly the double strtod gives.
    std::mt19937_64 rng(5);
    for (int i = 0; i < 200000; ++i) {
        const int int_digits = 1 + static_cast<int>(rng() % 13), frac_digits = static_cast<int>(rng() % 5);
        std::string t = rng() % 4 == 0 ? "-" : "";
        for (int k = 0; k < int_digits; ++k) t += static_cast<char>('0' + rng() % 10);
        if (frac_digits > 0) t += '.';
        for (int k = 0; k < frac_digits; ++k) t += static_cast<char>('0' + rng() % 10);
        double v = 0;
        ASSERT_TRUE(parse_amount(t, v)) << t;
        const double expected = std::strtod(t.c_str(), nullptr);
        ASSERT_EQ(v, expected) << t;
        ASSERT_EQ(std::signbit(v), std::signbit(expected)) << t;
    }
    double v = 0;
    EXPECT_TRUE(parse_amount("12345678901234567890.5", v));  // beyond the short path: still read
    EXPECT_DOUBLE_EQ(v, 12345678901234567890.5);
    EXPECT_TRUE(parse_amount("5.", v));
    EXPECT_DOUBLE_EQ(v, 5);
    EXPECT_FALSE(parse_amount("1.2.3", v));
    EXPECT_FALSE(parse_amount("-", v));
    EXPECT_FALSE(parse_amount("--5", v));
}

TEST(FieldSplitter, EightBytesAtATimeSplitsLikeOneAtATime) {
    // Delimiters next to bytes that differ from them in one bit ('-' is ',' ^ 1) and at every
    // position of the eight-byte words.
    std::mt19937 rng(9);
    const char alphabet[] = {',', '-', '.', 'a', '0', ';', '\x01', ' ', '\xE5'};
    FieldSplitter splitter(',', '"');
    for (int i = 0; i < 20000; ++i) {
        std::string line;
        // Past two 16-byte words (the wasm SIMD path) and their tails; now and then longer than the
        // 4 KiB up to which room for every field is reserved first.
        const size_t n = i % 500 == 0 ? 4090 + rng() % 20 : rng() % 72;
        for (size_t k = 0; k < n; ++k) line += alphabet[rng() % sizeof alphabet];
        std::vector<std::string_view> expected;
        size_t start = 0;
        for (size_t k = 0; k <= line.size(); ++k)
            if (k == line.size() || line[k] == ',') {
                expected.emplace_back(line.data() + start, k - start);
                start = k + 1;
            }
        ASSERT_TRUE(splitter.split_unquoted(line) == expected) << line;
    }
}

}  // namespace
}  // namespace clv
