// MBG/NBD: Batislam, Denizel & Filiztekin (2007), "Empirical validation and comparison of models
// for customer base analysis", IJRM 24(3). The BG/NBD with one change: a customer may also drop
// out right after the first purchase (time zero), so one-time buyers are not assumed alive —
// which removes the BG/NBD's P(alive) = 1 for every customer with x = 0.
// Parameters r, alpha, a, b. Shares its implementation with models/bgnbd.cpp.
#pragma once
#include <vector>

#include "models/fitter.hpp"

namespace clv::models {

FitResult fit_mbgnbd(const RfmData& data, const FitOptions& options = {});

// Batislam et al. eq. 5, summed over rows; gradient with respect to log-parameters.
double mbgnbd_loglik(const RfmData& data, const std::vector<double>& params, std::vector<double>* grad_log = nullptr);
// P(alive) = 1 / (1 + a/(b+x) · ((α+T)/(α+t_x))^(r+x)), for x = 0 too.
double mbgnbd_p_alive(const std::vector<double>& params, double x, double t_x, double T);
// E[Y(t) | x, t_x, T] (Batislam et al. eq. 14).
double mbgnbd_expected_purchases(const std::vector<double>& params, double t, double x, double t_x, double T);
double mbgnbd_prob_purchases(const std::vector<double>& params, int k, double t, double x, double t_x, double T);

}  // namespace clv::models
