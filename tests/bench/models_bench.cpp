// Model benchmark: 1M synthetic customers drawn from the BG/NBD + Gamma-Gamma process with
// CDNOW-like parameters (r .24, α 4.4, a .79, b 2.4; p 6.25, q 3.74, γ 15.4; seeded, whole days,
// first purchases over 12 weeks, 39-week calibration), plus a no-dropout variant that must end in
// the boundary diagnosis. Prints the time of each step (median of --runs, default 3).
//   models_bench [--customers N] [--runs K] [--skip-pareto]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <vector>

#include "models/gamma_gamma.hpp"
#include "models/predict.hpp"
#include "simulate.hpp"  // tests/models

using namespace clv;
using namespace clv::models;

namespace {

double seconds(const std::function<void()>& f, int runs) {
    std::vector<double> t;
    for (int i = 0; i < runs; ++i) {
        const auto start = std::chrono::steady_clock::now();
        f();
        t.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(t.begin(), t.end());
    return t[t.size() / 2];
}

void print_fit(const char* label, const FitResult& f, double s) {
    std::printf("%-34s %8.3f s  loglik %.2f  %s  it %d  params", label, s, f.loglik,
                f.converged ? "converged" : "NOT converged", f.iterations);
    for (size_t i = 0; i < f.params.size(); ++i) std::printf(" %s=%.4g", f.names[i].c_str(), f.params[i]);
    std::printf("\n");
    if (!f.diagnosis.empty()) std::printf("%-34s diagnosis: %s\n", "", f.diagnosis.c_str());
}

}  // namespace

int main(int argc, char** argv) {
    size_t n = 1'000'000;
    int runs = 3;
    bool pareto = true;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--customers") && i + 1 < argc) n = std::strtoull(argv[++i], nullptr, 10);
        else if (!std::strcmp(argv[i], "--runs") && i + 1 < argc) runs = std::max(1, std::atoi(argv[++i]));
        else if (!std::strcmp(argv[i], "--skip-pareto")) pareto = false;
    }
    std::printf("models_bench: %zu customers, median of %d runs\n", n, runs);
    const auto t0 = std::chrono::steady_clock::now();
    const testing::SimulatedCustomers c = testing::simulate_customers(n, {}, 20260101);
    std::printf("%-34s %8.3f s\n", "simulate", std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());

    RfmData d;
    const double t_compress = seconds([&] { d = compress_rfm(c.x, c.t_x, c.T); }, runs);
    std::printf("%-34s %8.3f s  (%zu distinct (x, t_x, T) rows, %zu distinct times)\n", "compress", t_compress,
                d.rows.size(), d.times.size());

    // The fits time the optimisation on the compressed data (what a second fit on the same summary costs);
    // compression is timed above and is paid once.
    FitResult bg, pn, gg, nd_bg, nd_pn;
    const double t_bg = seconds([&] { bg = fit_counting_model(CountingModelKind::bgnbd, d); }, runs);
    print_fit("fit bgnbd", bg, t_bg);
    SpendData sd;
    const double t_sd = seconds([&] { sd = spend_data(c.x, c.m); }, runs);
    std::printf("%-34s %8.3f s  (%zu repeat buyers)\n", "spend data", t_sd, sd.x.size());
    const double t_gg = seconds([&] { gg = fit_gamma_gamma(sd); }, runs);
    print_fit("fit gammagamma", gg, t_gg);
    if (pareto) {
        const double t_pn = seconds([&] { pn = fit_counting_model(CountingModelKind::paretonbd, d); }, 1);
        print_fit("fit paretonbd (1 run)", pn, t_pn);
    }

    ClvOptions o;  // 52 weeks, monthly discounting at 1%, margin 1
    std::vector<CustomerPrediction> p;
    const SpendModel spend{gg.params, gg.covariance, 0};
    const double t_pred = seconds([&] { p = predict_customers({CountingModelKind::bgnbd, bg.params}, bg.covariance, spend, c.x, c.t_x, c.T, c.m, o); }, runs);
    double total = 0;
    for (const CustomerPrediction& q : p) total += q.clv;
    std::printf("%-34s %8.3f s  (P(alive), E[Y(52)], spend, CLV, next purchase; total CLV %.0f)\n",
                "predict + clv bgnbd", t_pred, total);
    if (pareto && pn.usable()) {
        const double t = seconds([&] { p = predict_customers({CountingModelKind::paretonbd, pn.params}, {}, spend, c.x, c.t_x, c.T, c.m, o); }, runs);
        std::printf("%-34s %8.3f s\n", "predict + clv paretonbd", t);
    }
    o.bootstrap_draws = 100;
    const double t_boot = seconds([&] { p = predict_customers({CountingModelKind::bgnbd, bg.params}, bg.covariance, spend, c.x, c.t_x, c.T, c.m, o); }, 1);
    std::printf("%-34s %8.3f s  (100 parametric-bootstrap draws)\n", "predict + clv + interval bgnbd", t_boot);

    // No dropout: everybody buys at one rate forever; the fit must end in the boundary diagnosis.
    testing::SimulationParams nd;
    nd.no_dropout = true;
    nd.r = 0.24 * 4;  // same mean rate as above, times 4 so that most customers repeat
    nd.alpha = 4.4;
    const testing::SimulatedCustomers cn = testing::simulate_customers(n, nd, 7);
    const RfmData dn = compress_rfm(cn.x, cn.t_x, cn.T);
    std::printf("%-34s %zu distinct rows\n", "no-dropout data", dn.rows.size());
    print_fit("fit bgnbd, no dropout", nd_bg, seconds([&] { nd_bg = fit_counting_model(CountingModelKind::bgnbd, dn); }, runs));
    if (pareto)
        print_fit("fit paretonbd, no dropout (1 run)", nd_pn, seconds([&] { nd_pn = fit_counting_model(CountingModelKind::paretonbd, dn); }, 1));
    return 0;
}
