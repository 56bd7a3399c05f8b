// KPIs, CRR, cohorts, CAC and NPS on worked examples computed by hand in the comments.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <sstream>

#include "kpi/cac.hpp"
#include "kpi/cohorts.hpp"
#include "kpi/input_csv.hpp"
#include "kpi/kpi.hpp"
#include "kpi/nps.hpp"

namespace clv {
namespace {

DayNumber ymd(int y, unsigned m, unsigned d) { return days_from_civil(y, m, d); }

// A shop with monthly buyers in 2024 (rows grouped by customer, days ascending, as the Reader
// leaves them):
//   Jan: A B C D (all new)        Feb: A B, E new        Mar: A E, F G new
struct Shop {
    TransactionLog log;
    Customers customers;
    Shop() {
        auto id = [&](const char* s) { return log.customers.intern(s); };
        const uint32_t A = id("A"), B = id("B"), C = id("C"), D = id("D"), E = id("E"), F = id("F"), G = id("G");
        log.add(A, ymd(2024, 1, 1), 10);
        log.add(A, ymd(2024, 2, 10), 20);
        log.add(A, ymd(2024, 3, 5), 30);
        log.add(B, ymd(2024, 1, 15), 40);
        log.add(B, ymd(2024, 2, 15), 10);
        log.add(C, ymd(2024, 1, 20), 50);
        log.add(D, ymd(2024, 1, 31), 60);
        log.add(E, ymd(2024, 2, 1), 70);
        log.add(E, ymd(2024, 3, 1), 30);
        log.add(F, ymd(2024, 3, 10), 80);
        log.add(G, ymd(2024, 3, 31), 90);
        SummaryOptions so;
        so.calibration_end = ymd(2024, 3, 31);
        customers = summarise(log, so);
    }
};

TEST(Kpi, RevenueOrdersAovFrequencyRepeatRate) {
    const Shop shop;
    KpiReport k;
    basic_kpis(shop.customers, k);
    EXPECT_EQ(k.customers, 7u);
    EXPECT_DOUBLE_EQ(k.revenue, 490);
    EXPECT_EQ(k.orders, 11u);
    EXPECT_DOUBLE_EQ(k.aov, 490.0 / 11);
    EXPECT_DOUBLE_EQ(k.purchase_frequency, 11.0 / 7);
    EXPECT_DOUBLE_EQ(k.repeat_rate, 3.0 / 7);  // A, B, E
}

TEST(Kpi, CustomerRetentionRateIsEMinusNOverS) {
    // Feb: E = 3 (A B E), N = 1 (E), S = 4 (Jan's A B C D): CRR = (3 − 1) / 4 = 0.5.
    // Mar: E = 4 (A E F G), N = 2 (F G), S = 3: CRR = 2 / 3. Pooled: (2 + 2) / (4 + 3) = 4/7.
    const Shop shop;
    KpiReport k;
    retention_kpis(shop.log, shop.customers, 1, k);
    ASSERT_EQ(k.periods.size(), 3u);
    EXPECT_EQ(k.periods[0].label, "2024-01");
    EXPECT_TRUE(std::isnan(k.periods[0].crr));
    EXPECT_EQ(k.periods[1].start_customers, 4u);
    EXPECT_EQ(k.periods[1].end_customers, 3u);
    EXPECT_EQ(k.periods[1].new_customers, 1u);
    EXPECT_DOUBLE_EQ(k.periods[1].crr, 0.5);
    EXPECT_DOUBLE_EQ(k.periods[2].crr, 2.0 / 3);
    EXPECT_TRUE(k.periods[1].complete);
    EXPECT_DOUBLE_EQ(k.crr, 4.0 / 7);
    EXPECT_DOUBLE_EQ(k.churn_rate, 3.0 / 7);
    EXPECT_DOUBLE_EQ(k.average_lifespan_months, 1 / (3.0 / 7));
    // In pieces of one to three log lines (customers' runs cut between steps): the same counts.
    for (size_t budget : {1, 2, 3}) {
        KpiReport p;
        RetentionKpis job(shop.log, shop.customers, 1, p);
        int steps = 1;
        while (!job.step(budget)) ++steps;
        EXPECT_GE(steps, static_cast<int>(shop.log.rows() / budget)) << budget;
        ASSERT_EQ(p.periods.size(), k.periods.size()) << budget;
        for (size_t i = 0; i < p.periods.size(); ++i) {
            EXPECT_EQ(p.periods[i].end_customers, k.periods[i].end_customers) << budget;
            EXPECT_EQ(p.periods[i].new_customers, k.periods[i].new_customers) << budget;
        }
        EXPECT_EQ(p.crr, k.crr) << budget;
    }
}

TEST(Kpi, TextbookCrrExample) {
    // Kumar & Reinartz's example: 900 customers at the start, 1,000 at the end, 300 of them new
    // → CRR = (1000 − 300) / 900 = 77.8%. Built as two quarters: 900 buy in Q1; in Q2, 700 of
    // them buy again and 300 new customers buy.
    TransactionLog log;
    for (int i = 0; i < 1200; ++i) {
        const uint32_t c = log.customers.intern("c" + std::to_string(i));
        if (i < 900) log.add(c, ymd(2023, 2, 1), 10);
        if (i < 700 || i >= 900) log.add(c, ymd(2023, 5, 1), 10);
    }
    SummaryOptions so;
    so.calibration_end = ymd(2023, 6, 30);
    const Customers cu = summarise(log, so);
    KpiReport k;
    retention_kpis(log, cu, 3, k);
    ASSERT_EQ(k.periods.size(), 2u);
    EXPECT_EQ(k.periods[1].label, "2023-Q2");
    EXPECT_EQ(k.periods[1].start_customers, 900u);
    EXPECT_EQ(k.periods[1].end_customers, 1000u);
    EXPECT_EQ(k.periods[1].new_customers, 300u);
    EXPECT_NEAR(k.periods[1].crr, 0.7778, 1e-4);
}

TEST(Kpi, IncompletePeriodsAreLeftOutOfThePooledRate) {
    // Analysis date mid-March: March is incomplete, so the pooled CRR is February's alone.
    const Shop shop;
    SummaryOptions so;
    so.calibration_end = ymd(2024, 3, 15);
    const Customers cu = summarise(shop.log, so);
    KpiReport k;
    retention_kpis(shop.log, cu, 1, k);
    ASSERT_EQ(k.periods.size(), 3u);
    EXPECT_FALSE(k.periods[2].complete);
    EXPECT_DOUBLE_EQ(k.crr, 0.5);
}

TEST(Kpi, SimpleClv) {
    // 0.5 margin × 40 AOV × 3 a year × 2 years − 20 CAC = 100.
    EXPECT_DOUBLE_EQ(simple_clv(0.5, 40, 3, 24, 20), 100);
    EXPECT_DOUBLE_EQ(simple_clv(0.5, 40, 3, 24, NAN), 120);
}

TEST(Cohorts, RetentionMatrixAndRevenuePerCohort) {
    const Shop shop;
    const CohortTable t = monthly_cohorts(shop.log, shop.customers, 36);
    ASSERT_EQ(t.cohorts.size(), 3u);
    EXPECT_EQ(t.new_customers, (std::vector<uint64_t>{4, 1, 2}));
    const Cohort& jan = t.cohorts[0];
    EXPECT_EQ(jan.label, "2024-01");
    EXPECT_EQ(jan.customers, 4u);
    EXPECT_EQ(jan.active, (std::vector<uint64_t>{4, 2, 1}));  // Feb: A B; Mar: A
    EXPECT_EQ(jan.retention, (std::vector<double>{1, 0.5, 0.25}));
    EXPECT_EQ(jan.revenue_by_month, (std::vector<double>{160, 30, 30}));
    EXPECT_DOUBLE_EQ(jan.revenue, 220);
    EXPECT_EQ(t.cohorts[1].retention, (std::vector<double>{1, 1}));
    EXPECT_EQ(t.cohorts[2].retention, (std::vector<double>{1}));
    // Only the most recent two.
    const CohortTable two = monthly_cohorts(shop.log, shop.customers, 2);
    EXPECT_EQ(two.cohorts.size(), 2u);
    EXPECT_EQ(two.cohorts_not_shown, 1u);
}

TEST(Cohorts, InPiecesOfEveryBudgetTheSameTable) {
    // One customer or one line per step: the runs of a customer's lines are cut between steps.
    const Shop shop;
    const CohortTable whole = monthly_cohorts(shop.log, shop.customers, 36);
    for (size_t budget : {1, 2, 3, 5}) {
        CohortBuilder b(shop.log, shop.customers, 36);
        int steps = 1;
        while (!b.step(budget)) ++steps;
        EXPECT_GE(steps, static_cast<int>(shop.log.rows() / budget)) << budget;
        const CohortTable t = b.take();
        EXPECT_EQ(t.new_customers, whole.new_customers) << budget;
        ASSERT_EQ(t.cohorts.size(), whole.cohorts.size()) << budget;
        for (size_t c = 0; c < t.cohorts.size(); ++c) {
            EXPECT_EQ(t.cohorts[c].active, whole.cohorts[c].active) << budget;
            EXPECT_EQ(t.cohorts[c].revenue_by_month, whole.cohorts[c].revenue_by_month) << budget;
        }
    }
}

TEST(Cac, SpendTableByMonthAndChannel) {
    const Shop shop;
    std::istringstream in("month,channel,spend\n2024-01,search,300\n2024-01,social,100\n2024-02,search,50\nbad,x,1\n");
    const SpendParseResult p = parse_spend_csv(in);
    ASSERT_EQ(p.lines.size(), 3u);
    EXPECT_EQ(p.bad_lines, 1u);
    SpendInput s;
    s.lines = p.lines;
    const CohortTable t = monthly_cohorts(shop.log, shop.customers, 36);
    // CLV 10 per customer; margin 0.5. New in Jan + Feb: A B C D E, spent 60 + 50 + 50 + 60 + 100 = 320.
    const std::vector<double> clv(shop.customers.rows.size(), 10);
    const CacReport r = compute_cac(s, shop.customers, clv, 0.5, t.first_month, t.new_customers, 30);
    EXPECT_DOUBLE_EQ(r.spend, 450);
    EXPECT_EQ(r.new_customers, 5u);
    EXPECT_DOUBLE_EQ(r.cac, 90);  // 450 / 5
    ASSERT_EQ(r.months.size(), 2u);
    EXPECT_DOUBLE_EQ(r.months[0].cac, 100);  // 400 / 4
    EXPECT_DOUBLE_EQ(r.months[1].cac, 50);   // 50 / 1
    ASSERT_EQ(r.channels.size(), 2u);
    EXPECT_DOUBLE_EQ(r.channels[0].share, 350.0 / 450);  // search
    EXPECT_DOUBLE_EQ(r.value_per_new_customer, (0.5 * 320 + 50) / 5);  // 42
    EXPECT_DOUBLE_EQ(r.clv_to_cac, 42.0 / 90);
    EXPECT_DOUBLE_EQ(r.payback_months, 3);  // 90 / 30
}

TEST(Cac, PerChannelFromTheAcquisitionChannel) {
    // Jan: web spend 100, store 60; Feb: web 50 (no store spend). New customers by acquisition
    // channel — Jan: 4 web, 2 store, 1 without a channel; Feb: 5 web, 1 store. Each spent 20 so
    // far; CLV 10; margin 0.5: a new customer is worth 20.
    //   web:   150 / (4 + 5) = 16.67;  Jan 100 / 4 = 25, Feb 50 / 5 = 10
    //   store: 60 / 2 = 30 (the Feb store customer came in a month without store spend)
    //   overall: 210 / (7 + 6) new customers in the spend months.
    Customers c;
    c.channel_names = {"", "Web", "store"};
    const DayNumber jan = days_from_civil(2024, 1, 10), feb = days_from_civil(2024, 2, 10);
    auto add = [&](DayNumber first, uint16_t channel, int count) {
        for (int i = 0; i < count; ++i) {
            CustomerRow r;
            r.customer = static_cast<uint32_t>(c.rows.size());
            r.first_day = r.last_day = first;
            r.purchase_days = 1;
            r.total_value = 20;
            r.acquisition_channel = channel;
            c.rows.push_back(r);
        }
    };
    add(jan, 1, 4);
    add(jan, 2, 2);
    add(jan, 0, 1);
    add(feb, 1, 5);
    add(feb, 2, 1);
    std::istringstream in("month,channel,spend\n2024-01,web ,100\n2024-01,Store,60\n2024-02,WEB,50\n");
    SpendInput s;
    s.lines = parse_spend_csv(in).lines;
    ASSERT_EQ(s.lines.size(), 3u);
    const int first_month = month_index(jan);
    const std::vector<uint64_t> new_customers = {7, 6};
    const std::vector<double> clv(c.rows.size(), 10);
    const CacReport r = compute_cac(s, c, clv, 0.5, first_month, new_customers, 0);
    EXPECT_TRUE(r.by_channel);
    EXPECT_DOUBLE_EQ(r.cac, 210.0 / 13);
    // The spend table spells web two ways: one channel, named as first written.
    ASSERT_EQ(r.channels.size(), 2u);
    const CacChannel& store = r.channels[0].channel == "Store" ? r.channels[0] : r.channels[1];
    const CacChannel& web = r.channels[0].channel == "Store" ? r.channels[1] : r.channels[0];
    EXPECT_EQ(store.channel, "Store");
    EXPECT_EQ(store.new_customers, 2u);
    EXPECT_DOUBLE_EQ(store.cac, 30);
    EXPECT_DOUBLE_EQ(store.clv_to_cac, 20.0 / 30);
    EXPECT_EQ(web.new_customers, 9u);
    EXPECT_DOUBLE_EQ(web.spend, 150);
    EXPECT_DOUBLE_EQ(web.cac, 150.0 / 9);
    EXPECT_TRUE(r.note.empty()) << r.note;
    // Per month and channel.
    std::map<std::pair<std::string, std::string>, double> cac;
    for (const CacMonthChannel& m : r.month_channels) cac[{m.label, m.channel == "Store" ? "store" : "web"}] = m.cac;
    EXPECT_DOUBLE_EQ((cac[{"2024-01", "web"}]), 25);
    EXPECT_DOUBLE_EQ((cac[{"2024-02", "web"}]), 10);
    EXPECT_DOUBLE_EQ((cac[{"2024-01", "store"}]), 30);
    EXPECT_EQ(r.month_channels.size(), 3u);
}

TEST(Cac, OneNumberCoversEveryCustomer) {
    const Shop shop;
    SpendInput s;
    s.total = 700;
    const CohortTable t = monthly_cohorts(shop.log, shop.customers, 36);
    const CacReport r = compute_cac(s, shop.customers, {}, 1, t.first_month, t.new_customers, 0);
    EXPECT_DOUBLE_EQ(r.cac, 100);  // 700 / 7
    EXPECT_DOUBLE_EQ(r.value_per_new_customer, 70);  // 490 / 7, no CLV
    EXPECT_TRUE(std::isnan(r.payback_months));       // no monthly margin
    EXPECT_FALSE(compute_cac(SpendInput{}, shop.customers, {}, 1, 0, {}, 0).available);
}

TEST(Nps, PromotersMinusDetractors) {
    // Scores 10 9 9 8 7 6 5 10 3 9: promoters 5, passives 2, detractors 3 → 50% − 30% = 20.
    NpsSettings s;
    NpsTally t;
    for (int score : {10, 9, 9, 8, 7, 6, 5, 10, 3, 9}) t.add(s, score, -1);
    t.finish();
    EXPECT_EQ(t.promoters, 5u);
    EXPECT_EQ(t.passives, 2u);
    EXPECT_EQ(t.detractors, 3u);
    EXPECT_DOUBLE_EQ(t.score, 20);
    EXPECT_TRUE(std::isnan(t.csat));
    // CSAT 5 4 3 2 5: satisfied 3 of 5 = 60%, mean 3.8.
    NpsTally c;
    for (int v : {5, 4, 3, 2, 5}) c.add(s, -1, v);
    c.finish();
    EXPECT_DOUBLE_EQ(c.csat, 60);
    EXPECT_DOUBLE_EQ(c.csat_mean, 3.8);
    EXPECT_EQ(c.responses, 0u);
}

TEST(Nps, SurveyCsvWithHeaderAndBadLines) {
    std::istringstream in("\xEF\xBB\xBF" "customer_id,score,date,csat\nA,10,2024-03-01,5\nB,11,,\nC,7,2024/3/2,\n\"D,1\",0,,2\n,5,,\n");
    const SurveyParseResult r = parse_survey_csv(in);
    ASSERT_EQ(r.responses.size(), 3u);
    EXPECT_EQ(r.bad_lines, 2u);  // score 11; no id
    EXPECT_EQ(r.responses[0].customer_id, "A");
    EXPECT_EQ(r.responses[0].csat, 5);
    EXPECT_TRUE(r.responses[1].has_day);
    EXPECT_EQ(r.responses[1].day, ymd(2024, 3, 2));
    EXPECT_EQ(r.responses[1].csat, -1);
    EXPECT_EQ(r.responses[2].customer_id, "D,1");
    // Without a header: id, score.
    std::istringstream plain("X,9\nY,3\n");
    EXPECT_EQ(parse_survey_csv(plain).responses.size(), 2u);
}

TEST(InputCsv, MonthsDaysAndNumbers) {
    int m = 0;
    EXPECT_TRUE(parse_month("1997-03", m));
    EXPECT_EQ(m, 1997 * 12 + 2);
    EXPECT_TRUE(parse_month("199703", m));
    EXPECT_EQ(m, 1997 * 12 + 2);
    EXPECT_TRUE(parse_month("1997年3月", m));
    EXPECT_EQ(m, 1997 * 12 + 2);
    EXPECT_FALSE(parse_month("March", m));
    EXPECT_FALSE(parse_month("1997-13", m));
    double v = 0;
    EXPECT_TRUE(parse_double("1,234.5", v));
    EXPECT_DOUBLE_EQ(v, 1234.5);
    EXPECT_TRUE(parse_double("¥12", v));
    EXPECT_DOUBLE_EQ(v, 12);
    EXPECT_FALSE(parse_double("12abc", v));
    EXPECT_EQ(month_label(1997 * 12 + 2), "1997-03");
    EXPECT_EQ(period_label(1997 * 12 + 3, 3), "1997-Q2");
}

}  // namespace
}  // namespace clv
