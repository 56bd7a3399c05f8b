#include "ingest/field_parsers.hpp"

#include <gtest/gtest.h>

#include <string_view>
#include <vector>

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
