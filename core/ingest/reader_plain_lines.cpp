// Reader, the fused path: most order exports are lines like "654137,2024-06-21,13.22" or
// "A-1,2024/6/21,¥13.22,SO-881" (an id, a date, an amount, maybe an order id; no quote). For
// those, finding the line, splitting its fields and parsing them is done in one pass over 64-byte
// blocks: one mask per block marks both the line breaks and the delimiters, so a line costs a few
// bit operations instead of a line search, a field split into a vector, and the general record's
// option checks. ISO dates and plain amounts are read inline; other shapes go to the same parsers
// the general path uses.
//
// It takes a line only when the general path (process_record) would use it as it stands, and
// stages exactly the row that path would stage; any other line (the header, a blank or short
// line, a field with spaces around it, a date in another format than the column's, a bad value,
// an id that needs canonicalising) stops it before the line, and feed_text hands that line to the
// general path. So the log, the accounting and the rejections are the same whichever path a line
// takes (tests/ingest compare the two).
#include <algorithm>

#include "ingest/byte_scan.hpp"
#include "ingest/field_parsers.hpp"
#include "ingest/reader.hpp"

namespace clv {
namespace {

// Lines whose role columns all lie within the first 16 fields (every export we have seen).
constexpr int kMaxPlainFields = 16;

// A field the general path would read as it stands: no edge trim() removes.
bool has_visible_edges(const char* b, const char* e) {
    return e > b && static_cast<unsigned char>(*b) > ' ' && static_cast<unsigned char>(e[-1]) > ' ';
}

}  // namespace

bool Reader::plain_lines_possible() const {
    const ReadOptions& o = options_;
    return o.delimiter != kWhitespaceDelimiter && o.delimiter != '\n' && o.delimiter != '\r' && !o.cr_line_ends &&
           o.amount_column != kNoColumn && o.quantity_column == kNoColumn && o.unit_price_column == kNoColumn &&
           o.status_column == kNoColumn && o.channel_column == kNoColumn && min_fields_ <= kMaxPlainFields &&
           o.order_column < kMaxPlainFields;
}

// Stages the lines from p (a line start) on while they are plain, in whole 64-byte blocks; returns
// where it stopped: before the first line it did not take, or before the last line that does not
// end inside a whole block (the general path reads those).
const char* Reader::stage_plain_lines(const char* p, const char* const end) {
    const char delimiter = options_.delimiter;
    // The fields looked at: the role columns, and the order id's (which a short line may lack).
    const int needed = std::max(min_fields_, options_.order_column + 1);
    const char* begins[kMaxPlainFields];
    const char* ends[kMaxPlainFields];
    const char* line = p;
    int field = 0;  // the field being read in the current line
    begins[0] = line;
    for (const char* block = p; end - block >= 64; block += 64) {
        for (uint64_t marks = bytes::match64_either(block, '\n', delimiter); marks != 0; marks &= marks - 1) {
            const char* const hit = block + __builtin_ctzll(marks);
            if (*hit != '\n') {  // a delimiter
                if (field < needed) {
                    ends[field] = hit;
                    if (++field < needed) begins[field] = hit + 1;
                } else {
                    ++field;
                }
                continue;
            }
            const char* record_end = hit;
            if (record_end > line && record_end[-1] == '\r') --record_end;
            const int fields = field + 1;
            if (fields < min_fields_) return line;  // too few fields: the general path rejects the line
            if (field < needed) ends[field] = record_end;
            if (!stage_plain_record(end, begins, ends, fields)) return line;
            line = hit + 1;
            field = 0;
            begins[0] = line;
        }
    }
    return line;
}

// One line, its role fields found: stages it as process_record would, or returns false having
// changed nothing (the general path then reads the line).
bool Reader::stage_plain_record(const char* chunk_end, const char* const* begins, const char* const* ends, int fields) {
    if (options_.has_header && accounting_.header_lines == 0) return false;  // the header line
    const int id_column = options_.customer_column, date_column = options_.date_column,
              amount_column = options_.amount_column;
    if (!has_visible_edges(begins[id_column], ends[id_column]) || !has_visible_edges(begins[date_column], ends[date_column]) ||
        !has_visible_edges(begins[amount_column], ends[amount_column]))
        return false;  // blank lines too: their first field is empty
    const std::string_view id_text(begins[id_column], static_cast<size_t>(ends[id_column] - begins[id_column]));
    // canonical_id turns "17850.0" into "17850"; only ids ending in '0' can be such.
    if (id_text.size() > 255 || (id_text.size() >= 3 && id_text.back() == '0' && canonical_id(id_text) != id_text))
        return false;
    const auto text = [&](int column) {
        return std::string_view(begins[column], static_cast<size_t>(ends[column] - begins[column]));
    };
    DayNumber day;
    const std::string_view date_text = text(date_column);
    const bool iso = options_.date_format == DateFormat::iso;
    if (!(iso && parse_iso_date_fixed(date_text.data(), date_text.size(), day)) &&
        !parse_date(date_text, options_.date_format, day))
        return false;  // another format (or none): the general path tries the others, or rejects
    if (day < options_.earliest_day || day > options_.latest_day) return false;
    double amount;
    const std::string_view amount_text = text(amount_column);
    if (!(!options_.decimal_comma && parse_simple_decimal(amount_text.data(), amount_text.size(), amount)) &&
        !parse_amount(amount_text, options_.decimal_comma, amount))
        return false;
    std::string_view order;
    bool is_return = amount < 0;
    if (options_.order_column != kNoColumn && options_.order_column < fields) {
        const char *b = begins[options_.order_column], *e = ends[options_.order_column];
        if (b != e && !has_visible_edges(b, e)) return false;  // trimmed by the general path
        order = std::string_view(b, static_cast<size_t>(e - b));
        if (order.size() > 255) return false;
        is_return = is_return || (options_.cancel_prefix && is_cancelled_invoice(order));
    }

    ++accounting_.lines_read;
    ++next_line_;
    StagedRow row;
    row.day = day;
    row.id = id_text;
    row.id_readable8 = chunk_end - id_text.data() >= 8;
    row.order = order;
    stage_row(row, amount, is_return);
    ++plain_lines_taken_;
    return true;
}

}  // namespace clv
