// BG/NBD: Fader, Hardie & Lee (2005), "Counting your customers the easy way: an alternative to
// the Pareto/NBD model", Marketing Science 24(2). While alive a customer buys at Poisson rate
// lambda ~ Gamma(r, alpha); after each purchase they drop out with probability p ~ Beta(a, b).
// Parameters in the order r, alpha, a, b.
//
// The modified BG/NBD (MBG/NBD, models/mbgnbd.hpp) differs only in letting a customer drop out at
// time zero as well, so both share the implementation here ("beta-geometric family"), keyed by
// `modified`. In both, after the calibration period the dropout probability has the posterior
// Beta(a, B) with B = b + x (BG/NBD) or b + x + 1 (MBG/NBD) given the customer is alive.
#pragma once
#include <vector>

#include "models/fitter.hpp"

namespace clv::models {

FitResult fit_bgnbd(const RfmData& data, const FitOptions& options = {});

// Log-likelihood (FHL 2005 eq. 6) summed over the rows; gradient with respect to log-parameters.
double bgnbd_loglik(const RfmData& data, const std::vector<double>& params, std::vector<double>* grad_log = nullptr);

// P(alive | x, t_x, T), FHL 2005 eq. 11 (the note "Computing P(alive) using the BG/NBD model").
double bgnbd_p_alive(const std::vector<double>& params, double x, double t_x, double T);
// E[Y(t) | x, t_x, T]: expected purchases in the next t, FHL 2005 eq. 10.
double bgnbd_expected_purchases(const std::vector<double>& params, double t, double x, double t_x, double T);
// P(Y(t) = k | x, t_x, T): exactly k purchases in the next t.
double bgnbd_prob_purchases(const std::vector<double>& params, int k, double t, double x, double t_x, double T);

namespace detail {

// Shared by BG/NBD (modified = false) and MBG/NBD (modified = true).
double bg_family_loglik(const RfmData& data, const std::vector<double>& params, std::vector<double>* grad_log,
                        bool modified);
// The same sum in parts (fitter.hpp), at natural-scale `params`; `data` must outlive it.
std::unique_ptr<PartialLogLikelihood> bg_family_sum(const RfmData& data, const std::vector<double>& params, bool gradient,
                                                    bool modified);
double bg_family_p_alive(const std::vector<double>& params, double x, double t_x, double T, bool modified);
// The same for every row of `data` at once (functions of the times tabulated): for predictions.
std::vector<double> bg_family_p_alive_rows(const RfmData& data, const std::vector<double>& params, bool modified);
// E[Y(t) | alive at T, x]: depends on x and T only, so callers can tabulate it.
double bg_family_expected_given_alive(const std::vector<double>& params, double t, double x, double T,
                                      bool modified);
// P(Y(t) = k | alive at T, x).
double bg_family_prob_given_alive(const std::vector<double>& params, int k, double t, double x, double T,
                                  bool modified);
FitResult bg_family_fit(const RfmData& data, const FitOptions& options, bool modified);

}  // namespace detail
}  // namespace clv::models
