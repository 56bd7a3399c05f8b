// The sniffer's steps, shared between its files (not part of the public API).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "ingest/sniffer.hpp"

namespace clv::sniff_detail {

// Step 0: a message naming the file type when `head` is not text (XLSX, PDF, ...); empty otherwise.
std::string non_text_problem(std::string_view head);

// Step 1: the encoding of `head`, with a note on how it was decided.
Encoding detect_encoding(std::string_view head, bool is_whole_file, std::string& note);

// Step 2: records of the (UTF-8) head, split at line breaks outside quotes; blank lines dropped.
std::vector<std::string_view> sample_records(std::string_view text, bool is_whole_file, size_t max_records);
char detect_delimiter(const std::vector<std::string_view>& records);

// Step 3: the split rows, padded to one width, and per-column profiles.
struct ColumnProfile {
    std::vector<std::string_view> values;  // below the first row
    bool numeric = false;                  // every non-empty value is a number
    double numeric_share = 0;              // share of non-empty values that are numbers
    bool has_decimals = false;
    bool all_integers = false;
    DateFormat date = DateFormat::unknown;
};
std::vector<ColumnProfile> profile_columns(const std::vector<std::vector<std::string>>& rows, size_t first_data);
bool detect_header(const std::vector<std::vector<std::string>>& rows, const std::vector<ColumnProfile>& profile);

// Step 4: roles by header name, then by content.
std::string normalise_name(std::string_view name);
void assign_roles(const std::vector<std::vector<std::string>>& rows, std::vector<ColumnProfile>& profile,
                  SniffResult& result);
bool detect_summary_file(const std::vector<std::string>& header, SummaryColumns& columns);

// Step 5: decimal comma from amount-like samples.
bool detect_decimal_comma(const std::vector<std::string_view>& values);

}  // namespace clv::sniff_detail
