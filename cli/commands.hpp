// The CLI's sub-commands. Each takes the full argv (argv[1] is its own name) and returns the
// process exit code: 0 success, 1 bad input or I/O failure (one line on stderr), 2 bad usage.
#pragma once
#include <string>

#include "args.hpp"
#include "summary/customers.hpp"

namespace clv::cli {

int command_summary(int argc, char** argv);
int command_fit(int argc, char** argv);      // command_fit.cpp: clv fit MODEL FILE
int command_predict(int argc, char** argv);  // command_predict.cpp: clv predict MODEL FILE --horizon H
int command_analyze(int argc, char** argv);  // command_analyze.cpp: clv analyze FILE [--json]

// Shared by the commands that build a summary: --calibration-end and --unit.
bool parse_summary_options(const Args& args, SummaryOptions& options, std::string& error);

}  // namespace clv::cli
