#include "models/fit_replay.hpp"

namespace clv::models {

bool FitReplay::run(const std::function<FitResult(const FitOptions&)>& fit, FitOptions options, FitResult& result) {
    options.replay = this;
    cursor_ = 0;
    budget_ = per_call_;
    try {
        result = fit(options);
    } catch (const FitPaused&) {
        return false;
    }
    return true;
}

double FitReplay::evaluate(const LogLikelihood& ll, const std::vector<double>& theta, std::vector<double>* gradient) {
    if (cursor_ < record_.size()) {
        const Entry& e = record_[cursor_];
        if (e.theta == theta && e.with_gradient == (gradient != nullptr)) {
            ++cursor_;
            if (gradient) *gradient = e.gradient;
            return e.value;
        }
        // Not the recorded sequence (it cannot happen with a deterministic optimiser, but if it
        // did the rest of the record would be stale): evaluate afresh from here.
        record_.resize(cursor_);
    }
    if (budget_ <= 0) throw FitPaused{};
    --budget_;
    Entry e;
    e.theta = theta;
    e.with_gradient = gradient != nullptr;
    e.value = ll.f(theta, gradient);
    if (gradient) e.gradient = *gradient;
    record_.push_back(std::move(e));
    ++cursor_;
    return record_.back().value;
}

}  // namespace clv::models
