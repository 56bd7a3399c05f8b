// Per-customer predictions, CLV and its bootstrap interval (see predict.hpp for the conventions).
//
// [SECTION] model dispatch      — one switch over the three purchase-count models
// [SECTION] tables              — P(alive) per distinct (x, t_x, T), discounted E[Y | alive] per (x, T)
// [SECTION] bootstrap           — parameter draws from the asymptotic normal of the log-parameters
// [SECTION] predict_customers
#include "models/predict.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <random>

#include "models/bgnbd.hpp"
#include "models/gamma_gamma.hpp"
#include "models/mbgnbd.hpp"
#include "models/paretonbd.hpp"
#include "models/paretonbd_integral.hpp"

namespace clv::models {

// [SECTION] model dispatch -------------------------------------------------------------------

bool counting_model_kind(const std::string& name, CountingModelKind& kind) {
    if (name == "bgnbd") kind = CountingModelKind::bgnbd;
    else if (name == "paretonbd") kind = CountingModelKind::paretonbd;
    else if (name == "mbgnbd") kind = CountingModelKind::mbgnbd;
    else return false;
    return true;
}

const char* counting_model_name(CountingModelKind kind) {
    switch (kind) {
        case CountingModelKind::bgnbd: return "bgnbd";
        case CountingModelKind::paretonbd: return "paretonbd";
        case CountingModelKind::mbgnbd: return "mbgnbd";
    }
    return "?";
}

FitResult fit_counting_model(CountingModelKind kind, const RfmData& data, const FitOptions& options) {
    switch (kind) {
        case CountingModelKind::bgnbd: return fit_bgnbd(data, options);
        case CountingModelKind::paretonbd: return fit_paretonbd(data, options);
        case CountingModelKind::mbgnbd: return fit_mbgnbd(data, options);
    }
    return {};
}

double p_alive(const CountingModel& m, double x, double t_x, double T) {
    switch (m.kind) {
        case CountingModelKind::bgnbd: return bgnbd_p_alive(m.params, x, t_x, T);
        case CountingModelKind::paretonbd: return paretonbd_p_alive(m.params, x, t_x, T);
        case CountingModelKind::mbgnbd: return mbgnbd_p_alive(m.params, x, t_x, T);
    }
    return kNaN;
}

double expected_given_alive(const CountingModel& m, double t, double x, double T) {
    switch (m.kind) {
        case CountingModelKind::bgnbd: return detail::bg_family_expected_given_alive(m.params, t, x, T, false);
        case CountingModelKind::paretonbd: return paretonbd_expected_given_alive(m.params, t, x, T);
        case CountingModelKind::mbgnbd: return detail::bg_family_expected_given_alive(m.params, t, x, T, true);
    }
    return kNaN;
}

double expected_purchases(const CountingModel& m, double t, double x, double t_x, double T) {
    return p_alive(m, x, t_x, T) * expected_given_alive(m, t, x, T);
}

double prob_purchases(const CountingModel& m, int k, double t, double x, double t_x, double T) {
    switch (m.kind) {
        case CountingModelKind::bgnbd: return bgnbd_prob_purchases(m.params, k, t, x, t_x, T);
        case CountingModelKind::mbgnbd: return mbgnbd_prob_purchases(m.params, k, t, x, t_x, T);
        case CountingModelKind::paretonbd: return paretonbd_prob_purchases(m.params, k, t, x, t_x, T);
    }
    return kNaN;
}

namespace {
// Solves 1 - pa + pa · ((α+T)/(α+T+t))^(r+x) = 1/2 for t.
double median_next(double pa, double r, double alpha, double x, double T) {
    if (!(pa > 0.5)) return kNaN;
    const double target = 1.0 - 0.5 / pa;  // ((α+T)/(α+T+t))^(r+x)
    return (alpha + T) * std::expm1(-std::log(target) / (r + x));
}
}  // namespace

double median_time_to_next_purchase(const CountingModel& m, double x, double t_x, double T) {
    return median_next(p_alive(m, x, t_x, T), m.params[0], m.params[1], x, T);
}

std::string ClvOptions::check() const {
    if (!(horizon >= 0) || !std::isfinite(horizon)) return "the horizon must be a non-negative number";
    if (!(period > 0) || !std::isfinite(period)) return "the discount period must be positive";
    if (!(discount_rate > -1) || !std::isfinite(discount_rate)) return "the discount rate must be above -100%";
    if (!std::isfinite(margin)) return "the margin must be a number";
    if (bootstrap_draws < 0 || bootstrap_draws > 100000) return "bootstrap draws must be between 0 and 100000";
    if (!(interval > 0 && interval < 1)) return "the interval coverage must be between 0 and 1";
    return {};
}

// [SECTION] tables ------------------------------------------------------------------------------

namespace {

struct Tables {
    std::vector<double> row_p_alive;   // per compressed row
    std::vector<double> row_next;      // median time to next purchase, per row
    std::vector<uint32_t> row_pair;    // row -> (x, T) pair
    std::vector<double> pair_horizon;  // E[Y(horizon) | alive] per pair
    std::vector<double> pair_discounted;  // Σ_i ΔE[Y | alive]_i / (1+d)^i per pair
};

}  // namespace

// Pairs (x, T) in the order rows meet them; rows are sorted by x, so one small index per x run.
void index_pairs(const RfmData& d, std::vector<uint32_t>& row_pair, std::vector<std::pair<double, double>>& pairs) {
    row_pair.resize(d.rows.size());
    std::vector<int64_t> slot(d.times.size(), -1);
    double cur_x = -1;
    std::vector<uint32_t> touched;
    for (size_t i = 0; i < d.rows.size(); ++i) {
        const RfmRow& r = d.rows[i];
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
}

namespace {

// P(alive) of every row, with the functions of the times tabulated by the model.
std::vector<double> p_alive_rows(const CountingModel& m, const RfmData& d) {
    switch (m.kind) {
        case CountingModelKind::bgnbd: return detail::bg_family_p_alive_rows(d, m.params, false);
        case CountingModelKind::mbgnbd: return detail::bg_family_p_alive_rows(d, m.params, true);
        case CountingModelKind::paretonbd: return paretonbd_p_alive_rows(d, paretonbd_layout(d), m.params);
    }
    return std::vector<double>(d.rows.size(), kNaN);
}

void fill_tables(const CountingModel& m, const RfmData& d, const std::vector<std::pair<double, double>>& pairs,
                 const ClvOptions& o, bool want_next, Tables& tab) {
    tab.row_p_alive = p_alive_rows(m, d);
    if (want_next) {
        tab.row_next.resize(d.rows.size());
        for (size_t i = 0; i < d.rows.size(); ++i)
            tab.row_next[i] = median_next(tab.row_p_alive[i], m.params[0], m.params[1], d.rows[i].x, d.rows[i].T);
    }
    const int steps = o.horizon > 0 ? static_cast<int>(std::ceil(o.horizon / o.period - 1e-9)) : 0;
    tab.pair_horizon.resize(pairs.size());
    tab.pair_discounted.resize(pairs.size());
    for (size_t j = 0; j < pairs.size(); ++j) {
        const double x = pairs[j].first, T = pairs[j].second;
        double prev = 0, disc = 0, factor = 1;
        for (int i = 1; i <= steps; ++i) {
            const double t = std::min(i * o.period, o.horizon);
            const double e = expected_given_alive(m, t, x, T);
            factor /= 1.0 + o.discount_rate;
            disc += (e - prev) * factor;
            prev = e;
        }
        tab.pair_horizon[j] = prev;
        tab.pair_discounted[j] = disc;
    }
}

double spend_of(const std::vector<double>& gg, double x, double m, double fallback) {
    if (gg.empty()) return x > 0 && m > 0 ? m : fallback;
    return gamma_gamma_expected_spend(gg, x, m, fallback);
}

// [SECTION] bootstrap ---------------------------------------------------------------------------

}  // namespace

// Draws of the parameters from N(log θ̂, Σ) on the log scale; empty when Σ is unusable.
std::vector<std::vector<double>> draw_params(const std::vector<double>& params, const std::vector<double>& cov,
                                             int draws, std::mt19937_64& rng) {
    const size_t n = params.size();
    std::vector<std::vector<double>> out;
    if (cov.size() != n * n || draws <= 0) return out;
    Eigen::MatrixXd S(n, n);
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < n; ++j) S(i, j) = cov[i * n + j];
    Eigen::LLT<Eigen::MatrixXd> llt(S);
    if (llt.info() != Eigen::Success) return out;
    const Eigen::MatrixXd L = llt.matrixL();
    std::normal_distribution<double> normal;
    Eigen::VectorXd z(n);
    for (int k = 0; k < draws; ++k) {
        for (size_t i = 0; i < n; ++i) z[i] = normal(rng);
        const Eigen::VectorXd shift = L * z;
        std::vector<double> p(n);
        for (size_t i = 0; i < n; ++i) p[i] = params[i] * std::exp(shift[i]);
        out.push_back(std::move(p));
    }
    return out;
}

// [SECTION] predict_customers -------------------------------------------------------------------

std::vector<CustomerPrediction> predict_customers(const CountingModel& model, const std::vector<double>& covariance,
                                                  const SpendModel& spend, const std::vector<double>& x,
                                                  const std::vector<double>& t_x, const std::vector<double>& T,
                                                  const std::vector<double>& m, const ClvOptions& options) {
    return predict_customers(model, covariance, spend, compress_rfm(x, t_x, T), x, m, options);
}

std::vector<CustomerPrediction> predict_customers(const CountingModel& model, const std::vector<double>& covariance,
                                                  const SpendModel& spend, const RfmData& d,
                                                  const std::vector<double>& x, const std::vector<double>& m,
                                                  const ClvOptions& options) {
    const size_t n = std::min({x.size(), m.size(), d.row_of_customer.size()});
    std::vector<CustomerPrediction> out(n);
    if (!options.check().empty() || model.params.size() != 4) return out;
    for (double p : model.params)
        if (!(p > 0) || !std::isfinite(p)) return out;
    std::vector<uint32_t> row_pair;
    std::vector<std::pair<double, double>> pairs;
    index_pairs(d, row_pair, pairs);
    Tables tab;
    fill_tables(model, d, pairs, options, true, tab);

    double fallback = spend.fallback;
    if (!(fallback > 0)) {  // the mean of the observed repeat-purchase values
        double s = 0, c = 0;
        for (size_t i = 0; i < n; ++i)
            if (x[i] > 0 && m[i] > 0) s += m[i], c += 1;
        fallback = c > 0 ? s / c : 0;
    }
    for (size_t i = 0; i < n; ++i) {
        const uint32_t row = d.row_of_customer[i];
        if (row == UINT32_MAX) continue;  // not representable (negative, t_x > T, ...): left as NaN
        const uint32_t pair = row_pair[row];
        CustomerPrediction& p = out[i];
        p.p_alive = tab.row_p_alive[row];
        p.expected_purchases = p.p_alive * tab.pair_horizon[pair];
        p.expected_spend = spend_of(spend.params, x[i], m[i], fallback);
        p.clv = options.margin * p.expected_spend * p.p_alive * tab.pair_discounted[pair];
        p.next_purchase = tab.row_next[row];
    }

    // Parametric bootstrap of the CLV: parameters drawn from the asymptotic normal distribution
    // of the maximum-likelihood estimates (log scale), the CLV recomputed per draw, and the central
    // `interval` of the draws reported. The per-row draws are kept as floats, capped at ~32M values.
    int draws = options.bootstrap_draws;
    if (draws > 0 && !d.rows.empty()) draws = std::max(1, std::min<int>(draws, static_cast<int>(32'000'000 / d.rows.size())));
    std::mt19937_64 rng(options.seed);
    const auto count_draws = draw_params(model.params, covariance, draws, rng);
    if (count_draws.empty()) return out;
    std::vector<std::vector<double>> spend_draws;
    if (!spend.params.empty()) {
        spend_draws = draw_params(spend.params, spend.covariance, draws, rng);
        if (spend_draws.empty()) spend_draws.assign(count_draws.size(), spend.params);
    }
    const size_t K = count_draws.size();
    std::vector<float> value(d.rows.size() * K);  // P(alive) · discounted E[Y | alive], per row and draw
    ClvOptions o = options;
    for (size_t k = 0; k < K; ++k) {
        Tables tk;
        fill_tables({model.kind, count_draws[k]}, d, pairs, o, false, tk);
        for (size_t r = 0; r < d.rows.size(); ++r)
            value[r * K + k] = static_cast<float>(tk.row_p_alive[r] * tk.pair_discounted[row_pair[r]]);
    }
    std::vector<double> clv(K);
    const double lo_q = (1 - options.interval) / 2, hi_q = 1 - lo_q;
    for (size_t i = 0; i < n; ++i) {
        const uint32_t row = d.row_of_customer[i];
        if (row == UINT32_MAX) continue;
        for (size_t k = 0; k < K; ++k) {
            const double s = spend_draws.empty() ? out[i].expected_spend : spend_of(spend_draws[k], x[i], m[i], fallback);
            clv[k] = options.margin * s * value[row * K + k];
        }
        const size_t lo = static_cast<size_t>(std::floor(lo_q * (K - 1))), hi = static_cast<size_t>(std::ceil(hi_q * (K - 1)));
        std::nth_element(clv.begin(), clv.begin() + lo, clv.end());
        out[i].clv_low = clv[lo];
        std::nth_element(clv.begin(), clv.begin() + hi, clv.end());
        out[i].clv_high = clv[hi];
    }
    return out;
}

std::vector<CustomerPrediction> predict_customers(const CountingModel& model, const std::vector<double>& covariance,
                                                  const SpendModel& spend, const Customers& customers,
                                                  const ClvOptions& options) {
    std::vector<double> x, t_x, T, m;
    const size_t n = customers.rows.size();
    x.reserve(n);
    t_x.reserve(n);
    T.reserve(n);
    m.reserve(n);
    for (const CustomerRow& c : customers.rows) {
        x.push_back(c.x());
        t_x.push_back(c.t_x);
        T.push_back(c.T);
        m.push_back(c.monetary_value);
    }
    return predict_customers(model, covariance, spend, x, t_x, T, m, options);
}

}  // namespace clv::models
