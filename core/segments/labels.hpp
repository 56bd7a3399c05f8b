// Every name the customer value views show, in English and 简体中文, kept as data in the core so
// the CLI, the JSON report and the browser UI say the same thing. Enumerations are small dense
// integers (uint8_t) so the per-customer table stays compact; each has a table of labels indexed
// by its value, and a stable machine key (snake_case) used in JSON and CSV.
//
// The segment names are the 11 common RFM segments (as popularised by Putler's RFM guide and
// most e-commerce RFM tools); the 8 classes are the RFM "above/below average" scheme of Chinese
// e-commerce practice (重要价值客户 ... 一般挽留客户); the lifecycle stages follow 客户生命周期管理
// (获取期, 提升期, 成熟期, 衰退期, 离开期).
#pragma once
#include <cstdint>

namespace clv {

struct Label {
    const char* key;  // stable machine name: JSON values, CSV cells
    const char* en;
    const char* zh;
};

// ---- RFM segments (11) -------------------------------------------------------------------------
enum class Segment : uint8_t {
    champions,
    loyal,
    potential_loyalist,
    new_customers,
    promising,
    need_attention,
    about_to_sleep,
    at_risk,
    cant_lose,
    hibernating,
    lost,
};
constexpr int kSegmentCount = 11;
const Label& segment_label(Segment s);

// ---- the 8 value classes (RFM above / below average) -----------------------------------------
// Index bits: +4 when M is low (一般 instead of 重要), +2 when R is low (not recent), +1 when F is
// low. So 0 = R, F, M all high (重要价值客户) and 7 = all low (一般挽留客户).
enum class ValueClass : uint8_t {
    important_value,    // 重要价值客户   R↑ F↑ M↑
    important_develop,  // 重要发展客户   R↑ F↓ M↑
    important_keep,     // 重要保持客户   R↓ F↑ M↑
    important_retain,   // 重要挽留客户   R↓ F↓ M↑
    general_value,      // 一般价值客户   R↑ F↑ M↓
    general_develop,    // 一般发展客户   R↑ F↓ M↓
    general_keep,       // 一般保持客户   R↓ F↑ M↓
    general_retain,     // 一般挽留客户   R↓ F↓ M↓
};
constexpr int kValueClassCount = 8;
const Label& value_class_label(ValueClass c);
constexpr ValueClass value_class_of(bool r_high, bool f_high, bool m_high) {
    return static_cast<ValueClass>((m_high ? 0 : 4) + (r_high ? 0 : 2) + (f_high ? 0 : 1));
}

// ---- value tiers ---------------------------------------------------------------------------------
enum class Tier : uint8_t { A, B, C };
constexpr int kTierCount = 3;
const Label& tier_label(Tier t);

// ---- lifecycle stages ----------------------------------------------------------------------------
enum class Stage : uint8_t { acquisition, growth, maturity, decline, churned };
constexpr int kStageCount = 5;
const Label& stage_label(Stage s);

// ---- playbook actions ----------------------------------------------------------------------------
// A customer's actions are a bit set (1u << Action), so the per-customer table needs no strings.
enum class Action : uint8_t {
    vip_rewards,
    membership_points,
    cross_sell,
    onboarding,
    nurture,
    referral,
    feedback_survey,
    reactivation_offer,
    personal_contact,
    win_back,
    low_cost_contact,
    let_go,
    acquire_lookalikes,
};
constexpr int kActionCount = 13;
const Label& action_label(Action a);
// A longer explanation of the action (what to do and why), English and Chinese.
const Label& action_detail(Action a);

// ---- churn early-warning reasons (bit set) ---------------------------------------------------------
enum class WatchReason : uint8_t { low_p_alive, long_silence, growing_gaps };
constexpr int kWatchReasonCount = 3;
const Label& watch_reason_label(WatchReason r);

// ---- KPI names and the formulas the UI shows next to them -------------------------------------------
enum class KpiName : uint8_t {
    revenue,
    orders,
    aov,
    purchase_frequency,
    repeat_rate,
    crr,
    churn_rate,
    average_lifespan,
    simple_clv,
    model_clv,
    cac,
    clv_to_cac,
    payback,
    nps,
    csat,
};
constexpr int kKpiNameCount = 15;
const Label& kpi_label(KpiName k);
// The formula in words, e.g. {"aov", "AOV = revenue / orders", "客单价 = 销售额 / 订单数"}.
const Label& kpi_formula(KpiName k);

// Why the literature's simple CLV and the model CLV differ (shown beside the two numbers).
const Label& simple_vs_model_note();

}  // namespace clv
