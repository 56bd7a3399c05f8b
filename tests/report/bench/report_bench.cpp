// Analysis benchmark driver (issue 6: "the analysis after ingest for 1M customers <= 1 s in wasm"),
// built natively and with Emscripten (run under Node) as clv_report_bench (tests/CMakeLists.txt).
//
//   clv_report_bench FILE [--runs N] [--no-model] [--no-compare] [--draws N] [--spend AMOUNT]
//                         [--budget AMOUNT] [--calibration-end YYYY-MM-DD]
//
// FILE is an order file or a per-customer summary file (anything `clv analyze` reads, e.g. the
// seeded build/bench/orders-1000000.csv of scripts/bench-data). It is ingested once (ingest_s,
// not part of the analysis), then the whole analysis runs N times (default 3) through AnalysisJob,
// timing every phase. Prints one JSON line:
//   {"file", "customers", "ingest_s", "analysis_s" (median of the runs), "runs_s": [...],
//    "phases": {"fit", "predictions", "interval", "segments", "customers", "holdout", "kpi",
//               "value_change", "campaign"} (seconds, of the median run), "steps", "max_step_s",
//    "max_step_by_phase" (the longest step of each phase, seconds), "analysis_cpu_s", "phases_cpu" (process CPU seconds: steadier than wall time on a shared
//    machine), "peak_rss_mb", "wasm_memory_mb", "status"}
// Defaults are the app's: every model on (BG/NBD + Gamma-Gamma, 100 bootstrap draws), value change
// against 90 days earlier; --spend and --budget switch CAC and the budget allocation on.
// Wall-clock seconds: run it on a quiet machine, or read `uptime` beside it.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "../../support/bench_memory.hpp"
#include "pipeline/file_analysis.hpp"
#include "report/analyze.hpp"

namespace {

using clv::bench::peak_rss_mb;
using clv::bench::wasm_memory_mb;

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::string json_text(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        if (static_cast<unsigned char>(c) < 0x20) continue;
        out += c;
    }
    return out + "\"";
}

struct Run {
    double total = 0, max_step = 0, cpu = 0;
    int steps = 0;
    std::map<std::string, double> phases, phases_cpu, max_steps;
    std::string status;
};

double cpu_seconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

