// Splits one record into fields: RFC 4180 quoting ("a, b" and "say ""hi""") for a single-character
// delimiter, or runs of spaces and tabs for whitespace-separated files. Fields are views into the
// record, except those with doubled quotes, which are unescaped into storage owned by the splitter
// (so views stay valid until the next split).
#pragma once
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace clv {

class FieldSplitter {
public:
    FieldSplitter(char delimiter, char quote) : delimiter_(delimiter), quote_(quote) {}

    // Splits `record` (without its line break); the result lives until the next call.
    const std::vector<std::string_view>& split(std::string_view record);
    // The same for a record known to hold no quote character (the Reader checks whole chunks):
    // one pass that only looks for the delimiter.
    const std::vector<std::string_view>& split_unquoted(std::string_view record);

private:
    void split_whitespace(std::string_view record);
    void split_delimited(std::string_view record);

    char delimiter_, quote_;
    std::vector<std::string_view> fields_;
    std::deque<std::string> unescaped_;  // a deque: growing it keeps earlier fields' views valid
};

}  // namespace clv
