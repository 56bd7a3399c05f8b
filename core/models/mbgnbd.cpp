// MBG/NBD entry points over the beta-geometric family shared with BG/NBD (models/bgnbd.cpp):
// the family's `modified` flag moves the posterior of the dropout probability from Beta(a, b+x)
// to Beta(a, b+x+1) and keeps the "dropped out after the last purchase" term for x = 0.
#include "models/mbgnbd.hpp"

#include "models/bgnbd.hpp"

namespace clv::models {

FitResult fit_mbgnbd(const RfmData& data, const FitOptions& options) { return detail::bg_family_fit(data, options, true); }

double mbgnbd_loglik(const RfmData& data, const std::vector<double>& params, std::vector<double>* grad_log) {
    return detail::bg_family_loglik(data, params, grad_log, true);
}

double mbgnbd_p_alive(const std::vector<double>& params, double x, double t_x, double T) {
    return detail::bg_family_p_alive(params, x, t_x, T, true);
}

// Batislam et al. eq. 14:
//   E[Y(t)|x,t_x,T] = (a+b+x)/(a-1) · [1 - ((α+T)/(α+T+t))^(r+x) 2F1(r+x, b+x+1; a+b+x; t/(α+T+t))]
//                     / (1 + a/(b+x) · ((α+T)/(α+t_x))^(r+x))
// i.e. P(alive) times the family's E[Y(t) | alive] with B = b+x+1.
double mbgnbd_expected_purchases(const std::vector<double>& params, double t, double x, double t_x, double T) {
    return mbgnbd_p_alive(params, x, t_x, T) * detail::bg_family_expected_given_alive(params, t, x, T, true);
}

double mbgnbd_prob_purchases(const std::vector<double>& params, int k, double t, double x, double t_x, double T) {
    const double pa = mbgnbd_p_alive(params, x, t_x, T);
    return pa * detail::bg_family_prob_given_alive(params, k, t, x, T, true) + (k == 0 ? 1.0 - pa : 0.0);
}

}  // namespace clv::models
