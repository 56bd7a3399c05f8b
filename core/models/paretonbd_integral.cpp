// Pareto/NBD likelihood, gradient and P(alive) by tabulated quadrature (see paretonbd_integral.hpp).
//
// [SECTION] layout      — the times each distinct x uses
// [SECTION] quadrature  — ∫ f_x and its four moments over one gap between used times
// [SECTION] rows        — tail sums per group, then each row's bracket
// [SECTION] entry points
#include "models/paretonbd_integral.hpp"
#include "models/math_policy.hpp"

#include <boost/math/quadrature/gauss.hpp>
#include <boost/math/special_functions/digamma.hpp>
#include <boost/math/special_functions/gamma.hpp>

#include <algorithm>
#include <cmath>

namespace clv::models {

namespace bm = boost::math;

// [SECTION] layout ---------------------------------------------------------------------------------

ParetoLayout paretonbd_layout(const RfmData& data) {
    ParetoLayout L;
    L.pos_t_x.resize(data.rows.size());
    L.pos_T.resize(data.rows.size());
    std::vector<uint32_t> times;
    size_t i = 0;
    while (i < data.rows.size()) {
        ParetoLayout::Group g;
        g.x = data.rows[i].x;
        g.row_begin = static_cast<uint32_t>(i);
        times.clear();
        size_t j = i;
        for (; j < data.rows.size() && data.rows[j].x == g.x; ++j) {
            times.push_back(data.rows[j].t_x_index);
            times.push_back(data.rows[j].T_index);
        }
        g.row_end = static_cast<uint32_t>(j);
        std::sort(times.begin(), times.end());
        times.erase(std::unique(times.begin(), times.end()), times.end());
        g.used_begin = static_cast<uint32_t>(L.used.size());
        L.used.insert(L.used.end(), times.begin(), times.end());
        g.used_end = static_cast<uint32_t>(L.used.size());
        for (size_t k = i; k < j; ++k) {
            auto pos = [&](uint32_t t) {
                return static_cast<uint32_t>(std::lower_bound(times.begin(), times.end(), t) - times.begin());
            };
            L.pos_t_x[k] = pos(data.rows[k].t_x_index);
            L.pos_T[k] = pos(data.rows[k].T_index);
        }
        L.groups.push_back(g);
        i = j;
    }
    return L;
}

namespace {

using Policy = MathPolicy;
using Rule = bm::quadrature::gauss<double, 10>;

struct Params {
    double r, alpha, s, beta;
};

// Piece length limits: at most kSingular times the distance to the nearer singularity (-α or -β),
// so the Bernstein ellipse of the piece has ρ >= 5.8 and the 10-point rule errs by < ρ^-20 ≈ 1e-15;
// and at most kVariation / |d log f / dτ|, so log f changes by at most ~kVariation across it.
constexpr double kSingular = 1.0;
constexpr double kVariation = 3.0;
// A gap's quadrature stops once the rest of it cannot add more than e^-kNegligible of what it has.
constexpr double kNegligible = 42;

// ∫ f, ∫ f·log(α+τ), ∫ f/(α+τ), ∫ f·log(β+τ), ∫ f/(β+τ) over a gap, all scaled by exp(-shift).
struct Moments {
    double f = 0, la = 0, ia = 0, lb = 0, ib = 0;
};

// Adds ∫_a^b of f (exponents P = r+x on α+τ, Q = s+1 on β+τ) and its moments, scaled by exp(-shift).
void add_piece(const Params& p, double P, double Q, double a, double b, double shift, Moments& m) {
    const double c = 0.5 * (a + b), h = 0.5 * (b - a);
    const auto& X = Rule::abscissa();
    const auto& W = Rule::weights();
    for (size_t i = 0; i < X.size(); ++i) {
        for (int side = 0; side < (X[i] == 0 ? 1 : 2); ++side) {
            const double tau = side ? c - h * X[i] : c + h * X[i];
            const double ra = 1.0 / (p.alpha + tau), rb = 1.0 / (p.beta + tau);
            const double la = -std::log(ra), lb = -std::log(rb);
            const double v = W[i] * h * std::exp(-P * la - Q * lb - shift);
            m.f += v;
            m.la += v * la;
            m.ia += v * ra;
            m.lb += v * lb;
            m.ib += v * rb;
        }
    }
}

// ∫_a^b f and its moments, scaled by f(a) (the largest value: f decreases); returns log f(a).
double integrate_gap(const Params& p, double P, double a, double b, Moments& m) {
    const double Q = p.s + 1.0;
    const double shift = -P * std::log(p.alpha + a) - Q * std::log(p.beta + a);
    m = Moments{};
    double u = a;
    while (u < b) {
        const double da = p.alpha + u, db = p.beta + u;
        const double h = std::min({kSingular * da, kSingular * db, kVariation * da / std::max(P, 1e-300),
                                   kVariation * db / Q});
        double v = u + h;
        if (v >= b || b - v < 1e-9 * (b - a)) v = b;
        add_piece(p, P, Q, u, v, shift, m);
        u = v;
        if (u < b) {  // the rest is at most f(u)·(b-u): stop when that cannot matter
            const double log_rest = -P * std::log(p.alpha + u) - Q * std::log(p.beta + u) - shift + std::log(b - u);
            if (log_rest < std::log(m.f) - kNegligible) break;
        }
    }
    return shift;
}

// What a row's log-likelihood needs beyond the group's constants.
struct RowTerms {
    double log_bracket;  // log[(α+T)^-(r+x)(β+T)^-s + s ∫_{t_x}^T f_x]
    double q;            // share of the first ("still alive") term in the bracket = P(alive)
    // averages over [t_x, T] weighted by f_x of log(α+τ), 1/(α+τ), log(β+τ), 1/(β+τ) (moments only)
    double la, ia, lb, ib;
};

// [SECTION] rows -------------------------------------------------------------------------------------

// Calls on_group(group, P) then on_row(row index, RowTerms) for every row, group by group.
template <class OnGroup, class OnRow>
void walk_rows(const RfmData& data, const ParetoLayout& L, const Params& p, bool moments, OnGroup on_group,
               OnRow on_row) {
    const size_t nt = data.times.size();
    std::vector<double> log_at(nt), log_bt(nt), inv_at(nt), inv_bt(nt);
    for (size_t i = 0; i < nt; ++i) {
        inv_at[i] = 1.0 / (p.alpha + data.times[i]);
        inv_bt[i] = 1.0 / (p.beta + data.times[i]);
        log_at[i] = -std::log(inv_at[i]);
        log_bt[i] = -std::log(inv_bt[i]);
    }
    const double log_s = std::log(p.s);
    // Per position of the group's times: log of the tail integral J (from this time to the group's
    // last time) and the f-weighted averages over that tail; per gap: the gap's own log and averages.
    std::vector<double> log_J, gap_log;
    std::vector<Moments> tail_avg, gap_avg;
    for (const ParetoLayout::Group& g : L.groups) {
        const double P = p.r + g.x;
        on_group(g, P);
        const size_t K = g.used_end - g.used_begin;
        const uint32_t* used = L.used.data() + g.used_begin;
        log_J.assign(K, -INFINITY);
        gap_log.assign(K, -INFINITY);
        if (moments) {
            tail_avg.assign(K, Moments{});
            gap_avg.assign(K, Moments{});
        }
        for (size_t j = K - 1; j-- > 0;) {
            Moments m;
            const double shift = integrate_gap(p, P, data.times[used[j]], data.times[used[j + 1]], m);
            gap_log[j] = shift + std::log(m.f);
            log_J[j] = log_add_exp(gap_log[j], log_J[j + 1]);
            if (moments) {
                Moments& e = gap_avg[j];
                e = {1.0, m.la / m.f, m.ia / m.f, m.lb / m.f, m.ib / m.f};
                const double own = std::exp(gap_log[j] - log_J[j]), rest = 1.0 - own;  // shares of J_j
                const Moments& t = tail_avg[j + 1];
                tail_avg[j] = {1.0, own * e.la + rest * t.la, own * e.ia + rest * t.ia, own * e.lb + rest * t.lb,
                               own * e.ib + rest * t.ib};
            }
        }
        for (uint32_t row = g.row_begin; row < g.row_end; ++row) {
            const uint32_t a = L.pos_t_x[row], b = L.pos_T[row], T = data.rows[row].T_index;
            RowTerms out{};
            const double l_alive = -P * log_at[T] - p.s * log_bt[T];
            if (a >= b) {  // t_x = T: no time to have dropped out unobserved
                out.log_bracket = l_alive;
                out.q = 1.0;
            } else {
                double log_A;
                Moments avg;
                if (b == a + 1) {  // one gap: its own integral, no subtraction
                    log_A = gap_log[a];
                    if (moments) avg = gap_avg[a];
                } else {
                    const double w = std::exp(log_J[b] - log_J[a]);  // J(T)/J(t_x) < 1
                    log_A = log_J[a] + std::log1p(-w);
                    if (moments) {
                        const Moments &ta = tail_avg[a], &tb = tail_avg[b];
                        const double k = 1.0 / (1.0 - w);
                        avg = {1.0, (ta.la - w * tb.la) * k, (ta.ia - w * tb.ia) * k, (ta.lb - w * tb.lb) * k,
                               (ta.ib - w * tb.ib) * k};
                    }
                }
                const double l_dead = log_s + log_A;
                out.log_bracket = log_add_exp(l_alive, l_dead);
                out.q = std::exp(l_alive - out.log_bracket);
                out.la = avg.la;
                out.ia = avg.ia;
                out.lb = avg.lb;
                out.ib = avg.ib;
            }
            on_row(row, out, log_at[T], inv_at[T], log_bt[T], inv_bt[T]);
        }
    }
}

}  // namespace

// [SECTION] entry points -----------------------------------------------------------------------------

double paretonbd_loglik_tabulated(const RfmData& data, const ParetoLayout& layout, const std::vector<double>& params,
                                  std::vector<double>* grad_log) {
    const Params p{params[0], params[1], params[2], params[3]};
    const bool want_grad = grad_log != nullptr;
    const double lgam_r = bm::lgamma(p.r, Policy());
    const double base = -lgam_r + p.r * std::log(p.alpha) + p.s * std::log(p.beta);
    const double psi_r = want_grad ? bm::digamma(p.r, Policy()) : 0.0;
    double total = 0, gr = 0, galpha = 0, gs = 0, gbeta = 0;
    double group_const = 0, psi_rx = 0, P = 0;
    walk_rows(
        data, layout, p, want_grad,
        [&](const ParetoLayout::Group&, double P_) {
            P = P_;
            group_const = base + bm::lgamma(P, Policy());
            if (want_grad) psi_rx = bm::digamma(P, Policy());
        },
        [&](uint32_t row, const RowTerms& t, double log_aT, double inv_aT, double log_bT, double inv_bT) {
            const double n = data.rows[row].n;
            total += n * (group_const + t.log_bracket);
            if (!want_grad) return;
            const double q = t.q, d = 1.0 - q;  // shares of "alive" and "dropped out unobserved"
            // d/dθ of the bracket's log: q·d(l_alive) + d·(d log s + d log A), plus the constants'.
            gr += n * (psi_rx - psi_r - q * log_aT - d * t.la);
            galpha += n * (-q * P * inv_aT - d * P * t.ia);
            gs += n * (-q * log_bT + d * (1.0 / p.s - t.lb));
            gbeta += n * (-q * p.s * inv_bT - d * (p.s + 1.0) * t.ib);
        });
    if (want_grad) {
        const double customers = data.customers;
        // constants of every row: -lgamma(r) + r log α + s log β (ψ(r) already per row)
        gr += customers * std::log(p.alpha);
        galpha += customers * p.r / p.alpha;
        gs += customers * std::log(p.beta);
        gbeta += customers * p.s / p.beta;
        *grad_log = {gr * p.r, galpha * p.alpha, gs * p.s, gbeta * p.beta};
    }
    return total;
}

std::vector<double> paretonbd_p_alive_rows(const RfmData& data, const ParetoLayout& layout,
                                           const std::vector<double>& params) {
    std::vector<double> out(data.rows.size(), kNaN);
    walk_rows(
        data, layout, {params[0], params[1], params[2], params[3]}, false, [](const ParetoLayout::Group&, double) {},
        [&](uint32_t row, const RowTerms& t, double, double, double, double) { out[row] = t.q; });
    return out;
}

}  // namespace clv::models
