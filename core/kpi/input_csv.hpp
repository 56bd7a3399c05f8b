// Small side inputs of the analysis — a marketing spend table, a survey, a campaign's target
// list — are short CSV files a person typed or exported. This reads them line by line from a
// stream (the core does no file I/O of its own): the delimiter is the first of , ; tab found in
// the first line, fields may be quoted ("" for a quote), a UTF-8 byte-order mark is skipped, and
// the header is recognised by its names. Numbers are read locale-free (fast_float).
#pragma once
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "util/civil_date.hpp"

namespace clv {

struct CsvTable {
    std::vector<std::string> header;            // lower-cased; empty when the file has none
    std::vector<std::vector<std::string>> rows;  // data rows, fields trimmed
    std::vector<size_t> line;                    // 1-based line number of each row
};

// Reads all lines; `header_words` are the words any of which, found in a first-line field, mark
// the first line as a header (e.g. {"customer", "score"}). At most `max_rows` rows are kept.
CsvTable read_small_csv(std::istream& in, const std::vector<std::string>& header_words, size_t max_rows = 10000000);

// Index of the first header field containing any of `words` (lower-case), or -1.
int find_column(const CsvTable& t, const std::vector<std::string>& words);

// A list of customer ids (a campaign's targets): one per line, or the column named like a customer
// id (customer, 客户, member, 会员, user, id) of a CSV with a header. Empty fields are skipped.
std::vector<std::string> read_id_list(std::istream& in);

bool parse_double(std::string_view s, double& out);  // "1234.5", "1,234.5" (thousands commas), "¥12"/"$12"
bool parse_int(std::string_view s, int& out);
// "1997-03", "1997-03-15", "1997/3", "199703", "1997年3月" → month_index; false otherwise.
bool parse_month(std::string_view s, int& month);
// "1997-03-15", "1997/3/15", "19970315" → day number.
bool parse_day(std::string_view s, DayNumber& day);

}  // namespace clv
