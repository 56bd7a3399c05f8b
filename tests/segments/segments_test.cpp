// RFM scores, segments, classes, tiers and lifecycle stages on small hand-built cases whose
// answers are worked out by hand in the comments.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include <climits>
#include <cmath>

#include "segments/labels.hpp"
#include "segments/lifecycle.hpp"
#include "segments/rfm.hpp"
#include "segments/tiers.hpp"

namespace clv {
namespace {

std::vector<int> scores(const std::vector<double>& v, bool higher_is_better) {
    std::vector<double> scratch;
    const QuintileCuts q = quintile_cuts(v, higher_is_better, scratch);
    std::vector<int> s;
    for (double x : v) s.push_back(q.score(x));
    return s;
}

// ---- RFM scores -----------------------------------------------------------------------------------

TEST(RfmScores, TenDistinctValuesFallTwoPerQuintile) {
    // score = 1 + floor(5 · below / 10): below = 0,1 → 1; 2,3 → 2; ...; 8,9 → 5.
    EXPECT_EQ(scores({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, true), (std::vector<int>{1, 1, 2, 2, 3, 3, 4, 4, 5, 5}));
}

TEST(RfmScores, FourValuesUseTheFloorRule) {
    // n = 4: below 0 → 1, 1 → 1 + floor(5/4) = 2, 2 → 1 + floor(10/4) = 3, 3 → 1 + floor(15/4) = 4.
    EXPECT_EQ(scores({10, 1, 9, 2}, true), (std::vector<int>{4, 1, 3, 2}));
}

TEST(RfmScores, TiesShareTheScoreOfTheirLowestRankAndLeaveGaps) {
    // Six of ten are 1: below(1) = 0 → 1; below(2) = 6 → 1 + floor(30/10) = 4; below(3) = 7 → 4;
    // below(4) = 8 → 5; below(5) = 9 → 5. Scores 2 and 3 stay empty.
    EXPECT_EQ(scores({1, 1, 1, 1, 1, 1, 2, 3, 4, 5}, true), (std::vector<int>{1, 1, 1, 1, 1, 1, 4, 4, 5, 5}));
    // Everyone equal: everyone scores 1.
    EXPECT_EQ(scores({7, 7, 7}, true), (std::vector<int>{1, 1, 1}));
}

TEST(RfmScores, RecencyScoresTheMostRecentHighest) {
    EXPECT_EQ(scores({10, 20, 30, 40, 50}, false), (std::vector<int>{5, 4, 3, 2, 1}));
}

TEST(RfmScores, ManyFractionalValuesScoreByTheRule) {
    // 50k monetary-like values (the histogram-and-select route), in three shapes: spread over many
    // magnitudes, clustered so that several cuts share one histogram bucket, and with heavy ties.
    // Expected scores by the rule itself: 1 + floor(5 · below / n), `below` counted by a sort.
    std::mt19937_64 rng(5);
    std::uniform_real_distribution<double> u(0, 1);
    for (int shape = 0; shape < 3; ++shape) {
        std::vector<double> v(50000);
        for (double& x : v)
            x = shape == 0 ? std::exp(u(rng) * 12) + 0.25 : shape == 1 ? 1000 + u(rng) * 1e-3 : std::round(u(rng) * 8) * 2.5 + 0.5;
        for (const bool higher_is_better : {true, false}) {
            SCOPED_TRACE(shape * 2 + higher_is_better);
            std::vector<double> sorted = v;
            std::sort(sorted.begin(), sorted.end());
            const size_t n = v.size();
            const std::vector<int> got = scores(v, higher_is_better);
            for (size_t i = 0; i < n; i += 7) {
                const auto below = static_cast<size_t>(higher_is_better ? std::lower_bound(sorted.begin(), sorted.end(), v[i]) - sorted.begin()
                                                                        : sorted.end() - std::upper_bound(sorted.begin(), sorted.end(), v[i]));
                ASSERT_EQ(got[i], 1 + static_cast<int>(5 * below / n)) << i;
            }
        }
    }
}

TEST(RfmScores, InPiecesEveryCustomerScoredByTheRuleWithCountsToMatch) {
    // 300k customers: every pass of the cuts (the integer route for recency, the histogram and
    // gather for monetary), the mean bases and the scoring read 2^17 values a step, so each takes
    // three slices here.
    std::mt19937_64 rng(9);
    std::uniform_real_distribution<double> u(0, 1);
    const size_t n = 300000;
    std::vector<double> rec(n), fre(n), mon(n);
    for (size_t i = 0; i < n; ++i) {
        rec[i] = std::floor(u(rng) * 365);
        fre[i] = 1 + std::floor(-std::log(1 - u(rng)) * 2);
        mon[i] = std::exp(u(rng) * 8);
    }
    RfmSettings settings;
    RfmColumns cols;
    RfmScoring job(settings, rec, fre, mon, cols);
    int steps = 1;
    while (!job.step()) ++steps;
    EXPECT_GE(steps, 3 * (2 + 2 + 2) + 3 * 3 + 3);
    const RfmSummary sum = job.take();
    ASSERT_EQ(cols.m.size(), n);
    ASSERT_EQ(cols.r.size(), n);
    std::vector<double> sorted_rec = rec;
    std::sort(sorted_rec.begin(), sorted_rec.end());
    for (size_t i = 0; i < n; i += 3) {  // recency: smaller is better, `below` counts the larger values
        const auto below = static_cast<size_t>(sorted_rec.end() - std::upper_bound(sorted_rec.begin(), sorted_rec.end(), rec[i]));
        ASSERT_EQ(cols.r[i], 1 + static_cast<int>(5 * below / n)) << i;
    }
    double rec_sum = 0;
    for (double v : rec) rec_sum += v;
    EXPECT_EQ(sum.r_base, rec_sum / static_cast<double>(n));
    std::vector<double> sorted = mon;
    std::sort(sorted.begin(), sorted.end());
    uint64_t counted[5] = {};
    for (size_t i = 0; i < n; ++i) {
        const auto below = static_cast<size_t>(std::lower_bound(sorted.begin(), sorted.end(), mon[i]) - sorted.begin());
        ASSERT_EQ(cols.m[i], 1 + static_cast<int>(5 * below / n)) << i;
        ++counted[cols.m[i] - 1];
        ASSERT_EQ(cols.segment[i], rfm_segment(settings, cols.r[i], cols.f[i], cols.m[i])) << i;
    }
    for (int k = 0; k < 5; ++k) EXPECT_EQ(sum.score_counts[2][k], counted[k]) << k;
    uint64_t grid_total = 0;
    for (const auto& row : sum.grid_counts)
        for (uint64_t c : row) grid_total += c;
    EXPECT_EQ(grid_total, n);
}

TEST(RfmSegments, DefaultGridNamesTheCorners) {
    const RfmSettings s;
    EXPECT_EQ(rfm_segment(s, 5, 5, 5), Segment::champions);
    EXPECT_EQ(rfm_segment(s, 1, 1, 1), Segment::lost);
    EXPECT_EQ(rfm_segment(s, 5, 1, 1), Segment::new_customers);
    EXPECT_EQ(rfm_segment(s, 1, 5, 4), Segment::cant_lose);       // FM = (5 + 4 + 1) / 2 = 5
    EXPECT_EQ(rfm_segment(s, 3, 3, 3), Segment::need_attention);
    EXPECT_EQ(rfm_segment(s, 2, 1, 2), Segment::about_to_sleep);  // FM = (1 + 2 + 1) / 2 = 2
    EXPECT_EQ(rfm_segment(s, 4, 1, 1), Segment::promising);
    EXPECT_EQ(rfm_segment(s, 2, 4, 3), Segment::at_risk);         // FM = 4
    // Every one of the 11 segments appears in the default grid.
    bool seen[kSegmentCount] = {};
    for (auto& row : s.grid)
        for (Segment g : row) seen[static_cast<int>(g)] = true;
    for (int i = 0; i < kSegmentCount; ++i) EXPECT_TRUE(seen[i]) << segment_label(static_cast<Segment>(i)).en;
}

TEST(RfmSegments, CheckRejectsAGridCellThatIsNoSegment) {
    RfmSettings s;
    EXPECT_EQ(s.check(), "");
    s.grid[2][3] = static_cast<Segment>(11);
    EXPECT_NE(s.check().find("R3 FM4"), std::string::npos);
}

TEST(RfmClasses, AboveOrBelowTheMeanOfEachDimension) {
    // Means: recency 55, frequency 3, monetary 255.
    const std::vector<double> recency{10, 100, 10, 100}, frequency{5, 1, 1, 5}, monetary{500, 500, 10, 10};
    RfmColumns out;
    const RfmSummary sum = score_rfm(RfmSettings{}, recency, frequency, monetary, out);
    EXPECT_DOUBLE_EQ(sum.r_base, 55);
    EXPECT_DOUBLE_EQ(sum.f_base, 3);
    EXPECT_DOUBLE_EQ(sum.m_base, 255);
    EXPECT_EQ(out.value_class[0], ValueClass::important_value);   // R↑ F↑ M↑
    EXPECT_EQ(out.value_class[1], ValueClass::important_retain);  // R↓ F↓ M↑
    EXPECT_EQ(out.value_class[2], ValueClass::general_develop);   // R↑ F↓ M↓
    EXPECT_EQ(out.value_class[3], ValueClass::general_keep);      // R↓ F↑ M↓
    EXPECT_STREQ(value_class_label(out.value_class[0]).zh, "重要价值客户");
    EXPECT_STREQ(value_class_label(out.value_class[3]).zh, "一般保持客户");
    uint64_t total = 0;
    for (auto& row : sum.grid_counts)
        for (uint64_t c : row) total += c;
    EXPECT_EQ(total, 4u);
}

TEST(RfmClasses, MedianBaseAndEqualToTheBaseCountsAsLow) {
    RfmSettings s;
    s.class_base = RfmSettings::ClassBase::median;
    // Median of 1, 2, 3 is 2: the customer with 2 purchase days is "low".
    const std::vector<double> recency{5, 5, 5}, frequency{1, 2, 3}, monetary{10, 10, 10};
    RfmColumns out;
    const RfmSummary sum = score_rfm(s, recency, frequency, monetary, out);
    EXPECT_DOUBLE_EQ(sum.f_base, 2);
    EXPECT_EQ(out.value_class[1], ValueClass::general_retain);  // R = base (low), F = base (low), M = base (low)
    EXPECT_EQ(out.value_class[2], ValueClass::general_keep);    // F above the median
}

// ---- tiers ------------------------------------------------------------------------------------------

TEST(Tiers, EightyFifteenFiveByCumulativeValueWithRowOrderTieBreak) {
    // Sorted 50, 30, 10, 5, 5 (total 100); value before each: 0, 50, 80, 90, 95.
    // A while before < 80: 50, 30. B while before < 95: 10 and the first 5. C: the second 5.
    const std::vector<double> value{5, 50, 5, 30, 10};
    std::vector<Tier> tiers;
    TierStat st[kTierCount];
    const Concentration c = assign_tiers(TierSettings{}, value, tiers, st);
    EXPECT_EQ(tiers, (std::vector<Tier>{Tier::B, Tier::A, Tier::C, Tier::A, Tier::B}));
    EXPECT_EQ(st[0].customers, 2u);
    EXPECT_DOUBLE_EQ(st[0].value_share, 0.80);
    EXPECT_DOUBLE_EQ(st[1].value_share, 0.15);
    EXPECT_DOUBLE_EQ(st[2].value_share, 0.05);
    EXPECT_DOUBLE_EQ(c.top20_value_share, 0.5);  // the top one of five
    EXPECT_DOUBLE_EQ(c.value_share.front(), 0);
    EXPECT_DOUBLE_EQ(c.value_share.back(), 1);
    EXPECT_DOUBLE_EQ(c.customer_share.back(), 1);
}

TEST(Tiers, TheCustomerWhoCrossesTheLineIsInA) {
    // 60 + 30 = 90 > 80: the 30 customer crosses the 80% line and is A; B covers until 95: the 6.
    const std::vector<double> value{60, 30, 6, 4};
    std::vector<Tier> tiers;
    TierStat st[kTierCount];
    assign_tiers(TierSettings{}, value, tiers, st);
    EXPECT_EQ(tiers, (std::vector<Tier>{Tier::A, Tier::A, Tier::B, Tier::C}));
}

TEST(Tiers, NothingOfValueIsAllC) {
    std::vector<Tier> tiers;
    TierStat st[kTierCount];
    const Concentration c = assign_tiers(TierSettings{}, {0, 0, -3}, tiers, st);
    EXPECT_EQ(st[2].customers, 3u);
    EXPECT_DOUBLE_EQ(c.gini, 0);
}

TEST(Tiers, GiniOfEqualAndOfConcentratedValues) {
    EXPECT_DOUBLE_EQ(gini_of_sorted_desc({1, 1, 1, 1}), 0);
    // One of four holds everything: 2·(4·1)/(4·1) − 5/4 = 0.75, the maximum (n − 1)/n.
    EXPECT_DOUBLE_EQ(gini_of_sorted_desc({1, 0, 0, 0}), 0.75);
    // {3, 1}: ascending 1, 3: 2·(1·1 + 2·3)/(2·4) − 3/2 = 14/8 − 1.5 = 0.25.
    EXPECT_DOUBLE_EQ(gini_of_sorted_desc({3, 1}), 0.25);
}

TEST(Tiers, ManyCustomersTakeTheRadixSortWithTheSameRule) {
    // 600k values (the radix path starts at 4096; each pass runs in slices of 2^16, so ten here):
    // wide magnitudes, many ties, zeros, negatives and
    // NaN (both count as 0). Expected tiers by the documented rule, computed here another way: a
    // stable sort of the rows by value (ties in row order), A while the value before a customer is
    // below 80% of the total, B below 95%.
    std::mt19937_64 rng(11);
    std::uniform_real_distribution<double> u(0, 1);
    std::vector<double> value(600000);
    for (size_t i = 0; i < value.size(); ++i) {
        const double r = u(rng);
        value[i] = r < 0.1 ? 0 : r < 0.12 ? -5 : r < 0.13 ? NAN : r < 0.5 ? std::round(u(rng) * 20) * 5
                                                                           : std::exp(u(rng) * 30 - 10);
    }
    auto clean = [](double v) { return std::isfinite(v) ? std::max(0.0, v) : 0.0; };
    std::vector<size_t> order(value.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return clean(value[a]) > clean(value[b]); });
    std::vector<double> sorted(value.size());
    double total = 0;
    for (size_t j = 0; j < order.size(); ++j) total += sorted[j] = clean(value[order[j]]);
    const TierSettings ts;  // A: 0.8, B: the next 0.15
    std::vector<Tier> expected(value.size(), Tier::C);
    double before = 0;
    for (size_t j = 0; j < order.size(); ++j) {
        if (before < ts.a_share * total) expected[order[j]] = Tier::A;
        else if (before < (ts.a_share + ts.b_share) * total) expected[order[j]] = Tier::B;
        before += sorted[j];
    }
    std::vector<Tier> tiers;
    TierStat st[kTierCount];
    const Concentration c = assign_tiers(ts, value, tiers, st);
    EXPECT_EQ(tiers, expected);
    EXPECT_EQ(c.total_value, total);
    EXPECT_EQ(c.gini, gini_of_sorted_desc(sorted));
    double top = 0;
    for (size_t j = 0; j < (sorted.size() + 4) / 5; ++j) top += sorted[j];
    EXPECT_EQ(c.top20_value_share, top / total);
    // The Pareto curve: point k holds the value of the first ceil(k n / P) customers.
    const size_t P = static_cast<size_t>(ts.curve_points), n = sorted.size();
    ASSERT_EQ(c.value_share.size(), P + 1);
    for (size_t k = 0; k <= P; ++k) {
        double upto = 0;
        for (size_t j = 0; j < (k * n + P - 1) / P; ++j) upto += sorted[j];
        EXPECT_EQ(c.value_share[k], upto / total) << k;
        EXPECT_EQ(c.customer_share[k], static_cast<double>(k) / static_cast<double>(P)) << k;
    }
}

TEST(Tiers, CheckRejectsSharesAboveOne) {
    TierSettings s;
    s.a_share = 0.9;
    s.b_share = 0.2;
    EXPECT_NE(s.check(), "");
}

// ---- lifecycle ---------------------------------------------------------------------------------------

LifecycleFacts facts(uint32_t n, double silence, double gap, double p = NAN, double last = NAN, double earlier = NAN) {
    LifecycleFacts f;
    f.purchase_days = n;
    f.silence_days = silence;
    f.usual_gap_days = gap;
    f.p_alive = p;
    f.last_gap_days = last;
    f.earlier_mean_gap_days = earlier;
    return f;
}

TEST(Lifecycle, EachRuleOnItsOwn) {
    const LifecycleSettings s;
    EXPECT_EQ(lifecycle_stage(s, facts(5, 10, 30, 0.10)), Stage::churned);           // P(alive) 0.10 < 0.25
    EXPECT_EQ(lifecycle_stage(s, facts(1, 121, 30, 1.0)), Stage::churned);           // 121 > 4 · 30 even at P(alive) 1
    EXPECT_EQ(lifecycle_stage(s, facts(1, 120, 30, 1.0)), Stage::decline);           // 120 is not > 120; > 45
    EXPECT_EQ(lifecycle_stage(s, facts(5, 10, 30, 0.40)), Stage::decline);           // 0.25 <= 0.40 < 0.5
    EXPECT_EQ(lifecycle_stage(s, facts(5, 46, 30, 0.90)), Stage::decline);           // 46 > 1.5 · 30
    EXPECT_EQ(lifecycle_stage(s, facts(4, 10, 25, 0.9, 40, 20)), Stage::decline);    // last gap 40 > 1.5 · 20
    EXPECT_EQ(lifecycle_stage(s, facts(1, 10, 30, 1.0)), Stage::acquisition);
    EXPECT_EQ(lifecycle_stage(s, facts(2, 10, 30, 0.9)), Stage::growth);             // 2 < 4 purchases
    EXPECT_EQ(lifecycle_stage(s, facts(6, 5, 20, 0.9, 10, 20)), Stage::growth);      // last gap 10 < 0.67 · 20
    EXPECT_EQ(lifecycle_stage(s, facts(6, 5, 20, 0.9, 20, 20)), Stage::maturity);
    // Without a model the P(alive) tests are skipped.
    EXPECT_EQ(lifecycle_stage(s, facts(6, 5, 20)), Stage::maturity);
}

TEST(Lifecycle, FactsFromTheRowAndThePreviousPurchaseDay) {
    CustomerRow r;
    r.first_day = 100;
    r.last_day = 130;
    r.purchase_days = 3;  // days 100, 110, 130
    const LifecycleFacts f = lifecycle_facts(r, 110, 160, 45, 7, 0.8);
    EXPECT_DOUBLE_EQ(f.silence_days, 30);
    EXPECT_DOUBLE_EQ(f.usual_gap_days, 15);         // (130 − 100) / 2
    EXPECT_DOUBLE_EQ(f.last_gap_days, 20);          // 130 − 110
    EXPECT_DOUBLE_EQ(f.earlier_mean_gap_days, 10);  // (110 − 100) / 1
    CustomerRow one;
    one.first_day = one.last_day = 100;
    one.purchase_days = 1;
    EXPECT_DOUBLE_EQ(lifecycle_facts(one, INT32_MIN, 160, 45, 7, 1).usual_gap_days, 45);
    EXPECT_DOUBLE_EQ(lifecycle_facts(one, INT32_MIN, 160, 3, 7, 1).usual_gap_days, 7);  // never below the minimum
}

TEST(Lifecycle, PreviousPurchaseDayAndMedianGapFromALog) {
    TransactionLog log;
    const uint32_t a = log.customers.intern("A"), b = log.customers.intern("B"), c = log.customers.intern("C");
    // Grouped by customer, days ascending, as the Reader leaves them.
    log.add(a, 0, 5);
    log.add(a, 10, 5);
    log.add(a, 10, 1);  // same day: one purchase day
    log.add(a, 30, 5);
    log.add(a, 90, 5);  // after the calibration end
    log.add(b, 5, 5);
    log.add(b, 25, 5);
    log.add(c, 7, 5);
    SummaryOptions so;
    so.calibration_end = 40;
    so.unit = TimeUnit::day;
    const Customers cu = summarise(log, so);
    ASSERT_EQ(cu.rows.size(), 3u);
    const std::vector<DayNumber> prev = previous_purchase_days(log, cu);
    EXPECT_EQ(prev[0], 10);
    EXPECT_EQ(prev[1], 5);
    EXPECT_EQ(prev[2], INT32_MIN);
    // In pieces of one to three rows (runs cut between steps): the same days.
    for (size_t budget : {1, 2, 3}) {
        PreviousPurchaseDays job(log, cu);
        int steps = 1;
        while (!job.step(budget)) ++steps;
        EXPECT_GE(steps, static_cast<int>(log.rows() / budget)) << budget;
        EXPECT_EQ(job.take(), prev) << budget;
    }
    // Mean gaps: A (30 − 0) / 2 = 15, B 20; median of two = 17.5.
    EXPECT_DOUBLE_EQ(median_repeat_gap_days(cu, 99), 17.5);
}

TEST(Lifecycle, UsualGapInPiecesIsTheMedianOfTheRepeatBuyersGaps) {
    // 20,001 and 20,000 customers (odd and even counts of repeat buyers), read and selected 97 at a
    // time (every radix pass spans many steps); the median by sorting the gaps here.
    for (const size_t n : {size_t{20001}, size_t{20000}}) {
        Customers cu;
        std::mt19937_64 rng(n);
        std::vector<double> gaps;
        for (size_t i = 0; i < n; ++i) {
            CustomerRow r;
            r.first_day = static_cast<DayNumber>(rng() % 400);
            r.purchase_days = 2 + static_cast<uint32_t>(rng() % 6);
            r.last_day = r.first_day + static_cast<DayNumber>(rng() % 700);
            cu.rows.push_back(r);
            gaps.push_back(static_cast<double>(r.last_day - r.first_day) / (r.purchase_days - 1));
        }
        cu.rows.push_back(CustomerRow{});  // a one-time buyer: no gap
        std::sort(gaps.begin(), gaps.end());
        const double want = n % 2 ? gaps[n / 2] : (gaps[n / 2 - 1] + gaps[n / 2]) / 2;
        RepeatGapMedian job(cu);
        int steps = 1;
        while (!job.step(97)) ++steps;
        EXPECT_GT(steps, static_cast<int>(5 * n / 97)) << n;  // the rows, then four passes
        EXPECT_EQ(job.median(-1), want) << n;
        EXPECT_EQ(median_repeat_gap_days(cu, -1), want) << n;
    }
    EXPECT_EQ(median_repeat_gap_days(Customers{}, 42), 42);
}

TEST(Labels, EveryLabelHasEnglishAndChinese) {
    for (int i = 0; i < kSegmentCount; ++i) EXPECT_GT(std::string(segment_label(static_cast<Segment>(i)).zh).size(), 0u);
    for (int i = 0; i < kStageCount; ++i) EXPECT_GT(std::string(stage_label(static_cast<Stage>(i)).zh).size(), 0u);
    for (int i = 0; i < kActionCount; ++i) EXPECT_GT(std::string(action_detail(static_cast<Action>(i)).zh).size(), 0u);
    EXPECT_STREQ(stage_label(Stage::maturity).zh, "成熟期");
    EXPECT_STREQ(segment_label(Segment::cant_lose).en, "Can't lose them");
}

}  // namespace
}  // namespace clv
