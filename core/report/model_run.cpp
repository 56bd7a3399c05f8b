#include "report/model_run.hpp"

#include <cmath>
#include <exception>

#include "models/gamma_gamma.hpp"

namespace clv {

double units_per_month(const Customers& customers) { return 30.4375 / days_per_unit(customers.unit); }

ModelRun run_models(const Customers& customers, const ModelSettings& settings, double horizon_units) {
    ModelRun run;
    const size_t n = customers.rows.size();
    run.predictions.assign(n, models::CustomerPrediction{});
    const double upm = units_per_month(customers);
    run.horizon_units = horizon_units > 0 ? horizon_units : settings.horizon_months * upm;
    if (!settings.fit) {
        run.message = "Models not fitted (switched off in the settings).";
        return run;
    }
    if (n < 10) {
        run.message = "Too few customers to fit a model.";
        return run;
    }
    try {
        const models::RfmData data = models::compress_rfm(customers);
        run.counting = models::fit_counting_model(settings.kind, data);
        if (!run.counting.usable()) {
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
        models::ClvOptions o;
        o.horizon = run.horizon_units;
        o.margin = settings.margin;
        o.discount_rate = settings.monthly_discount_rate;
        o.period = upm;
        o.bootstrap_draws = 0;
        run.predictions = models::predict_customers(run.model, run.counting.covariance, run.spend_model, customers, o);
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
