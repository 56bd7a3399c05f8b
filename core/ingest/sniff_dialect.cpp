// Sniffer step 2: records and the delimiter. The delimiter is the candidate that splits the most
// sampled records into the same number (at least two) of fields, as in DuckDB's dialect step.
#include <array>
#include <map>

#include "ingest/field_splitter.hpp"
#include "ingest/sniff_steps.hpp"

namespace clv::sniff_detail {

std::vector<std::string_view> sample_records(std::string_view text, bool is_whole_file, size_t max_records) {
    std::vector<std::string_view> records;
    size_t pos = 0;
    while (pos < text.size() && records.size() < max_records) {
        // A record ends at a line break outside quotes (an even number of quotes so far).
        size_t end = pos, quotes = 0;
        bool complete = false;
        while (end < text.size()) {
            const char c = text[end];
            if (c == '"') ++quotes;
            else if (c == '\n' && quotes % 2 == 0) {
                complete = true;
                break;
            }
            ++end;
        }
        if (!complete && !is_whole_file) break;  // cut by the end of the sample
        if (!complete) {
            // A quote never closed before the end of the file: as the Reader does, the line it
            // opened on stands alone and the lines after it are read as ordinary lines.
            const size_t nl = text.find('\n', pos);
            if (nl != std::string_view::npos) end = nl;
        }
        std::string_view r = text.substr(pos, end - pos);
        if (!r.empty() && r.back() == '\r') r.remove_suffix(1);
        if (!trim(r).empty()) records.push_back(r);
        pos = end + 1;
    }
    return records;
}

char detect_delimiter(const std::vector<std::string_view>& records) {
    static constexpr std::array<char, 5> candidates = {',', '\t', ';', '|', kWhitespaceDelimiter};
    char best = ',';
    size_t best_score = 0, best_width = 0;
    for (char d : candidates) {
        FieldSplitter splitter(d, '"');
        std::map<size_t, size_t> count_of_width;
        for (std::string_view l : records) ++count_of_width[splitter.split(l).size()];
        size_t mode_width = 0, mode_count = 0;
        for (auto [width, count] : count_of_width)
            if (count > mode_count || (count == mode_count && width > mode_width)) mode_width = width, mode_count = count;
        if (mode_width < 2) continue;
        // More consistent records win; on a tie, more fields (a space inside "2024-01-02 10:00" is
        // consistent too, but a real delimiter splits every column).
        if (mode_count > best_score || (mode_count == best_score && mode_width > best_width && d != kWhitespaceDelimiter))
            best = d, best_score = mode_count, best_width = mode_width;
    }
    return best;
}

}  // namespace clv::sniff_detail
