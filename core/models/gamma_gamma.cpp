#include "models/gamma_gamma.hpp"
#include "models/math_policy.hpp"

#include <boost/math/special_functions/gamma.hpp>
#include <boost/math/special_functions/digamma.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

namespace clv::models {

namespace bm = boost::math;

namespace {
using Policy = MathPolicy;  // NaN/inf instead of exceptions, no long double (math_policy.hpp)
double lgam(double v) { return bm::lgamma(v, Policy()); }
double psi(double v) { return bm::digamma(v, Policy()); }

}  // namespace

namespace {
// Every kSpendPilotEvery-th buyer of each group (the first of each group included), grouped alike.
SpendData systematic_sample(const SpendData& d) {
    SpendData s;
    for (const SpendGroup& g : d.groups) {
        SpendGroup t;
        t.x = g.x;
        t.begin = s.x.size();
        for (size_t i = g.begin; i < g.end; i += kSpendPilotEvery) {
            s.x.push_back(d.x[i]);
            s.m.push_back(d.m[i]);
            t.n += 1;
            t.sum_log_m += std::log(d.m[i]);
            t.sum_m += d.m[i];
            t.sum_m2 += d.m[i] * d.m[i];
        }
        t.end = s.x.size();
        if (t.n > 0) s.groups.push_back(t);
    }
    return s;
}
}  // namespace

void SpendDataBuilder::add(double x, double m) {
    if (!(x > 0) || !std::isfinite(x) || !std::isfinite(m)) return;
    if (!(m > 0)) {
        ++excluded_zero_;
        return;
    }
    x_.push_back(x);
    m_.push_back(m);
}

bool SpendDataBuilder::kept(double x, double m) { return x > 0 && std::isfinite(x) && std::isfinite(m) && m > 0; }

void SpendDataBuilder::reserve(size_t buyers) {
    x_.reserve(buyers);
    m_.reserve(buyers);
}

// Distinct x in ascending order, then each customer's place by a counting sort. Whole x below
// kDirect (nearly all) are found by index; others (rare) by a sort of their own. Every pass over
// the buyers (marking the x, grouping with the sums, sizing and filling the grouped columns, the
// correlation's means and sums) reads at most `budget` of them per call: at 10M customers the
// whole finish was a 77 ms step in wasm. Sums run in buyer order, as one loop would.
bool SpendDataBuilder::finish_step(size_t budget) {
    // The buyers: x_ until it is scattered (and released), then the grouped columns.
    const size_t n = phase_ < Phase::means ? x_.size() : out_.x.size();
    const size_t end = std::min(n, cursor_ + std::max<size_t>(budget, 1));
    auto direct = [](double x) { return x < kDirect && x == std::floor(x); };
    SpendData& d = out_;
    switch (phase_) {
        case Phase::mark:
            if (cursor_ == 0) index_.assign(kDirect, 0);
            for (size_t i = cursor_; i < end; ++i) {
                if (direct(x_[i])) index_[static_cast<size_t>(x_[i])] = 1;
                else others_.push_back(x_[i]);
            }
            cursor_ = end;
            if (cursor_ < n) return false;
            {
                std::sort(others_.begin(), others_.end());
                others_.erase(std::unique(others_.begin(), others_.end()), others_.end());
                for (size_t k = 0; k < kDirect; ++k)
                    if (index_[k]) distinct_.push_back(static_cast<double>(k));
                const size_t whole = distinct_.size();
                distinct_.insert(distinct_.end(), others_.begin(), others_.end());
                std::vector<double>().swap(others_);
                std::inplace_merge(distinct_.begin(), distinct_.begin() + static_cast<std::ptrdiff_t>(whole), distinct_.end());
                for (size_t k = 0; k < distinct_.size(); ++k)
                    if (direct(distinct_[k])) index_[static_cast<size_t>(distinct_[k])] = static_cast<uint32_t>(k);
            }
            d.excluded_zero = excluded_zero_;
            d.groups.resize(distinct_.size());
            group_.reserve(n);
            cursor_ = 0;
            phase_ = Phase::group;
            return false;
        case Phase::group:
            group_.resize(end);
            for (size_t i = cursor_; i < end; ++i) {
                const double x = x_[i];
                const uint32_t g = direct(x) ? index_[static_cast<size_t>(x)]
                                             : static_cast<uint32_t>(std::lower_bound(distinct_.begin(), distinct_.end(), x) - distinct_.begin());
                group_[i] = g;
                SpendGroup& s = d.groups[g];
                s.n += 1;
                s.sum_log_m += std::log(m_[i]);
                s.sum_m += m_[i];
                s.sum_m2 += m_[i] * m_[i];
            }
            cursor_ = end;
            if (cursor_ < n) return false;
            {
                size_t at = 0;
                for (size_t k = 0; k < distinct_.size(); ++k) {
                    d.groups[k].x = distinct_[k];
                    d.groups[k].begin = d.groups[k].end = at;
                    at += static_cast<size_t>(d.groups[k].n);
                }
            }
            d.x.reserve(n);
            d.m.reserve(n);
            cursor_ = 0;
            phase_ = Phase::size;
            return false;
        case Phase::size:  // the grouped columns are zero-filled in slices too, then scattered into
            d.x.resize(end);
            d.m.resize(end);
            cursor_ = end;
            if (cursor_ < n) return false;
            cursor_ = 0;
            phase_ = Phase::scatter;
            return false;
        case Phase::scatter:
            for (size_t i = cursor_; i < end; ++i) {
                const size_t to = d.groups[group_[i]].end++;
                d.x[to] = x_[i];
                d.m[to] = m_[i];
            }
            cursor_ = end;
            if (cursor_ < n) return false;
            std::vector<double>().swap(x_);
            std::vector<double>().swap(m_);
            std::vector<uint32_t>().swap(group_);
            cursor_ = 0;
            phase_ = n < 3 ? Phase::done : Phase::means;
            return phase_ == Phase::done ? finish_pilot() : false;
        case Phase::means:  // the Pearson correlation of x and m: the means, then the sums
            for (size_t i = cursor_; i < end; ++i) sum_x_ += d.x[i], sum_m_ += d.m[i];
            cursor_ = end;
            if (cursor_ < n) return false;
            cursor_ = 0;
            phase_ = Phase::sums;
            return false;
        case Phase::sums: {
            const double mx = sum_x_ / n, mm = sum_m_ / n;
            for (size_t i = cursor_; i < end; ++i) {
                sxm_ += (d.x[i] - mx) * (d.m[i] - mm);
                sxx_ += (d.x[i] - mx) * (d.x[i] - mx);
                smm_ += (d.m[i] - mm) * (d.m[i] - mm);
            }
            cursor_ = end;
            if (cursor_ < n) return false;
            d.frequency_spend_correlation = sxx_ > 0 && smm_ > 0 ? sxm_ / std::sqrt(sxx_ * smm_) : 0;
            phase_ = Phase::done;
            return finish_pilot();
        }
        case Phase::done: return true;
    }
    return true;
}

bool SpendDataBuilder::finish_pilot() {
    if (out_.x.size() >= kSpendPilotMin) out_.pilot = std::make_shared<const SpendData>(systematic_sample(out_));
    return true;
}

SpendData SpendDataBuilder::finish() {
    while (!finish_step(SIZE_MAX)) {
    }
    return take();
}

SpendData SpendDataBuilder::take() { return std::move(out_); }

SpendData spend_data(const std::vector<double>& x, const std::vector<double>& m) {
    SpendDataBuilder b;
    for (size_t i = 0; i < std::min(x.size(), m.size()); ++i) b.add(x[i], m[i]);
    return b.finish();
}

SpendData spend_data(const Customers& customers) {
    SpendDataBuilder b;
    for (const CustomerRow& c : customers.rows) b.add(c.x(), c.monetary_value);
    return b.finish();
}

namespace {
// Groups of a SpendData made by hand (x sorted, groups not filled).
std::vector<SpendGroup> make_groups(const SpendData& data) {
    std::vector<SpendGroup> groups;
    for (size_t i = 0; i < data.x.size(); ++i) {
        if (groups.empty() || groups.back().x != data.x[i]) {
            SpendGroup g;
            g.x = data.x[i];
            g.begin = g.end = i;
            groups.push_back(g);
        }
        SpendGroup& s = groups.back();
        s.n += 1;
        s.sum_log_m += std::log(data.m[i]);
        s.sum_m += data.m[i];
        s.sum_m2 += data.m[i] * data.m[i];
        s.end = i + 1;
    }
    return groups;
}
}  // namespace

// log f(m | p, q, γ, x) = lnΓ(px+q) - lnΓ(px) - lnΓ(q) + q ln γ + (px-1) ln m + px ln x - (px+q) ln(γ + m x),
// summed per group of equal x: only Σ ln(γ + m x) (and, for the gradient, Σ 1/(γ + m x)) runs over
// the customers.
double gamma_gamma_loglik(const SpendData& data, const std::vector<double>& params, std::vector<double>* grad_log) {
    if (data.groups.empty()) return gamma_gamma_loglik(data, make_groups(data), params, grad_log);
    return gamma_gamma_loglik(data, data.groups, params, grad_log);
}

namespace {

// The sum over the groups, resumable (PartialLogLikelihood) also inside a group: the group's running
// L and R are members, so a sum split into parts adds exactly what one loop would.
class GammaGammaSum final : public PartialLogLikelihood {
public:
    GammaGammaSum(const SpendData& data, const std::vector<SpendGroup>& groups, const std::vector<double>& params,
                  bool gradient)
        : data_(data), groups_(groups), want_grad_(gradient), p_(params[0]), q_(params[1]), g_(params[2]) {
        lgam_q_ = lgam(q_), log_g_ = std::log(g_), psi_q_ = gradient ? psi(q_) : 0;
    }

