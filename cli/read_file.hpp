// Runs a FileAnalysis over a file on disk, in the same chunks the browser uses. A gzip file
// (.csv.gz, recognised by its magic bytes, not its name) is inflated on the way with zlib; the
// browser does the same with DecompressionStream before the chunks reach the core.
#pragma once
#include <string>

#include "pipeline/file_analysis.hpp"

namespace clv::cli {

// Reads `path` ("-" for standard input) through `analysis`, with the user's corrections to the
// sniffer's guess when given. False with `error` set when the file cannot be opened or read;
// otherwise the analysis holds the outcome (done or failed).
bool analyse_file(const std::string& path, const SummaryOptions& summary_options, FileAnalysis& analysis,
                  std::string& error, const ReadOverrides* overrides = nullptr);

}  // namespace clv::cli
