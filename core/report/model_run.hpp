// The one place where the value analysis meets the models API (core/models): fit the purchase
// count model and the Gamma-Gamma spend model on a Customers summary and predict every customer.
// Keeping the coupling here means a change of the models API touches one small file.
#pragma once
#include <string>
#include <vector>

#include "models/fitter.hpp"
#include "models/predict.hpp"
#include "report/analysis_settings.hpp"

namespace clv {

struct ModelRun {
    bool fitted = false;          // the counting model is usable: predictions are filled
    bool spend_fitted = false;    // Gamma-Gamma usable (else the observed mean repeat spend)
    std::string message;          // why not, or the fit's diagnosis
    models::FitResult counting, spend;
    models::CountingModel model;
    models::SpendModel spend_model;
    double horizon_units = 0;     // the horizon in the summary's time unit
    std::vector<models::CustomerPrediction> predictions;  // per Customers row (NaN when not fitted)
};

// Model time units per month (30.4375 days; lifetimes' 4.345 weeks).
double units_per_month(const Customers& customers);

// Fits and predicts with the settings' horizon; `horizon_units` > 0 replaces it (the campaign
// window). Never throws: a failure leaves `fitted` false with a message.
ModelRun run_models(const Customers& customers, const ModelSettings& settings, double horizon_units = 0);

// Predictions for other customers (the same base at an earlier date) with the parameters `fitted`
// already holds: no refit. The fits and messages are copied; `fitted` false gives NaN predictions.
ModelRun predict_with(const ModelRun& fitted, const Customers& customers, const ModelSettings& settings);

}  // namespace clv
