// clv: the command-line face of the same core the browser app runs.
//   clv summary FILE ...   per-customer summary (x, t_x, T, monetary value) as CSV
// Later: clv fit, clv predict, clv analyze.
#include <cstring>
#include <exception>
#include <iostream>

#include "commands.hpp"

namespace {
constexpr const char* kUsage =
    "usage: clv COMMAND [options]\n"
    "commands:\n"
    "  summary FILE [--calibration-end YYYY-MM-DD] [--unit day|week] [-o OUT] [--rejects FILE]\n"
    "          per-customer summary with lifetimes' columns: customer_id,frequency,recency,T,monetary_value\n"
    "  fit MODEL FILE [--calibration-end D] [--holdout-end D] [--unit day|week] [--json]\n"
    "          fit bgnbd, paretonbd, mbgnbd, gammagamma, bgbb or sbg; parameters, standard errors, holdout\n"
    "  predict MODEL FILE --horizon H [--calibration-end D] [--unit day|week] [--margin M] [--draws N]\n"
    "          per-customer P(alive), expected purchases and spend, CLV with interval, next purchase date\n"
    "  analyze FILE [--spend FILE|AMOUNT] [--budget AMOUNT] [--nps FILE] [--calibration-end D] [--json]\n"
    "          segments, tiers, lifecycle, KPIs, CAC, NPS, watch-list, budget, playbook; --customers OUT.csv\n"
    "run 'clv COMMAND --help' for a command's details\n";
}

int main(int argc, char** argv) {
    if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
        std::cout << kUsage;
        return argc < 2 ? 2 : 0;
    }
    try {
        if (!std::strcmp(argv[1], "summary")) return clv::cli::command_summary(argc, argv);
        if (!std::strcmp(argv[1], "fit")) return clv::cli::command_fit(argc, argv);
        if (!std::strcmp(argv[1], "predict")) return clv::cli::command_predict(argc, argv);
        if (!std::strcmp(argv[1], "analyze")) return clv::cli::command_analyze(argc, argv);
    } catch (const std::exception& e) {
        // The core reports problems as values; this catches only resource exhaustion and the like.
        std::cerr << "clv: " << e.what() << "\n";
        return 1;
    }
    std::cerr << "clv: unknown command '" << argv[1] << "'\n" << kUsage;
    return 2;
}
