// The report workbook's group sheets: Segments (RFM segments and value classes), Tiers (with
// the value concentration), Lifecycle, Cohorts (retention by month since acquisition),
// Watch-list, Playbook and Budget. One function per sheet; each starts its own sheet.
#include <algorithm>
#include <cmath>

#include "xlsx/report_workbook_detail.hpp"

namespace clv::xlsx {

namespace {

const std::vector<ColumnSpec>& group_columns_spec(std::vector<ColumnSpec>& out, const char* en, const char* zh) {
    out = {{en, zh, 22, Style::plain},
           {"Customers", "客户数", 11, Style::integer},
           {"Share of customers", "客户占比", 11, Style::percent},
           {"Revenue", "消费金额", 14, Style::money},
           {"Share of revenue", "金额占比", 11, Style::percent},
           {"CLV", "客户终身价值", 14, Style::money},
           {"Share of CLV", "CLV 占比", 11, Style::percent},
           {"Mean P(alive)", "平均存活概率", 11, Style::percent}};
    return out;
}

// A table of groups (segments, classes, tiers, stages) from `row`; returns the row after it.
template <typename LabelOf>
int write_groups(SheetContext& c, int row, const char* en, const char* zh, const GroupValue* groups, int count,
                 LabelOf label_of, bool freeze) {
    std::vector<ColumnSpec> columns;
    write_table_header(c, row, group_columns_spec(columns, en, zh), freeze ? static_cast<size_t>(count) : 0, freeze);
    ++row;
    for (int i = 0; i < count; ++i, ++row) {
        const GroupValue& g = groups[i];
        c.w.text(row, 0, c.name(label_of(g.id)));
        c.w.number(row, 1, static_cast<double>(g.customers), Style::integer);
        c.w.number(row, 2, g.customer_share, Style::percent);
        c.w.number(row, 3, g.revenue, Style::money);
        c.w.number(row, 4, g.revenue_share, Style::percent);
        c.w.number(row, 5, g.clv, Style::money);
        c.w.number(row, 6, g.clv_share, Style::percent);
        c.w.number(row, 7, g.p_alive_mean, Style::percent);
    }
    return row;
}

}  // namespace

void write_segments_sheet(SheetContext& c) {
    c.w.add_sheet(sheet_name(c, kSegments));
    int row = write_groups(c, 0, "RFM segment", "RFM 细分", c.report.segments, kSegmentCount,
                           [](uint8_t id) { return segment_label(static_cast<Segment>(id)); }, true);
    row += 2;
    write_groups(c, row, "Value class (R, F, M above/below average)", "价值类别（R、F、M 高于/低于平均）", c.report.classes,
                 kValueClassCount, [](uint8_t id) { return value_class_label(static_cast<ValueClass>(id)); }, false);
}

void write_tiers_sheet(SheetContext& c) {
    c.w.add_sheet(sheet_name(c, kTiers));
    int row = write_groups(c, 0, "Value tier", "价值分层", c.report.tiers, kTierCount,
                           [](uint8_t id) { return tier_label(static_cast<Tier>(id)); }, true);
    const Concentration& k = c.report.concentration;
    row += 1;
    c.w.text(row, 0, c.t("Top 20% of customers' share of value", "前 20% 客户的价值占比"));
    c.w.number(row++, 1, k.top20_value_share, Style::percent);
    c.w.text(row, 0, c.t("Gini coefficient", "基尼系数"));
    c.w.number(row++, 1, k.gini, Style::decimal);
    if (k.customer_share.empty()) return;
    row += 1;
    c.w.text(row, 0, c.t("Pareto curve: share of customers (highest value first)", "帕累托曲线：客户占比（按价值从高到低）"),
             Style::header);
    c.w.text(row++, 1, c.t("Share of value", "价值占比"), Style::header);
    for (size_t i = 0; i < k.customer_share.size() && i < k.value_share.size(); ++i, ++row) {
        c.w.number(row, 0, k.customer_share[i], Style::percent);
        c.w.number(row, 1, k.value_share[i], Style::percent);
    }
}

void write_lifecycle_sheet(SheetContext& c) {
    c.w.add_sheet(sheet_name(c, kLifecycle));
    write_groups(c, 0, "Lifecycle stage", "生命周期阶段", c.report.stages, kStageCount,
                 [](uint8_t id) { return stage_label(static_cast<Stage>(id)); }, true);
}

void write_cohorts_sheet(SheetContext& c) {
    c.w.add_sheet(sheet_name(c, kCohorts));
    const CohortTable& t = c.report.cohorts;
    size_t months = 0;
    for (const Cohort& k : t.cohorts) months = std::max(months, k.retention.size());
    months = std::min<size_t>(months, 240);
    std::vector<ColumnSpec> columns = {{"Cohort (first purchase month)", "同期群（首购月份）", 16, Style::plain},
                                       {"Customers", "客户数", 10, Style::integer},
                                       {"Revenue", "消费金额", 14, Style::money}};
    std::vector<std::string> month_names;
    month_names.reserve(months);
    for (size_t m = 0; m < months; ++m) month_names.push_back((c.zh() ? "第 " + std::to_string(m) + " 月" : "Month " + std::to_string(m)));
    for (size_t m = 0; m < months; ++m) columns.push_back({month_names[m].c_str(), month_names[m].c_str(), 9, Style::percent});
    write_table_header(c, 0, columns, t.cohorts.size(), true);
    int row = 1;
    for (const Cohort& k : t.cohorts) {
        c.w.text(row, 0, k.label);
        c.w.number(row, 1, static_cast<double>(k.customers), Style::integer);
        c.w.number(row, 2, k.revenue, Style::money);
        for (size_t m = 0; m < k.retention.size() && m < months; ++m) c.w.number(row, 3 + static_cast<int>(m), k.retention[m], Style::percent);
        ++row;
    }
    ++row;
    c.w.text(row, 0, c.t("Retention: share of the cohort's customers buying in month k after their first purchase month.",
                         "留存率：同期群客户在首购后第 k 个月仍有购买的比例。"),
             Style::note);
    if (t.cohorts_not_shown > 0) {
        c.w.text(++row, 0, c.t("Older cohorts not shown: ", "未显示的更早同期群：") + std::to_string(t.cohorts_not_shown), Style::note);
    }
}

void write_watchlist_sheet(SheetContext& c) {
    c.w.add_sheet(sheet_name(c, kWatchlist));
    const std::vector<ColumnSpec> columns = {{"Customer", "客户", 16, Style::plain},
                                             {"Value at risk", "风险价值", 12, Style::money},
                                             {"Chance lost", "流失可能性", 10, Style::percent},
                                             {"Value if active", "继续活跃的价值", 12, Style::money},
                                             {"P(alive)", "存活概率", 9, Style::percent},
                                             {"CLV", "客户终身价值", 12, Style::money},
                                             {"Days silent", "沉默天数", 9, Style::integer},
                                             {"Usual gap (days)", "通常间隔（天）", 9, Style::integer},
                                             {"RFM segment", "RFM 细分", 18, Style::plain},
                                             {"Tier", "分层", 7, Style::plain},
                                             {"Lifecycle stage", "生命周期阶段", 12, Style::plain},
                                             {"Warning signs", "预警信号", 28, Style::plain}};
    write_table_header(c, 0, columns, c.report.watchlist.size(), true);
    int row = 1;
    for (const WatchEntry& e : c.report.watchlist) {
        c.w.text(row, 0, e.customer_id);
        c.w.number(row, 1, e.item.value_at_risk, Style::money);
        c.w.number(row, 2, e.item.chance_lost, Style::percent);
        c.w.number(row, 3, e.item.value_if_active, Style::money);
        c.w.number(row, 4, e.item.p_alive, Style::percent);
        c.w.number(row, 5, e.clv, Style::money);
        c.w.number(row, 6, e.item.silence_days, Style::integer);
        c.w.number(row, 7, e.item.usual_gap_days, Style::integer);
        c.w.text(row, 8, c.name(segment_label(e.segment)));
        c.w.text(row, 9, c.name(tier_label(e.tier)));
        c.w.text(row, 10, c.name(stage_label(e.stage)));
        c.w.text(row, 11, watch_reason_names(c, e.item.reasons));
        ++row;
    }
    if (c.report.watchlist.empty())
        c.w.text(row, 0, c.t("No valuable customer shows a warning sign.", "没有出现预警信号的重要客户。"), Style::note);
}

void write_playbook_sheet(SheetContext& c) {
    c.w.add_sheet(sheet_name(c, kPlaybook));
    const std::vector<ColumnSpec> columns = {{"Group", "客户群", 22, Style::plain},
                                             {"Kind", "类型", 14, Style::plain},
                                             {"Customers", "客户数", 10, Style::integer},
                                             {"Value", "价值", 14, Style::money},
                                             {"Actions", "建议行动", 50, Style::wrap}};
    write_table_header(c, 0, columns, c.report.playbook.size(), true);
    int row = 1;
    for (const PlaybookEntry& p : c.report.playbook) {
        const Label& group = p.by_stage ? stage_label(static_cast<Stage>(p.id)) : segment_label(static_cast<Segment>(p.id));
        c.w.text(row, 0, c.name(group));
        c.w.text(row, 1, p.by_stage ? c.t("lifecycle stage", "生命周期阶段") : c.t("RFM segment", "RFM 细分"));
        c.w.number(row, 2, static_cast<double>(p.customers), Style::integer);
        c.w.number(row, 3, p.value, Style::money);
        c.w.text(row, 4, action_names(c, p.actions), Style::wrap);
        ++row;
    }
    row += 2;
    c.w.text(row, 0, c.t("Action", "行动"), Style::header);
    c.w.text(row++, 4, c.t("What to do and why", "做法与原因"), Style::header);
    for (int a = 0; a < kActionCount; ++a, ++row) {
        c.w.text(row, 0, c.name(action_label(static_cast<Action>(a))));
        c.w.text(row, 4, c.name(action_detail(static_cast<Action>(a))), Style::wrap);
    }
}

void write_budget_sheet(SheetContext& c) {
    c.w.add_sheet(sheet_name(c, kBudget));
    const BudgetReport& b = c.report.budget;
    const std::vector<ColumnSpec> columns = {{"RFM segment", "RFM 细分", 20, Style::plain},
                                             {"Customers", "客户数", 10, Style::integer},
                                             {"Value", "价值", 14, Style::money},
                                             {"Cost per customer", "单客成本", 11, Style::money},
                                             {"Budget", "预算", 14, Style::money},
                                             {"Expected gain", "预期收益", 14, Style::money},
                                             {"Marginal return", "边际回报", 11, Style::decimal}};
    if (!b.available) {
        c.w.column_width(0, 0, 60);
        c.w.text(0, 0, b.note.empty() ? c.t("No budget was given (clv analyze --budget AMOUNT, or the Budget view).",
                                            "未设置预算（clv analyze --budget 金额，或在预算页设置）")
                                      : b.note,
                 Style::note);
        return;
    }
    write_table_header(c, 0, columns, b.lines.size(), true);
    int row = 1;
    for (const BudgetLine& l : b.lines) {
        c.w.text(row, 0, c.name(segment_label(l.segment)));
        c.w.number(row, 1, static_cast<double>(l.customers), Style::integer);
        c.w.number(row, 2, l.value, Style::money);
        c.w.number(row, 3, l.cost_per_customer, Style::money);
        c.w.number(row, 4, l.amount, Style::money);
        c.w.number(row, 5, l.expected_gain, Style::money);
        c.w.number(row, 6, l.marginal_return, Style::decimal);
        ++row;
    }
    c.w.text(row, 0, c.t("Total", "合计"), Style::header);
    c.w.formula(row, 4, "=SUM(E2:E" + std::to_string(row) + ")", b.allocated, Style::money);
    c.w.formula(row, 5, "=SUM(F2:F" + std::to_string(row) + ")", b.expected_gain, Style::money);
    row += 2;
    c.w.text(row, 0, c.t("Budget", "预算"));
    c.w.number(row++, 1, b.budget, Style::money);
    if (!b.note.empty()) c.w.text(row, 0, b.note, Style::note);
}

}  // namespace clv::xlsx
