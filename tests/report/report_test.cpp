// The whole report: invariants on CDNOW master (read through the real sniffer, reader and
// summary), the published BG/NBD fit reached through the models adapter, JSON keys, and the CSV
// exports' injection guard.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "cdnow_fixture.hpp"
#include "group_sums.hpp"
#include "pipeline/file_analysis.hpp"
#include "report/analyze.hpp"
#include "report/report_csv.hpp"
#include "report/report_json.hpp"
#include "support/test_files.hpp"

namespace clv {
namespace {

DayNumber ymd(int y, unsigned m, unsigned d) { return days_from_civil(y, m, d); }

using testing::cdnow;
using testing::Cdnow;

TEST(Report, CdnowMasterInvariants) {
    const Cdnow& d = cdnow();
    ASSERT_EQ(d.customers.rows.size(), 23570u);
    AnalysisSettings s;
    s.budget.amount = 10000;
    AnalysisInputs in;
    in.spend.total = 50000;
    const Report r = analyze(d.log, d.customers, s, in);
    ASSERT_TRUE(r.ok()) << r.status;
    const uint64_t n = 23570;
    EXPECT_EQ(r.customers, n);
    EXPECT_EQ(testing::sum_customers(r.segments), n);
    EXPECT_EQ(testing::sum_customers(r.classes), n);
    EXPECT_EQ(testing::sum_customers(r.tiers), n);
    EXPECT_EQ(testing::sum_customers(r.stages), n);
    uint64_t grid = 0;
    for (auto& row : r.rfm.grid_counts)
        for (uint64_t c : row) grid += c;
    EXPECT_EQ(grid, n);
    for (int dim = 0; dim < 3; ++dim) {
        uint64_t s5 = 0;
        for (uint64_t c : r.rfm.score_counts[dim]) s5 += c;
        EXPECT_EQ(s5, n);
    }
    // Tier value shares add to 100%, and A holds at least the 80% line but not much beyond it.
    double share = 0;
    for (const GroupValue& t : r.tiers) share += t.value / r.concentration.total_value;
    EXPECT_NEAR(share, 1, 1e-9);
    EXPECT_GE(r.tiers[0].value / r.concentration.total_value, 0.80);
    EXPECT_LT(r.tiers[0].value / r.concentration.total_value, 0.81);
    EXPECT_GT(r.concentration.gini, 0.3);
    EXPECT_LT(r.concentration.gini, 1);
    // Revenue to the analysis date: the whole file is $2,500,315.63; calibration is a part.
    double revenue = 0;
    for (const GroupValue& g : r.segments) revenue += g.revenue;
    EXPECT_NEAR(revenue, r.kpi.revenue, 1e-6 * revenue);
    EXPECT_LT(r.kpi.revenue, 2500315.63);
    // The published BG/NBD fit on CDNOW master with the same split (shared/data/README.md).
    ASSERT_TRUE(r.models.fitted);
    EXPECT_NEAR(r.models.counting.params[0], 0.2516, 0.2516e-3);
    EXPECT_NEAR(r.models.counting.params[1], 4.7889, 4.7889e-3);
    EXPECT_NEAR(r.models.counting.loglik, -95368.44, 0.01);
    // Budget adds up to the budget.
    double allocated = 0;
    for (const BudgetLine& l : r.budget.lines) allocated += l.amount;
    EXPECT_NEAR(allocated, 10000, 1e-6);
    // Every customer first bought in Q1 1997: three monthly cohorts with all of them.
    uint64_t cohort_customers = 0;
    for (const Cohort& c : r.cohorts.cohorts) cohort_customers += c.customers;
    EXPECT_EQ(cohort_customers, n);
    EXPECT_EQ(r.cohorts.cohorts.size(), 3u);
    EXPECT_DOUBLE_EQ(r.cohorts.cohorts[0].retention[0], 1);
    // CAC with one number: every customer is new in the data window.
    EXPECT_NEAR(r.cac.cac, 50000.0 / n, 1e-9);
    // Watch-list: only A and B, ranked, capped.
    ASSERT_FALSE(r.watchlist.empty());
    EXPECT_LE(r.watchlist.size(), s.watchlist.max_items);
    for (size_t i = 0; i < r.watchlist.size(); ++i) {
        EXPECT_NE(r.watchlist[i].tier, Tier::C);
        EXPECT_NE(r.watchlist[i].item.reasons, 0);
        if (i > 0) EXPECT_GE(r.watchlist[i - 1].item.value_at_risk, r.watchlist[i].item.value_at_risk);
    }
    // Migration: every current customer in one cell; nobody is new in the last 90 days.
    uint64_t cells = 0;
    for (auto& row : r.migration.segments)
        for (uint64_t c : row) cells += c;
    EXPECT_TRUE(r.migration.available);
    EXPECT_EQ(cells, n);
    EXPECT_EQ(r.migration.customers_new, 0u);
    // CRR: CDNOW acquired no one after Q1, so quarter 2's CRR is the share of Q1 buyers buying again.
    ASSERT_GE(r.kpi.periods.size(), 2u);
    EXPECT_EQ(r.kpi.periods[1].new_customers, 0u);
    EXPECT_DOUBLE_EQ(r.kpi.periods[1].crr, static_cast<double>(r.kpi.periods[1].end_customers) / n);
    // Per-customer table covers everyone; the playbook has 11 segments + 5 stages.
    EXPECT_EQ(r.table.size(), n);
    EXPECT_EQ(r.playbook.size(), 16u);
}

TEST(Report, CdnowJsonHasTheContractKeys) {
    const Cdnow& d = cdnow();
    AnalysisSettings s;
    s.migration.enabled = false;
    const Report r = analyze(d.log, d.customers, s);
    const nlohmann::json j = nlohmann::json::parse(report_json(r));
    for (const char* key : {"customers", "rows", "kpi", "rfm_segments", "rfm_classes", "tiers", "lifecycle", "cohorts", "cac",
                            "nps", "budget", "watchlist", "migration", "playbook", "models"})
        EXPECT_TRUE(j.contains(key)) << key;
    for (const char* key : {"revenue", "orders", "aov", "purchase_frequency", "repeat_rate", "crr", "churn_rate"})
        EXPECT_TRUE(j["kpi"].contains(key)) << key;
    for (const char* key : {"name", "name_zh", "customers", "revenue", "clv"}) EXPECT_TRUE(j["rfm_segments"][0].contains(key));
    for (const char* key : {"tier", "customers", "value_share"}) EXPECT_TRUE(j["tiers"][0].contains(key));
    for (const char* key : {"stage", "name_zh", "customers", "value"}) EXPECT_TRUE(j["lifecycle"][0].contains(key));
    for (const char* key : {"spend", "new_customers", "cac", "clv_to_cac", "payback_months"}) EXPECT_TRUE(j["cac"].contains(key));
    for (const char* key : {"score", "promoters", "passives", "detractors", "unmatched"}) EXPECT_TRUE(j["nps"].contains(key));
    EXPECT_EQ(j["customers"], 23570);
    EXPECT_EQ(j["rfm_segments"].size(), 11u);
    EXPECT_EQ(j["rfm_classes"].size(), 8u);
    EXPECT_EQ(j["rfm_classes"][0]["name_zh"], "重要价值客户");
    EXPECT_TRUE(j["cac"]["cac"].is_null());  // no spend given
    // The fit's diagnosis code (for the UI's own language): a sound fit says "none".
    EXPECT_TRUE(r.models.counting.diagnosis.empty()) << r.models.counting.diagnosis;
    EXPECT_EQ(j["models"]["counting"]["diagnosis_code"], "none");
    EXPECT_TRUE(j["models"]["counting"]["diagnosis_codes"].empty());
    EXPECT_FALSE(j["migration"]["available"]);
}

// A small shop with hostile customer ids, a survey and a campaign.
struct SmallShop {
    TransactionLog log;
    Customers customers;
    SmallShop() {
        const char* ids[] = {"=cmd|' /C calc'!A0", "+1", "@SUM(1)", "plain", "-5", "x,y"};
        for (int i = 0; i < 30; ++i) {
            const std::string id = i < 6 ? ids[i] : "c" + std::to_string(i);
            const uint32_t c = log.customers.intern(id);
            const int visits = 1 + i % 4;
            for (int v = 0; v < visits; ++v) log.add(c, ymd(2024, 1, 1) + i + v * (20 + i % 7), 10.0 + i + v);
        }
        SummaryOptions so;
        so.calibration_end = ymd(2024, 6, 30);
        customers = summarise(log, so);
    }
};

TEST(Report, CsvNeutralisesTextCellsButNotNumbers) {
    EXPECT_EQ(csv_text("=SUM(A1)"), "'=SUM(A1)");
    EXPECT_EQ(csv_text("+1"), "'+1");
    EXPECT_EQ(csv_text("-5"), "'-5");
    EXPECT_EQ(csv_text("@x"), "'@x");
    EXPECT_EQ(csv_text("a,b"), "\"a,b\"");
    EXPECT_EQ(csv_text("=a,\"b\""), "\"'=a,\"\"b\"\"\"");
    EXPECT_EQ(csv_text("plain"), "plain");

    const SmallShop shop;
    AnalysisSettings s;
    s.model.fit = false;  // 30 customers: no model; the rules fall back
    const Report r = analyze(shop.log, shop.customers, s);
    ASSERT_TRUE(r.ok()) << r.status;
    std::ostringstream out;
    write_customers_csv(out, r, shop.log, shop.customers);
    const std::string csv = out.str();
    EXPECT_NE(csv.find("\n'=cmd|' /C calc'!A0,"), std::string::npos);
    EXPECT_NE(csv.find("\n'+1,"), std::string::npos);
    EXPECT_NE(csv.find("\n'@SUM(1),"), std::string::npos);
    EXPECT_NE(csv.find("\n'-5,"), std::string::npos);
    EXPECT_NE(csv.find("\n\"x,y\","), std::string::npos);
    EXPECT_EQ(csv.find("\n=cmd"), std::string::npos);
    // 30 customers + header, one line each.
    EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 31);
}

TEST(Report, CustomersCsvInPiecesIsTheWholeFile) {
    // The page makes the file over frames (header, then slices of rows); the CLI writes it at once.
    const Cdnow& d = cdnow();
    AnalysisSettings s;
    s.model.bootstrap_draws = 20;
    const Report r = analyze(d.log, d.customers, s);
    ASSERT_TRUE(r.ok()) << r.status;
    ASSERT_FALSE(r.table.realised_change.empty());  // the value change columns are in too
    std::ostringstream whole;
    write_customers_csv(whole, r, d.log, d.customers);
    std::string pieces;
    append_customers_csv_header(pieces, r);
    const size_t n = customers_csv_rows(r, d.customers);
    ASSERT_EQ(n, d.customers.rows.size());
    for (size_t begin = 0; begin < n; begin += 997) append_customers_csv_rows(pieces, r, d.log, d.customers, begin, begin + 997);
    EXPECT_EQ(pieces, whole.str());
    EXPECT_EQ(static_cast<size_t>(std::count(pieces.begin(), pieces.end(), '\n')), n + 1);
}

TEST(Report, NegativeNumbersStayNumbers) {
    // A value change can be negative (potential value fell): written as a plain number.
    const Cdnow& d = cdnow();
    const Report r = analyze(d.log, d.customers, AnalysisSettings{});
    ASSERT_TRUE(r.ok());
    std::ostringstream out;
    write_customers_csv(out, r, d.log, d.customers);
    const std::string csv = out.str();
    EXPECT_NE(csv.find(",-"), std::string::npos);   // negative numbers present
    EXPECT_EQ(csv.find(",'-"), std::string::npos);  // none neutralised
}

TEST(Report, SurveyMatchesCustomersAndCountsUnknownIds) {
    const SmallShop shop;
    AnalysisSettings s;
    s.model.fit = false;
    AnalysisInputs in;
    in.survey = {{"plain", 10, 5, 0, false}, {"c10", 3, 2, 0, false}, {"nobody", 9, -1, 0, false}};
    const Report r = analyze(shop.log, shop.customers, s, in);
    ASSERT_TRUE(r.nps.available);
    EXPECT_EQ(r.nps.unmatched, 1u);
    EXPECT_EQ(r.nps.overall.responses, 3u);
    EXPECT_DOUBLE_EQ(r.nps.overall.score, 100.0 * (2 - 1) / 3);
    uint64_t by_tier = 0;
    for (const NpsTally& t : r.nps.by_tier) by_tier += t.responses;
    EXPECT_EQ(by_tier, 2u);
}

TEST(Report, CampaignOnCdnowAgainstTheUntargeted) {
    // Target the 500 first customers from 1998-01-01: no real campaign happened, so the honest
    // answer is a lift that cannot be told from noise… or a systematic difference the test would
    // show. Whatever it is, the groups must add up and the statement must be there.
    const Cdnow& d = cdnow();
    SummaryOptions so;
    so.calibration_end = ymd(1998, 6, 30);
    const Customers all = summarise(d.log, so);
    AnalysisSettings s;
    s.migration.enabled = false;
    AnalysisInputs in;
    in.campaign.start = ymd(1998, 1, 1);
    for (int i = 1; i <= 500; ++i) {
        char id[8];
        std::snprintf(id, sizeof id, "%05d", i);
        in.campaign.targets.push_back(id);
    }
    in.campaign.targets.push_back("not-a-customer");
    const Report r = analyze(d.log, all, s, in);
    ASSERT_TRUE(r.campaign.available) << r.campaign.note;
    EXPECT_EQ(r.campaign.targeted.customers, 500u);
    EXPECT_EQ(r.campaign.comparison.customers, 23570u - 500u);
    EXPECT_EQ(r.campaign.targets_unmatched, 1u);
    EXPECT_FALSE(r.campaign.statement_en.empty());
    EXPECT_TRUE(std::isfinite(r.campaign.p_vs_comparison));
}

// The analysis' default CLV options in weeks: 12 months, discounted 1% a month.
models::ClvOptions weekly_clv_options() {
    models::ClvOptions o;
    o.horizon = 12 * 30.4375 / 7;
    o.period = 30.4375 / 7;
    o.margin = 1;
    o.discount_rate = 0.01;
    o.bootstrap_draws = 0;
    return o;
}

models::SpendModel fitted_spend(const Report& r) {
    models::SpendModel spend;
    spend.params = r.models.spend.params;
    spend.covariance = r.models.spend.covariance;
    return spend;
}

TEST(Report, PredictionsEqualTheModelsApi) {
    // The adapter tabulates predictions on the fit's compressed data; they must equal
    // models::predict_customers with the same parameters and CLV options.
    const Cdnow& d = cdnow();
    AnalysisSettings s;
    s.migration.enabled = false;
    s.model.margin = 0.3;
    const Report r = analyze(d.log, d.customers, s);
    ASSERT_TRUE(r.models.fitted && r.models.spend_fitted);
    models::ClvOptions o = weekly_clv_options();
    o.margin = 0.3;
    const auto p = models::predict_customers({models::CountingModelKind::bgnbd, r.models.counting.params}, {},
                                             fitted_spend(r), d.customers, o);
    ASSERT_EQ(p.size(), r.table.size());
    for (size_t i = 0; i < p.size(); i += 97) {
        // Shown columns are stored as floats: equal to float precision (2^-24 relative).
        EXPECT_NEAR(r.table.p_alive[i], p[i].p_alive, 1e-7) << i;
        EXPECT_NEAR(r.table.expected_purchases[i], p[i].expected_purchases, 1e-7 * std::max(1.0, p[i].expected_purchases)) << i;
        EXPECT_NEAR(r.table.expected_spend[i], p[i].expected_spend, 1e-7 * std::max(1.0, p[i].expected_spend)) << i;
        EXPECT_NEAR(r.table.clv[i], p[i].clv, 1e-9 * std::max(1.0, p[i].clv)) << i;
        EXPECT_EQ(r.table.next_purchase_day[i], next_purchase_day(d.customers, p[i].next_purchase, o.horizon)) << i;
    }
}

TEST(Report, ValueChangeComparesWithPredictionsAtTheEarlierDate) {
    // The earlier date's CLVs come from today's summary with T shortened, compressed with today's
    // rows as hints and without the next purchase (report/earlier_summary.hpp, analyze.cpp). They
    // must be the doubles of the plain route: summarise() at that date, then predict_with().
    const Cdnow& d = cdnow();
    AnalysisSettings s;
    s.model.bootstrap_draws = 0;
    const Report r = analyze(d.log, d.customers, s);
    ASSERT_TRUE(r.migration.available) << r.migration.note;
    ASSERT_TRUE(r.models.fitted);
    SummaryOptions so;
    so.calibration_end = d.customers.calibration_end - s.migration.compare_days;
    so.unit = d.customers.unit;
    const Customers before = summarise(d.log, so);
    ModelSettings ms = s.model;
    const ModelRun today = run_models(d.customers, ms);
    ASSERT_EQ(today.model.params, r.models.counting.params);
    const ModelRun then = predict_with(today, before, ms);
    ASSERT_EQ(then.predictions.size(), before.rows.size());
    double potential_before = 0;
    size_t repeat_buyers_unchanged = 0;
    for (const double clv : then.predictions.clv)
        if (std::isfinite(clv)) potential_before += clv;
    EXPECT_EQ(r.migration.potential_before, potential_before);
    // Per customer: the change against the earlier CLV of the same customer (ids matched here by
    // customer index, independently of the job's row map).
    std::vector<int32_t> row_then(d.log.customers.size(), -1);
    for (size_t k = 0; k < before.rows.size(); ++k) row_then[before.rows[k].customer] = static_cast<int32_t>(k);
    for (size_t i = 0; i < d.customers.rows.size(); ++i) {
        const int32_t k = row_then[d.customers.rows[i].customer];
        if (k < 0) continue;
        const double expected = r.table.clv[i] - then.predictions.clv[static_cast<size_t>(k)];
        ASSERT_EQ(r.table.potential_change[i], static_cast<float>(expected)) << i;
        repeat_buyers_unchanged += d.customers.rows[i].x() > 0 && d.customers.rows[i].last_day <= so.calibration_end.value();
    }
    EXPECT_GT(repeat_buyers_unchanged, 100u);  // the hinted path was taken by many customers
}

TEST(Report, ClvOnlyPredictionsKeepTheClvsAndNothingElse) {
    // Value change asks for the CLVs alone (PredictOptions::clv_only): they must be the full
    // route's CLVs bit for bit, and the other columns empty (their memory is the point).
    const Cdnow& d = cdnow();
    ModelSettings ms;
    ms.bootstrap_draws = 0;
    SummaryOptions so;
    so.calibration_end = d.customers.calibration_end - 90;
    so.unit = d.customers.unit;
    const Customers before = summarise(d.log, so);
    const ModelRun today = run_models(d.customers, ms);
    ASSERT_TRUE(today.fitted);
    const ModelRun full = predict_with(today, before, ms);
    PredictOptions po;
    po.clv_only = true;
    ModelJob job(today, before, ms, po);
    while (job.step()) {
    }
    const ModelRun only = job.take();
    ASSERT_TRUE(only.fitted);
    ASSERT_EQ(only.predictions.clv.size(), before.rows.size());
    size_t finite = 0;
    for (size_t i = 0; i < before.rows.size(); ++i) {
        if (std::isnan(full.predictions.clv[i])) {
            EXPECT_TRUE(std::isnan(only.predictions.clv[i])) << i;
            continue;
        }
        ASSERT_EQ(only.predictions.clv[i], full.predictions.clv[i]) << i;
        finite += full.predictions.clv[i] > 0;
    }
    EXPECT_GT(finite, before.rows.size() / 2);
    EXPECT_TRUE(only.predictions.p_alive.empty());
    EXPECT_TRUE(only.predictions.expected_purchases.empty());
    EXPECT_TRUE(only.predictions.expected_spend.empty());
    EXPECT_TRUE(only.predictions.next_purchase.empty());
    EXPECT_EQ(full.predictions.p_alive.size(), before.rows.size());  // the full route keeps them

    // Without a usable fit the CLVs are NaN and still nothing else is made.
    ModelRun unfitted = today;
    unfitted.fitted = false;
    ModelJob none(unfitted, before, ms, po);
    while (none.step()) {
    }
    const ModelRun nan_run = none.take();
    ASSERT_EQ(nan_run.predictions.clv.size(), before.rows.size());
    EXPECT_TRUE(std::isnan(nan_run.predictions.clv[0]));
    EXPECT_TRUE(nan_run.predictions.p_alive.empty());
}

TEST(Report, NextPurchaseDateIsTheMedianOfTheModel) {
    // At the reported date the chance of no purchase yet, 1 - P(alive) + P(alive) ·
    // ((α+T)/(α+T+t))^(r+x) (BG/NBD: a customer alive at T buys before dropping out), has fallen to
    // 1/2 or below, and the day before it was still above 1/2. P(alive) is recomputed here from
    // the published closed form (Fader, Hardie & Lee 2005, eq. 8), not taken from the report.
    const Cdnow& d = cdnow();
    AnalysisSettings s;
    s.migration.enabled = false;
    s.model.bootstrap_draws = 0;
    const Report r = analyze(d.log, d.customers, s);
    ASSERT_TRUE(r.models.fitted);
    const double rr = r.models.counting.params[0], alpha = r.models.counting.params[1], a = r.models.counting.params[2],
                 b = r.models.counting.params[3];
    size_t with_date = 0, without = 0, beyond = 0;
    for (size_t i = 0; i < d.customers.rows.size(); i += 37) {
        const CustomerRow& c = d.customers.rows[i];
        const double pa = c.x() == 0 ? 1.0
                                   : 1.0 / (1.0 + a / (b + c.x() - 1) * std::pow((alpha + c.T) / (alpha + c.t_x), rr + c.x()));
        const auto none_by = [&](DayNumber day) {
            const double t = (day - d.customers.calibration_end) / 7.0;
            return 1 - pa + pa * std::pow((alpha + c.T) / (alpha + c.T + t), rr + c.x());
        };
        const DayNumber next = r.table.next_purchase_day[i];
        if (pa <= 0.5) {
            EXPECT_EQ(next, kNoDay) << i;
            ++without;
            continue;
        }
        if (next == kNoDay) {  // beyond the horizon
            const double horizon_days = s.model.horizon_months * 30.4375;
            EXPECT_GT(none_by(d.customers.calibration_end + static_cast<DayNumber>(std::floor(horizon_days))), 0.5) << i;
            ++beyond;
            continue;
        }
        ++with_date;
        EXPECT_GT(next, d.customers.calibration_end) << i;
        EXPECT_LE(none_by(next), 0.5 + 1e-12) << i;
        if (next > d.customers.calibration_end + 1) {
            EXPECT_GT(none_by(next - 1), 0.5) << i;
        }
    }
    EXPECT_GT(with_date, 50u);
    EXPECT_GT(without, 50u);
    EXPECT_GT(beyond, 50u);  // one-time buyers: alive for BG/NBD, but not expected within a year
}

TEST(Report, ClvIntervalAgreesWithThePerCustomerBootstrap) {
    // The report's interval evaluates the draws on cells of similar customers; the models API
    // recomputes every customer per draw. With the same number of draws (different random
    // streams) the two must tell the same story: the point inside, and ends within a fifth of the
    // reference width (plus Monte Carlo noise of 400 draws).
    const Cdnow& d = cdnow();
    AnalysisSettings s;
    s.migration.enabled = false;
    s.model.bootstrap_draws = 400;
    const Report r = analyze(d.log, d.customers, s);
    ASSERT_TRUE(r.models.fitted && r.models.interval);
    models::ClvOptions o = weekly_clv_options();
    o.bootstrap_draws = 400;
    o.interval = 0.90;
    o.seed = 7;
    const auto p = models::predict_customers({models::CountingModelKind::bgnbd, r.models.counting.params},
                                             r.models.counting.covariance, fitted_spend(r), d.customers, o);
    size_t compared = 0, close = 0;
    for (size_t i = 0; i < p.size(); i += 13) {
        const double lo = r.table.clv_low[i], hi = r.table.clv_high[i], c = r.table.clv[i];
        ASSERT_TRUE(std::isfinite(lo) && std::isfinite(hi)) << i;
        EXPECT_LE(lo, c * (1 + 1e-9)) << i;
        EXPECT_GE(hi, c * (1 - 1e-9)) << i;
        const double width = p[i].clv_high - p[i].clv_low;
        if (!(width > 1e-6)) continue;
        ++compared;
        if (std::fabs(lo - p[i].clv_low) <= 0.2 * width && std::fabs(hi - p[i].clv_high) <= 0.2 * width) ++close;
    }
    ASSERT_GT(compared, 1000u);
    EXPECT_GE(static_cast<double>(close) / static_cast<double>(compared), 0.95) << close << " of " << compared;
}

TEST(Report, HoldoutCheckOnCdnow) {
    // Calibration to 1997-09-30, orders to 1998-06-30: the report carries the holdout check. The
    // actual repeat purchase days after the calibration end are counted here from the log.
    const Cdnow& d = cdnow();
    AnalysisSettings s;
    s.migration.enabled = false;
    s.model.bootstrap_draws = 0;
    const Report r = analyze(d.log, d.customers, s);
    const models::HoldoutReport& h = r.models.holdout;
    ASSERT_TRUE(h.available) << h.note;
    std::vector<std::pair<uint32_t, DayNumber>> days;
    for (size_t k = 0; k < d.log.rows(); ++k)
        if (d.log.day[k] > d.customers.calibration_end) days.emplace_back(d.log.customer[k], d.log.day[k]);
    std::sort(days.begin(), days.end());
    days.erase(std::unique(days.begin(), days.end()), days.end());
    EXPECT_DOUBLE_EQ(h.actual_total, static_cast<double>(days.size()));
    EXPECT_EQ(h.holdout_end, ymd(1998, 6, 30));
    EXPECT_EQ(h.tracking.size(), 39u);  // 273 days
    EXPECT_DOUBLE_EQ(h.tracking.back().actual, h.actual_total);
    EXPECT_NEAR(h.tracking.back().predicted, h.predicted_total, 1e-6 * h.predicted_total);
    // BG/NBD follows CDNOW's holdout in total (here within 15%; bias = predicted - actual), and
    // the conditional expectations by calibration frequency add up to the totals.
    EXPECT_LT(std::fabs(h.bias_percent), 20);
    EXPECT_NEAR(h.bias, h.predicted_total - h.actual_total, 1e-6);
    double by_x_actual = 0, by_x_predicted = 0, by_x_customers = 0;
    for (const models::FrequencyRow& f : h.by_frequency) {
        by_x_customers += f.customers;
        by_x_actual += f.customers * f.actual_mean;
        by_x_predicted += f.customers * f.predicted_mean;
    }
    EXPECT_DOUBLE_EQ(by_x_customers, 23570);
    EXPECT_NEAR(by_x_actual, h.actual_total, 1e-6 * h.actual_total);
    EXPECT_NEAR(by_x_predicted, h.predicted_total, 1e-6 * h.predicted_total);
    // Frequent buyers buy more later, in the data and in the model.
    EXPECT_GT(h.by_frequency.back().actual_mean, h.by_frequency.front().actual_mean);
    EXPECT_GT(h.by_frequency.back().predicted_mean, h.by_frequency.front().predicted_mean);
    EXPECT_GT(h.mae, 0);
    EXPECT_GE(h.rmse, h.mae);
    const nlohmann::json j = nlohmann::json::parse(report_json(r));
    EXPECT_TRUE(j["models"]["holdout"]["available"]);
    EXPECT_EQ(j["models"]["holdout"]["tracking"].size(), 39u);
    EXPECT_EQ(j["models"]["holdout"]["mae"], h.mae);
    // Off in the settings, or no later orders: not available, with a reason.
    s.model.holdout = false;
    const Report off = analyze(d.log, d.customers, s);
    EXPECT_FALSE(off.models.holdout.available);
    EXPECT_FALSE(off.models.holdout.note.empty());
    SummaryOptions so;
    const Customers all = summarise(d.log, so);
    s.model.holdout = true;
    const Report none = analyze(d.log, all, s);
    EXPECT_FALSE(none.models.holdout.available);
    EXPECT_FALSE(none.models.holdout.note.empty());
}

// CDNOW cut at 1998-03-31 with every part of the analysis on: value change, campaign, CAC,
// budget, holdout, interval.
struct EveryPart {
    const Cdnow& d = cdnow();
    Customers customers;
    AnalysisSettings s;
    AnalysisInputs in;
    EveryPart() {
        SummaryOptions so;
        so.calibration_end = ymd(1998, 3, 31);
        customers = summarise(d.log, so);
        s.budget.amount = 5000;
        in.spend.total = 20000;
        in.campaign.start = ymd(1998, 2, 1);
        for (const char* id : {"00001", "00002", "00003", "00010", "00100"}) in.campaign.targets.push_back(id);
    }
};

TEST(Report, StagedJobGivesTheOneShotReport) {
    // The browser runs AnalysisJob a step per frame; the report must be identical to analyze()'s,
    // with every part on (value change, campaign, CAC, budget, holdout, interval), the progress
    // must rise to 1 and the phases come in their documented order.
    const EveryPart e;
    const Cdnow& d = e.d;
    const Customers& customers = e.customers;
    const AnalysisSettings& s = e.s;
    const AnalysisInputs& in = e.in;
    const std::string one_shot = report_json(analyze(d.log, customers, s, in));

    AnalysisJob job(d.log, customers, s, in);
    std::vector<std::string> phases;
    double last = -1;
    int steps = 0;
    while (true) {
        const double p = job.progress();
        EXPECT_GE(p, last);
        last = p;
        if (phases.empty() || phases.back() != job.phase()) phases.push_back(job.phase());
        if (!job.step()) break;
        ++steps;
    }
    phases.push_back(job.phase());
    EXPECT_TRUE(job.done());
    EXPECT_DOUBLE_EQ(job.progress(), 1);
    EXPECT_FALSE(job.step());
    EXPECT_GT(steps, 10);
    const std::vector<std::string> expected = {"fit", "predictions", "segments", "customers", "holdout", "kpi",
                                               "value_change", "interval", "campaign", "done"};
    EXPECT_EQ(phases, expected);
    const Report staged = job.take();
    EXPECT_TRUE(staged.migration.available);
    EXPECT_TRUE(staged.campaign.available) << staged.campaign.note;
    EXPECT_TRUE(staged.models.holdout.available);
    EXPECT_EQ(report_json(staged), one_shot);
}

// Every field but the ones written after the Overview: the value change, the campaign evaluation
// and the CLV interval (models.interval.available, each watch-list entry's clv_low / clv_high), as
// JSON; and the customer CSV without the interval columns and the two change columns.
static nlohmann::json without_late_parts(const std::string& report) {
    nlohmann::json j = nlohmann::json::parse(report);
    j.erase("migration");
    j.erase("campaign");
    j["models"]["interval"].erase("available");
    for (nlohmann::json& entry : j["watchlist"]) {
        entry.erase("clv_low");
        entry.erase("clv_high");
    }
    return j;
}
static std::string customers_csv_without_late_columns(const Report& r, const TransactionLog& log, const Customers& c) {
    std::ostringstream out;
    write_customers_csv(out, r, log, c);
    std::istringstream in(out.str());
    std::string line, kept;
    std::vector<bool> keep;
    while (std::getline(in, line)) {
        std::vector<std::string> cells;
        std::istringstream fields(line);
        for (std::string cell; std::getline(fields, cell, ',');) cells.push_back(cell);
        if (keep.empty())  // the header names the columns
            for (const std::string& name : cells)
                keep.push_back(name != "clv_low" && name != "clv_high" && name != "realised_change" && name != "potential_change");
        for (size_t k = 0; k < cells.size(); ++k)
            if (k >= keep.size() || keep[k]) kept += cells[k] + ',';
        kept += '\n';
    }
    return kept;
}

TEST(Report, OverviewReadyWhenOnlyValueChangeAndCampaignRemain) {
    // The browser draws the Overview once overview_ready() is true and lets the rest run behind
    // it: from then on only the CLV interval, migration, the two change columns and campaign may change.
    const EveryPart e;
    const Cdnow& d = e.d;
    const Customers& customers = e.customers;
    const AnalysisSettings& s = e.s;
    const AnalysisInputs& in = e.in;

    AnalysisJob job(d.log, customers, s, in);
    std::string early_json, early_csv;
    std::vector<std::string> phases_after;
    while (true) {
        if (job.overview_ready()) {
            if (early_json.empty()) {
                EXPECT_STREQ(job.phase(), "value_change");
                early_json = report_json(job.report());
                early_csv = customers_csv_without_late_columns(job.report(), d.log, customers);
                EXPECT_FALSE(job.report().migration.available);
                EXPECT_FALSE(job.report().models.interval);
                const CustomerTable& t = job.report().table;
                EXPECT_TRUE(t.clv_low.empty() && t.clv_high.empty());  // not held before the interval runs
                for (size_t i = 0; i < t.size(); ++i) ASSERT_TRUE(std::isnan(t.clv_low_at(i)));  // shown as a dash
            }
        } else {
            EXPECT_TRUE(early_json.empty()) << "overview_ready() went back to false";
        }
        if (!job.step()) break;
    }
    ASSERT_FALSE(early_json.empty()) << "never ready before the end";
    const Report final_report = job.take();
    ASSERT_TRUE(final_report.migration.available);
    ASSERT_TRUE(final_report.campaign.available);
    ASSERT_FALSE(final_report.table.realised_change.empty());
    EXPECT_EQ(without_late_parts(early_json), without_late_parts(report_json(final_report)));
    EXPECT_EQ(early_csv, customers_csv_without_late_columns(final_report, d.log, customers));
    // The part left out is real work: the late parts differ from what was there early, and every
    // customer with a CLV has an interval around it at the end.
    EXPECT_NE(nlohmann::json::parse(early_json)["migration"], nlohmann::json::parse(report_json(final_report))["migration"]);
    ASSERT_TRUE(final_report.models.interval);
    size_t with_interval = 0;
    for (size_t i = 0; i < final_report.table.clv.size(); ++i) {
        if (!std::isfinite(final_report.table.clv[i]) || std::isnan(final_report.table.clv_low_at(i))) continue;
        ASSERT_LE(final_report.table.clv_low_at(i), final_report.table.clv[i]) << i;
        ASSERT_GE(final_report.table.clv_high_at(i), final_report.table.clv[i]) << i;
        ++with_interval;
    }
    EXPECT_GT(with_interval, customers.rows.size() * 9 / 10);
}

TEST(Report, EmptyInputAndASummaryWithoutOrderLines) {
    const Report empty = analyze(TransactionLog{}, Customers{}, AnalysisSettings{});
    ASSERT_TRUE(empty.ok()) << empty.status;
    EXPECT_EQ(empty.customers, 0u);
    EXPECT_FALSE(nlohmann::json::parse(report_json(empty)).is_discarded());
    // A per-customer summary file: customers without order lines. Cohorts come from first days,
    // CRR and value change say they need the lines.
    Customers c;
    c.calibration_end = ymd(2024, 6, 30);
    c.first_day_in_data = ymd(2024, 1, 1);
    for (uint32_t i = 0; i < 40; ++i) {
        CustomerRow r;
        r.customer = i;
        r.first_day = ymd(2024, 1, 1) + static_cast<int>(i);
        r.purchase_days = 1 + i % 5;
        r.last_day = r.first_day + static_cast<int>(10 * (r.purchase_days - 1));
        r.t_x = (r.last_day - r.first_day) / 7.0;
        r.T = (c.calibration_end - r.first_day) / 7.0;
        r.total_value = 20.0 * r.purchase_days + i;
        r.monetary_value = r.x() > 0 ? 20 : 0;
        c.rows.push_back(r);
    }
    // No model: on these regular made-up buyers BG/NBD runs to its boundary (a, b → ∞), where the
    // models' 2F1 series takes ~16 s (reported to the models engineer); the rules fall back.
    AnalysisSettings s;
    s.model.fit = false;
    const Report r = analyze(TransactionLog{}, c, s);
    ASSERT_TRUE(r.ok()) << r.status;
    EXPECT_EQ(testing::sum_customers(r.segments), 40u);
    EXPECT_TRUE(std::isnan(r.kpi.crr));
    EXPECT_FALSE(r.migration.available);
    EXPECT_FALSE(r.migration.note.empty());
    uint64_t cohort_customers = 0;
    for (const Cohort& co : r.cohorts.cohorts) cohort_customers += co.customers;
    EXPECT_EQ(cohort_customers, 40u);
    std::ostringstream out;
    write_customers_csv(out, r, TransactionLog{}, c);
    const std::string text = out.str();
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 41);
}

