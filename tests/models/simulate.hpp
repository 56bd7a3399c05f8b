// Customers drawn from the models' own generative process (seeded), for robustness tests and the
// benchmark: BG/NBD purchases (λ ~ Gamma(r, α), dropout after each purchase with p ~ Beta(a, b))
// on a grid of whole days, Gamma-Gamma spend (ν ~ Gamma(q, γ), each purchase ~ Gamma(p, ν)).
// First purchases are spread over `acquisition_days`; calibration ends `calibration_days` after
// the first possible first purchase. Times in weeks, like the CDNOW conventions.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace clv::testing {

struct SimulationParams {
    double r = 0.24, alpha = 4.4, a = 0.79, b = 2.4;  // BG/NBD, rates per week
    double p = 6.25, q = 3.74, gamma = 15.4;          // Gamma-Gamma
    bool no_dropout = false;                          // nobody ever leaves, one common rate r/alpha
    int acquisition_days = 84;
    int calibration_days = 273;
};

struct SimulatedCustomers {
    std::vector<double> x, t_x, T, m;
};

inline SimulatedCustomers simulate_customers(size_t n, const SimulationParams& s, uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::gamma_distribution<double> lambda_dist(s.r, 1.0 / s.alpha);
    std::gamma_distribution<double> pa(s.a, 1.0), pb(s.b, 1.0);
    std::gamma_distribution<double> nu_dist(s.q, 1.0 / s.gamma);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::uniform_int_distribution<int> birth_dist(0, s.acquisition_days - 1);
    SimulatedCustomers c;
    c.x.reserve(n);
    c.t_x.reserve(n);
    c.T.reserve(n);
    c.m.reserve(n);
    for (size_t i = 0; i < n; ++i) {
        const int birth = birth_dist(rng);
        const int age_days = s.calibration_days - birth;
        double lambda, p;
        if (s.no_dropout) {
            lambda = s.r / s.alpha;
            p = 0;
        } else {
            lambda = lambda_dist(rng);
            const double ga = pa(rng), gb = pb(rng);
            p = ga / (ga + gb);
        }
        // Repeat purchases: exponential gaps (weeks), dropout after each purchase with probability p.
        double t = 0;
        int last_day = 0, x = 0;
        std::exponential_distribution<double> gap(std::max(lambda, 1e-300));
        while (lambda > 0) {
            t += gap(rng);
            if (t * 7 >= age_days + 1) break;  // compare before converting: t may be huge
            const int day = static_cast<int>(std::floor(t * 7));
            // Every purchase counts (the model's own process); only the recency is on whole days.
            ++x;
            last_day = day;
            if (unit(rng) < p) break;
        }
        double m = 0;
        if (x > 0) {
            std::gamma_distribution<double> z(s.p, 1.0 / nu_dist(rng));
            for (int k = 0; k < x; ++k) m += z(rng);
            m /= x;
        }
        c.x.push_back(x);
        c.t_x.push_back(last_day / 7.0);
        c.T.push_back(age_days / 7.0);
        c.m.push_back(m);
    }
    return c;
}

}  // namespace clv::testing
