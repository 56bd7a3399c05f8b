// read_id_list: a campaign's target list, as a person would type or export it.
#include <gtest/gtest.h>

#include <sstream>

#include "kpi/input_csv.hpp"

namespace clv {
namespace {

std::vector<std::string> ids_of(const std::string& text) {
    std::istringstream in(text);
    return read_id_list(in);
}

TEST(IdList, OnePerLineWithoutHeaderKeepsEveryNonBlankLine) {
    EXPECT_EQ(ids_of("00012\n\n  00345 \r\n00678"), (std::vector<std::string>{"00012", "00345", "00678"}));
}

TEST(IdList, TheCustomerColumnOfACsvWithAHeader) {
    EXPECT_EQ(ids_of("name,customer_id,city\nAnn,17,Oslo\nBo,,Rome\n\"Li, Wei\",42,Xi'an\n"),
              (std::vector<std::string>{"17", "42"}));
}

TEST(IdList, ChineseHeaderAndUtf8ByteOrderMark) {
    EXPECT_EQ(ids_of("\xEF\xBB\xBF客户编号;备注\nC-1;vip\nC-2;\n"), (std::vector<std::string>{"C-1", "C-2"}));
}

}  // namespace
}  // namespace clv
