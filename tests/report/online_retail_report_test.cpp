// The whole report on the UCI Online Retail file (shared/data/online_retail_2010_2011.csv.gz, read
// through the app's FileAnalysis as `clv analyze` does): sanity invariants that must hold for any
// shop, with the totals recomputed here from the order lines, not taken from the report.
// The file is inflated with zlib (tests/support/gunzip.hpp), natively and under Node alike.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>

#include "pipeline/file_analysis.hpp"
#include "group_sums.hpp"
#include "report/analyze.hpp"
#include "report/report_csv.hpp"
#include "report/report_json.hpp"
#include "support/gunzip.hpp"
#include "support/test_files.hpp"

namespace clv {
namespace {

TEST(OnlineRetailReport, SanityInvariants) {
    const std::string text = testing::gunzip(testing::shared_data("online_retail_2010_2011.csv.gz"));
    ASSERT_GT(text.size(), 40u << 20);
    FileAnalysis a;
    a.begin("online_retail.csv", text.size());
    a.feed(text.data(), text.size());
    a.finish(SummaryOptions{});
    ASSERT_EQ(a.state(), AnalysisState::done) << a.error();
    const TransactionLog& log = a.log();
    const Customers& customers = a.customers();
    const uint64_t n = customers.rows.size();
    ASSERT_EQ(n, 4338u);  // shared/data/README.md

    AnalysisSettings s;
    s.budget.amount = 20000;
    AnalysisInputs in;
    in.spend.total = 100000;
    in.rows.used = a.accounting().used;
    in.rows.returns = a.accounting().returns;
    const Report r = analyze(log, customers, s, in);
    ASSERT_TRUE(r.ok()) << r.status;

    // Every grouping covers every customer once.
    EXPECT_EQ(r.customers, n);
    EXPECT_EQ(testing::sum_customers(r.segments), n);
    EXPECT_EQ(testing::sum_customers(r.classes), n);
    EXPECT_EQ(testing::sum_customers(r.tiers), n);
    EXPECT_EQ(testing::sum_customers(r.stages), n);
    EXPECT_EQ(r.table.size(), n);
    uint64_t grid = 0;
    for (const auto& row : r.rfm.grid_counts)
        for (uint64_t c : row) grid += c;
    EXPECT_EQ(grid, n);

    // Revenue: the sum of the purchase lines (the whole file is calibration), recomputed here.
    double revenue = 0;
    for (double v : log.amount) revenue += v;
    EXPECT_NEAR(r.kpi.revenue, revenue, 1e-9 * revenue);
    double segment_revenue = 0;
    for (const GroupValue& g : r.segments) segment_revenue += g.revenue;
    EXPECT_NEAR(segment_revenue, revenue, 1e-9 * revenue);
    // Orders are purchase days per customer here; AOV = revenue / orders.
    EXPECT_NEAR(r.kpi.aov, r.kpi.revenue / r.kpi.orders, 1e-9 * r.kpi.aov);

    // Tier shares add to 100%; A is the first 80% (its last customer crosses the line).
    double share = 0;
    for (const GroupValue& t : r.tiers) share += t.value / r.concentration.total_value;
    EXPECT_NEAR(share, 1, 1e-9);
    EXPECT_GE(r.tiers[0].value / r.concentration.total_value, 0.80);
    EXPECT_GT(r.concentration.gini, 0);
    EXPECT_LT(r.concentration.gini, 1);
    EXPECT_GE(r.concentration.top20_value_share, 0.2);  // the top fifth holds at least its share

    // Rates are shares.
    for (double v : {r.kpi.repeat_rate, r.kpi.crr, r.kpi.churn_rate}) {
        EXPECT_GE(v, 0);
        EXPECT_LE(v, 1);
    }
    // Cohorts: every customer in the month of their first purchase.
    uint64_t cohort_customers = 0;
    for (const Cohort& c : r.cohorts.cohorts) cohort_customers += c.customers;
    ASSERT_EQ(r.cohorts.cohorts_not_shown, 0u);  // 13 months, within the default of cohorts shown
    EXPECT_EQ(cohort_customers, n);

    // The budget is allocated in full; CAC with one number spreads it over the new customers.
    double allocated = 0;
    for (const BudgetLine& l : r.budget.lines) allocated += l.amount;
    EXPECT_NEAR(allocated, 20000, 1e-6);
    EXPECT_NEAR(r.cac.cac, 100000.0 / static_cast<double>(r.cac.new_customers), 1e-9);

    // Models: predictions for everyone; the CLV interval holds the point; P(alive) is a probability.
    ASSERT_TRUE(r.models.fitted) << r.models.message;
    size_t finite = 0;
    for (size_t i = 0; i < n; ++i) {
        if (!std::isfinite(r.table.clv[i])) continue;
        ++finite;
        EXPECT_GE(r.table.p_alive[i], 0);
        EXPECT_LE(r.table.p_alive[i], 1);
        if (std::isfinite(r.table.clv_low_at(i))) {
            EXPECT_LE(r.table.clv_low_at(i), r.table.clv[i] * (1 + 1e-9));
            EXPECT_GE(r.table.clv_high_at(i), r.table.clv[i] * (1 - 1e-9));
        }
        if (r.table.next_purchase_day[i] != kNoDay) EXPECT_GT(r.table.next_purchase_day[i], r.analysis_day);
    }
    EXPECT_EQ(finite, n);

    // Watch-list ranked by value at risk; value change covers every current customer.
    for (size_t i = 1; i < r.watchlist.size(); ++i)
        EXPECT_GE(r.watchlist[i - 1].item.value_at_risk, r.watchlist[i].item.value_at_risk);
    ASSERT_TRUE(r.migration.available) << r.migration.note;
    uint64_t cells = 0;
    for (const auto& row : r.migration.segments)
        for (uint64_t c : row) cells += c;
    EXPECT_EQ(cells, n);
    EXPECT_EQ(r.migration.customers_before + r.migration.customers_new, n);

    // Exports: one CSV line per customer, the JSON contract keys.
    std::ostringstream csv;
    write_customers_csv(csv, r, log, customers);
    const std::string t = csv.str();
    EXPECT_EQ(static_cast<uint64_t>(std::count(t.begin(), t.end(), '\n')), n + 1);
    const nlohmann::json j = nlohmann::json::parse(report_json(r));
    for (const char* key : {"customers", "rows", "kpi", "rfm_segments", "rfm_classes", "tiers", "lifecycle", "cohorts", "cac",
                            "nps", "budget", "watchlist", "migration", "playbook", "models"})
        EXPECT_TRUE(j.contains(key)) << key;
    EXPECT_EQ(j["customers"], n);
}

}  // namespace
}  // namespace clv
