// Reader, first half: bytes → records. Decodes non-UTF-8 input, skips a byte order mark, finds
// line breaks with memchr and follows RFC 4180 quoting only on lines that hold a quote, so the
// common line costs one memchr. Over-long records and unclosed quotes are cut off at
// kMaxRecordBytes and reported, never accumulated without bound.
#include <algorithm>
#include <cstring>

#include "ingest/byte_scan.hpp"
#include "ingest/reader.hpp"

namespace clv {
namespace {
// CSV states at a byte boundary (RFC 4180: a quote opens a field only at its start).
enum QuoteState { kFieldStart = 0, kUnquoted = 1, kQuoted = 2, kQuoteInQuoted = 3 };
}  // namespace

Reader::Reader(ReadOptions options)
    : options_(std::move(options)), splitter_(options_.delimiter, options_.quote),
      staged_(options_.order_column != kNoColumn, options_.channel_column != kNoColumn) {
    const int cols[] = {options_.customer_column, options_.date_column,       options_.amount_column,
                        options_.quantity_column, options_.unit_price_column, options_.order_column,
                        options_.status_column};
    // Only the columns a row needs: a missing status or order column on a short line is not an error.
    for (int i = 0; i < 5; ++i) min_fields_ = std::max(min_fields_, cols[i] + 1);
    has_amount_ = options_.amount_column != kNoColumn ||
                  (options_.quantity_column != kNoColumn && options_.unit_price_column != kNoColumn);
    if (options_.encoding != Encoding::utf8) decoder_ = std::make_unique<Decoder>(options_.encoding);
    if (options_.channel_column != kNoColumn) channel_names_.emplace_back();  // code 0: the line names no channel
    // Allocated now, before any staged row: a buffer first allocated between the staging blocks
    // would stay there and split the region they leave for the summary (row_partitions.hpp).
    carry_.reserve(4096);
    plain_lines_ = plain_lines_possible();
}

int Reader::scan_quotes(const char* p, const char* end, int state) const {
    const char q = options_.quote, d = options_.delimiter;
    const bool ws = d == kWhitespaceDelimiter;
    for (; p < end; ++p) {
        const char c = *p;
        switch (state) {
            case kFieldStart:
                if (c == q) state = kQuoted;
                else if (c == d || c == ' ' || (ws && c == '\t')) state = kFieldStart;
                else state = kUnquoted;
                break;
            case kUnquoted:
                if (c == d || (ws && c == '\t')) state = kFieldStart;
                break;
            case kQuoted:
                if (c == q) state = kQuoteInQuoted;
                break;
            case kQuoteInQuoted:  // closing quote, or the first of a doubled one
                if (c == q) state = kQuoted;
                else if (c == d || (ws && c == '\t')) state = kFieldStart;
                else state = kUnquoted;
                break;
        }
    }
    return state;
}

void Reader::feed(const char* data, size_t size) {
    if (finished_) return;
    bytes_consumed_ += size;
    if (decoder_) {
        if (!decoder_->ok()) return;  // reported by FileAnalysis before reading starts
        decoded_.clear();
        const uint64_t before = decoder_->invalid_sequences();
        decoder_->decode(data, size, false, decoded_);
        accounting_.invalid_characters += decoder_->invalid_sequences() - before;
        data = decoded_.data();
        size = decoded_.size();
    }
    if (options_.cr_line_ends) {
        // Old Mac files end lines with a bare CR: read it as a line break.
        if (data != decoded_.data()) decoded_.assign(data, size);
        std::replace(decoded_.begin(), decoded_.end(), '\r', '\n');
        data = decoded_.data();
        size = decoded_.size();
    }
    feed_text(data, size);
}

void Reader::feed_text(const char* data, size_t size) {
    const char* p = data;
    const char* const end = data + size;
    if (at_start_) {
        // Skip a UTF-8 byte order mark (also what UTF-16's BOM becomes), even split over tiny chunks.
        static constexpr char bom[] = "\xEF\xBB\xBF";
        while (p < end && bom_.size() < 3 && *p == bom[bom_.size()]) bom_.push_back(*p++);
        if (p == end && bom_.size() < 3) return;
        at_start_ = false;
        if (bom_.size() < 3 && !bom_.empty()) {  // it was not a BOM after all: those bytes are text
            const std::string held = std::move(bom_);
            feed_text(held.data(), held.size());
        }
    }
    const bool saved_nul = chunk_has_nul_;
    bool any_quote = false;
    bytes::contains_either(p, end, '\0', options_.quote != '\0' ? options_.quote : '\0', chunk_has_nul_, any_quote);
    any_quote = any_quote && options_.quote != '\0';
    while (p < end) {
        // Whole lines of the common shape, many at a time; it stops before any other line.
        if (plain_lines_ && !any_quote && !chunk_has_nul_ && carry_.empty() && quote_state_ == kFieldStart &&
            !skipping_long_line_) {
            p = stage_plain_lines(p, end);
            if (p == end) break;
        }
        const char* nl = bytes::find_byte(p, end, '\n');
        const char* seg_end = nl ? nl : end;
        if (skipping_long_line_) {  // the rest of an over-long line: dropped, it is already rejected
            if (!nl) break;
            skipping_long_line_ = false;
            ++next_line_;
            quote_state_ = kFieldStart;
            p = nl + 1;
            continue;
        }
        if (nl && carry_.empty() && quote_state_ == kFieldStart &&
            (!any_quote || !bytes::find_byte(p, nl, options_.quote))) {
            end_record(std::string_view(p, static_cast<size_t>(nl - p)), false);  // the common case: no quote
            p = nl + 1;
            continue;
        }
        if (any_quote) quote_state_ = scan_quotes(p, seg_end, quote_state_);
        carry_.append(p, seg_end);
        p = nl ? nl + 1 : end;
        if (nl && quote_state_ != kQuoted) {
            quote_state_ = kFieldStart;
            end_record(carry_);
            carry_.clear();
            continue;
        }
        if (nl) {  // the line break belongs to a quoted field
            carry_.push_back('\n');
            ++carry_lines_;
        }
        if (carry_.size() > kMaxRecordBytes) {
            if (quote_state_ == kQuoted) {
                recover_unterminated_quote();
            } else {
                // One line longer than any order: reject it and drop the rest up to its line break.
                ++accounting_.lines_read;
                reject(next_line_, 0, RejectReason::line_too_long, {}, carry_);
                carry_.clear();
                carry_.shrink_to_fit();
                quote_state_ = kFieldStart;
                skipping_long_line_ = true;
            }
        }
    }
    chunk_has_nul_ = saved_nul;
}

void Reader::end_record(std::string_view record, bool may_have_quotes) {
    const uint64_t line = next_line_;
    next_line_ += carry_lines_ + 1;
    carry_lines_ = 0;
    process_record(record, line, may_have_quotes);
}

// A quote opened and never closed (within kMaxRecordBytes, or before the end of the file): the
// line where it opened is rejected and the lines after it are read again as ordinary lines, so
// one stray quote does not swallow the rest of the file.
void Reader::recover_unterminated_quote() {
    std::string held = std::move(carry_);
    carry_.clear();
    const size_t cut = held.find('\n');
    ++accounting_.lines_read;
    reject(next_line_, 0, RejectReason::unterminated_quote, {}, std::string_view(held).substr(0, cut));
    ++next_line_;
    carry_lines_ = 0;
    quote_state_ = kFieldStart;
    if (cut != std::string::npos) feed_text(held.data() + cut + 1, held.size() - cut - 1);
}

// The end of the input: the decoder's tail, a held-back BOM prefix, an unclosed quote and a last
// line without a line break.
void Reader::end_input() {
    if (decoder_ && decoder_->ok()) {
        decoded_.clear();
        const uint64_t before = decoder_->invalid_sequences();
        decoder_->decode(nullptr, 0, true, decoded_);
        accounting_.invalid_characters += decoder_->invalid_sequences() - before;
        if (options_.cr_line_ends) std::replace(decoded_.begin(), decoded_.end(), '\r', '\n');
        feed_text(decoded_.data(), decoded_.size());
    }
    if (at_start_ && !bom_.empty()) {  // a file of one to two bytes that began like a BOM
        at_start_ = false;
        const std::string held = std::move(bom_);
        feed_text(held.data(), held.size());
    }
    at_start_ = false;
    while (!carry_.empty() && quote_state_ == kQuoted) recover_unterminated_quote();
    if (!carry_.empty()) {
        const std::string last = std::move(carry_);
        carry_.clear();
        end_record(last);
    }
    skipping_long_line_ = false;
}

void Reader::finish() {
    while (!finish_step(UINT64_MAX)) {
    }
}

}  // namespace clv
