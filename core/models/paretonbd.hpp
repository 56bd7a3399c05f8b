// Pareto/NBD: Schmittlein, Morrison & Colombo (1987), "Counting your customers: who are they and
// what will they do next?", Management Science 33(1). While alive a customer buys at Poisson rate
// lambda ~ Gamma(r, alpha) and drops out after an exponential lifetime with rate mu ~ Gamma(s, beta).
// Parameters in the order r, alpha, s, beta.
//
// The likelihood, P(alive) and the conditional expectation follow Fader & Hardie (2005), "A note
// on deriving the Pareto/NBD model and related expressions" (the note's eq. 22, 23 for the
// likelihood with its two branches α >= β and α < β, which keep the Gauss hypergeometric function
// at an argument in [0, 1)); see paretonbd.cpp for the further transformation that keeps it finite
// for heavy buyers.
#pragma once
#include <vector>

#include "models/fitter.hpp"

namespace clv::models {

FitResult fit_paretonbd(const RfmData& data, const FitOptions& options = {});

double paretonbd_loglik(const RfmData& data, const std::vector<double>& params);
// Per-customer log-likelihood (no tabulation): the reference the tabulated sum is checked against.
double paretonbd_loglik_one(const std::vector<double>& params, double x, double t_x, double T);

// P(alive | x, t_x, T), F&H note eq. 18 (with A0 of eq. 19/20).
double paretonbd_p_alive(const std::vector<double>& params, double x, double t_x, double T);
// E[Y(t) | alive, x, T] = (r+x)(β+T) / ((α+T)(s-1)) · [1 - ((β+T)/(β+T+t))^(s-1)]  (F&H note eq. 41
// divided by P(alive)); depends on x and T only.
double paretonbd_expected_given_alive(const std::vector<double>& params, double t, double x, double T);
// E[Y(t) | x, t_x, T] = P(alive) · E[Y(t) | alive].
double paretonbd_expected_purchases(const std::vector<double>& params, double t, double x, double t_x, double T);

// P(Y(t) = k | x, t_x, T): exactly k purchases in the next t (the conditional PMF of Fader &
// Hardie's note "Deriving the conditional PMF of the Pareto/NBD model"). Given alive at T the
// posterior rates are independent, λ ~ Gamma(r+x, α+T) and μ ~ Gamma(s, β+T); the customer either
// outlives the window (probability ((β+T)/(β+T+t))^s, then k is negative binomial) or dies at
// τ < t after exactly k purchases:
//   P(k | alive) = ((β+T)/(β+T+t))^s · NB(k; r+x, (α+T)/(α+T+t))
//                + ∫_0^t s(β+T)^s/(β+T+τ)^(s+1) · Γ(r+x+k)/(Γ(r+x) k!) · (α+T)^(r+x) τ^k/(α+T+τ)^(r+x+k) dτ
//   P(k) = P(alive) · P(k | alive) + [k = 0] · (1 - P(alive)).
double paretonbd_prob_purchases(const std::vector<double>& params, int k, double t, double x, double t_x, double T);

}  // namespace clv::models
