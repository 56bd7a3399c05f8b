// Splits one record into fields: RFC 4180 quoting ("a, b" and "say ""hi""") for a single-character
// delimiter, or runs of spaces and tabs for whitespace-separated files. Fields are views into the
// record, except those with doubled quotes, which are unescaped into storage owned by the splitter
// (so views stay valid until the next split).
#pragma once
#include <algorithm>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace clv {

// The fields of one record (views valid until the next split). Storage only grows, and its size
// is kept apart from the count: the split of a short record reserves room for every possible
// field once and then stores each without a capacity check (a vector's push_back checked per field).
class Fields {
public:
    size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    std::string_view operator[](size_t i) const { return storage_[i]; }
    std::string_view back() const { return storage_[size_ - 1]; }
    const std::string_view* begin() const { return storage_.data(); }
    const std::string_view* end() const { return storage_.data() + size_; }
    bool operator==(const std::vector<std::string_view>& other) const {
        return size_ == other.size() && std::equal(begin(), end(), other.begin());
    }

private:
    friend class FieldSplitter;
    void clear() { size_ = 0; }
    void push_back(std::string_view f) {
        if (size_ == storage_.size()) storage_.resize(storage_.size() * 2 + 8);
        storage_[size_++] = f;
    }
    std::string_view* room_for(size_t n) {
        if (storage_.size() < n) storage_.resize(n);
        return storage_.data();
    }
    std::vector<std::string_view> storage_;
    size_t size_ = 0;
};

class FieldSplitter {
public:
    FieldSplitter(char delimiter, char quote) : delimiter_(delimiter), quote_(quote) {}

    // Splits `record` (without its line break); the result lives until the next call.
    const Fields& split(std::string_view record);
    // The same for a record known to hold no quote character (the Reader checks whole chunks):
    // one pass that only looks for the delimiter.
    const Fields& split_unquoted(std::string_view record);

private:
    void split_whitespace(std::string_view record);
    void split_delimited(std::string_view record);

    char delimiter_, quote_;
    Fields fields_;
    std::deque<std::string> unescaped_;  // a deque: growing it keeps earlier fields' views valid
};

}  // namespace clv
