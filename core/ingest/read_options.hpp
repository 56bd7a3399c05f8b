// What the reader needs to know about a file: its dialect and which column plays which role.
// The sniffer fills this in from the first chunk; the user (UI combo boxes, CLI flags) may then
// override any field before reading starts. A plain struct, checked by one function.
#pragma once
#include <string>
#include <vector>

#include "ingest/field_parsers.hpp"

namespace clv {

constexpr int kNoColumn = -1;
constexpr char kWhitespaceDelimiter = ' ';  // runs of spaces/tabs separate fields (CDNOW)

struct ReadOptions {
    char delimiter = ',';
    char quote = '"';        // '\0': no quoting
    bool has_header = true;  // the first line names the columns
    int customer_column = kNoColumn;  // 0-based
    int date_column = kNoColumn;
    int amount_column = kNoColumn;    // the order value; or, when absent, quantity × unit price
    int quantity_column = kNoColumn;
    int unit_price_column = kNoColumn;
    DateFormat date_format = DateFormat::unknown;
    std::vector<std::string> column_names;  // from the header, or "column 1", "column 2", ...

    // Empty when the options can be read with; otherwise what is wrong, in plain English.
    std::string check() const;
};

}  // namespace clv
