#include "read_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

namespace clv::cli {

bool analyse_file(const std::string& path, const SummaryOptions& summary_options, FileAnalysis& analysis,
                  std::string& error) {
    constexpr size_t kChunk = 8u << 20;  // 8 MiB, as in the browser
    const bool stdin_input = path == "-";
    std::FILE* f = stdin_input ? stdin : std::fopen(path.c_str(), "rb");
    if (f == nullptr) {
        error = path + ": cannot open: " + std::strerror(errno);
        return false;
    }
    uint64_t size = UINT64_MAX;  // unknown for a pipe: the first chunk is then not "the whole file"
    if (!stdin_input && std::fseek(f, 0, SEEK_END) == 0) {
        const long end = std::ftell(f);
        if (end >= 0) size = static_cast<uint64_t>(end);
        std::fseek(f, 0, SEEK_SET);
    }
    analysis.begin(stdin_input ? "<stdin>" : path, size);
    std::vector<char> buffer(kChunk);
    while (analysis.state() == AnalysisState::reading) {
        const size_t n = std::fread(buffer.data(), 1, buffer.size(), f);
        if (n > 0) analysis.feed(buffer.data(), n);
        if (n < buffer.size()) {
            if (std::ferror(f)) {
                error = path + ": read error: " + std::strerror(errno);
                if (!stdin_input) std::fclose(f);
                return false;
            }
            break;
        }
    }
    if (!stdin_input) std::fclose(f);
    analysis.finish(summary_options);
    return true;
}

}  // namespace clv::cli
