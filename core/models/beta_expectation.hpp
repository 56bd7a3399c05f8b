// Expectations under a Beta(a, b) distribution by Gauss–Jacobi quadrature: E[g(p)] for a smooth g
// on [0, 1], exact for polynomials of degree < 2n. The Beta density's endpoint singularities
// (a or b below 1, as bootstrap refits of BG/NBD produce) sit in the rule's weight, so a few dozen
// evaluations of g give full double precision where a general-purpose rule (tanh-sinh) needs
// hundreds of exp/log calls per integral — the BG/NBD E[Y(t) | alive] fallback used to dominate
// the whole analysis of files like UCI Online Retail.
#pragma once
#include <cmath>
#include <vector>

namespace clv::models {

struct BetaQuadratureRule {
    std::vector<double> p;       // nodes in (0, 1)
    std::vector<double> weight;  // probability weights: they sum to 1
};

// The n-point rule for Beta(a, b), a, b > 0. The last few rules are cached: a bootstrap asks for
// the same (a, b) for every cell of a draw. Empty when (a, b, n) is invalid or the eigen-solver fails.
const BetaQuadratureRule& beta_quadrature_rule(double a, double b, int n);

// E[g(p)], p ~ Beta(a, b), with an n-point rule and its 2n-point check: NaN when the two differ by
// more than `rel_tol` (g is not smooth enough on [0, 1] for the rule; the caller falls back).
template <class G>
double beta_expectation(double a, double b, G&& g, int n = 24, double rel_tol = 1e-10) {
    const BetaQuadratureRule& coarse = beta_quadrature_rule(a, b, n);
    const BetaQuadratureRule& fine = beta_quadrature_rule(a, b, 2 * n);
    if (coarse.p.empty() || fine.p.empty()) return NAN;
    double s1 = 0, s2 = 0;
    for (size_t i = 0; i < coarse.p.size(); ++i) s1 += coarse.weight[i] * g(coarse.p[i]);
    for (size_t i = 0; i < fine.p.size(); ++i) s2 += fine.weight[i] * g(fine.p[i]);
    if (!(std::fabs(s2 - s1) <= rel_tol * std::fabs(s2) + 1e-300)) return NAN;
    return s2;
}

}  // namespace clv::models
