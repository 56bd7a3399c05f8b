// Budget allocation, what-if, campaign evaluation, watch-list, playbook and migration on small
// cases with answers worked out by hand in the comments.
#include <gtest/gtest.h>

#include <cmath>

#include "strategy/budget.hpp"
#include "strategy/campaign.hpp"
#include "strategy/migration.hpp"
#include "strategy/playbook.hpp"
#include "strategy/watchlist.hpp"
#include "strategy/what_if.hpp"

namespace clv {
namespace {

// ---- budget ----------------------------------------------------------------------------------------

struct TwoSegments {
    uint64_t customers[kSegmentCount] = {};
    double value[kSegmentCount] = {};
    BudgetSettings s;
    TwoSegments() {
        for (auto& a : s.segment) a = {0.1, 1.0};
    }
};

TEST(Budget, EqualReturnRatiosSplitInProportionToTheCostScale) {
    // Champions: 100 customers, value 1000 → A = 100, C = 100; Loyal: 200, 2000 → A = 200, C = 200.
    // A/C = 1 for both, so b_s = C_s ln(1/λ): 100 x + 200 x = 150 → x = 0.5, b = 50 and 100.
    TwoSegments t;
    t.customers[0] = 100, t.value[0] = 1000;
    t.customers[1] = 200, t.value[1] = 2000;
    t.s.amount = 150;
    const BudgetReport r = allocate_budget(t.s, t.customers, t.value, 10);
    ASSERT_TRUE(r.available);
    EXPECT_NEAR(r.lines[0].amount, 50, 1e-6);
    EXPECT_NEAR(r.lines[1].amount, 100, 1e-6);
    EXPECT_NEAR(r.allocated, 150, 1e-9);
    EXPECT_NEAR(r.marginal_return, std::exp(-0.5), 1e-9);
    EXPECT_NEAR(r.expected_gain, 300 * (1 - std::exp(-0.5)), 1e-6);
    for (int i = 2; i < kSegmentCount; ++i) EXPECT_EQ(r.lines[static_cast<size_t>(i)].amount, 0);
}

TEST(Budget, DiminishingReturnsFundTheBestSegmentFirst) {
    // Champions A/C = 2, Loyal A/C = 1. While λ >= 1 only Champions is funded: a budget of 50 goes
    // there entirely (λ = 2 e^(−0.5) = 1.21). A budget of 200: b0 = 100 ln(2/λ), b1 = 100 ln(1/λ);
    // sum 200 → ln(1/λ) = (2 − ln 2) / 2, b0 = 100 ln 2 + 100 · 0.6534 = 134.66, b1 = 65.34.
    TwoSegments t;
    t.customers[0] = 100, t.value[0] = 2000;  // A = 200, C = 100
    t.customers[1] = 100, t.value[1] = 1000;  // A = 100, C = 100
    t.s.amount = 50;
    BudgetReport r = allocate_budget(t.s, t.customers, t.value, 10);
    EXPECT_NEAR(r.lines[0].amount, 50, 1e-6);
    EXPECT_NEAR(r.lines[1].amount, 0, 1e-6);
    EXPECT_NEAR(r.marginal_return, 2 * std::exp(-0.5), 1e-9);
    t.s.amount = 200;
    r = allocate_budget(t.s, t.customers, t.value, 10);
    const double x = (2 - std::log(2.0)) / 2;
    EXPECT_NEAR(r.lines[0].amount, 100 * std::log(2.0) + 100 * x, 1e-6);
    EXPECT_NEAR(r.lines[1].amount, 100 * x, 1e-6);
    // Equal marginal returns in funded segments.
    EXPECT_NEAR(r.lines[0].marginal_return, r.lines[1].marginal_return, 1e-9);
    EXPECT_LT(r.marginal_return, 1);
    EXPECT_FALSE(r.note.empty());
}

TEST(Budget, AutoCostAndNothingToGain) {
    TwoSegments t;
    t.s.segment[0].cost_per_customer = 0;  // auto: 10% of the mean value per customer (50) = 5
    t.customers[0] = 10, t.value[0] = 500;
    t.s.amount = 10;
    const BudgetReport r = allocate_budget(t.s, t.customers, t.value, 50);
    EXPECT_DOUBLE_EQ(r.lines[0].cost_per_customer, 5);
    EXPECT_NEAR(r.lines[0].amount, 10, 1e-9);
    uint64_t none[kSegmentCount] = {};
    double zero[kSegmentCount] = {};
    const BudgetReport empty = allocate_budget(t.s, none, zero, 0);
    EXPECT_EQ(empty.allocated, 0);
    EXPECT_FALSE(empty.note.empty());
    EXPECT_FALSE(allocate_budget(BudgetSettings{}, t.customers, t.value, 1).available);  // amount 0
}

// ---- what-if -----------------------------------------------------------------------------------------

TEST(WhatIf, MarginMultipleAndScenarioFactors) {
    EXPECT_DOUBLE_EQ(margin_multiple(1, 0, 12), 12);
    EXPECT_DOUBLE_EQ(margin_multiple(0.5, 0, 2), 0.75);  // 0.5 + 0.25
    WhatIfSettings s;
    s.retention_points = 10;
    s.aov_percent = 10;
    s.frequency_percent = 0;
    s.cac_percent = -20;
    const double tiers[kTierCount] = {100, 50, 10};
    // Monthly CRR 0.5 → 0.6, no discount, 2 months: M = 0.75 → 0.6 + 0.36 = 0.96, factor 1.28;
    // with AOV +10%: 1.408.
    const WhatIfReport w = what_if(s, tiers, 0.5, 1, 2, 0, 50, 200);
    EXPECT_NEAR(w.retention_factor, 0.96 / 0.75, 1e-12);
    EXPECT_NEAR(w.clv_factor, 1.28 * 1.1, 1e-12);
    EXPECT_NEAR(w.tiers[0].scenario, 140.8, 1e-9);
    EXPECT_NEAR(w.tiers[2].change, 4.08, 1e-9);
    EXPECT_NEAR(w.baseline_total, 160, 1e-12);
    EXPECT_NEAR(w.change_percent, 40.8, 1e-9);
    EXPECT_DOUBLE_EQ(w.cac_scenario, 40);
    EXPECT_DOUBLE_EQ(w.clv_to_cac_base, 4);
    EXPECT_NEAR(w.clv_to_cac_scenario, 200 * 1.408 / 40, 1e-9);
}

TEST(WhatIf, NoRetentionRateMeansNoRetentionEffect) {
    const double tiers[kTierCount] = {100, 0, 0};
    const WhatIfReport w = what_if(WhatIfSettings{}, tiers, NAN, 3, 12, 0.01, NAN, NAN);
    EXPECT_DOUBLE_EQ(w.retention_factor, 1);
    EXPECT_FALSE(w.note.empty());
    EXPECT_NEAR(w.tiers[0].scenario, 100 * 1.05 * 1.05, 1e-9);
}

// ---- campaign -----------------------------------------------------------------------------------------

TEST(Campaign, LiftAndSignificanceAgainstModelAndComparison) {
    // Targeted: actual 2 3 2 3, predicted 1 each → lift 10/4 − 1 = 1.5; residuals 1 2 1 2,
    // mean 1.5, sd √(1/3); z = 1.5 / (√(1/3) / 2) = 5.196.
    // Comparison: actual 1 1 0 2, predicted 1 each → residuals 0 0 −1 1, mean 0, sd √(2/3);
    // Welch se = √(1/3/4 + 2/3/4) = 0.5, z = 3, p = erfc(3/√2) = 0.0027.
    const std::vector<uint8_t> group{1, 1, 1, 1, 2, 2, 2, 2, 0};
    const std::vector<double> actual{2, 3, 2, 3, 1, 1, 0, 2, 9}, predicted{1, 1, 1, 1, 1, 1, 1, 1, 1};
    const std::vector<double> revenue{20, 30, 20, 30, 10, 10, 0, 20, 90}, predicted_revenue{10, 10, 10, 10, 10, 10, 10, 10, 10};
    CampaignReport r;
    evaluate_campaign(CampaignSettings{}, group, actual, predicted, revenue, predicted_revenue, r);
    EXPECT_EQ(r.targeted.customers, 4u);
    EXPECT_EQ(r.comparison.customers, 4u);
    EXPECT_DOUBLE_EQ(r.lift_vs_model, 1.5);
    EXPECT_NEAR(r.z_vs_model, 1.5 / (std::sqrt(1.0 / 3) / 2), 1e-9);
    EXPECT_DOUBLE_EQ(r.lift_vs_comparison, 2.5 / 1.0 - 1);
    EXPECT_NEAR(r.z_vs_comparison, 3, 1e-9);
    EXPECT_NEAR(r.p_vs_comparison, 0.0026998, 1e-6);
    EXPECT_DOUBLE_EQ(r.incremental_purchases_vs_model, 6);
    EXPECT_DOUBLE_EQ(r.incremental_revenue_vs_model, 60);
    EXPECT_DOUBLE_EQ(r.incremental_purchases_vs_comparison, 6);  // 4 × (1.5 − 0)
    EXPECT_DOUBLE_EQ(r.incremental_revenue_vs_comparison, 60);   // 4 × (15 − 0)
    EXPECT_TRUE(r.significant);
    EXPECT_NE(r.statement_en.find("distinguishable from noise"), std::string::npos);
    EXPECT_EQ(r.statement_en.find("not distinguishable"), std::string::npos);
}

TEST(Campaign, NoiseIsNotSignificant) {
    // Residuals +1 −1 +1 −1 in both groups: no difference.
    const std::vector<uint8_t> group{1, 1, 1, 1, 2, 2, 2, 2};
    const std::vector<double> actual{2, 0, 2, 0, 2, 0, 2, 0}, predicted(8, 1.0), rev(8, 0.0);
    CampaignReport r;
    evaluate_campaign(CampaignSettings{}, group, actual, predicted, rev, rev, r);
    EXPECT_DOUBLE_EQ(r.lift_vs_comparison, 0);
    EXPECT_DOUBLE_EQ(r.z_vs_comparison, 0);
    EXPECT_FALSE(r.significant);
    EXPECT_NE(r.statement_en.find("not distinguishable"), std::string::npos);
}

// ---- watch-list -----------------------------------------------------------------------------------------

TEST(Watchlist, SignsChanceAndRanking) {
    const WatchlistSettings s;
    LifecycleFacts f;
    f.purchase_days = 4;
    f.silence_days = 60;
    f.usual_gap_days = 30;   // 60 > 1.5 · 30: long silence
    f.p_alive = 0.3;         // < 0.5
    f.last_gap_days = 50;
    f.earlier_mean_gap_days = 20;  // 50 > 1.5 · 20: growing gaps
    const uint8_t r = watch_reasons(s, f);
    EXPECT_EQ(r, 0b111);
    EXPECT_DOUBLE_EQ(chance_lost(f, r, 4), 0.7);  // 1 − 0.3 beats 60 / (4 · 30) = 0.5
    f.p_alive = 1;  // a one-time buyer under BG/NBD: the silence decides
    EXPECT_DOUBLE_EQ(chance_lost(f, watch_reasons(s, f), 4), 0.5);
    f.silence_days = 10;
    f.last_gap_days = 20;
    EXPECT_EQ(watch_reasons(s, f), 0);

    std::vector<WatchItem> items(5);
    const double risk[5] = {3, 9, 1, 9, 5};
    for (uint32_t i = 0; i < 5; ++i) items[i].row = i, items[i].value_at_risk = risk[i];
    rank_watchlist(items, 3);
    ASSERT_EQ(items.size(), 3u);
    EXPECT_EQ(items[0].row, 1u);  // 9, lower row first
    EXPECT_EQ(items[1].row, 3u);
    EXPECT_EQ(items[2].row, 4u);  // 5
}

TEST(Watchlist, BoundedOfferKeepsTheSameTopAsSortingEverything) {
    std::vector<WatchItem> all, heap;
    for (uint32_t i = 0; i < 1000; ++i) {
        WatchItem w;
        w.row = i;
        w.value_at_risk = static_cast<double>((i * 7919) % 101);  // many ties
        all.push_back(w);
        offer_watch_item(heap, w, 25);
    }
    rank_watchlist(all, 25);
    rank_watchlist(heap, 25);
    ASSERT_EQ(heap.size(), 25u);
    for (size_t k = 0; k < 25; ++k) {
        EXPECT_EQ(heap[k].row, all[k].row) << k;
        // Each of the 101 values occurs 9 or 10 times among 1000: the first nine are all 100.
        if (k < 9) EXPECT_EQ(heap[k].value_at_risk, 100);
    }
}

// ---- playbook and migration ----------------------------------------------------------------------------

TEST(Playbook, SegmentAndStageActionsAndLettingGo) {
    const PlaybookSettings s;
    const uint32_t a = customer_actions(s, Segment::new_customers, Stage::acquisition, Tier::B);
    EXPECT_EQ(a, action_bit(Action::onboarding));
    const uint32_t b = customer_actions(s, Segment::champions, Stage::maturity, Tier::A);
    EXPECT_TRUE(b & action_bit(Action::vip_rewards));
    EXPECT_TRUE(b & action_bit(Action::membership_points));
    EXPECT_EQ(customer_actions(s, Segment::lost, Stage::churned, Tier::C), action_bit(Action::let_go));
    EXPECT_TRUE(customer_actions(s, Segment::cant_lose, Stage::churned, Tier::A) & action_bit(Action::win_back));
    EXPECT_EQ(action_keys(action_bit(Action::onboarding) | action_bit(Action::win_back)), "onboarding;win_back");
    PlaybookSettings bad;
    bad.stage_actions[0] = 1u << 20;
    EXPECT_NE(bad.check(), "");
}

TEST(Migration, MatrixRowsAreTheEarlierDate) {
    // Customer 0 was Champions/A and is now At risk/B; customer 1 is new; customer 2 stayed Lost/C.
    const std::vector<int32_t> prev{1, -1, 0};
    const std::vector<Segment> prev_seg{Segment::lost, Segment::champions};
    const std::vector<Tier> prev_tier{Tier::C, Tier::A};
    const std::vector<Segment> seg{Segment::at_risk, Segment::new_customers, Segment::lost};
    const std::vector<Tier> tier{Tier::B, Tier::C, Tier::C};
    MigrationReport m;
    tally_migration(prev, prev_seg, prev_tier, seg, tier, m);
    EXPECT_EQ(m.segments[static_cast<int>(Segment::champions)][static_cast<int>(Segment::at_risk)], 1u);
    EXPECT_EQ(m.segments[kSegmentCount][static_cast<int>(Segment::new_customers)], 1u);
    EXPECT_EQ(m.segments[static_cast<int>(Segment::lost)][static_cast<int>(Segment::lost)], 1u);
    EXPECT_EQ(m.tiers[0][1], 1u);
    EXPECT_EQ(m.tiers[kTierCount][2], 1u);
    EXPECT_EQ(m.customers_new, 1u);
    EXPECT_EQ(m.moved_down, 1u);
    EXPECT_EQ(m.moved_up, 0u);
}

}  // namespace
}  // namespace clv
