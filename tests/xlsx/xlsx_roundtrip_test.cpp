// Workbooks generated with the project's own writer (libxlsxwriter: inline strings, date and
// money formats) read back to the same summary as the same rows in CSV, in any step size; a bad
// cell is reported as "row 17, column D"; the report workbook has its sheets in both languages,
// and made in slices (as the page makes it over frames) it is the same workbook, part by part.
#include <cstdio>
#include <filesystem>

#include "report/analyze.hpp"
#include "xlsx/report_workbook.hpp"
#include "xlsx/xlsx_writer.hpp"
#include "xlsx/xlsx_zip.hpp"
#include "xlsx_test_util.hpp"

namespace clv {
namespace {

struct Order {
    std::string id, customer;
    DayNumber day;
    double amount;
    std::string amount_text;  // when set, written as text instead of the number
};

std::vector<Order> make_orders(size_t n) {
    std::vector<Order> orders;
    uint64_t s = 12345;
    auto next = [&s]() { return (s = s * 6364136223846793005ULL + 1442695040888963407ULL) >> 33; };
    const DayNumber start = days_from_civil(2022, 1, 1);
    for (size_t i = 0; i < n; ++i) {
        Order o;
        o.id = "SO" + std::to_string(100000 + i);
        o.customer = "C" + std::to_string(next() % 300);
        o.day = start + static_cast<DayNumber>(next() % 700);
        o.amount = static_cast<double>(next() % 20000) / 100.0 + 1;
        orders.push_back(o);
    }
    return orders;
}

std::string to_csv(const std::vector<Order>& orders) {
    std::string s = "order_id,customer_id,order_date,amount\n";
    for (const Order& o : orders) {
        const CivilDate d = civil_from_days(o.day);
        char buf[128];
        std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", d.year, d.month, d.day);
        s += o.id + "," + o.customer + "," + buf + ",";
        if (!o.amount_text.empty()) s += "\"" + o.amount_text + "\"\n";
        else {
            std::snprintf(buf, sizeof buf, "%.17g\n", o.amount);
            s += buf;
        }
    }
    return s;
}

std::string to_xlsx(const std::vector<Order>& orders, const std::string& path) {
    xlsx::WorkbookWriter w;
    EXPECT_TRUE(w.open(path));
    w.add_sheet("Orders");
    const char* header[] = {"order_id", "customer_id", "order_date", "amount"};
    for (int c = 0; c < 4; ++c) w.text(0, c, header[c], xlsx::Style::header);
    int row = 1;
    for (const Order& o : orders) {
        w.text(row, 0, o.id);
        w.text(row, 1, o.customer);
        w.date(row, 2, o.day);
        if (o.amount_text.empty()) w.number(row, 3, o.amount, xlsx::Style::money);
        else w.text(row, 3, o.amount_text);
        ++row;
    }
    std::string error;
    EXPECT_TRUE(w.close(error)) << error;
    std::string bytes;
    EXPECT_TRUE(xlsx::read_whole_file(path, bytes));
    std::remove(path.c_str());
    return bytes;
}

std::string temp_path(const char* name) { return std::string("/tmp/clv-xlsx-test-") + name; }

TEST(XlsxRoundTrip, WriterWorkbookReadsLikeCsvInAnyStepSize) {
    const std::vector<Order> orders = make_orders(3000);
    const std::string bytes = to_xlsx(orders, temp_path("orders.xlsx"));
    FileAnalysis csv;
    xlsx_test::analyse_csv_text(to_csv(orders), csv);
    for (size_t budget : {size_t(1) << 16, size_t(1) << 24}) {
        XlsxImport x;
        ASSERT_TRUE(x.open(bytes, "orders.xlsx")) << x.error();
        FileAnalysis book;
        ASSERT_TRUE(x.begin(x.default_sheet(), book));
        int steps = 0;
        while (x.step(book, budget)) {
            ++steps;
            EXPECT_GE(x.progress(), 0.0);
            EXPECT_LE(x.progress(), 1.0);
        }
        x.finish(book, SummaryOptions{});
        ASSERT_TRUE(x.error().empty()) << x.error();
        xlsx_test::expect_same_summary(csv, book);
        EXPECT_EQ(book.accounting().lines_read, orders.size() + 1);
        EXPECT_EQ(x.stats().header_row, 1);
        if (budget == (size_t(1) << 16)) EXPECT_GT(steps, 1);
    }
}

TEST(XlsxRoundTrip, BadCellIsNamedByRowAndColumnLetter) {
    std::vector<Order> orders = make_orders(40);
    orders[15].amount_text = "12,5O";  // sheet row 17 (row 1 is the header), column D
    const std::string bytes = to_xlsx(orders, temp_path("bad.xlsx"));
    FileAnalysis book;
    std::string error;
    ASSERT_TRUE(analyse_xlsx(bytes, "bad.xlsx", "", SummaryOptions{}, book, error)) << error;
    ASSERT_EQ(book.rejections().size(), 1u);
    const Rejection& r = book.rejections()[0];
    EXPECT_EQ(r.line, 17u);
    EXPECT_EQ(r.column, 4);
    const std::string m = XlsxImport::describe(r, book.options()->column_names);
    EXPECT_EQ(m, "row 17, column D ('amount'): '12,5O' is not a number");
    const std::string zh = XlsxImport::describe_zh(r, book.options()->column_names);
    EXPECT_EQ(zh.rfind("第 17 行，D 列“amount”：", 0), 0u) << zh;
    EXPECT_EQ(book.accounting().rejected, 1u);
    EXPECT_TRUE(book.accounting().adds_up());
}

TEST(XlsxRoundTrip, ReportWorkbookHasItsSheetsInBothLanguages) {
    const std::vector<Order> orders = make_orders(2000);
    FileAnalysis a;
    xlsx_test::analyse_csv_text(to_csv(orders), a);
    ASSERT_EQ(a.state(), AnalysisState::done) << a.error();
    AnalysisSettings settings;
    const Report report = analyze(a.log(), a.customers(), settings);
    ASSERT_TRUE(report.ok()) << report.status;
    for (XlsxLanguage lang : {XlsxLanguage::en, XlsxLanguage::zh}) {
        ReportWorkbookOptions options;
        options.language = lang;
        options.source_name = "orders.csv";
        std::string bytes, error;
        ASSERT_TRUE(report_xlsx_bytes(report, a.log(), a.customers(), options, bytes, error)) << error;
        XlsxImport x;
        ASSERT_TRUE(x.open(bytes, "report.xlsx")) << x.error();
        std::vector<std::string> names;
        for (const XlsxSheet& s : x.sheets()) names.push_back(s.name);
        const std::vector<std::string> want =
            lang == XlsxLanguage::en
                ? std::vector<std::string>{"Overview", "Customers", "Segments", "Tiers", "Lifecycle", "Cohorts",
                                           "Watch-list", "Playbook", "Budget"}
                : std::vector<std::string>{"概览", "客户", "客户细分", "价值分层", "生命周期", "同期群", "流失预警", "行动方案", "预算分配"};
        EXPECT_EQ(names, want);
    }
    // Without a usable Report: Overview and Customers from the summary.
    Report empty;
    empty.status = "no model";
    std::string bytes, error;
    ASSERT_TRUE(report_xlsx_bytes(empty, a.log(), a.customers(), ReportWorkbookOptions{}, bytes, error)) << error;
    XlsxImport x;
    ASSERT_TRUE(x.open(bytes, "summary.xlsx")) << x.error();
    EXPECT_EQ(x.sheets().size(), 2u);
}

TEST(XlsxRoundTrip, ReportWorkbookMadeInSlicesIsTheWholeOnePartByPart) {
    const std::vector<Order> orders = make_orders(2000);
    FileAnalysis a;
    xlsx_test::analyse_csv_text(to_csv(orders), a);
    ASSERT_EQ(a.state(), AnalysisState::done) << a.error();
    const size_t customers = a.customers().rows.size();
    const Report report = analyze(a.log(), a.customers(), AnalysisSettings{});
    ASSERT_TRUE(report.ok()) << report.status;
    ReportWorkbookOptions options;
    options.source_name = "orders.csv";
    std::string whole, error;
    ASSERT_TRUE(report_xlsx_bytes(report, a.log(), a.customers(), options, whole, error)) << error;

    constexpr size_t kRows = 7;
    ReportWorkbookBuilder builder(temporary_workbook_path(options, &builder), report, a.log(), a.customers(), options);
    size_t steps = 0;
    double progress = builder.progress();
    EXPECT_EQ(progress, 0.0);
    while (!builder.step(kRows)) {
        ++steps;
        EXPECT_GE(builder.progress(), progress) << "progress went back at step " << steps;
        progress = builder.progress();
        EXPECT_LT(progress, 1.0);
    }
    EXPECT_EQ(builder.progress(), 1.0);
    // The Overview, a step per 7 customers, the seven group sheets, the packing.
    EXPECT_EQ(steps + 1, 1 + (customers + kRows - 1) / kRows + 7 + 1);
    std::string sliced;
    ASSERT_TRUE(builder.take_bytes(sliced, error)) << error;

    xlsx::ZipArchive zip_whole, zip_sliced;
    ASSERT_TRUE(zip_whole.open(whole, error)) << error;
    ASSERT_TRUE(zip_sliced.open(sliced, error)) << error;
    ASSERT_EQ(zip_whole.entries().size(), zip_sliced.entries().size());
    size_t compared = 0;
    for (const xlsx::ZipEntry& e : zip_whole.entries()) {
        if (e.name == "docProps/core.xml") continue;  // the time it was made, to the second
        std::string part_whole, part_sliced;
        ASSERT_TRUE(zip_whole.read_all(e.name, part_whole, error)) << error;
        ASSERT_TRUE(zip_sliced.read_all(e.name, part_sliced, error)) << e.name << ": " << error;
        EXPECT_EQ(part_whole, part_sliced) << e.name;
        compared += part_whole.size();
    }
    EXPECT_GT(compared, customers * 100) << "the Customers sheet was compared";
}

#ifdef __linux__
size_t open_files() {
    size_t n = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator("/proc/self/fd")) ++n;
    return n;
}
#endif

TEST(XlsxRoundTrip, ReportWorkbookGivenUpHalfWayWritesNothingAndFreesItsTemporaryFiles) {
    // The page drops a workbook being made when new results arrive (the old ones may be gone):
    // finishing it would read them, and pack the whole file in one frame.
    FileAnalysis a;
    xlsx_test::analyse_csv_text(to_csv(make_orders(2000)), a);
    ASSERT_EQ(a.state(), AnalysisState::done) << a.error();
    const Report report = analyze(a.log(), a.customers(), AnalysisSettings{});
    ASSERT_TRUE(report.ok()) << report.status;
    const ReportWorkbookOptions options;
    const std::string path = temporary_workbook_path(options, &path);
    std::remove(path.c_str());
#ifdef __linux__
    const size_t files_before = open_files();
#endif
    {
        ReportWorkbookBuilder builder(path, report, a.log(), a.customers(), options);
        for (int i = 0; i < 5; ++i) ASSERT_FALSE(builder.step(10));
#ifdef __linux__
        EXPECT_GT(open_files(), files_before) << "the Customers sheet's temporary file";
#endif
    }
    EXPECT_FALSE(std::filesystem::exists(path)) << path;
#ifdef __linux__
    EXPECT_EQ(open_files(), files_before);
#endif
}

TEST(XlsxRoundTrip, DamagedWorkbooksFailWithAMessage) {
    const std::string bytes = to_xlsx(make_orders(200), temp_path("cut.xlsx"));
    XlsxImport x;
    EXPECT_FALSE(x.open(bytes.substr(0, bytes.size() / 2), "cut.xlsx"));
    EXPECT_NE(x.error().find("cut.xlsx: "), std::string::npos);
    std::string flipped = bytes;
    for (size_t i = 200; i < flipped.size() / 2; i += 97) flipped[i] = static_cast<char>(flipped[i] ^ 0x5A);
    FileAnalysis a;
    std::string error;
    const bool ok = analyse_xlsx(flipped, "flipped.xlsx", "", SummaryOptions{}, a, error);
    if (!ok) {
        EXPECT_FALSE(error.empty());
    }
}

TEST(XlsxRoundTrip, ReportWorkbookCutsTheCustomersSheetAtItsRowLimit) {
    // Excel holds 1,048,575 customers below the header: a larger base (10M customers load in the
    // app) gets the first that many. Here the limit is lowered to 100, and the sheet read back.
    const std::vector<Order> orders = make_orders(2000);
    FileAnalysis a;
    xlsx_test::analyse_csv_text(to_csv(orders), a);
    ASSERT_EQ(a.state(), AnalysisState::done) << a.error();
    const size_t customers = a.customers().rows.size();
    ASSERT_GT(customers, 100u);
    const Report report = analyze(a.log(), a.customers(), AnalysisSettings{});
    ASSERT_TRUE(report.ok()) << report.status;
    auto customers_sheet_lines = [&](size_t limit) {
        ReportWorkbookOptions options;
        options.max_customer_rows = limit;
        std::string bytes, error;
        EXPECT_TRUE(report_xlsx_bytes(report, a.log(), a.customers(), options, bytes, error)) << error;
        FileAnalysis sheet;
        XlsxStats stats;
        EXPECT_TRUE(analyse_xlsx(bytes, "report.xlsx", "Customers", SummaryOptions{}, sheet, error, nullptr, &stats)) << error;
        return sheet.accounting().lines_read;
    };
    EXPECT_EQ(customers_sheet_lines(0), customers + 1);  // Excel's limit: everyone, below the header
    EXPECT_EQ(customers_sheet_lines(100), 101u);
    EXPECT_EQ(customers_sheet_lines(customers), customers + 1);
}

}  // namespace
}  // namespace clv
