#include "models/fit_replay.hpp"

#include <cmath>

namespace clv::models {

FitReplay FitReplay::by_work(double work_per_call, double cost_per_row) {
    FitReplay r(1);
    r.by_work_ = true;
    r.work_per_call_ = work_per_call > 0 ? work_per_call : 1;
    r.cost_per_row_ = cost_per_row > 0 ? cost_per_row : 1;
    return r;
}

bool FitReplay::run(const std::function<FitResult(const FitOptions&)>& fit, FitOptions options, FitResult& result) {
    options.replay = this;
    cursor_ = 0;
    budget_ = per_call_;
    work_left_ = work_per_call_;
    work_done_ = 0;
    try {
        result = fit(options);
    } catch (const FitPaused&) {
        return false;
    }
    partial_ = Partial{};
    return true;
}

double FitReplay::whole_cost(const LogLikelihood& ll) const {
    return ll.rows > 0 ? static_cast<double>(ll.rows) * cost_per_row_ : work_per_call_;
}

double FitReplay::evaluate(const LogLikelihood& ll, const std::vector<double>& theta, std::vector<double>* gradient) {
    const bool with_gradient = gradient != nullptr;
    if (cursor_ < record_.size()) {
        const Entry& e = record_[cursor_];
        if (e.theta == theta && e.with_gradient == with_gradient) {
            ++cursor_;
            if (gradient) *gradient = e.gradient;
            return e.value;
        }
        // Not the recorded sequence (it cannot happen with a deterministic optimiser, but if it
        // did the rest of the record would be stale): evaluate afresh from here.
        record_.resize(cursor_);
        partial_ = Partial{};
    }
    Entry e;
    e.theta = theta;
    e.with_gradient = with_gradient;
    if (!by_work_) {
        if (budget_ <= 0) throw FitPaused{};
        --budget_;
        e.value = ll.f(theta, gradient);
    } else if (ll.begin && ll.rows > 0) {
        if (work_left_ <= 0) throw FitPaused{};
        if (!partial_.sum || partial_.theta != theta || partial_.with_gradient != with_gradient)
            partial_ = Partial{theta, with_gradient, ll.begin(theta, with_gradient)};
        const double rows = std::max(1.0, std::floor(work_left_ / cost_per_row_));
        const bool whole = partial_.sum->add(static_cast<size_t>(std::min(rows, static_cast<double>(ll.rows))));
        work_left_ -= rows * cost_per_row_;
        work_done_ += rows * cost_per_row_;
        if (!whole) throw FitPaused{};  // the rest of this sum in the next call
        e.value = partial_.sum->finish(gradient);
        partial_ = Partial{};
    } else {
        // Whole: at the start of a call, or when it fits in what is left of the call's work.
        const double cost = whole_cost(ll);
        if (work_left_ <= 0 || (work_done_ > 0 && cost > work_left_)) throw FitPaused{};
        work_left_ -= cost;
        work_done_ += cost;
        e.value = ll.f(theta, gradient);
    }
    if (gradient) e.gradient = *gradient;
    record_.push_back(std::move(e));
    ++cursor_;
    return record_.back().value;
}

}  // namespace clv::models
