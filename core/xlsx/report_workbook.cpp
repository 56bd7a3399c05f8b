// The report workbook's entry points and its first two sheets: Overview and Customers.
// The group sheets are in report_workbook_sheets.cpp.
#include "xlsx/report_workbook.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <iterator>

#include "xlsx/report_workbook_detail.hpp"

namespace clv {

using namespace xlsx;

namespace xlsx {

const char* sheet_name(const SheetContext& c, int index) {
    static constexpr const char* en[] = {"Overview", "Customers", "Segments", "Tiers", "Lifecycle",
                                         "Cohorts", "Watch-list", "Playbook", "Budget"};
    static constexpr const char* zh[] = {"概览", "客户", "客户细分", "价值分层", "生命周期", "同期群", "流失预警", "行动方案", "预算分配"};
    return c.zh() ? zh[index] : en[index];
}

void write_table_header(SheetContext& c, int row, const std::vector<ColumnSpec>& columns, size_t rows, bool freeze) {
    for (size_t i = 0; i < columns.size(); ++i) {
        const int col = static_cast<int>(i);
        c.w.column_width(col, col, columns[i].width);
        c.w.text(row, col, c.t(columns[i].en, columns[i].zh), Style::header);
    }
    if (freeze) c.w.freeze(row + 1, 1);
    if (rows > 0) c.w.autofilter(row, 0, row + static_cast<int>(rows), static_cast<int>(columns.size()) - 1);
}

std::string action_names(const SheetContext& c, uint32_t bits) {
    std::string s;
    for (int a = 0; a < kActionCount; ++a)
        if (bits & (1u << a)) s += (s.empty() ? "" : "; ") + std::string(c.name(action_label(static_cast<Action>(a))));
    return s;
}

std::string watch_reason_names(const SheetContext& c, uint8_t bits) {
    std::string s;
    for (int r = 0; r < kWatchReasonCount; ++r)
        if (bits & (1u << r)) s += (s.empty() ? "" : "; ") + std::string(c.name(watch_reason_label(static_cast<WatchReason>(r))));
    return s;
}

}  // namespace xlsx

namespace {

// Customers sheet columns. The first ten come from the per-customer summary and are always
// written; the rest need the Report. Overview's formulas refer to the letters of some of them.
constexpr ColumnSpec kCustomerColumns[] = {
    {"Customer", "客户", 16, Style::plain},
    {"First purchase", "首次购买", 12, Style::date},
    {"Last purchase", "最近购买", 12, Style::date},
    {"Purchase days", "购买天数", 10, Style::integer},
    {"Revenue", "消费金额", 12, Style::money},              // column E: Overview's revenue formula
    {"Mean repeat value (m)", "复购平均金额 (m)", 12, Style::money},
    {"Repeat purchases (x)", "复购次数 (x)", 11, Style::integer},
    {"Last purchase time (t_x)", "最近购买时间 (t_x)", 11, Style::decimal},
    {"Age (T)", "客户年龄 (T)", 10, Style::decimal},
    {"Days since last purchase", "距上次购买天数", 11, Style::integer},
    {"R", "R", 5, Style::integer},
    {"F", "F", 5, Style::integer},
    {"M", "M", 5, Style::integer},
    {"RFM segment", "RFM 细分", 18, Style::plain},
    {"Value class", "价值类别", 18, Style::plain},
    {"Tier", "分层", 8, Style::plain},
    {"Lifecycle stage", "生命周期阶段", 14, Style::plain},
    {"P(alive)", "存活概率", 9, Style::percent},
    {"Expected purchases", "预期购买次数", 11, Style::decimal},
    {"Expected spend", "预期消费", 12, Style::money},
    {"CLV", "客户终身价值", 12, Style::money},
    {"Value at risk", "风险价值", 12, Style::money},
    {"Warning signs", "预警信号", 22, Style::plain},
    {"Actions", "建议行动", 30, Style::plain},
};
constexpr size_t kSummaryColumns = 10;

// Excel holds at most 1,048,576 rows per sheet, the header one of them: a larger base (10M
// customers load in the app) gets the first this many customers in table order, and the Overview
// says so and writes values instead of formulas over the cut sheet. The Customers CSV has them all.
size_t max_customer_rows(const SheetContext& c) {
    constexpr size_t kExcelRowsBelowHeader = 1048575;
    const size_t wanted = c.options.max_customer_rows;
    return wanted > 0 && wanted < kExcelRowsBelowHeader ? wanted : kExcelRowsBelowHeader;
}
bool customers_cut(const SheetContext& c) { return c.customers.rows.size() > max_customer_rows(c); }

// Starts the Customers sheet: its header, filters and frozen panes. Returns the customers it
// will hold (its rows are then written by write_customer_rows, in slices when made over frames).
size_t begin_customers_sheet(SheetContext& c) {
    c.w.add_sheet(sheet_name(c, kCustomers));
    std::vector<ColumnSpec> columns(std::begin(kCustomerColumns), std::end(kCustomerColumns));
    if (!c.full) columns.resize(kSummaryColumns);
    const size_t n = std::min(c.customers.rows.size(), max_customer_rows(c));
    write_table_header(c, 0, columns, n, true);
    return n;
}

// Rows [begin, end) of the Customers sheet.
void write_customer_rows(SheetContext& c, size_t begin, size_t end) {
    const double unit_days = days_per_unit(c.customers.unit);
    const CustomerTable& t = c.report.table;
    for (size_t i = begin; i < end; ++i) {
        const CustomerRow& r = c.customers.rows[i];
        const int row = static_cast<int>(i) + 1;
        c.w.text(row, 0, c.log.customers.name(r.customer));
        if (c.report.dated) {  // a summary file's days count back from an undated end
            c.w.date(row, 1, r.first_day);
            c.w.date(row, 2, r.last_day);
        }
        c.w.number(row, 3, r.purchase_days, Style::integer);
        c.w.number(row, 4, r.total_value, Style::money);
        c.w.number(row, 5, r.monetary_value, Style::money);
        c.w.number(row, 6, r.x(), Style::integer);
        c.w.number(row, 7, r.t_x, Style::decimal);
        c.w.number(row, 8, r.T, Style::decimal);
        c.w.number(row, 9, c.full ? recency_days(c.customers, i) : r.T * unit_days - r.t_x * unit_days, Style::integer);
        if (!c.full) continue;
        c.w.number(row, 10, t.r[i], Style::integer);
        c.w.number(row, 11, t.f[i], Style::integer);
        c.w.number(row, 12, t.m[i], Style::integer);
        c.w.text(row, 13, c.name(segment_label(t.segment[i])));
        c.w.text(row, 14, c.name(value_class_label(t.value_class[i])));
        c.w.text(row, 15, c.name(tier_label(t.tier[i])));
        c.w.text(row, 16, c.name(stage_label(t.stage[i])));
        c.w.number(row, 17, t.p_alive[i], Style::percent);
        c.w.number(row, 18, t.expected_purchases[i], Style::decimal);
        c.w.number(row, 19, t.expected_spend[i], Style::money);
        c.w.number(row, 20, t.clv[i], Style::money);
        c.w.number(row, 21, t.value_at_risk[i], Style::money);
        c.w.text(row, 22, watch_reason_names(c, t.watch[i]));
        c.w.text(row, 23, action_names(c, t.actions[i]));
    }
}

// One KPI line: name, value (or a live formula with its value), the formula in words.
struct KpiLine {
    const Label* label;
    double value;
    Style style;
    std::string formula;  // an Excel formula over the workbook; empty: the value is written
    const Label* explanation;
    const char* note_en = "";
    const char* note_zh = "";
};

void write_overview_sheet(SheetContext& c) {
    c.w.add_sheet(sheet_name(c, kOverview));
    c.w.column_width(0, 0, 30);
    c.w.column_width(1, 1, 16);
    c.w.column_width(2, 2, 60);
    c.w.column_width(3, 3, 40);
    int row = 0;
    c.w.text(row++, 0, c.t("Customer value report", "客户价值分析报告"), Style::title);
    if (!c.options.source_name.empty()) {
        c.w.text(row, 0, c.t("Order file", "订单文件"));
        c.w.text(row++, 1, c.options.source_name);
    }
    const Report& r = c.report;
    const Customers& cu = c.customers;
    c.w.text(row, 0, c.t("Analysis date (end of calibration)", "分析日期（校准期结束）"));
    if (r.dated) c.w.date(row, 1, cu.calibration_end);
    ++row;
    c.w.text(row, 0, c.t("First purchase in the data", "数据中最早购买"));
    if (r.dated) c.w.date(row, 1, cu.first_day_in_data);
    ++row;
    c.w.text(row, 0, c.t("Last purchase in the data", "数据中最近购买"));
    if (r.dated) c.w.date(row, 1, cu.last_day_in_data);
    ++row;
    c.w.text(row, 0, c.t("Customers", "客户数"));
    const std::string customers_ref = std::string("'") + sheet_name(c, kCustomers) + "'!";
    const std::string cnt = "B" + std::to_string(row + 1);  // Excel's 1-based row, for the formulas below
    const bool cut = customers_cut(c);
    if (cut) c.w.number(row++, 1, static_cast<double>(cu.rows.size()), Style::integer);
    else c.w.formula(row++, 1, "=COUNTA(" + customers_ref + "A:A)-1", static_cast<double>(cu.rows.size()), Style::integer);
    if (cut) {
        char buf[256];
        std::snprintf(buf, sizeof buf,
                      c.t("The Customers sheet holds the first %zu customers (Excel's limit per sheet); the Customers "
                          "CSV export has all %zu.",
                          "“客户”工作表只包含前 %zu 位客户（Excel 每个工作表的上限）；导出的客户 CSV 包含全部 %zu 位。"),
                      max_customer_rows(c), cu.rows.size());
        c.w.text(row++, 1, buf, Style::note);
    }
    if (r.rows.read > 0) {
        c.w.text(row, 0, c.t("Order lines read / used / returns / rejected", "读取 / 使用 / 退货 / 拒绝的订单行"));
        char buf[128];
        std::snprintf(buf, sizeof buf, "%llu / %llu / %llu / %llu", static_cast<unsigned long long>(r.rows.read),
                      static_cast<unsigned long long>(r.rows.used), static_cast<unsigned long long>(r.rows.returns),
                      static_cast<unsigned long long>(r.rows.rejected));
        c.w.text(row++, 1, buf);
    }
    if (!c.full) {
        c.w.text(row, 0, c.t("Analysis", "分析"));
        c.w.text(row++, 1, r.status.empty() ? c.t("not run: the sheets hold the per-customer summary only",
                                                  "未运行：仅包含客户汇总")
                                            : r.status.c_str(), Style::note);
    } else if (!r.models.message.empty()) {
        c.w.text(row, 0, c.t("Model", "模型"));
        c.w.text(row++, 1, r.models.message, Style::note);
    }
    ++row;
    if (!c.full) return;

    const KpiReport& k = r.kpi;
    c.w.text(row, 0, c.t("KPI", "指标"), Style::header);
    c.w.text(row, 1, c.t("Value", "数值"), Style::header);
    c.w.text(row, 2, c.t("Formula", "公式"), Style::header);
    c.w.text(row, 3, c.t("Note", "说明"), Style::header);
    ++row;
    // Rows of the revenue and orders values, for the live formulas below them.
    const int revenue_row = row + 1, orders_row = row + 2;  // 1-based Excel rows
    const std::string rev = "B" + std::to_string(revenue_row), ord = "B" + std::to_string(orders_row);
    const std::vector<KpiLine> lines = {
        {&kpi_label(KpiName::revenue), k.revenue, Style::money, cut ? "" : "=SUM(" + customers_ref + "E:E)",
         &kpi_formula(KpiName::revenue)},
        {&kpi_label(KpiName::orders), static_cast<double>(k.orders), Style::integer, "", &kpi_formula(KpiName::orders)},
        {&kpi_label(KpiName::aov), k.aov, Style::money, "=" + rev + "/" + ord, &kpi_formula(KpiName::aov)},
        {&kpi_label(KpiName::purchase_frequency), k.purchase_frequency, Style::decimal, "=" + ord + "/" + cnt,
         &kpi_formula(KpiName::purchase_frequency)},
        {&kpi_label(KpiName::repeat_rate), k.repeat_rate, Style::percent, "", &kpi_formula(KpiName::repeat_rate)},
        {&kpi_label(KpiName::crr), k.crr, Style::percent, "", &kpi_formula(KpiName::crr)},
        {&kpi_label(KpiName::churn_rate), k.churn_rate, Style::percent, "", &kpi_formula(KpiName::churn_rate)},
        {&kpi_label(KpiName::average_lifespan), k.average_lifespan_months, Style::decimal, "",
         &kpi_formula(KpiName::average_lifespan), "months", "月"},
        {&kpi_label(KpiName::simple_clv), k.simple_clv, Style::money, "", &kpi_formula(KpiName::simple_clv),
         simple_vs_model_note().en, simple_vs_model_note().zh},
        {&kpi_label(KpiName::model_clv), k.model_clv, Style::money, "", &kpi_formula(KpiName::model_clv)},
    };
    for (const KpiLine& l : lines) {
        c.w.text(row, 0, c.name(*l.label));
        const bool formula_ok = !l.formula.empty() && std::isfinite(l.value);
        if (formula_ok) c.w.formula(row, 1, l.formula, l.value, l.style);
        else c.w.number(row, 1, l.value, l.style);
        c.w.text(row, 2, c.name(*l.explanation), Style::wrap);
        c.w.text(row, 3, c.t(l.note_en, l.note_zh), Style::note);
        ++row;
    }
    if (r.cac.available) {
        const std::pair<KpiName, std::pair<double, Style>> cac_lines[] = {
            {KpiName::cac, {r.cac.cac, Style::money}},
            {KpiName::clv_to_cac, {r.cac.clv_to_cac, Style::decimal}},
            {KpiName::payback, {r.cac.payback_months, Style::decimal}}};
        for (const auto& [name, v] : cac_lines) {
            c.w.text(row, 0, c.name(kpi_label(name)));
            c.w.number(row, 1, v.first, v.second);
            c.w.text(row++, 2, c.name(kpi_formula(name)), Style::wrap);
        }
    }
    if (r.nps.available) {
        c.w.text(row, 0, c.name(kpi_label(KpiName::nps)));
        c.w.number(row, 1, r.nps.overall.score, Style::decimal);
        c.w.text(row++, 2, c.name(kpi_formula(KpiName::nps)), Style::wrap);
        c.w.text(row, 0, c.name(kpi_label(KpiName::csat)));
        c.w.number(row, 1, r.nps.overall.csat / 100.0, Style::percent);
        c.w.text(row++, 2, c.name(kpi_formula(KpiName::csat)), Style::wrap);
    }
    if (r.concentration.total_value > 0) {
        c.w.text(row, 0, c.t("Top 20% of customers' share of value", "前 20% 客户的价值占比"));
        c.w.number(row, 1, r.concentration.top20_value_share, Style::percent);
        c.w.text(row++, 2, c.t("value of the top 20% of customers / value of all", "价值最高的 20% 客户的价值 / 全部客户价值"), Style::wrap);
        c.w.text(row, 0, c.t("Gini coefficient of value", "价值基尼系数"));
        c.w.number(row, 1, r.concentration.gini, Style::decimal);
        c.w.text(row++, 2, c.t("0 = every customer worth the same, 1 = one customer holds all value",
                               "0 = 每位客户价值相同，1 = 全部价值集中于一位客户"), Style::wrap);
    }
}


// The sheets after Customers, in workbook order; written only with a usable Report.
using SheetWriter = void (*)(SheetContext&);
constexpr SheetWriter kGroupSheets[] = {write_segments_sheet, write_tiers_sheet,    write_lifecycle_sheet,
                                        write_cohorts_sheet,  write_watchlist_sheet, write_playbook_sheet,
                                        write_budget_sheet};
constexpr size_t kGroupSheetCount = sizeof kGroupSheets / sizeof kGroupSheets[0];

}  // namespace

struct ReportWorkbookBuilder::State {
    enum class Phase { overview, customers, group_sheets, pack, done };
    WorkbookWriter w;
    SheetContext c;
    Phase phase = Phase::overview;
    size_t row = 0, rows = 0;  // Customers rows written, of how many
    size_t group = 0;          // group sheets written
    bool ok = true;
    std::string error;