    bool add(size_t rows) override {
        const double* xs = data_.x.data();
        const double* ms = data_.m.data();
        const double g = g_;
        while (group_ < groups_.size()) {
            const SpendGroup& s = groups_[group_];
            if (!in_group_) in_group_ = true, next_ = s.begin, L_ = 0, R_ = 0;
            const size_t end = s.end - next_ < rows ? s.end : next_ + rows;
            rows -= end - next_;
            double L = L_, R = R_;  // Σ ln(γ + m x), Σ 1/(γ + m x)
            if (want_grad_) {
                for (size_t i = next_; i < end; ++i) {
                    const double v = g + ms[i] * xs[i];
                    L += std::log(v);
                    R += 1.0 / v;
                }
            } else {
                for (size_t i = next_; i < end; ++i) L += std::log(g + ms[i] * xs[i]);
            }
            L_ = L, R_ = R, next_ = end;
            if (next_ < s.end) return false;  // the part ended inside the group
            close(s);
            in_group_ = false;
            ++group_;
            if (rows == 0) break;
        }
        return group_ == groups_.size();
    }

    double finish(std::vector<double>* grad_log) override {
        if (grad_log && want_grad_) *grad_log = {gp_ * p_, gq_ * q_, gg_ * g_};
        return total_;
    }

private:
    void close(const SpendGroup& s) {
        const double p = p_, q = q_, L = L_, R = R_;
        const double x = s.x, px = p * x, n = s.n, log_x = std::log(x);
        const double lg_pxq = lgam(px + q);
        total_ += n * (lg_pxq - lgam(px) - lgam_q_ + q * log_g_ + px * log_x) + (px - 1) * s.sum_log_m - (px + q) * L;
        if (want_grad_) {
            const double ps_pxq = psi(px + q);
            gp_ += x * (n * (ps_pxq - psi(px) + log_x) + s.sum_log_m - L);
            gq_ += n * (ps_pxq - psi_q_ + log_g_) - L;
            gg_ += n * q / g_ - (px + q) * R;
        }
    }

