// Guesses ReadOptions from the first bytes of a file, in numbered steps (after DuckDB's sniffer):
//   1. dialect: delimiter (, TAB ; | or runs of spaces) chosen by field-count consistency
//   2. header: does the first line name the columns?
//   3. roles: customer id, date, amount (or quantity × unit price) from header names in
//      English and Chinese, else from the column contents
//   4. date format from the date column's values
// Detection is separate from reading: the result is a plain value the user may correct.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "ingest/read_options.hpp"

namespace clv {

struct SniffResult {
    ReadOptions options;
    std::vector<std::vector<std::string>> preview;  // first rows as split fields (header first)
    std::string problem;                            // empty when options.check() passes
};

// `head` is the start of the file; when `is_whole_file` is false its last, possibly cut,
// line is ignored.
SniffResult sniff(std::string_view head, bool is_whole_file);

}  // namespace clv
