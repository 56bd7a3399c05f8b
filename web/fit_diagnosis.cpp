#include "fit_diagnosis.hpp"

#include "i18n.hpp"

namespace clv::web {
namespace {

using models::FitDiagnosis;

Str diagnosis_string(FitDiagnosis code) {
    switch (code) {
        case FitDiagnosis::none: return Str::mo_diag_none;
        case FitDiagnosis::no_customers: return Str::mo_diag_no_customers;
        case FitDiagnosis::likelihood_not_finite: return Str::mo_diag_likelihood_not_finite;
        case FitDiagnosis::parameter_at_bound: return Str::mo_diag_parameter_at_bound;
        case FitDiagnosis::not_converged: return Str::mo_diag_not_converged;
        case FitDiagnosis::not_identifiable: return Str::mo_diag_not_identifiable;
        case FitDiagnosis::no_dropout: return Str::mo_diag_no_dropout;
        case FitDiagnosis::no_rate_heterogeneity: return Str::mo_diag_no_rate_heterogeneity;
        case FitDiagnosis::one_time_buyers_only: return Str::mo_diag_one_time_buyers_only;
        case FitDiagnosis::too_few_repeat_buyers: return Str::mo_diag_too_few_repeat_buyers;
        case FitDiagnosis::spend_degenerate: return Str::mo_diag_spend_degenerate;
        case FitDiagnosis::spend_mean_infinite: return Str::mo_diag_spend_mean_infinite;
        case FitDiagnosis::spend_frequency_correlated: return Str::mo_diag_spend_frequency_correlated;
        case FitDiagnosis::spend_zero_excluded: return Str::mo_diag_spend_zero_excluded;
        case FitDiagnosis::too_few_periods: return Str::mo_diag_too_few_periods;
        case FitDiagnosis::one_period_only: return Str::mo_diag_one_period_only;
        case FitDiagnosis::no_churn: return Str::mo_diag_no_churn;
    }
    return Str::mo_diag_none;
}

}  // namespace

std::string fit_diagnosis_text(const models::FitResult& f) {
    if (language() == Lang::en || f.diagnosis_codes.empty()) return f.diagnosis;
    std::string out;
    for (FitDiagnosis code : f.diagnosis_codes) {
        if (code == FitDiagnosis::none) continue;
        const std::string sentence = tr(diagnosis_string(code));
        if (out.find(sentence) != std::string::npos) continue;  // one sentence per kind of problem
        out += sentence;
    }
    return out;
}

}  // namespace clv::web
