#include "report/model_run.hpp"

#include <algorithm>
#include <cmath>
#include <exception>

#include "models/gamma_gamma.hpp"

namespace clv {

double units_per_month(const Customers& customers) { return 30.4375 / days_per_unit(customers.unit); }

namespace {

// The same predictions as models::predict_customers (P(alive) per distinct (x, t_x, T), E[Y | alive]
// per distinct (x, T) and discount period; CLV = margin · E[spend] · P(alive) · Σ discounted
// ΔE[Y | alive]) on RFM data already compressed for the fit, so 1M customers are compressed once,
// not twice. The report test checks it against predict_customers. No bootstrap, no next-purchase date.
void predict_compressed(const models::CountingModel& m, const models::SpendModel& spend, const models::RfmData& d,
                        const Customers& customers, const models::ClvOptions& o,
                        std::vector<models::CustomerPrediction>& out) {
    const size_t n = customers.rows.size();
    out.assign(n, models::CustomerPrediction{});
    std::vector<double> row_p(d.rows.size());
    for (size_t i = 0; i < d.rows.size(); ++i) row_p[i] = models::p_alive(m, d.rows[i].x, d.rows[i].t_x, d.rows[i].T);
    // Distinct (x, T): rows are sorted by x, so a slot per time index reset at each new x.
    std::vector<uint32_t> row_pair(d.rows.size());
    std::vector<int64_t> slot(d.times.size(), -1);
    std::vector<uint32_t> touched;
    std::vector<std::pair<double, double>> pairs;
    double cur_x = -1;
    for (size_t i = 0; i < d.rows.size(); ++i) {
        const models::RfmRow& r = d.rows[i];
        if (r.x != cur_x) {
            for (uint32_t t : touched) slot[t] = -1;
            touched.clear();
            cur_x = r.x;
        }
        if (slot[r.T_index] < 0) {
            slot[r.T_index] = static_cast<int64_t>(pairs.size());
            touched.push_back(r.T_index);
            pairs.emplace_back(r.x, r.T);
        }
        row_pair[i] = static_cast<uint32_t>(slot[r.T_index]);
    }
    const int steps = o.horizon > 0 ? static_cast<int>(std::ceil(o.horizon / o.period - 1e-9)) : 0;
    std::vector<double> horizon(pairs.size()), discounted(pairs.size());
    for (size_t j = 0; j < pairs.size(); ++j) {
        double prev = 0, disc = 0, factor = 1;
        for (int i = 1; i <= steps; ++i) {
            const double t = std::min(i * o.period, o.horizon);
            const double e = models::expected_given_alive(m, t, pairs[j].first, pairs[j].second);
            factor /= 1.0 + o.discount_rate;
            disc += (e - prev) * factor;
            prev = e;
        }
        horizon[j] = prev;
        discounted[j] = disc;
    }
    double fallback = spend.fallback;
    if (!(fallback > 0)) {  // the mean observed repeat-purchase value, as predict_customers does
        double sum = 0, count = 0;
        for (const CustomerRow& r : customers.rows)
            if (r.x > 0 && r.monetary_value > 0) sum += r.monetary_value, count += 1;
        fallback = count > 0 ? sum / count : 0;
    }
    for (size_t i = 0; i < n && i < d.row_of_customer.size(); ++i) {
        const uint32_t row = d.row_of_customer[i];
        if (row == UINT32_MAX) continue;
        const CustomerRow& c = customers.rows[i];
        models::CustomerPrediction& p = out[i];
        p.p_alive = row_p[row];
        p.expected_purchases = p.p_alive * horizon[row_pair[row]];
        p.expected_spend = spend.params.empty() ? (c.x > 0 && c.monetary_value > 0 ? c.monetary_value : fallback)
                                                : models::gamma_gamma_expected_spend(spend.params, c.x, c.monetary_value, fallback);
        p.clv = o.margin * p.expected_spend * p.p_alive * discounted[row_pair[row]];
    }
}

models::ClvOptions clv_options(const ModelRun& run, const ModelSettings& settings, double upm) {
    models::ClvOptions o;
    o.horizon = run.horizon_units;
    o.margin = settings.margin;
    o.discount_rate = settings.monthly_discount_rate;
    o.period = upm;
    o.bootstrap_draws = 0;
    return o;
}
}  // namespace

ModelRun predict_with(const ModelRun& fitted, const Customers& customers, const ModelSettings& settings) {
    ModelRun run;
    run.fitted = fitted.fitted;
    run.spend_fitted = fitted.spend_fitted;
    run.message = fitted.message;
    run.model = fitted.model;
    run.spend_model = fitted.spend_model;
    run.horizon_units = fitted.horizon_units;
    if (!run.fitted) {
        run.predictions.assign(customers.rows.size(), models::CustomerPrediction{});
        return run;
    }
    try {
        predict_compressed(run.model, run.spend_model, models::compress_rfm(customers), customers,
                           clv_options(run, settings, units_per_month(customers)), run.predictions);
    } catch (const std::exception& e) {
        run.fitted = false;
        run.predictions.assign(customers.rows.size(), models::CustomerPrediction{});
        run.message = std::string("Prediction failed: ") + e.what();
    }
    return run;
}

ModelRun run_models(const Customers& customers, const ModelSettings& settings, double horizon_units) {
    ModelRun run;
    const size_t n = customers.rows.size();
    const double upm = units_per_month(customers);
    run.horizon_units = horizon_units > 0 ? horizon_units : settings.horizon_months * upm;
    // NaN predictions unless the fit succeeds (predict_compressed then fills them).
    auto no_predictions = [&] { run.predictions.assign(n, models::CustomerPrediction{}); };
    if (!settings.fit) {
        no_predictions();
        run.message = "Models not fitted (switched off in the settings).";
        return run;
    }
    if (n < 10) {
        no_predictions();
        run.message = "Too few customers to fit a model.";
        return run;
    }
    try {
        const models::RfmData data = models::compress_rfm(customers);
        run.counting = models::fit_counting_model(settings.kind, data);
        if (!run.counting.usable()) {
            no_predictions();
            run.message = "The purchase model could not be fitted. " + run.counting.diagnosis;
            return run;
        }
        run.model.kind = settings.kind;
        run.model.params = run.counting.params;
        if (settings.spend_model) {
            const models::SpendData sd = models::spend_data(customers);
            if (sd.x.size() >= 10) {
                run.spend = models::fit_gamma_gamma(sd);
                if (run.spend.usable()) {
                    run.spend_fitted = true;
                    run.spend_model.params = run.spend.params;
                    run.spend_model.covariance = run.spend.covariance;
                }
            }
        }
        predict_compressed(run.model, run.spend_model, data, customers, clv_options(run, settings, upm), run.predictions);
        run.fitted = true;
        run.message = run.counting.diagnosis;
        if (settings.spend_model && !run.spend_fitted)
            run.message += std::string(run.message.empty() ? "" : " ") +
                           "Spend model not usable: expected spend is the customer's own mean repeat spend.";
    } catch (const std::exception& e) {  // resource exhaustion and the like: report, do not throw
        run = ModelRun{};
        run.predictions.assign(n, models::CustomerPrediction{});
        run.message = std::string("Model fit failed: ") + e.what();
    }
    return run;
}

}  // namespace clv