Run run_once(const clv::FileAnalysis& a, const clv::AnalysisSettings& settings, const clv::AnalysisInputs& inputs) {
    Run run;
    clv::AnalysisJob job(a.log(), a.customers(), settings, inputs);
    const auto t0 = std::chrono::steady_clock::now();
    const double c0 = cpu_seconds();
    while (!job.done()) {
        const std::string phase = job.phase();
        const auto ts = std::chrono::steady_clock::now();
        const double cs = cpu_seconds();
        job.step();
        const double s = seconds_since(ts);
        run.phases[phase] += s;
        run.phases_cpu[phase] += cpu_seconds() - cs;
        run.max_step = std::max(run.max_step, s);
        run.max_steps[phase] = std::max(run.max_steps[phase], s);
        ++run.steps;
    }
    run.total = seconds_since(t0);
    run.cpu = cpu_seconds() - c0;
    run.status = job.report().ok() ? "ok" : job.report().status;
    return run;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2 || argv[1][0] == '-') {
        std::fprintf(stderr,
                     "usage: clv_report_bench FILE [--runs N] [--no-model] [--no-compare] [--draws N] [--spend AMOUNT]\n"
                     "                        [--budget AMOUNT] [--calibration-end YYYY-MM-DD]\n");
        return 2;
    }
    const char* path = argv[1];
    int runs = 3;
    clv::AnalysisSettings settings;
    clv::AnalysisInputs inputs;
    clv::SummaryOptions summary;
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        const bool has_value = i + 1 < argc;
        if (a == "--runs" && has_value) runs = std::max(1, std::atoi(argv[++i]));
        else if (a == "--no-model") settings.model.fit = false;
        else if (a == "--no-compare") settings.migration.enabled = false;
        else if (a == "--draws" && has_value) settings.model.bootstrap_draws = std::atoi(argv[++i]);
        else if (a == "--spend" && has_value) inputs.spend.total = std::atof(argv[++i]);
        else if (a == "--budget" && has_value) settings.budget.amount = std::atof(argv[++i]);
        else if (a == "--calibration-end" && has_value) {
            clv::DayNumber d;
            if (!clv::parse_iso_date(argv[++i], d)) {
                std::fprintf(stderr, "--calibration-end wants YYYY-MM-DD\n");
                return 2;
            }
            summary.calibration_end = d;
        } else {
            std::fprintf(stderr, "unknown or incomplete option %s\n", a.c_str());
            return 2;
        }
    }

    // Ingest (not timed as analysis): the app's path, 8 MiB chunks.
    const auto t_ingest = std::chrono::steady_clock::now();
    clv::FileAnalysis a;
    std::FILE* f = std::fopen(path, "rb");
    if (!f) {
        std::fprintf(stderr, "cannot read %s\n", path);
        return 1;
    }
    std::fseek(f, 0, SEEK_END);
    const long size = std::ftell(f);
    std::fseek(f, 0, SEEK_SET);
    a.begin(path, static_cast<uint64_t>(size));
    std::vector<char> buffer(8u << 20);
    size_t n;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), f)) > 0) a.feed(buffer.data(), n);
    std::fclose(f);
    a.finish(summary);
    if (a.state() != clv::AnalysisState::done) {
        std::fprintf(stderr, "%s\n", a.error().c_str());
        return 1;
    }
    const double ingest_s = seconds_since(t_ingest);
    // Memory once the log and the summary exist: what the analysis adds is measured against it
    // (wasm memory only grows, so its final size is the peak).
    const double ingest_rss_mb = peak_rss_mb(), ingest_wasm_mb = wasm_memory_mb();

    std::vector<Run> results;
    for (int r = 0; r < runs; ++r) results.push_back(run_once(a, settings, inputs));
    std::vector<size_t> order(results.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t x, size_t y) { return results[x].total < results[y].total; });
    const Run& median = results[order[order.size() / 2]];

    auto phase_list = [](const std::map<std::string, double>& m) {
        std::string out;
        for (const auto& [name, s] : m) {
            char b[96];
            std::snprintf(b, sizeof b, "%s\"%s\": %.4f", out.empty() ? "" : ", ", name.c_str(), s);
            out += b;
        }
        return out;
    };
    std::string runs_s;
    for (const Run& r : results) {
        char b[32];
        std::snprintf(b, sizeof b, "%s%.4f", runs_s.empty() ? "" : ", ", r.total);
        runs_s += b;
    }
    std::printf("{\"file\": %s, \"customers\": %zu, \"ingest_s\": %.4f, \"analysis_s\": %.4f, \"runs_s\": [%s], "
                "\"phases\": {%s}, \"analysis_cpu_s\": %.4f, \"phases_cpu\": {%s}, \"steps\": %d, \"max_step_s\": %.4f, \"max_step_by_phase\": {%s}, \"peak_rss_mb\": %.1f, \"wasm_memory_mb\": %.1f, "
                "\"ingest_peak_rss_mb\": %.1f, \"ingest_wasm_memory_mb\": %.1f, "
                "\"status\": %s}\n",
                json_text(path).c_str(), a.customers().rows.size(), ingest_s, median.total, runs_s.c_str(),
                phase_list(median.phases).c_str(), median.cpu, phase_list(median.phases_cpu).c_str(), median.steps, median.max_step, phase_list(median.max_steps).c_str(), peak_rss_mb(), wasm_memory_mb(),
                ingest_rss_mb, ingest_wasm_mb, json_text(median.status).c_str());
    return median.status == "ok" ? 0 : 1;
}
