// Model benchmark (issue 5): 1M synthetic customers drawn from the BG/NBD + Gamma-Gamma process with
// CDNOW-like parameters (r .24, α 4.4, a .79, b 2.4; p 6.25, q 3.74, γ 15.4; seeded, whole days,
// first purchases over 12 weeks, 39-week calibration), plus a no-dropout variant that must end in
// the boundary diagnosis. Built natively (build/X/models_bench) and for Node
// (node build/X-wasm/models_bench.js, same arguments).
//
//   models_bench [--customers N] [--runs K] [--skip-pareto] [--json]
//     --customers N   customers to simulate (default 1000000)
//     --runs K        each timed phase runs K times, the median is reported (default 3; the
//                     Pareto/NBD fits and the bootstrap run once)
//     --skip-pareto   leave out the Pareto/NBD phases (their keys are then null)
//     --json          one JSON line on stdout; the human-readable lines go to stderr
//
// JSON keys (times in seconds, wall clock, median of K runs):
//   platform                   "native" or "wasm"
//   customers, runs            as given
//   distinct_rows              distinct (x, t_x, T) rows of the simulated summary
//   compress                   per-customer columns -> distinct rows (included in the fits below)
//   bgnbd_fit                  BG/NBD fit from per-customer columns (compression + optimisation + SEs)
//   paretonbd_fit              Pareto/NBD fit from per-customer columns (1 run)
//   gamma_gamma_fit            Gamma-Gamma fit from per-customer columns (repeat-buyer selection + fit)
//   predictions_clv            BG/NBD + Gamma-Gamma predictions for every customer: P(alive),
//                              E[Y(52 weeks)], expected spend, discounted CLV, next-purchase time,
//                              on the rows already compressed for the fit (as after a fit in the app)
//   predictions_clv_from_columns  the same including the compression of the customers
//   predictions_clv_paretonbd  the same from the Pareto/NBD fit (1 run)
//   bootstrap_100              predictions_clv with a 100-draw parametric-bootstrap CLV interval (1 run)
//   no_dropout_bgnbd_fit       BG/NBD fit on the no-dropout variant
//   no_dropout_paretonbd_fit   Pareto/NBD fit on the no-dropout variant (1 run)
// and for each *_fit key K above: K_converged (boolean), K_diagnosis_code (FitDiagnosis name, e.g.
// "none", "no_dropout") and K_diagnosis (the plain-English text); all null when the phase was skipped.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <nlohmann/json.hpp>
#include <vector>

#include "models/gamma_gamma.hpp"
#include "models/predict.hpp"
#include "simulate.hpp"  // tests/models

using namespace clv;
using namespace clv::models;

namespace {

FILE* text_out = stdout;  // stderr under --json

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

// Prints a fit and records it as out[key] (seconds), key_converged, key_diagnosis_code, key_diagnosis;
// f == nullptr: the phase was skipped, all four are null.
void record_fit(nlohmann::ordered_json& out, const std::string& key, const char* label, const FitResult* f, double s) {
    if (f == nullptr) {
        for (const char* suffix : {"", "_converged", "_diagnosis_code", "_diagnosis"}) out[key + suffix] = nullptr;
        return;
    }
    std::fprintf(text_out, "%-34s %8.3f s  loglik %.2f  %s  it %d  params", label, s, f->loglik,
                 f->converged ? "converged" : "NOT converged", f->iterations);
    for (size_t i = 0; i < f->params.size(); ++i) std::fprintf(text_out, " %s=%.4g", f->names[i].c_str(), f->params[i]);
    std::fprintf(text_out, "\n");
    if (!f->diagnosis.empty())
        std::fprintf(text_out, "%-34s diagnosis [%s]: %s\n", "", diagnosis_code_name(f->diagnosis_code),
                     f->diagnosis.c_str());
    out[key] = s;
    out[key + "_converged"] = f->converged;
    out[key + "_diagnosis_code"] = diagnosis_code_name(f->diagnosis_code);
    out[key + "_diagnosis"] = f->diagnosis;
}

}  // namespace

int main(int argc, char** argv) {
    size_t n = 1'000'000;
    int runs = 3;
    bool pareto = true, json = false;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--customers") && i + 1 < argc) n = std::strtoull(argv[++i], nullptr, 10);
        else if (!std::strcmp(argv[i], "--runs") && i + 1 < argc) runs = std::max(1, std::atoi(argv[++i]));
        else if (!std::strcmp(argv[i], "--skip-pareto")) pareto = false;
        else if (!std::strcmp(argv[i], "--json")) json = true;
        else {
            std::fprintf(stderr, "usage: models_bench [--customers N] [--runs K] [--skip-pareto] [--json]\n");
            return 2;
        }
    }
    if (json) text_out = stderr;
    nlohmann::ordered_json out;
#ifdef __EMSCRIPTEN__
    out["platform"] = "wasm";
#else
    out["platform"] = "native";
