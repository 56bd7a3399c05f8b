// The model work done in pieces for the browser (a fit replayed over several calls, compression and
// spend data fed in chunks) gives exactly what one call gives, and the Gamma-Gamma likelihood
// summed per distinct x equals the per-customer density of FHL 2005 written out here.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>
#include <tuple>

#include "model_data.hpp"
#include "models/bgnbd.hpp"
#include "models/fit_replay.hpp"
#include "models/gamma_gamma.hpp"
#include "models/rfm_data.hpp"

namespace clv::models {
namespace {

const testing::CdnowData& sample() {
    static const testing::CdnowData d = testing::read_cdnow_sample();
    return d;
}

// Runs `fit` through a FitReplay of `per_call` evaluations until it finishes, expects exactly what
// one call of `fit` gives, and returns it with the number of calls it took.
FitResult expect_pieces_equal_one_call(const std::function<FitResult(const FitOptions&)>& fit, int per_call, int& calls) {
    const FitResult whole = fit({});
    FitReplay replay(per_call);
    FitResult a;
    calls = 0;
    while (++calls < 10000 && !replay.run(fit, {}, a)) {
    }
    EXPECT_EQ(a.params, whole.params);
    EXPECT_EQ(a.se, whole.se);
    EXPECT_EQ(a.covariance, whole.covariance);
    EXPECT_EQ(a.loglik, whole.loglik);
    EXPECT_EQ(a.iterations, whole.iterations);
    EXPECT_EQ(a.converged, whole.converged);
    EXPECT_EQ(a.diagnosis, whole.diagnosis);
    return a;
}

TEST(FitInPieces, BgnbdOneEvaluationPerCallEqualsOneCall) {
    const RfmData data = compress_rfm(sample().customers);
    int calls = 0;
    const FitResult f = expect_pieces_equal_one_call([&](const FitOptions& o) { return fit_bgnbd(data, o); }, 1, calls);
    // Every evaluation is a call of its own: at least one per iteration, and the Hessian's.
    EXPECT_GT(calls, f.iterations + 4);
    EXPECT_TRUE(testing::near_rel(f.param("r"), 0.2426, 1e-3));  // data/README.md
}

TEST(FitInPieces, GammaGammaAFewEvaluationsPerCallEqualsOneCall) {
    const SpendData s = spend_data(sample().customers);
    int calls = 0;
    const FitResult f = expect_pieces_equal_one_call([&](const FitOptions& o) { return fit_gamma_gamma(s, o); }, 3, calls);
    EXPECT_GT(calls, 3);
    EXPECT_TRUE(testing::near_rel(f.param("p"), 6.2496, 1e-3));  // data/README.md
}

// By work, with a call's work far below one evaluation: every evaluation is summed over many calls
// (a BG/NBD sum over the rows, a Gamma-Gamma one also across the middle of its groups), and the fit
// is still exactly the one-call fit.
TEST(FitInPieces, SumsSplitOverCallsByWorkEqualOneCall) {
    const RfmData data = compress_rfm(sample().customers);
    const SpendData s = spend_data(sample().customers);
    ASSERT_GT(data.rows.size(), 200u);
    ASSERT_GT(s.groups.size(), 3u);
    for (double work : {37.0, 1000.0}) {
        const auto bg = [&](const FitOptions& o) { return fit_bgnbd(data, o); };
        const auto gg = [&](const FitOptions& o) { return fit_gamma_gamma(s, o); };
        for (const auto& [fit, rows] : {std::pair{std::function<FitResult(const FitOptions&)>(bg), data.rows.size()},
                                        std::pair{std::function<FitResult(const FitOptions&)>(gg), s.x.size()}}) {
            const FitResult whole = fit({});
            FitReplay replay = FitReplay::by_work(work, 2.0);
            FitResult a;
            int calls = 0;
            while (++calls < 1000000 && !replay.run(fit, {}, a)) {
            }
            EXPECT_EQ(a.params, whole.params) << work;
            EXPECT_EQ(a.se, whole.se);
            EXPECT_EQ(a.loglik, whole.loglik);
            EXPECT_EQ(a.iterations, whole.iterations);
            // Every evaluation took about rows * 2 / work calls (one call when it fits).
            const double per_evaluation = std::ceil(static_cast<double>(rows) * 2.0 / work);
            if (per_evaluation > 1) EXPECT_GE(calls, replay.evaluations() * (per_evaluation - 1)) << work;
            else EXPECT_LE(calls, replay.evaluations());
        }
    }
}

// The sums in parts of any size give what the plain loop gives, value and gradient, bit for bit.
TEST(FitInPieces, PartialSumsEqualThePlainLikelihood) {
    const RfmData data = compress_rfm(sample().customers);
    const SpendData s = spend_data(sample().customers);
    const std::vector<double> bg = {0.25, 4.4, 0.79, 2.4}, gg = {6.2, 3.9, 15.4};
    std::vector<double> want_bg, want_gg;
    const double v_bg = bgnbd_loglik(data, bg, &want_bg), v_gg = gamma_gamma_loglik(s, gg, &want_gg);
    for (size_t part : {1u, 7u, 500u}) {
        const auto bg_sum = detail::bg_family_sum(data, bg, true, false);
        const auto gg_sum = gamma_gamma_sum(s, s.groups, gg, true);
        size_t parts = 1;
        while (!bg_sum->add(part)) ++parts;
        EXPECT_EQ(parts, (data.rows.size() + part - 1) / part);
        while (!gg_sum->add(part)) {
        }
        std::vector<double> g_bg, g_gg;
        EXPECT_EQ(bg_sum->finish(&g_bg), v_bg) << part;
        EXPECT_EQ(g_bg, want_bg);
        EXPECT_EQ(gg_sum->finish(&g_gg), v_gg) << part;
        EXPECT_EQ(g_gg, want_gg);
    }
}

TEST(FitInPieces, CompressionInChunksEqualsOneCall) {
    const Customers& c = sample().customers;
    std::vector<double> x, t_x, T;
    for (const CustomerRow& r : c.rows) x.push_back(r.x()), t_x.push_back(r.t_x), T.push_back(r.T);
    const RfmData whole = compress_rfm(x, t_x, T);
    RfmCompression job(c);
    int steps = 1;
    while (!job.step(97)) ++steps;
    const RfmData d = job.take();
    // Reading 97 customers a step; the sort: a step for the keys, one per radix pass (at least one),
    // then 194 rows filled a step; then mapping 194 customers a step.
    const int reads = static_cast<int>((c.rows.size() + 96) / 97), maps = static_cast<int>((c.rows.size() + 193) / 194);
    const int fills = static_cast<int>((d.rows.size() + 193) / 194);
    EXPECT_GE(steps, reads + 2 + fills + maps);
    EXPECT_LE(steps, reads + 1 + 6 + fills + maps);  // 64-bit keys: at most 6 passes of 11 bits
    ASSERT_EQ(d.rows.size(), whole.rows.size());
    for (size_t i = 0; i < d.rows.size(); ++i) {
        EXPECT_EQ(d.rows[i].x, whole.rows[i].x);
        EXPECT_EQ(d.rows[i].t_x, whole.rows[i].t_x);
        EXPECT_EQ(d.rows[i].T, whole.rows[i].T);
        EXPECT_EQ(d.rows[i].n, whole.rows[i].n);
    }
    EXPECT_EQ(d.times, whole.times);
    EXPECT_EQ(d.row_of_customer, whole.row_of_customer);
}

// A spend table with whole x (some above the direct-index range), a fractional x, zero and
// negative means; the groups checked against a std::map built here.
TEST(SpendData, GroupsByXWithTheirLogSums) {
    std::mt19937_64 rng(7);
    std::uniform_int_distribution<int> xs(0, 30);
    std::lognormal_distribution<double> ms(3, 0.8);
    std::vector<double> x, m;
    for (int i = 0; i < 5000; ++i) {
        x.push_back(i % 500 == 0 ? 5000.0 + i % 3 : xs(rng));
        m.push_back(i % 250 == 1 ? 0.0 : ms(rng));
    }
    x.push_back(2.5), m.push_back(10);
    const SpendData d = spend_data(x, m);
    std::map<double, std::pair<double, double>> want;  // x -> (count, Σ log m)
    size_t zero = 0;
    for (size_t i = 0; i < x.size(); ++i) {
        if (!(x[i] > 0)) continue;
        if (!(m[i] > 0)) {
            ++zero;
            continue;
        }
        want[x[i]].first += 1;
        want[x[i]].second += std::log(m[i]);
    }
    EXPECT_EQ(d.excluded_zero, zero);
    ASSERT_EQ(d.groups.size(), want.size());
    size_t k = 0, at = 0;
    for (const auto& [wx, w] : want) {
        const SpendGroup& g = d.groups[k++];
        EXPECT_EQ(g.x, wx);
        EXPECT_EQ(g.n, w.first);
        EXPECT_NEAR(g.sum_log_m, w.second, 1e-9 * std::fabs(w.second) + 1e-12);
        EXPECT_EQ(g.begin, at);
        at += static_cast<size_t>(w.first);
        EXPECT_EQ(g.end, at);
        for (size_t i = g.begin; i < g.end; ++i) EXPECT_EQ(d.x[i], wx);
    }
    EXPECT_EQ(at, d.x.size());
}

// finish_step in pieces of 997 buyers per pass (every pass then spans many calls) gives what
// finish() gives, bit for bit: the grouped columns, the groups' sums, the correlation (checked
// against a two-pass Pearson computed here) and the pilot.
TEST(SpendData, FinishedInPiecesEqualsOneCall) {
    std::mt19937_64 rng(3);
    std::uniform_int_distribution<int> xs(1, 40);
    std::lognormal_distribution<double> ms(3, 0.8);
    SpendDataBuilder whole, pieces;
    std::vector<double> x, m;
    for (int i = 0; i < 60000; ++i) {
        x.push_back(i % 700 == 0 ? 4096.0 + i % 5 : i % 901 == 0 ? 1.5 : xs(rng));
        m.push_back(i % 333 == 1 ? 0.0 : ms(rng));
        whole.add(x.back(), m.back());
        pieces.add(x.back(), m.back());
    }
    const SpendData a = whole.finish();
    int calls = 1;
    while (!pieces.finish_step(997)) ++calls;
    const SpendData b = pieces.take();
    EXPECT_GT(calls, 6 * 40);  // six passes over ~60k buyers
    EXPECT_EQ(a.x, b.x);
    EXPECT_EQ(a.m, b.m);
    EXPECT_EQ(a.excluded_zero, b.excluded_zero);
    ASSERT_EQ(a.groups.size(), b.groups.size());
    const auto fields = [](const SpendGroup& g) { return std::make_tuple(g.x, g.n, g.sum_log_m, g.sum_m, g.sum_m2, g.begin, g.end); };
    for (size_t k = 0; k < a.groups.size(); ++k) EXPECT_EQ(fields(a.groups[k]), fields(b.groups[k])) << k;
    EXPECT_EQ(a.frequency_spend_correlation, b.frequency_spend_correlation);
    double mx = 0, mm = 0;
    for (size_t i = 0; i < a.x.size(); ++i) mx += a.x[i], mm += a.m[i];
    mx /= static_cast<double>(a.x.size()), mm /= static_cast<double>(a.x.size());
    double sxm = 0, sxx = 0, smm = 0;
    for (size_t i = 0; i < a.x.size(); ++i)
        sxm += (a.x[i] - mx) * (a.m[i] - mm), sxx += (a.x[i] - mx) * (a.x[i] - mx), smm += (a.m[i] - mm) * (a.m[i] - mm);
    EXPECT_NEAR(b.frequency_spend_correlation, sxm / std::sqrt(sxx * smm), 1e-12);
    ASSERT_TRUE(a.pilot && b.pilot);
    EXPECT_EQ(a.pilot->x, b.pilot->x);
    EXPECT_EQ(a.pilot->m, b.pilot->m);
}

TEST(GammaGamma, GroupedLikelihoodEqualsThePerCustomerDensity) {
    const SpendData s = spend_data(sample().customers);
    const double p = 6.0, q = 3.5, g = 15.0;
    double want = 0;
    for (size_t i = 0; i < s.x.size(); ++i) {  // FHL 2005 "RFM and CLV" eq. 3 per customer
        const double x = s.x[i], m = s.m[i];
        want += std::lgamma(p * x + q) - std::lgamma(p * x) - std::lgamma(q) + q * std::log(g) + (p * x - 1) * std::log(m) +
                p * x * std::log(x) - (p * x + q) * std::log(g + m * x);
    }
    EXPECT_NEAR(gamma_gamma_loglik(s, {p, q, g}), want, 1e-9 * std::fabs(want));
    SpendData by_hand = s;  // groups not filled: made on the fly
    by_hand.groups.clear();
    EXPECT_NEAR(gamma_gamma_loglik(by_hand, {p, q, g}), want, 1e-9 * std::fabs(want));
}

}  // namespace
}  // namespace clv::models
