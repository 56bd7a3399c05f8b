// The Pareto/NBD likelihood, its gradient and P(alive) for a whole customer base at once, from the
// integral the Fader & Hardie (2005) note starts from before solving it with 2F1 (eq. 22):
//   L = Γ(r+x) α^r β^s / Γ(r) · [ (α+T)^-(r+x) (β+T)^-s + s ∫_{t_x}^T f_x(τ) dτ ],
//   f_x(τ) = (α+τ)^-(r+x) (β+τ)^-(s+1)
// (the second term is the chance to have dropped out at τ, unobserved, after the last purchase).
//
// Why: with whole-day data t_x and T take a few hundred distinct values, so for each distinct x the
// integral between consecutive times used by that x's rows is computed once, and tail sums
// J(t) = ∫_t^top f_x give each row's integral as J(t_x) - J(T): one short quadrature per
// (x, time) instead of a hypergeometric function per customer. The derivatives of the integral in
// r, α, s, β are integrals of f_x times -log(α+τ), -(r+x)/(α+τ), -log(β+τ), -(s+1)/(β+τ) on the
// same nodes, which gives the fitter an analytic gradient (and a cheap Hessian).
//
// Quadrature: 10-point Gauss-Legendre (Boost.Math's nodes) on pieces no longer than the distance
// to the integrand's singularities at -α and -β, and short enough that log f_x changes by at most
// a few units across a piece; at that size the rule is exact to rounding. The per-customer 2F1
// form in paretonbd.cpp is kept as the independent reference the tests compare against.
#pragma once
#include <cstdint>
#include <vector>

#include "models/fitter.hpp"

namespace clv::models {

// Which times each distinct x uses: built once per data set, reused by every evaluation.
struct ParetoLayout {
    struct Group {
        double x = 0;
        uint32_t row_begin = 0, row_end = 0;    // the group's rows in RfmData::rows
        uint32_t used_begin = 0, used_end = 0;  // the group's times in `used`
    };
    std::vector<Group> groups;
    std::vector<uint32_t> used;            // per group, ascending indices into RfmData::times
    std::vector<uint32_t> pos_t_x, pos_T;  // per row: positions of t_x and T within its group's times
};
ParetoLayout paretonbd_layout(const RfmData& data);

// Total log-likelihood over the rows (weighted by their counts) at natural-scale params r, α, s, β;
// with grad_log, also its gradient with respect to the log-parameters.
double paretonbd_loglik_tabulated(const RfmData& data, const ParetoLayout& layout, const std::vector<double>& params,
                                  std::vector<double>* grad_log = nullptr);

// P(alive | x, t_x, T) for every row of `data` (F&H note eq. 18), from the same tables.
std::vector<double> paretonbd_p_alive_rows(const RfmData& data, const ParetoLayout& layout,
                                           const std::vector<double>& params);

}  // namespace clv::models
