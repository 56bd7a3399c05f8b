// A model fit's diagnosis in the UI language. The core writes it as English sentences with the
// numbers (which parameter ran where) and, beside them, one code per sentence
// (models::FitDiagnosis); in 中文 each code becomes one sentence from the Chinese table, in the
// order the core found the problems, without the numbers.
#pragma once
#include <string>

#include "models/fitter.hpp"

namespace clv::web {

std::string fit_diagnosis_text(const models::FitResult& f);

}  // namespace clv::web
