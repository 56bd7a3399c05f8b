#include "strategy/budget.hpp"

#include <algorithm>
#include <cmath>

namespace clv {

std::string BudgetSettings::check() const {
    if (!(amount >= 0) || !std::isfinite(amount)) return "budget: the amount must be a number of at least 0";
    if (!(auto_cost_share > 0)) return "budget: the automatic cost share must be positive";
    for (int i = 0; i < kSegmentCount; ++i) {
        if (!(segment[i].uplift >= 0 && segment[i].uplift <= 10))
            return std::string("budget: the uplift of ") + segment_label(static_cast<Segment>(i)).en + " must be between 0 and 10";
        if (!(segment[i].cost_per_customer >= 0))
            return std::string("budget: the cost per customer of ") + segment_label(static_cast<Segment>(i)).en +
                   " must be 0 (auto) or positive";
    }
    return {};
}

BudgetReport allocate_budget(const BudgetSettings& s, const uint64_t customers[kSegmentCount],
                             const double value[kSegmentCount], double mean_value_per_customer) {
    BudgetReport r;
    r.budget = s.amount;
    if (!(s.amount > 0)) return r;
    r.available = true;
    const double auto_cost = s.auto_cost_share * mean_value_per_customer;
    double top_ratio = 0;
    for (int i = 0; i < kSegmentCount; ++i) {
        BudgetLine l;
        l.segment = static_cast<Segment>(i);
        l.customers = customers[i];
        l.value = std::max(0.0, value[i]);
        l.uplift = s.segment[i].uplift;
        l.cost_per_customer = s.segment[i].cost_per_customer > 0 ? s.segment[i].cost_per_customer : auto_cost;
        l.max_gain = l.uplift * l.value;
        r.lines.push_back(l);
    }
    auto scale = [](const BudgetLine& l) { return static_cast<double>(l.customers) * l.cost_per_customer; };
    auto fundable = [&](const BudgetLine& l) { return l.customers > 0 && l.max_gain > 0 && scale(l) > 0; };
    for (const BudgetLine& l : r.lines)
        if (fundable(l)) top_ratio = std::max(top_ratio, l.max_gain / scale(l));
    if (!(top_ratio > 0)) {
        r.note = "No segment has value to gain (no customers, no value, or zero uplift): nothing allocated.";
        return r;
    }
    // Σ b_s(λ) falls as λ rises; bisect on log λ between a λ that spends everything and top_ratio.
    auto spent = [&](double lambda) {
        double sum = 0;
        for (const BudgetLine& l : r.lines)
            if (fundable(l) && l.max_gain / scale(l) > lambda) sum += scale(l) * std::log(l.max_gain / (scale(l) * lambda));
        return sum;
    };
    double lo = std::log(top_ratio) - 1, hi = std::log(top_ratio);
    while (spent(std::exp(lo)) < s.amount && lo > -700) lo -= 2 * (hi - lo);
    for (int it = 0; it < 200; ++it) {
        const double mid = (lo + hi) / 2;
        if (spent(std::exp(mid)) > s.amount) lo = mid;
        else hi = mid;
    }
    const double lambda = std::exp((lo + hi) / 2);
    double total = 0;
    for (BudgetLine& l : r.lines) {
        if (fundable(l) && l.max_gain / scale(l) > lambda) l.amount = scale(l) * std::log(l.max_gain / (scale(l) * lambda));
        total += l.amount;
    }
    // Remove the bisection's last rounding so the amounts add up to the budget exactly.
    if (total > 0)
        for (BudgetLine& l : r.lines) l.amount *= s.amount / total;
    for (BudgetLine& l : r.lines) {
        const double c = scale(l);
        if (c > 0) {
            l.expected_gain = l.max_gain * (1 - std::exp(-l.amount / c));
            l.marginal_return = l.max_gain / c * std::exp(-l.amount / c);
        }
        r.allocated += l.amount;
        r.expected_gain += l.expected_gain;
    }
    r.marginal_return = lambda;
    if (lambda < 1)
        r.note = "The last unit of this budget is expected to return less than it costs (marginal return " +
                 std::to_string(lambda).substr(0, 5) + "): a smaller budget would earn more than it spends.";
    return r;
}

}  // namespace clv