#endif
    out["customers"] = n;
    out["runs"] = runs;
    std::fprintf(text_out, "models_bench: %zu customers, median of %d runs\n", n, runs);
    const auto t0 = std::chrono::steady_clock::now();
    const testing::SimulatedCustomers c = testing::simulate_customers(n, {}, 20260101);
    std::fprintf(text_out, "%-34s %8.3f s\n", "simulate",
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());

    RfmData d;
    const double t_compress = seconds([&] { d = compress_rfm(c.x, c.t_x, c.T); }, runs);
    std::fprintf(text_out, "%-34s %8.3f s  (%zu distinct (x, t_x, T) rows, %zu distinct times)\n", "compress",
                 t_compress, d.rows.size(), d.times.size());
    out["distinct_rows"] = d.rows.size();
    out["compress"] = t_compress;

    // Each fit starts from the per-customer columns, as a user's fit does: compression is included.
    FitResult bg, pn, gg, nd_bg, nd_pn;
    const double t_bg = seconds([&] { bg = fit_counting_model(CountingModelKind::bgnbd, compress_rfm(c.x, c.t_x, c.T)); }, runs);
    record_fit(out, "bgnbd_fit", "fit bgnbd", &bg, t_bg);
    const double t_gg = seconds([&] { gg = fit_gamma_gamma(spend_data(c.x, c.m)); }, runs);
    record_fit(out, "gamma_gamma_fit", "fit gammagamma", &gg, t_gg);
    const double t_pn = pareto ? seconds([&] { pn = fit_counting_model(CountingModelKind::paretonbd, compress_rfm(c.x, c.t_x, c.T)); }, 1) : 0;
    record_fit(out, "paretonbd_fit", "fit paretonbd (1 run)", pareto ? &pn : nullptr, t_pn);

    ClvOptions o;  // 52 weeks, monthly discounting at 1%, margin 1
    std::vector<CustomerPrediction> p;
    const SpendModel spend{gg.params, gg.covariance, 0};
    // After a fit the customers are already compressed (d): what the app pays for predictions.
    const double t_pred = seconds([&] { p = predict_customers({CountingModelKind::bgnbd, bg.params}, bg.covariance, spend, d, c.x, c.m, o); }, runs);
    double total = 0;
    for (const CustomerPrediction& q : p) total += q.clv;
    std::fprintf(text_out, "%-34s %8.3f s  (P(alive), E[Y(52)], spend, CLV, next purchase; total CLV %.0f)\n",
                 "predict + clv bgnbd", t_pred, total);
    out["predictions_clv"] = t_pred;
    const double t_pred_cols = seconds([&] { p = predict_customers({CountingModelKind::bgnbd, bg.params}, bg.covariance, spend, c.x, c.t_x, c.T, c.m, o); }, runs);
    std::fprintf(text_out, "%-34s %8.3f s\n", "compress + predict + clv bgnbd", t_pred_cols);
    out["predictions_clv_from_columns"] = t_pred_cols;
    out["predictions_clv_paretonbd"] = nullptr;
    if (pareto && pn.usable()) {
        const double t = seconds([&] { p = predict_customers({CountingModelKind::paretonbd, pn.params}, {}, spend, d, c.x, c.m, o); }, 1);
        std::fprintf(text_out, "%-34s %8.3f s\n", "predict + clv paretonbd (1 run)", t);
        out["predictions_clv_paretonbd"] = t;
    }
    o.bootstrap_draws = 100;
    const double t_boot = seconds([&] { p = predict_customers({CountingModelKind::bgnbd, bg.params}, bg.covariance, spend, c.x, c.t_x, c.T, c.m, o); }, 1);
    std::fprintf(text_out, "%-34s %8.3f s  (100 parametric-bootstrap draws)\n", "predict + clv + interval bgnbd", t_boot);
    out["bootstrap_100"] = t_boot;

    // No dropout: everybody buys at one rate forever; the fit must end in the boundary diagnosis.
    testing::SimulationParams nd;
    nd.no_dropout = true;
    nd.r = 0.24 * 4;  // same mean rate as above, times 4 so that most customers repeat
    nd.alpha = 4.4;
    const testing::SimulatedCustomers cn = testing::simulate_customers(n, nd, 7);
    std::fprintf(text_out, "%-34s %zu distinct rows\n", "no-dropout data", compress_rfm(cn.x, cn.t_x, cn.T).rows.size());
    const double t_nd_bg = seconds([&] { nd_bg = fit_counting_model(CountingModelKind::bgnbd, compress_rfm(cn.x, cn.t_x, cn.T)); }, runs);
    record_fit(out, "no_dropout_bgnbd_fit", "fit bgnbd, no dropout", &nd_bg, t_nd_bg);
    const double t_nd_pn = pareto ? seconds([&] { nd_pn = fit_counting_model(CountingModelKind::paretonbd, compress_rfm(cn.x, cn.t_x, cn.T)); }, 1) : 0;
    record_fit(out, "no_dropout_paretonbd_fit", "fit paretonbd, no dropout (1 run)", pareto ? &nd_pn : nullptr, t_nd_pn);
    if (json) std::printf("%s\n", out.dump().c_str());
    return 0;
}
