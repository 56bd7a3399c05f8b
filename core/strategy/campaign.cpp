#include "strategy/campaign.hpp"

#include <algorithm>
#include <cstdio>

namespace clv {

std::string CampaignSettings::check() const {
    if (!(alpha > 0 && alpha < 0.5)) return "campaign: the significance level must be between 0 and 0.5";
    return {};
}

namespace {

struct Moments {
    double n = 0, sum = 0, sum2 = 0, rsum = 0, rsum2 = 0;
    void add(double e, double re) {
        n += 1;
        sum += e, sum2 += e * e;
        rsum += re, rsum2 += re * re;
    }
};

void finish(const Moments& m, CampaignGroup& g) {
    g.customers = static_cast<uint64_t>(m.n);
    g.lift = g.predicted_purchases > 0 ? g.actual_purchases / g.predicted_purchases - 1 : NAN;
    if (m.n < 1) return;
    g.mean_residual = m.sum / m.n;
    g.mean_revenue_residual = m.rsum / m.n;
    if (m.n >= 2) {  // sample standard deviation
        g.sd_residual = std::sqrt(std::max(0.0, (m.sum2 - m.sum * m.sum / m.n) / (m.n - 1)));
        g.sd_revenue_residual = std::sqrt(std::max(0.0, (m.rsum2 - m.rsum * m.rsum / m.n) / (m.n - 1)));
    }
}

std::string percent(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%+.1f%%", 100 * v);
    return b;
}
std::string pvalue(double p) {
    char b[32];
    std::snprintf(b, sizeof b, p < 0.001 ? "%.1e" : "%.3f", p);
    return b;
}

}  // namespace

void evaluate_campaign(const CampaignSettings& s, const std::vector<uint8_t>& group, const std::vector<double>& actual,
                       const std::vector<double>& predicted, const std::vector<double>& actual_revenue,
                       const std::vector<double>& predicted_revenue, CampaignReport& out) {
    Moments mt, mc;
    out.targeted = out.comparison = CampaignGroup{};
    for (size_t i = 0; i < group.size(); ++i) {
        if (group[i] == 0 || !std::isfinite(predicted[i])) continue;
        CampaignGroup& g = group[i] == 1 ? out.targeted : out.comparison;
        g.actual_purchases += actual[i];
        g.predicted_purchases += predicted[i];
        g.actual_revenue += actual_revenue[i];
        const double pr = std::isfinite(predicted_revenue[i]) ? predicted_revenue[i] : 0;
        g.predicted_revenue += pr;
        (group[i] == 1 ? mt : mc).add(actual[i] - predicted[i], actual_revenue[i] - pr);
    }
    finish(mt, out.targeted);
    finish(mc, out.comparison);
    const CampaignGroup& t = out.targeted;
    const CampaignGroup& c = out.comparison;
    out.lift_vs_model = t.lift;
    out.incremental_purchases_vs_model = t.actual_purchases - t.predicted_purchases;
    out.incremental_revenue_vs_model = t.actual_revenue - t.predicted_revenue;
    if (t.customers >= 2 && t.sd_residual > 0) {
        out.z_vs_model = t.mean_residual / (t.sd_residual / std::sqrt(static_cast<double>(t.customers)));
        out.p_vs_model = two_sided_p(out.z_vs_model);
    }
    const bool has_comparison = c.customers >= 2 && c.predicted_purchases > 0 && c.actual_purchases > 0;
    if (has_comparison) {
        out.lift_vs_comparison = (t.actual_purchases / t.predicted_purchases) / (c.actual_purchases / c.predicted_purchases) - 1;
        out.incremental_purchases_vs_comparison = static_cast<double>(t.customers) * (t.mean_residual - c.mean_residual);
        out.incremental_revenue_vs_comparison =
            static_cast<double>(t.customers) * (t.mean_revenue_residual - c.mean_revenue_residual);
        const double se = std::sqrt(t.sd_residual * t.sd_residual / static_cast<double>(t.customers) +
                                    c.sd_residual * c.sd_residual / static_cast<double>(c.customers));
        if (se > 0) {
            out.z_vs_comparison = (t.mean_residual - c.mean_residual) / se;
            out.p_vs_comparison = two_sided_p(out.z_vs_comparison);
        }
    }
    const double p = has_comparison ? out.p_vs_comparison : out.p_vs_model;
    const double lift = has_comparison ? out.lift_vs_comparison : out.lift_vs_model;
    out.significant = std::isfinite(p) && p < s.alpha;
    if (!std::isfinite(lift) || !std::isfinite(p)) {
        out.statement_en = "Too few targeted customers with predictions to evaluate the campaign.";
        out.statement_zh = "有预测的目标客户太少，无法评估活动效果。";
        return;
    }
    const std::string base_en = has_comparison ? "the comparison group" : "the model's prediction";
    const std::string base_zh = has_comparison ? "对照组" : "模型预测";
    char alpha[16];
    std::snprintf(alpha, sizeof alpha, "%g%%", 100 * s.alpha);
    out.statement_en = "Targeted customers bought " + percent(lift) + " relative to " + base_en + " (p = " + pvalue(p) +
                       "): " + (out.significant ? "distinguishable from noise" : "not distinguishable from noise") +
                       " at the " + alpha + " level.";
    out.statement_zh = "目标客户的购买相对" + base_zh + "变化 " + percent(lift) + "（p = " + pvalue(p) + "）：在 " + alpha +
                       " 显著性水平下" + (out.significant ? "可与随机波动区分。" : "无法与随机波动区分。");
}

}  // namespace clv