TEST(Report, InvalidSettingsBecomeAStatus) {
    const SmallShop shop;
    AnalysisSettings s;
    s.tiers.a_share = 2;
    const Report r = analyze(shop.log, shop.customers, s);
    EXPECT_FALSE(r.ok());
    EXPECT_NE(r.status.find("tier A share"), std::string::npos);
}


// A per-customer summary file has no dates (its days count back from the end of its period, day
// 0): the report says so and the exports write no calendar dates for it; an order file's do.
TEST(Report, ASummaryFileExportsNoCalendarDates) {
    const std::string text = testing::shared_data("cdnow_customers_summary.csv");
    FileAnalysis a;
    a.begin("summary.csv", text.size());
    a.feed(text.data(), text.size());
    a.finish(SummaryOptions{});
    ASSERT_EQ(a.state(), AnalysisState::done) << a.error();
    ASSERT_EQ(a.kind(), FileKind::customer_summary);
    const Report r = analyze(a.log(), a.customers(), AnalysisSettings{}, AnalysisInputs{});
    ASSERT_TRUE(r.ok()) << r.status;
    EXPECT_FALSE(r.dated);
    const nlohmann::json j = nlohmann::json::parse(report_json(r));
    EXPECT_TRUE(j["analysis_date"].is_null());
    EXPECT_TRUE(j["first_date"].is_null());
    std::ostringstream csv;
    write_customers_csv(csv, r, a.log(), a.customers());
    std::istringstream lines(csv.str());
    std::string header, line;
    std::getline(lines, header);
    const size_t column = static_cast<size_t>(std::count(header.begin(), header.begin() + static_cast<long>(header.find("next_purchase_date")), ','));
    size_t rows = 0, dated = 0;
    while (std::getline(lines, line)) {
        ++rows;
        std::istringstream cells(line);
        std::string cell;
        for (size_t k = 0; k <= column; ++k) std::getline(cells, cell, ',');
        dated += !cell.empty();
    }
    EXPECT_EQ(rows, a.customers().rows.size());
    EXPECT_EQ(dated, 0u);

    const Report orders = analyze(cdnow().log, cdnow().customers, AnalysisSettings{}, AnalysisInputs{});
    EXPECT_TRUE(orders.dated);
    EXPECT_EQ(nlohmann::json::parse(report_json(orders))["analysis_date"], "1997-09-30");
}

}  // namespace
}  // namespace clv
