#include "ingest/reader.hpp"

#include <algorithm>
#include <cstring>

namespace clv {

Reader::Reader(ReadOptions options)
    : options_(std::move(options)), splitter_(options_.delimiter, options_.quote) {
    const int cols[] = {options_.customer_column, options_.date_column, options_.amount_column,
                        options_.quantity_column, options_.unit_price_column};
    for (int c : cols) min_fields_ = std::max(min_fields_, c + 1);
}

size_t Reader::count_quotes(const char* begin, const char* end) const {
    if (options_.quote == '\0') return 0;
    size_t n = 0;
    for (const char* p = begin; p < end; ++p) n += *p == options_.quote;
    return n;
}

void Reader::feed(const char* data, size_t size) {
    bytes_consumed_ += size;
    const char* p = data;
    const char* const end = data + size;
    if (at_start_) {
        // Skip a UTF-8 byte order mark, even when it arrives split over tiny chunks.
        static constexpr char bom[] = "\xEF\xBB\xBF";
        while (p < end && carry_.size() < 3 && *p == bom[carry_.size()]) carry_.push_back(*p++);
        if (p == end && carry_.size() < 3) return;
        if (carry_.size() == 3) carry_.clear();
        at_start_ = false;
    }
    while (p < end) {
        const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
        if (nl == nullptr) {
            inside_quotes_ ^= count_quotes(p, end) & 1;
            carry_.append(p, end);
            break;
        }
        inside_quotes_ ^= count_quotes(p, nl) & 1;
        if (inside_quotes_) {
            // The line break belongs to a quoted field: keep it and look for the record's end.
            carry_.append(p, nl + 1);
            ++carry_lines_;
            p = nl + 1;
            continue;
        }
        const uint64_t first_line = next_line_;
        next_line_ += carry_lines_ + 1;
        carry_lines_ = 0;
        if (carry_.empty()) {
            process_record(std::string_view(p, static_cast<size_t>(nl - p)), first_line);
        } else {
            carry_.append(p, nl);
            process_record(carry_, first_line);
            carry_.clear();
        }
        p = nl + 1;
    }
}

void Reader::finish() {
    at_start_ = false;
    if (carry_.empty()) return;
    const uint64_t line = next_line_;
    next_line_ += carry_lines_ + 1;
    if (inside_quotes_) {
        ++accounting_.lines_read;
        reject(line, 0, RejectReason::unterminated_quote, carry_);
    } else {
        process_record(carry_, line);
    }
    carry_.clear();
    carry_lines_ = 0;
    inside_quotes_ = false;
}

void Reader::reject(uint64_t line, int column, RejectReason reason, std::string_view text) {
    ++accounting_.rejected;
    ++accounting_.rejected_by_reason[static_cast<int>(reason)];
    if (rejections_.size() >= kMaxKeptRejections) return;
    if (text.size() > 120) text = text.substr(0, 120);
    rejections_.push_back(Rejection{line, column, reason, std::string(text)});
}

void Reader::process_record(std::string_view record, uint64_t line) {
    if (!record.empty() && record.back() == '\r') record.remove_suffix(1);
    ++accounting_.lines_read;
    if (options_.has_header && accounting_.header_lines == 0) {
        accounting_.header_lines = 1;
        return;
    }
    if (trim(record).empty()) {
        reject(line, 0, RejectReason::empty_line, {});
        return;
    }
    const std::vector<std::string_view>& f = splitter_.split(record);
    if (static_cast<int>(f.size()) < min_fields_) {
        reject(line, static_cast<int>(f.size()) + 1, RejectReason::too_few_fields, record);
        return;
    }
    const std::string_view id = trim(f[static_cast<size_t>(options_.customer_column)]);
    if (id.empty()) {
        reject(line, options_.customer_column + 1, RejectReason::empty_customer_id, {});
        return;
    }
    DayNumber day;
    const std::string_view date_text = f[static_cast<size_t>(options_.date_column)];
    if (!parse_date(date_text, options_.date_format, day)) {
        reject(line, options_.date_column + 1, RejectReason::bad_date, date_text);
        return;
    }
    double amount;
    if (options_.amount_column != kNoColumn) {
        const std::string_view a = f[static_cast<size_t>(options_.amount_column)];
        if (!parse_amount(a, amount)) {
            reject(line, options_.amount_column + 1, RejectReason::bad_amount, a);
            return;
        }
    } else {
        double quantity, price;
        const std::string_view q = f[static_cast<size_t>(options_.quantity_column)];
        const std::string_view u = f[static_cast<size_t>(options_.unit_price_column)];
        if (!parse_amount(q, quantity)) {
            reject(line, options_.quantity_column + 1, RejectReason::bad_amount, q);
            return;
        }
        if (!parse_amount(u, price)) {
            reject(line, options_.unit_price_column + 1, RejectReason::bad_amount, u);
            return;
        }
        amount = quantity * price;
    }
    log_.add(log_.customers.intern(id), day, amount);
    ++accounting_.used;
}

}  // namespace clv
