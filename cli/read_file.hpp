// Runs a FileAnalysis over a file on disk, in the same chunks the browser uses.
#pragma once
#include <string>

#include "pipeline/file_analysis.hpp"

namespace clv::cli {

// Reads `path` ("-" for standard input) through `analysis`. False with `error` set when the file
// cannot be opened or read; otherwise the analysis holds the outcome (done or failed).
bool analyse_file(const std::string& path, const SummaryOptions& summary_options, FileAnalysis& analysis,
                  std::string& error);

}  // namespace clv::cli
