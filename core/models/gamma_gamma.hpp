// Gamma-Gamma spend model: Fader, Hardie & Lee (2005), "RFM and CLV: using iso-value curves for
// customer base analysis", JMR 42(4), building on Colombo & Jiang (1999). The value of each
// transaction of a customer is Gamma(p, ν), and ν ~ Gamma(q, γ) across customers. Fitted on the
// repeat buyers (x > 0) with their mean repeat-purchase value m > 0. Parameters p, q, gamma.
// The model assumes spend is independent of purchase frequency; the fit checks that assumption.
#pragma once
#include <memory>
#include <vector>

#include "models/fitter.hpp"

namespace clv::models {

// The customers sharing one x: every term of the likelihood except log(γ + m x) depends on x
// alone, so it is computed once per group, with the group's Σ log m.
struct SpendGroup {
    double x = 0, n = 0, sum_log_m = 0;
    double sum_m = 0, sum_m2 = 0;  // for the method-of-moments start of the fit
    size_t begin = 0, end = 0;  // the group's customers in SpendData::x / m
};

struct SpendData {
    std::vector<double> x;  // repeat purchases (> 0), grouped by x in ascending order
    std::vector<double> m;  // mean value of those purchases (> 0)
    std::vector<SpendGroup> groups;  // filled by spend_data / SpendDataBuilder (else made when needed)
    size_t excluded_zero = 0;  // repeat buyers left out because m <= 0 (returns, free orders)
    double frequency_spend_correlation = 0;  // Pearson correlation of x and m
    // For the fit's pilot (maximise_loglik): every kSpendPilotEvery-th buyer of each x, whose
    // log-likelihood, scaled by x.size() / pilot->x.size(), is close to this one's for a fraction of
    // the work. Attached by spend_data / SpendDataBuilder when there are at least kSpendPilotMin
    // buyers; null otherwise.
    std::shared_ptr<const SpendData> pilot;
};
constexpr size_t kSpendPilotEvery = 16;
constexpr size_t kSpendPilotMin = 50000;

// The repeat buyers with a positive mean repeat value.
SpendData spend_data(const Customers& customers);
SpendData spend_data(const std::vector<double>& x, const std::vector<double>& m);

// The same, fed one customer at a time (so that the browser can spread a million over frames);
// finish() groups them by x with a counting sort (a few hundred distinct x), no comparison sort.
// finish_step(budget) does that in pieces of at most `budget` buyers per pass until it returns
// true; take() then gives what finish() gives. add() only before the first finish_step.
class SpendDataBuilder {
public:
    // Whether add() keeps a buyer (x > 0, m > 0, both finite); reserve() room for that many, so
    // that the columns are not grown by doubling (at 10M customers the copies and the fresh memory
    // they touch were a 250 ms step in Chromium).
    static bool kept(double x, double m);
    void reserve(size_t buyers);
    void add(double x, double m);
    SpendData finish();
    bool finish_step(size_t budget);
    SpendData take();

private:
    enum class Phase { mark, group, size, scatter, means, sums, done };
    static constexpr size_t kDirect = 4096;  // whole x below this are grouped by index
    bool finish_pilot();
    std::vector<double> x_, m_;
    size_t excluded_zero_ = 0;
    Phase phase_ = Phase::mark;
    size_t cursor_ = 0;
    std::vector<uint32_t> index_;       // whole x -> seen, then -> its group
    std::vector<double> others_, distinct_;
    std::vector<uint32_t> group_;  // each buyer's group, grown with the group phase
    double sum_x_ = 0, sum_m_ = 0, sxm_ = 0, sxx_ = 0, smm_ = 0;
    SpendData out_;
};

FitResult fit_gamma_gamma(const SpendData& data, const FitOptions& options = {});

// FHL 2005 "RFM and CLV", eq. 3 (density of the mean m of x transactions), summed; gradient with
// respect to log-parameters when requested.
double gamma_gamma_loglik(const SpendData& data, const std::vector<double>& params, std::vector<double>* grad_log = nullptr);
// The same with the groups of `data` given (data.groups, or made for a SpendData built by hand).
double gamma_gamma_loglik(const SpendData& data, const std::vector<SpendGroup>& groups, const std::vector<double>& params,
                          std::vector<double>* grad_log);
// The same sum in parts (fitter.hpp); `data` and `groups` must outlive it.
std::unique_ptr<PartialLogLikelihood> gamma_gamma_sum(const SpendData& data, const std::vector<SpendGroup>& groups,
                                                      const std::vector<double>& params, bool gradient);

// E[M | p, q, γ, x, m] = (q-1)/(px+q-1) · pγ/(q-1) + px/(px+q-1) · m   (eq. 5). For x = 0 it is
// the population mean pγ/(q-1), infinite when q <= 1: then `fallback` (e.g. the observed mean).
// noexcept: called once per customer; under Emscripten's JS exceptions a callee that may throw costs a
// JS trampoline per call.
double gamma_gamma_expected_spend(const std::vector<double>& params, double x, double m, double fallback) noexcept;

}  // namespace clv::models
