// BG/BB for discrete purchase opportunities: Fader, Hardie & Shang (2010), "Customer-base
// analysis in a discrete-time noncontractual setting", Marketing Science 29(6). At each of n
// opportunities an alive customer transacts with probability p ~ Beta(α, β) and, before each
// opportunity, drops out with probability θ ~ Beta(γ, δ). Parameters alpha, beta, gamma, delta.
// Data: the recency/frequency pattern (x, t_x, n) with how many customers share it.
#pragma once
#include <string>
#include <vector>

#include "models/fitter.hpp"

namespace clv::models {

struct BgbbRow {
    double x = 0, t_x = 0, n = 0;  // transactions, opportunity of the last one, opportunities
    double weight = 1;
};

// Reads "frequency,recency,periods,weights" (donations.csv). False with `error` on a bad line.
bool parse_bgbb_table(const std::string& text, std::vector<BgbbRow>& rows, std::string& error);

FitResult fit_bgbb(const std::vector<BgbbRow>& rows, const FitOptions& options = {});

// FHS 2010 eq. 5, summed with weights.
double bgbb_loglik(const std::vector<BgbbRow>& rows, const std::vector<double>& params);
double bgbb_loglik_one(const std::vector<double>& params, double x, double t_x, double n);
// P(alive at n+1 | x, t_x, n), eq. 11.
double bgbb_p_alive(const std::vector<double>& params, double x, double t_x, double n);
// E[X(n, n+n*) | x, t_x, n]: expected transactions in the next n* opportunities, eq. 13.
double bgbb_expected_purchases(const std::vector<double>& params, double n_star, double x, double t_x, double n);

}  // namespace clv::models
