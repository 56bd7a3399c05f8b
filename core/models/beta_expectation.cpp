// Gauss–Jacobi rules by the Golub–Welsch method: the nodes are the eigenvalues of the symmetric
// tridiagonal Jacobi matrix of the orthogonal polynomials for the weight (1-x)^α (1+x)^β on
// [-1, 1], the weights the squared first components of its eigenvectors. With p = (1 + x) / 2,
// the weight is the Beta(β + 1, α + 1) density up to a constant.
#include "models/beta_expectation.hpp"

#include <Eigen/Core>
#include <Eigen/Eigenvalues>

#include <algorithm>
#include <array>

namespace clv::models {
namespace {

BetaQuadratureRule make_rule(double a, double b, int n) {
    BetaQuadratureRule rule;
    if (!(a > 0) || !(b > 0) || n < 1 || n > 512 || !std::isfinite(a + b)) return rule;
    const double al = b - 1, be = a - 1;  // Jacobi exponents: (1-x)^al at p = 1, (1+x)^be at p = 0
    Eigen::VectorXd diag(n), sub(n > 1 ? n - 1 : 1);
    for (int k = 0; k < n; ++k) {
        const double s = 2.0 * k + al + be;
        diag[k] = k == 0 ? (be - al) / (al + be + 2) : (be * be - al * al) / (s * (s + 2));
    }
    for (int k = 1; k < n; ++k) {
        const double s = 2.0 * k + al + be;
        // For k = 1 the general form is 0/0 when al + be = -1; its limit is this one.
        const double b2 = k == 1 ? 4 * (1 + al) * (1 + be) / ((2 + al + be) * (2 + al + be) * (3 + al + be))
                                 : 4 * k * (k + al) * (k + be) * (k + al + be) / (s * s * (s + 1) * (s - 1));
        sub[k - 1] = std::sqrt(b2);
    }
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver;
    solver.computeFromTridiagonal(diag, sub.head(n - 1), Eigen::ComputeEigenvectors);
    if (solver.info() != Eigen::Success) return rule;
    rule.p.resize(n);
    rule.weight.resize(n);
    for (int i = 0; i < n; ++i) {
        rule.p[i] = std::clamp((1 + solver.eigenvalues()[i]) / 2, 0.0, 1.0);
        const double v = solver.eigenvectors()(0, i);
        rule.weight[i] = v * v;  // the eigenvectors are normalised: the weights sum to 1
    }
    return rule;
}

struct CachedRule {
    double a = -1, b = -1;
    int n = 0;
    BetaQuadratureRule rule;
};

}  // namespace

const BetaQuadratureRule& beta_quadrature_rule(double a, double b, int n) {
    // Round-robin cache: small, and a bootstrap draw's cells share one (a, b) pair per distinct x.
    static std::array<CachedRule, 16> cache;
    static size_t next = 0;
    for (const CachedRule& c : cache)
        if (c.a == a && c.b == b && c.n == n) return c.rule;
    CachedRule& slot = cache[next];
    next = (next + 1) % cache.size();
    slot.a = a;
    slot.b = b;
    slot.n = n;
    slot.rule = make_rule(a, b, n);
    return slot.rule;
}

}  // namespace clv::models
