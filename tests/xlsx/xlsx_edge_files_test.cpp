// The hand-made workbooks in tests/xlsx/data (written by make_edge_files.py) read back to the same
// per-customer summary as their CSV twins; files that are not .xlsx get a message saying what to do.
#include "xlsx_test_util.hpp"

namespace clv {
namespace {

using xlsx_test::data_path;
using xlsx_test::slurp;

void expect_same_as_csv(const std::string& base, XlsxStats* stats_out = nullptr) {
    FileAnalysis csv, book;
    xlsx_test::analyse_csv_text(slurp(data_path(base + ".csv")), csv);
    std::string error;
    XlsxStats stats;
    ASSERT_TRUE(analyse_xlsx(slurp(data_path(base + ".xlsx")), base + ".xlsx", "", SummaryOptions{}, book, error, nullptr, &stats))
        << error;
    xlsx_test::expect_same_summary(csv, book);
    EXPECT_EQ(book.accounting().used, csv.accounting().used);
    EXPECT_TRUE(book.accounting().adds_up());
    if (stats_out) *stats_out = stats;
}

TEST(XlsxEdgeFiles, Dates1904SharedStringsRichTextPhonetic) {
    XlsxStats stats;
    expect_same_as_csv("dates_1904", &stats);
    EXPECT_TRUE(stats.date1904);
    EXPECT_EQ(stats.header_row, 1);
}

TEST(XlsxEdgeFiles, TitleRowsAndTwoRowMergedHeader) {
    XlsxStats stats;
    expect_same_as_csv("title_rows_merged", &stats);
    EXPECT_EQ(stats.header_row, 4);
    EXPECT_EQ(stats.title_rows, 1);
    EXPECT_TRUE(stats.two_row_header);
    EXPECT_TRUE(stats.merged_cells);
    // The title row, the empty rows and the upper header row are blank lines: line numbers stay row numbers.
    FileAnalysis book;
    std::string error;
    ASSERT_TRUE(analyse_xlsx(slurp(data_path("title_rows_merged.xlsx")), "t.xlsx", "", SummaryOptions{}, book, error)) << error;
    const ReadOptions* o = book.options();
    ASSERT_NE(o, nullptr);
    ASSERT_EQ(o->column_names.size(), 3u);
    EXPECT_EQ(o->column_names[1], "Order Date");
    EXPECT_EQ(o->column_names[2], "Order Amount");
    EXPECT_EQ(book.accounting().lines_read, 20u);  // rows 1..20: 15 orders from row 5 with row 9 empty
}

TEST(XlsxEdgeFiles, ChineseSheetNameHeadersInlineStringsBooleans) {
    XlsxImport x;
    ASSERT_TRUE(x.open(slurp(data_path("chinese_inline.xlsx")), "中文.xlsx")) << x.error();
    ASSERT_EQ(x.sheets().size(), 2u);
    EXPECT_EQ(x.sheets()[0].name, "订单");
    EXPECT_EQ(x.sheets()[1].name, "说明");
    EXPECT_EQ(x.default_sheet(), 0);
    EXPECT_EQ(x.find_sheet("说明"), 1);
    EXPECT_EQ(x.find_sheet("2"), 1);
    EXPECT_EQ(x.find_sheet("nope"), -1);
    expect_same_as_csv("chinese_inline");
    // The notes sheet has no orders: it fails with a message naming the sheet.
    FileAnalysis a;
    std::string error;
    EXPECT_FALSE(analyse_xlsx(slurp(data_path("chinese_inline.xlsx")), "中文.xlsx", "说明", SummaryOptions{}, a, error) &&
                 a.state() == AnalysisState::done);
}

std::string open_error(const std::string& file) {
    XlsxImport x;
    EXPECT_FALSE(x.open(slurp(data_path(file)), file));
    return x.error();
}

TEST(XlsxEdgeFiles, NotWorkbooksSayWhatToDo) {
    const std::string xls = open_error("old_format.xls");
    EXPECT_NE(xls.find(".xls"), std::string::npos) << xls;
    EXPECT_NE(xls.find("Save As"), std::string::npos) << xls;
    const std::string password = open_error("password.xlsx");
    EXPECT_NE(password.find("password"), std::string::npos) << password;
    const std::string pdf = open_error("renamed_pdf.xlsx");
    EXPECT_NE(pdf.find("PDF"), std::string::npos) << pdf;
    const std::string numbers = open_error("apple.numbers");
    EXPECT_NE(numbers.find("Numbers"), std::string::npos) << numbers;
    EXPECT_NE(numbers.find("Export To"), std::string::npos) << numbers;
    EXPECT_NE(open_error("dates_1904.csv").find("not an Excel workbook"), std::string::npos);
    EXPECT_TRUE(is_workbook_file("orders.XLSX", "%PDF"));
    EXPECT_TRUE(is_workbook_file("x.bin", std::string("PK\x03\x04", 4)));
    EXPECT_FALSE(is_workbook_file("orders.csv", "customer,date"));
}

}  // namespace
}  // namespace clv
