#include "models/holdout.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

namespace clv::models {

HoldoutReport validate_holdout(const CountingModel& model, const TransactionLog& log, const Customers& customers,
                               std::optional<DayNumber> holdout_end, int frequency_groups) {
    HoldoutReport rep;
    rep.calibration_end = customers.calibration_end;
    rep.holdout_end = holdout_end.value_or(customers.last_day_in_data);
    const double dpu = days_per_unit(customers.unit);
    if (rep.holdout_end <= rep.calibration_end) {
        rep.note = "No holdout period: the data end on or before the calibration end.";
        return rep;
    }
    if (customers.rows.empty()) {
        rep.note = "No customers.";
        return rep;
    }
    rep.length = (rep.holdout_end - rep.calibration_end) / dpu;

    // Actual purchase days after the calibration end, per summarised customer.
    uint32_t max_customer = 0;
    for (const CustomerRow& c : customers.rows) max_customer = std::max(max_customer, c.customer);
    std::vector<int32_t> row_of(static_cast<size_t>(max_customer) + 1, -1);
    for (size_t i = 0; i < customers.rows.size(); ++i) row_of[customers.rows[i].customer] = static_cast<int32_t>(i);
    std::vector<std::pair<uint32_t, DayNumber>> days;
    for (size_t i = 0; i < log.rows(); ++i) {
        const DayNumber d = log.day[i];
        const uint32_t c = log.customer[i];
        if (d > rep.calibration_end && d <= rep.holdout_end && c <= max_customer && row_of[c] >= 0)
            days.emplace_back(static_cast<uint32_t>(row_of[c]), d);
    }
    std::sort(days.begin(), days.end());
    days.erase(std::unique(days.begin(), days.end()), days.end());
    std::vector<double> actual(customers.rows.size(), 0.0);
    for (const auto& p : days) actual[p.first] += 1;

    // Predictions over the holdout, and cumulative by week, through the (x, T) tabulation of
    // predict_customers: the horizon is the week, discounting off.
    std::vector<double> x, t_x, T, m;
    for (const CustomerRow& c : customers.rows) {
        x.push_back(c.x);
        t_x.push_back(c.t_x);
        T.push_back(c.T);
        m.push_back(1.0);
    }
    ClvOptions o;
    o.discount_rate = 0;
    o.horizon = rep.length;
    o.period = rep.length;
    const std::vector<CustomerPrediction> pred = predict_customers(model, {}, SpendModel{}, x, t_x, T, m, o);

    const int groups = std::max(frequency_groups, 1);
    rep.by_frequency.resize(groups + 1);
    for (int g = 0; g <= groups; ++g) {
        rep.by_frequency[g].x = g;
        rep.by_frequency[g].and_more = g == groups;
    }
    double abs_sum = 0, sq_sum = 0;
    for (size_t i = 0; i < customers.rows.size(); ++i) {
        const double e = pred[i].expected_purchases;
        if (!std::isfinite(e)) continue;
        rep.customers += 1;
        rep.actual_total += actual[i];
        rep.predicted_total += e;
        abs_sum += std::fabs(e - actual[i]);
        sq_sum += (e - actual[i]) * (e - actual[i]);
        FrequencyRow& f = rep.by_frequency[std::min<int>(static_cast<int>(x[i]), groups)];
        f.customers += 1;
        f.actual_mean += actual[i];
        f.predicted_mean += e;
    }
    if (rep.customers == 0) {
        rep.note = "The model could not predict any customer (parameters not usable).";
        return rep;
    }
    for (FrequencyRow& f : rep.by_frequency)
        if (f.customers > 0) {
            f.actual_mean /= f.customers;
            f.predicted_mean /= f.customers;
        }
    rep.mae = abs_sum / rep.customers;
    rep.rmse = std::sqrt(sq_sum / rep.customers);
    rep.bias = rep.predicted_total - rep.actual_total;
    rep.bias_percent = rep.actual_total > 0 ? 100.0 * rep.bias / rep.actual_total : kNaN;

    // Weekly cumulative tracking: E[Y(t)] summed over customers at the end of each week.
    const int weeks = static_cast<int>(std::ceil((rep.holdout_end - rep.calibration_end) / 7.0));
    size_t next_day = 0;
    double cumulative = 0;
    std::vector<DayNumber> sorted_days;
    sorted_days.reserve(days.size());
    for (const auto& p : days) sorted_days.push_back(p.second);
    std::sort(sorted_days.begin(), sorted_days.end());
    for (int w = 1; w <= weeks; ++w) {
        TrackingPoint tp;
        tp.day = std::min<DayNumber>(rep.calibration_end + 7 * w, rep.holdout_end);
        while (next_day < sorted_days.size() && sorted_days[next_day] <= tp.day) {
            cumulative += 1;
            ++next_day;
        }
        tp.actual = cumulative;
        o.horizon = o.period = (tp.day - rep.calibration_end) / dpu;
        const auto pw = predict_customers(model, {}, SpendModel{}, x, t_x, T, m, o);
        for (const CustomerPrediction& p : pw)
            if (std::isfinite(p.expected_purchases)) tp.predicted += p.expected_purchases;
        rep.tracking.push_back(tp);
    }
    rep.available = true;
    return rep;
}

}  // namespace clv::models
