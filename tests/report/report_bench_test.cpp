// Benchmark, not a test (disabled by default): the analysis after ingest on the seeded 1M-customer
// order file of scripts/bench-data (build/bench/orders-1000000.csv). Run with
//   tests_report --gtest_also_run_disabled_tests --gtest_filter='*Bench*'
// natively, or under Node for the wasm build (node tests_report.js --gtest_also_run_disabled_tests ...).
// Prints the time of analyze() with every part on, without value change, and without models.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>

#include "ingest/reader.hpp"
#include "ingest/sniffer.hpp"
#include "report/analyze.hpp"
#include "report/report_json.hpp"
#include "support/test_files.hpp"

namespace clv {
namespace {

// Process CPU time: the machine is shared, so wall time says more about the neighbours.
struct Clock {
    std::chrono::steady_clock::time_point wall = std::chrono::steady_clock::now();
    std::clock_t cpu = std::clock();
};
std::string ms_since(const Clock& t0) {
    const double wall = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0.wall).count();
    const double cpu = 1000.0 * static_cast<double>(std::clock() - t0.cpu) / CLOCKS_PER_SEC;
    char b[64];
    std::snprintf(b, sizeof b, "%.0f ms CPU (%.0f ms wall)", cpu, wall);
    return b;
}

TEST(ReportBench, DISABLED_AnalysisOfTheBenchFile) {
    const char* env = std::getenv("CLV_BENCH_FILE");
    const std::string path = env ? env : std::string(CLV_ASSETS) + "/../build/bench/orders-1000000.csv";
    const std::string text = testing::read_text_file(path);
    if (text.empty()) GTEST_SKIP() << "no " << path << " (run scripts/bench-data)";
    const SniffResult s = sniff(text.substr(0, 65536), false);
    ASSERT_TRUE(s.problem.empty());
    Clock t0;
    Reader r(s.options);
    r.feed(text);
    r.finish();
    const TransactionLog log = r.take_log();
    const Customers customers = summarise(log, SummaryOptions{});
    std::printf("ingest + summary: %s, %zu customers\n", ms_since(t0).c_str(), customers.rows.size());

    if (std::getenv("CLV_BENCH_NO_MODEL")) {  // for profiling the part that is not model fitting
        AnalysisSettings s0;
        s0.model.fit = false;
        s0.migration.enabled = false;
        for (int run = 0; run < 5; ++run) {
            t0 = Clock{};
            analyze(log, customers, s0);
            std::printf("analyze, without models and value change: %s\n", ms_since(t0).c_str());
        }
        return;
    }
    AnalysisSettings all;
    all.budget.amount = 100000;
    AnalysisInputs in;
    in.spend.total = 500000;
    for (int run = 0; run < 2; ++run) {
        t0 = Clock{};
        const Report rep = analyze(log, customers, all, in);
        std::printf("analyze, everything: %s (%s)\n", ms_since(t0).c_str(), rep.ok() ? "ok" : rep.status.c_str());
        if (run == 0) {
            t0 = Clock{};
            const std::string json = report_json(rep);
            std::printf("report to JSON: %s, %zu bytes\n", ms_since(t0).c_str(), json.size());
        }
    }
    AnalysisSettings no_change = all;
    no_change.migration.enabled = false;
    t0 = Clock{};
    analyze(log, customers, no_change, in);
    std::printf("analyze, without value change: %s\n", ms_since(t0).c_str());
    AnalysisSettings no_model = no_change;
    no_model.model.fit = false;
    t0 = Clock{};
    analyze(log, customers, no_model, in);
    std::printf("analyze, without models: %s\n", ms_since(t0).c_str());
    AnalysisSettings no_spend = no_change;
    no_spend.model.spend_model = false;
    t0 = Clock{};
    analyze(log, customers, no_spend, in);
    std::printf("analyze, counting model only: %s\n", ms_since(t0).c_str());
}

}  // namespace
}  // namespace clv
