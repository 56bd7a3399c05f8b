// The label tables. Order follows the enumerations in labels.hpp; a static_assert per table keeps
// them in step when a value is added.
#include "segments/labels.hpp"

#include <cstddef>

namespace clv {

namespace {

constexpr Label kSegments[] = {
    {"champions", "Champions", "冠军客户"},
    {"loyal", "Loyal", "忠诚客户"},
    {"potential_loyalist", "Potential loyalist", "潜在忠诚客户"},
    {"new_customers", "New", "新客户"},
    {"promising", "Promising", "有潜力客户"},
    {"need_attention", "Need attention", "需要关注客户"},
    {"about_to_sleep", "About to sleep", "即将沉睡客户"},
    {"at_risk", "At risk", "有流失风险客户"},
    {"cant_lose", "Can't lose them", "不能失去的客户"},
    {"hibernating", "Hibernating", "休眠客户"},
    {"lost", "Lost", "已流失客户"},
};
static_assert(sizeof kSegments / sizeof kSegments[0] == kSegmentCount);

constexpr Label kValueClasses[] = {
    {"important_value", "Important value", "重要价值客户"},
    {"important_develop", "Important to develop", "重要发展客户"},
    {"important_keep", "Important to keep", "重要保持客户"},
    {"important_retain", "Important to win back", "重要挽留客户"},
    {"general_value", "General value", "一般价值客户"},
    {"general_develop", "General to develop", "一般发展客户"},
    {"general_keep", "General to keep", "一般保持客户"},
    {"general_retain", "General to win back", "一般挽留客户"},
};
static_assert(sizeof kValueClasses / sizeof kValueClasses[0] == kValueClassCount);

constexpr Label kTiers[] = {
    {"A", "A (top value)", "A类（高价值）"},
    {"B", "B (middle value)", "B类（中价值）"},
    {"C", "C (low value)", "C类（低价值）"},
};
static_assert(sizeof kTiers / sizeof kTiers[0] == kTierCount);

constexpr Label kStages[] = {
    {"acquisition", "Acquisition", "获取期（新客）"},
    {"growth", "Growth", "提升期"},
    {"maturity", "Maturity", "成熟期"},
    {"decline", "Decline", "衰退期"},
    {"churned", "Churned", "离开期（流失）"},
};
static_assert(sizeof kStages / sizeof kStages[0] == kStageCount);

constexpr Label kActions[] = {
    {"vip_rewards", "VIP rewards and early access", "VIP专属权益与新品优先"},
    {"membership_points", "Membership and points", "会员与积分计划"},
    {"cross_sell", "Cross-sell and upsell", "交叉销售与向上销售"},
    {"onboarding", "Welcome series, second-purchase offer", "新客欢迎与二次购买优惠"},
    {"nurture", "Nurture with content and limited offers", "内容培育与限时优惠"},
    {"referral", "Ask for referrals and reviews", "邀请推荐与评价"},
    {"feedback_survey", "Ask for feedback (NPS survey)", "满意度调研（NPS）"},
    {"reactivation_offer", "Personalised reactivation offer", "个性化唤醒优惠"},
    {"personal_contact", "Personal contact by the service team", "客服一对一关怀"},
    {"win_back", "Win-back campaign", "召回活动"},
    {"low_cost_contact", "Low-cost automated contact only", "仅低成本自动触达"},
    {"let_go", "Stop paid spend (let go)", "停止付费投入（放弃）"},
    {"acquire_lookalikes", "Acquire look-alike customers", "获取相似新客"},
};
static_assert(sizeof kActions / sizeof kActions[0] == kActionCount);

constexpr Label kActionDetails[] = {
    {"vip_rewards", "Keep the best customers close: exclusive benefits, early access, no discounts needed.",
     "维系最有价值的客户：专属权益、新品优先体验，无需打折。"},
    {"membership_points", "Reward repeat buying with points and member tiers to build the habit.",
     "用积分和会员等级奖励复购，培养购买习惯。"},
    {"cross_sell", "Grow share of wallet: recommend related and higher-value products.",
     "提升钱包份额：推荐关联商品和更高价值的商品。"},
    {"onboarding", "Turn a first purchase into a second: welcome messages and a time-limited offer.",
     "把首单变成复购：欢迎信息加限时优惠。"},
    {"nurture", "Keep the brand in mind with useful content and occasional offers.",
     "以有用的内容和适度的优惠保持品牌印象。"},
    {"referral", "Satisfied customers bring others: ask for referrals and reviews.",
     "满意的客户会带来新客：邀请推荐和评价。"},
    {"feedback_survey", "Find out what changed before it is too late: a short survey.",
     "在为时已晚之前了解变化原因：简短调研。"},
    {"reactivation_offer", "Silence is longer than usual: a personal offer based on past purchases.",
     "沉默时间超过平常：基于历史购买的个性化优惠。"},
    {"personal_contact", "High value at risk justifies a call or a personal message.",
     "高价值客户有流失风险，值得电话或一对一沟通。"},
    {"win_back", "Customers who have left: one strong win-back offer, then stop.",
     "已离开的客户：一次高力度召回，无效则停止。"},
    {"low_cost_contact", "Little expected value: newsletters and automated messages only.",
     "预期价值低：仅发送通讯和自动消息。"},
    {"let_go", "Unprofitable to chase: no paid marketing spend.", "追回不划算：不再投入付费营销。"},
    {"acquire_lookalikes", "Find more customers like the best ones (look-alike targeting).",
     "寻找与最佳客户相似的新客户（相似人群定向）。"},
};
static_assert(sizeof kActionDetails / sizeof kActionDetails[0] == kActionCount);

constexpr Label kWatchReasons[] = {
    {"low_p_alive", "Probability of being active dropped below the threshold", "活跃概率低于阈值"},
    {"long_silence", "Silent for longer than the customer's usual gap between purchases", "沉默时间超过其通常购买间隔"},
    {"growing_gaps", "Gaps between purchases are growing", "购买间隔在拉长"},
};
static_assert(sizeof kWatchReasons / sizeof kWatchReasons[0] == kWatchReasonCount);

constexpr Label kKpis[] = {
    {"revenue", "Revenue", "销售额"},
    {"orders", "Orders", "订单数"},
    {"aov", "Average order value", "客单价"},
    {"purchase_frequency", "Purchase frequency", "购买频次"},
    {"repeat_rate", "Repeat-purchase rate", "复购率"},
    {"crr", "Customer retention rate", "客户保持率"},
    {"churn_rate", "Churn rate", "客户流失率"},
    {"average_lifespan", "Average customer lifespan", "平均客户寿命"},
    {"simple_clv", "Simple CLV", "简单客户终身价值"},
    {"model_clv", "Model CLV", "模型客户终身价值"},
    {"cac", "Customer acquisition cost", "获客成本"},
    {"clv_to_cac", "CLV : CAC", "客户终身价值与获客成本之比"},
    {"payback", "CAC payback period", "获客成本回收期"},
    {"nps", "Net Promoter Score", "净推荐值"},
    {"csat", "Customer satisfaction", "客户满意度"},
};
static_assert(sizeof kKpis / sizeof kKpis[0] == kKpiNameCount);

constexpr Label kFormulas[] = {
    {"revenue", "Revenue = sum of purchase values up to the analysis date", "销售额 = 分析日之前的购买金额之和"},
    {"orders", "Orders = purchase occasions (a customer's purchases on one day count once)",
     "订单数 = 购买次数（同一客户同一天的购买计为一次）"},
    {"aov", "AOV = revenue / orders", "客单价 = 销售额 / 订单数"},
    {"purchase_frequency", "Purchase frequency = orders / customers", "购买频次 = 订单数 / 客户数"},
    {"repeat_rate", "Repeat rate = customers with 2+ orders / customers", "复购率 = 购买2次及以上的客户数 / 客户数"},
    {"crr", "CRR = (E - N) / S per period: E buyers in the period, N new buyers in it, S buyers in the previous period",
     "客户保持率 = (E - N) / S：E 为本期购买客户数，N 为本期新客数，S 为上期购买客户数"},
    {"churn_rate", "Churn rate = 1 - CRR", "客户流失率 = 1 - 客户保持率"},
    {"average_lifespan", "Average lifespan = period length / churn rate", "平均客户寿命 = 周期长度 / 流失率"},
    {"simple_clv", "Simple CLV = margin x AOV x yearly frequency x lifespan (years) - CAC",
     "简单CLV = 毛利率 × 客单价 × 年购买频次 × 客户寿命（年） - 获客成本"},
    {"model_clv", "Model CLV = margin x expected spend x discounted expected purchases (BG/NBD or Pareto/NBD with Gamma-Gamma)",
     "模型CLV = 毛利率 × 预期客单价 × 折现后的预期购买次数（BG/NBD 或 Pareto/NBD 加 Gamma-Gamma）"},
    {"cac", "CAC = marketing and sales spend / new customers", "获客成本 = 营销与销售费用 / 新客户数"},
    {"clv_to_cac", "CLV:CAC = mean model CLV of a new customer / CAC", "CLV:CAC = 新客户平均模型CLV / 获客成本"},
    {"payback", "Payback months = CAC / (margin x AOV x monthly purchase frequency)",
     "回收期（月） = 获客成本 / (毛利率 × 客单价 × 月购买频次)"},
    {"nps", "NPS = % promoters (9-10) - % detractors (0-6)", "净推荐值 = 推荐者(9-10分)占比 - 贬损者(0-6分)占比"},
    {"csat", "CSAT = % of answers 4 or 5 on a 1-5 scale", "满意度 = 1-5分中打4分或5分的比例"},
};
static_assert(sizeof kFormulas / sizeof kFormulas[0] == kKpiNameCount);

constexpr Label kSimpleVsModel = {
    "simple_vs_model",
    "The simple CLV assumes every customer buys at the average rate and churns at the average rate forever, "
    "without discounting. The model CLV predicts each customer from their own history (who is probably still "
    "active, how often they buy), over a fixed horizon with discounting, so it is usually lower and differs "
    "most for one-time buyers and for customers who have gone quiet.",
    "简单CLV假设每位客户都按平均频次购买、按平均流失率流失，且不折现；模型CLV根据每位客户自己的历史（是否仍活跃、购买频率）"
    "在固定期限内折现预测，因此通常更低，对一次性购买客户和已沉默客户差异最大。",
};

template <typename E, std::size_t N>
const Label& pick(const Label (&table)[N], E e) {
    const std::size_t i = static_cast<std::size_t>(e);
    return table[i < N ? i : N - 1];
}

}  // namespace

const Label& segment_label(Segment s) { return pick(kSegments, s); }
const Label& value_class_label(ValueClass c) { return pick(kValueClasses, c); }
const Label& tier_label(Tier t) { return pick(kTiers, t); }
const Label& stage_label(Stage s) { return pick(kStages, s); }
const Label& action_label(Action a) { return pick(kActions, a); }
const Label& action_detail(Action a) { return pick(kActionDetails, a); }
const Label& watch_reason_label(WatchReason r) { return pick(kWatchReasons, r); }
const Label& kpi_label(KpiName k) { return pick(kKpis, k); }
const Label& kpi_formula(KpiName k) { return pick(kFormulas, k); }
const Label& simple_vs_model_note() { return kSimpleVsModel; }

}  // namespace clv
