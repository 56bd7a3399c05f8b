// Guesses ReadOptions from the first bytes of a file, in numbered steps (after DuckDB's sniffer),
// each in its own file:
//   0. content  (sniff_content.cpp)  not text at all? XLSX, XLS, PDF, ZIP, gzip, images: say so
//   1. encoding (sniff_encoding.cpp) BOM, UTF-16, UTF-8, GB18030/GBK, Big5, Windows-1252
//   2. dialect  (sniff_dialect.cpp)  line ends, delimiter (, TAB ; | or runs of spaces) by
//                                    field-count consistency, RFC 4180 quoting
//   3. header and column profiles (sniff_columns.cpp): does the first line name the columns?
//   4. roles    (sniff_roles.cpp)    customer id, order id, date, amount (or quantity × unit
//                                    price), status, product, channel, country — from header
//                                    names in English and Chinese, else from the contents;
//                                    also recognises a per-customer summary file
//   5. formats  (sniff_columns.cpp)  date format (and whether D/M vs M/D was only assumed),
//                                    decimal comma, cancelled-invoice prefix
// Detection is separate from reading: the result is a plain value the user may correct.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "ingest/read_options.hpp"

namespace clv {

enum class FileKind {
    orders,            // one line per order or order line: read with Reader
    customer_summary,  // one line per customer: customer_id,frequency,recency,T[,monetary_value]
    not_text,          // a spreadsheet, PDF, archive or other binary file
};

// Columns of a per-customer summary file (lifetimes' names).
struct SummaryColumns {
    int customer = kNoColumn, frequency = kNoColumn, recency = kNoColumn, age = kNoColumn, monetary = kNoColumn;
};

struct SniffResult {
    ReadOptions options;
    std::vector<std::vector<std::string>> preview;  // first rows as split fields (header first), UTF-8
    std::string problem;                            // empty when the file can be read with `options`
    bool unreadable = false;  // no correction can help: not text, empty, no line breaks, no data lines
    FileKind kind = FileKind::orders;
    SummaryColumns summary;                         // when kind == customer_summary
    bool date_order_assumed = false;  // every sampled date fits both D/M and M/D: M/D was assumed
    std::vector<std::string> notes;   // what was guessed and why, for the preview ("encoding GBK ...")
};

// `head` is the start of the file; when `is_whole_file` is false its last, possibly cut,
// line is ignored.
SniffResult sniff(std::string_view head, bool is_whole_file);

}  // namespace clv
