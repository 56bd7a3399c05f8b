// What the reader needs to know about a file: its encoding, dialect and which column plays which
// role. The sniffer fills this in from the first chunk; the user (UI combo boxes, CLI flags) may
// then override any field before reading starts, through ReadOverrides. Plain structs, checked by
// one function.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "ingest/field_parsers.hpp"

namespace clv {

constexpr int kNoColumn = -1;
constexpr char kWhitespaceDelimiter = ' ';  // runs of spaces/tabs separate fields (CDNOW)

// Text encodings the reader converts to UTF-8 (through iconv: glibc natively, musl in wasm).
enum class Encoding { utf8, utf16le, utf16be, gb18030, big5, windows1252 };
const char* encoding_name(Encoding e);                       // "UTF-8", "GB18030", ...
bool encoding_from_name(std::string_view name, Encoding& e);  // accepts gbk, gb2312, cp936, big5, utf-16le, latin1 ...

struct ReadOptions {
    Encoding encoding = Encoding::utf8;
    char delimiter = ',';
    char quote = '"';              // '\0': no quoting
    bool has_header = true;        // the first line names the columns
    bool cr_line_ends = false;     // lines end with a bare CR (old Mac exports): CR is the line break
    int customer_column = kNoColumn;  // 0-based
    int date_column = kNoColumn;
    int amount_column = kNoColumn;    // the order value; or, when absent, quantity × unit price;
                                      // with neither, purchases are counted without spend (amount 0)
    int quantity_column = kNoColumn;
    int unit_price_column = kNoColumn;
    int order_column = kNoColumn;     // order / invoice id: distinct orders; "C…" invoices are cancellations
    int status_column = kNoColumn;    // order status or return flag ("cancelled", "refund", "退货", ...)
    int product_column = kNoColumn;   // recognised for the preview; not needed by the summary
    int channel_column = kNoColumn;
    int country_column = kNoColumn;
    DateFormat date_format = DateFormat::unknown;
    bool cancel_prefix = false;       // order ids "C536379" are cancellations (Online Retail's invoices)
    bool decimal_comma = false;       // "12,50" is 12.5 and '.' groups thousands ("1.234,50")
    // Dates outside [earliest_day, latest_day] are rejected as implausible. The UI and the CLI set
    // latest_day to today; the core has no clock.
    DayNumber earliest_day = days_from_civil(1900, 1, 1);
    DayNumber latest_day = days_from_civil(2100, 12, 31);
    std::vector<std::string> column_names;  // from the header, or "column 1", "column 2", ...

    // Empty when the options can be read with; otherwise what is wrong, in plain English.
    std::string check() const;
};

// The user's corrections to the sniffer's guess: every field optional, applied on top of it.
// Columns are given by header name or 1-based number ("3"), as a person reads them.
struct ReadOverrides {
    std::optional<std::string> encoding;
    std::optional<char> delimiter;
    std::optional<bool> has_header;
    std::optional<std::string> customer_column, date_column, amount_column, quantity_column,
        unit_price_column, order_column, status_column, channel_column;
    std::optional<std::string> date_format;  // a name as date_format_from_name accepts
    std::optional<bool> decimal_comma;
    std::optional<DayNumber> latest_day;

    bool empty() const;
};

// Applies `overrides` to `options`; false with `error` naming the bad override.
bool apply_overrides(const ReadOverrides& overrides, ReadOptions& options, std::string& error);

// A column given as a header name (case-insensitive) or a 1-based number; kNoColumn if neither.
int resolve_column(const ReadOptions& options, std::string_view name_or_number);

}  // namespace clv