    State(const Report& report, const TransactionLog& log, const Customers& customers, const ReportWorkbookOptions& options)
        : c{w, report, log, customers, options,
            report.ok() && report.table.size() == customers.rows.size() && report.table.p_alive.size() == customers.rows.size()} {}
};

ReportWorkbookBuilder::ReportWorkbookBuilder(const std::string& path, const Report& report, const TransactionLog& log,
                                             const Customers& customers, const ReportWorkbookOptions& options)
    : s_(std::make_unique<State>(report, log, customers, options)), path_(path) {
    if (!s_->w.open(path, options.tmpdir)) {
        s_->w.close(s_->error);  // says why it could not be created
        s_->ok = false;
        s_->phase = State::Phase::done;
    }
}

ReportWorkbookBuilder::~ReportWorkbookBuilder() {
    if (!done()) s_->w.abandon();  // given up half-way: written, it would be the whole packing at once
}

bool ReportWorkbookBuilder::step(size_t rows) {
    State& s = *s_;
    switch (s.phase) {
        case State::Phase::overview:
            write_overview_sheet(s.c);
            s.rows = begin_customers_sheet(s.c);
            s.phase = State::Phase::customers;
            break;
        case State::Phase::customers: {
            const size_t end = std::min(s.rows, s.row + std::max<size_t>(rows, 1));
            write_customer_rows(s.c, s.row, end);
            s.row = end;
            if (s.row == s.rows) s.phase = s.c.full ? State::Phase::group_sheets : State::Phase::pack;
            break;
        }
        case State::Phase::group_sheets:
            kGroupSheets[s.group++](s.c);
            if (s.group == kGroupSheetCount) s.phase = State::Phase::pack;
            break;
        case State::Phase::pack:  // one piece: libxlsxwriter zips every part in its close
            s.ok = s.w.close(s.error);
            s.phase = State::Phase::done;
            break;
        case State::Phase::done: break;
    }
    return s.phase == State::Phase::done;
}

double ReportWorkbookBuilder::progress() const {
    // Weights from a 260k-customer workbook in Chromium: the Customers rows about three quarters
    // of the time, the packing the rest; the other sheets take little.
    const State& s = *s_;
    switch (s.phase) {
        case State::Phase::overview: return 0;
        case State::Phase::customers: return s.rows > 0 ? 0.75 * static_cast<double>(s.row) / static_cast<double>(s.rows) : 0.75;
        case State::Phase::group_sheets: return 0.75 + 0.03 * static_cast<double>(s.group) / kGroupSheetCount;
        case State::Phase::pack: return 0.78;
        case State::Phase::done: return 1;
    }
    return 1;
}

bool ReportWorkbookBuilder::done() const { return s_->phase == State::Phase::done; }

bool ReportWorkbookBuilder::result(std::string& error) const {
    if (!done()) {
        error = path_ + ": the workbook is not finished";
        return false;
    }
    if (!s_->ok) error = path_ + ": " + s_->error;
    return s_->ok;
}

bool ReportWorkbookBuilder::take_bytes(std::string& bytes, std::string& error) {
    bool ok = result(error);
    if (ok && !read_whole_file(path_, bytes)) {
        error = path_ + ": the written workbook cannot be read back";
        ok = false;
    }
    std::remove(path_.c_str());
    return ok;
}

std::string temporary_workbook_path(const ReportWorkbookOptions& options, const void* owner) {
    const std::string dir = options.tmpdir.empty() ? "/tmp" : options.tmpdir;
    char name[64];
    std::snprintf(name, sizeof name, "/clv-report-%p.xlsx", owner);
    return dir + name;
}

bool write_report_xlsx(const std::string& path, const Report& report, const TransactionLog& log,
                       const Customers& customers, const ReportWorkbookOptions& options, std::string& error) {
    ReportWorkbookBuilder builder(path, report, log, customers, options);
    while (!builder.step(SIZE_MAX)) {
    }
    return builder.result(error);
}

bool report_xlsx_bytes(const Report& report, const TransactionLog& log, const Customers& customers,
                       const ReportWorkbookOptions& options, std::string& bytes, std::string& error) {
    // A name of this call's own: the address of `bytes` differs between concurrent callers.
    ReportWorkbookBuilder builder(temporary_workbook_path(options, &bytes), report, log, customers, options);
    while (!builder.step(SIZE_MAX)) {
    }
    return builder.take_bytes(bytes, error);
}

}  // namespace clv