    const SpendData& data_;
    const std::vector<SpendGroup>& groups_;
    const bool want_grad_;
    const double p_, q_, g_;
    double lgam_q_ = 0, log_g_ = 0, psi_q_ = 0;
    size_t group_ = 0, next_ = 0;
    bool in_group_ = false;
    double L_ = 0, R_ = 0;
    double total_ = 0, gp_ = 0, gq_ = 0, gg_ = 0;
};

}  // namespace

std::unique_ptr<PartialLogLikelihood> gamma_gamma_sum(const SpendData& data, const std::vector<SpendGroup>& groups,
                                                      const std::vector<double>& params, bool gradient) {
    return std::make_unique<GammaGammaSum>(data, groups, params, gradient);
}

double gamma_gamma_loglik(const SpendData& data, const std::vector<SpendGroup>& groups, const std::vector<double>& params,
                          std::vector<double>* grad_log) {
    GammaGammaSum sum(data, groups, params, grad_log != nullptr);
    while (!sum.add(data.x.size())) {
    }
    return sum.finish(grad_log);
}

namespace {
// A starting point by the method of moments, so that the fit needs fewer passes over the customers.
// With ν ~ Gamma(q, γ) and a customer's x transactions ~ Gamma(p, ν):
//   E[m] = pγ/(q-1),   E[m² | x] = C (p² + p/x),   C = γ²/((q-1)(q-2)).
// A least-squares line of the groups' mean m² on 1/x gives C p² (intercept) and C p (slope), so p;
// then C p² / E[m]² = (q-1)/(q-2) gives q, and E[m] gives γ. Only a start: whenever the moments do
// not fit these relations (q <= 2, a flat or falling line), the plain guess stays.
std::vector<double> moments_start(const std::vector<SpendGroup>& groups, double fallback_gamma) {
    std::vector<double> start = {1.0, 2.0, fallback_gamma};
    double n = 0, sm = 0, su = 0, sy = 0, suu = 0, suy = 0;
    for (const SpendGroup& g : groups) {
        if (!(g.n > 0) || !(g.x > 0)) continue;
        const double u = 1 / g.x, y = g.sum_m2 / g.n;
        n += g.n, sm += g.sum_m, su += g.n * u, sy += g.n * y, suu += g.n * u * u, suy += g.n * u * y;
    }
    if (!(n > 0)) return start;
    const double mean_u = su / n, mean_y = sy / n, mean_m = sm / n;
    const double var_u = suu / n - mean_u * mean_u;
    if (!(var_u > 1e-12)) return start;
    const double slope = (suy / n - mean_u * mean_y) / var_u, intercept = mean_y - slope * mean_u;
    const double p = intercept / slope, rho = intercept / (mean_m * mean_m);
    if (!(slope > 0) || !(intercept > 0) || !(rho > 1) || !std::isfinite(p) || !std::isfinite(rho)) return start;
    const double q = (2 * rho - 1) / (rho - 1), g = mean_m * (q - 1) / p;
    if (!(p > 0) || !(q > 2) || !(g > 0) || !std::isfinite(q) || !std::isfinite(g)) return start;
    return {p, q, g};
}
}  // namespace

FitResult fit_gamma_gamma(const SpendData& data, const FitOptions& options) {
    LogLikelihood ll;
    ll.analytic_gradient = true;
    ll.customers = static_cast<double>(data.x.size());
    const std::vector<SpendGroup> made = data.groups.empty() ? make_groups(data) : std::vector<SpendGroup>{};
    const std::vector<SpendGroup>& groups = data.groups.empty() ? made : data.groups;
    ll.rows = data.x.size();
    const auto begin = [&data, &groups](const std::vector<double>& theta, bool gradient) {
        return gamma_gamma_sum(data, groups, {std::exp(theta[0]), std::exp(theta[1]), std::exp(theta[2])}, gradient);
    };
    ll.f = whole_sum(begin);
    // In parts only over the data's own groups: groups made here end with this call, and a sum
    // left unfinished by FitReplay is continued in the next.
    if (!data.groups.empty()) ll.begin = begin;
    double sum_m = 0;
    for (const SpendGroup& g : groups) sum_m += g.sum_m;
    const double mean_m = data.m.empty() ? 1 : sum_m / static_cast<double>(data.m.size());
    const std::vector<double> start = moments_start(groups, std::max(mean_m, 1e-6));
    // Through the pilot the data carry (many buyers only): the sample's log-likelihood scaled up
    // to the whole, so that its curvature stands for the whole's.
    LogLikelihood pilot;
    if (data.pilot && !data.pilot->x.empty()) {
        const std::shared_ptr<const SpendData> sample = data.pilot;
        const double scale = static_cast<double>(data.x.size()) / static_cast<double>(sample->x.size());
        pilot = ll;
        pilot.rows = sample->x.size();
        pilot.begin = nullptr;  // a sample of 1 in 16: evaluated whole
        pilot.f = [sample, scale](const std::vector<double>& theta, std::vector<double>* grad) {
            const double v = gamma_gamma_loglik(*sample, sample->groups, {std::exp(theta[0]), std::exp(theta[1]), std::exp(theta[2])}, grad);
            if (grad)
                for (double& g : *grad) g *= scale;
            return v * scale;
        };
    }
    FitResult r = maximise_loglik("gammagamma", {"p", "q", "gamma"}, ll, start, options, pilot.f ? &pilot : nullptr);
    if (data.x.size() < 2)
        add_diagnosis(r, FitDiagnosis::too_few_repeat_buyers, "Fewer than two repeat buyers with a positive spend: the spend model cannot be fitted.");
    if (r.at_bound.size() == 3 && (r.at_bound[0] > 0 || r.at_bound[1] > 0 || r.at_bound[2] > 0))
        add_diagnosis(r, FitDiagnosis::spend_degenerate, "Spend per transaction hardly varies within or between customers, so the gamma mixing "
                         "is degenerate; the mean spend is a better guide than this fit.");
    if (r.usable() && r.params[1] <= 1)
        add_diagnosis(r, FitDiagnosis::spend_mean_infinite, "q <= 1: the fitted spend distribution has no finite mean, so expected spend of customers "
                         "without repeat purchases falls back to the observed average.");
    if (std::fabs(data.frequency_spend_correlation) > 0.3) {
        std::ostringstream s;
        s.precision(2);
        s << "Spend and purchase frequency are correlated (r = " << data.frequency_spend_correlation
          << "); the Gamma-Gamma model assumes they are independent, so its spend predictions are biased.";
        add_diagnosis(r, FitDiagnosis::spend_frequency_correlated, s.str());
    }
    if (data.excluded_zero > 0)
        add_diagnosis(r, FitDiagnosis::spend_zero_excluded, std::to_string(data.excluded_zero) +
                             " repeat buyers with a mean repeat value of zero or less were left out of the spend fit.");
    return r;
}

double gamma_gamma_expected_spend(const std::vector<double>& params, double x, double m, double fallback) noexcept {
    const double p = params[0], q = params[1], g = params[2];
    if (x > 0 && m > 0) {
        const double den = p * x + q - 1;
        if (den > 0) return p * (g + m * x) / den;
        return m;
    }
    return q > 1 ? p * g / (q - 1) : fallback;
}

}  // namespace clv::models
