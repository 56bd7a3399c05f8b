// A maximum-likelihood fit spread over several calls (the browser's frames) with exactly the result
// of one call, without turning LBFGSpp into a state machine.
//
// The optimiser is deterministic: given the same likelihood values it asks for the same points in
// the same order. So every likelihood evaluation is recorded, and at each call the whole fit is
// simply run again: points already recorded are answered from the record (no likelihood work; the
// optimiser's own arithmetic on a handful of parameters is negligible), new points are evaluated
// until the call's budget is spent, and then the fit stops by throwing FitPaused. FitPaused is not
// a std::exception, so none of the handlers for the optimiser's own failures takes it.
#pragma once
#include <functional>
#include <vector>

#include "models/fitter.hpp"

namespace clv::models {

struct FitPaused {};

//
// A single evaluation can be too long for one frame (a BG/NBD sum over 500k distinct rows, a
// Gamma-Gamma one over 3M repeat buyers, at 10M customers): with a budget of work, a likelihood
// that can be summed in parts (LogLikelihood::begin) is evaluated a part per call, its running sum
// kept here until the sum is whole. The value is the same as evaluating it at once.
class FitReplay {
public:
    // At most `evaluations_per_call` new likelihood evaluations per call of run() (at least one).
    explicit FitReplay(int evaluations_per_call) : per_call_(evaluations_per_call < 1 ? 1 : evaluations_per_call) {}

    // About `work_per_call` units of work per call: a row of a likelihood's sum costs `cost_per_row`
    // (LogLikelihood::rows; a likelihood that does not say its rows costs a whole call). A sum that
    // can be split is evaluated in parts when the call's work runs out in the middle of it; one that
    // cannot is begun only at the start of a call or when its whole cost fits in what is left.
    static FitReplay by_work(double work_per_call, double cost_per_row);

    // Runs `fit` with options whose `replay` is this object. True when the fit finished (`result`
    // filled), false when it paused: call again with the same `fit` and data.
    bool run(const std::function<FitResult(const FitOptions&)>& fit, FitOptions options, FitResult& result);

    // For maximise_loglik: the recorded value at `theta`, or a new evaluation of `ll` while the
    // budget lasts; throws FitPaused once it is spent.
    double evaluate(const LogLikelihood& ll, const std::vector<double>& theta, std::vector<double>* gradient);

    int evaluations() const { return static_cast<int>(record_.size()); }  // recorded so far

private:
    struct Entry {
        std::vector<double> theta, gradient;
        bool with_gradient = false;
        double value = 0;
    };
    // An evaluation summed in parts, not finished at the end of the last call.
    struct Partial {
        std::vector<double> theta;
        bool with_gradient = false;
        std::unique_ptr<PartialLogLikelihood> sum;
    };
    double whole_cost(const LogLikelihood& ll) const;
    std::vector<Entry> record_;
    size_t cursor_ = 0;  // next entry to replay in this call
    int per_call_ = 1, budget_ = 0;
    // Work mode (by_work): the budget is work, not a count of evaluations.
    bool by_work_ = false;
    double work_per_call_ = 0, cost_per_row_ = 1, work_left_ = 0, work_done_ = 0;
    Partial partial_;
};

}  // namespace clv::models
