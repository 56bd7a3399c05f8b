#include "ingest/field_splitter.hpp"

#include "ingest/byte_scan.hpp"
#include "ingest/read_options.hpp"

namespace clv {

const Fields& FieldSplitter::split(std::string_view record) {
    fields_.clear();
    if (delimiter_ == kWhitespaceDelimiter)
        split_whitespace(record);
    else
        split_delimited(record);
    return fields_;
}

const Fields& FieldSplitter::split_unquoted(std::string_view record) {
    if (delimiter_ == kWhitespaceDelimiter) return split(record);
    fields_.clear();
    const char* const end = record.data() + record.size();
    const char* start = record.data();
    // A line of an order export is 20-60 bytes with a delimiter every few: 8 (or 16) bytes a step.
    // Up to 4 KiB (every line of an order file) there is room for one field per byte first, so
    // storing a field needs no check; longer records (a stray binary line) grow as they go.
    constexpr size_t kReservedUpTo = 4096;
    if (record.size() < kReservedUpTo) {
        std::string_view* const out = fields_.room_for(record.size() + 1);
        size_t n = 0;
        bytes::for_each_byte(record.data(), end, delimiter_, [&](const char* hit) {
            out[n++] = std::string_view(start, static_cast<size_t>(hit - start));
            start = hit + 1;
        });
        out[n++] = std::string_view(start, static_cast<size_t>(end - start));  // also the empty field after a trailing delimiter
        fields_.size_ = n;
        return fields_;
    }
    bytes::for_each_byte(record.data(), end, delimiter_, [&](const char* hit) {
        fields_.push_back(std::string_view(start, static_cast<size_t>(hit - start)));
        start = hit + 1;
    });
    fields_.push_back(std::string_view(start, static_cast<size_t>(end - start)));
    return fields_;
}

void FieldSplitter::split_whitespace(std::string_view r) {
    size_t i = 0;
    const size_t n = r.size();
    while (true) {
        while (i < n && (r[i] == ' ' || r[i] == '\t' || r[i] == '\r')) ++i;
        if (i >= n) break;
        const size_t start = i;
        while (i < n && r[i] != ' ' && r[i] != '\t' && r[i] != '\r') ++i;
        fields_.push_back(r.substr(start, i - start));
    }
}

void FieldSplitter::split_delimited(std::string_view r) {
    size_t used_storage = 0;
    size_t i = 0;
    const size_t n = r.size();
    while (true) {
        // Leading spaces before an opening quote are tolerated (", "x"" from hand-edited files).
        size_t q = i;
        while (q < n && r[q] == ' ') ++q;
        if (quote_ != '\0' && q < n && r[q] == quote_) {
            const size_t start = q + 1;
            size_t j = start;
            bool doubled = false;
            while (j < n) {
                if (r[j] == quote_) {
                    if (j + 1 < n && r[j + 1] == quote_) {
                        doubled = true;
                        j += 2;
                        continue;
                    }
                    break;
                }
                ++j;
            }
            std::string_view field = r.substr(start, j - start);
            if (doubled) {
                if (unescaped_.size() <= used_storage) unescaped_.emplace_back();
                std::string& s = unescaped_[used_storage++];
                s.clear();
                for (size_t k = 0; k < field.size(); ++k) {
                    s.push_back(field[k]);
                    if (field[k] == quote_) ++k;  // skip the second of a doubled quote
                }
                field = s;
            }
            fields_.push_back(field);
            // Skip the closing quote and anything up to the next delimiter.
            i = j < n ? j + 1 : n;
            while (i < n && r[i] != delimiter_) ++i;
        } else {
            size_t j = i;
            while (j < n && r[j] != delimiter_) ++j;
            fields_.push_back(r.substr(i, j - i));
            i = j;
        }
        if (i >= n) break;
        ++i;  // past the delimiter
        if (i == n) {
            fields_.push_back({});  // a trailing delimiter ends with an empty field
            break;
        }
    }
}

}  // namespace clv
