#include "read_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "xlsx/xlsx_import.hpp"
#include "xlsx/xlsx_writer.hpp"

#if CLV_HAVE_ZLIB
#include <zlib.h>
#endif

namespace clv::cli {

namespace {

// A byte source: a plain file, standard input or (with zlib) a gzip stream.
class Source {
public:
    virtual ~Source() = default;
    virtual long read(char* buffer, size_t size) = 0;  // bytes read, 0 at the end, -1 on error
    virtual std::string error() const { return std::strerror(errno); }
};

class StdioSource : public Source {
public:
    explicit StdioSource(std::FILE* f, bool owned) : f_(f), owned_(owned) {}
    ~StdioSource() override {
        if (owned_) std::fclose(f_);
    }
    long read(char* buffer, size_t size) override {
        const size_t n = std::fread(buffer, 1, size, f_);
        if (n == 0 && std::ferror(f_)) return -1;
        return static_cast<long>(n);
    }

private:
    std::FILE* f_;
    bool owned_;
};

#if CLV_HAVE_ZLIB
class GzipSource : public Source {
public:
    explicit GzipSource(gzFile g) : g_(g) {}
    ~GzipSource() override { gzclose(g_); }
    long read(char* buffer, size_t size) override {
        const int n = gzread(g_, buffer, static_cast<unsigned>(size));
        return n;
    }
    std::string error() const override {
        int code = 0;
        const char* m = gzerror(g_, &code);
        return code == Z_ERRNO ? std::strerror(errno) : std::string("corrupt gzip data: ") + m;
    }

private:
    gzFile g_;
};
#endif

// The first bytes of a file (for telling workbooks from text).
std::string first_bytes(const std::string& path, size_t n) {
    std::string out(n, '\0');
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return {};
    out.resize(std::fread(out.data(), 1, n, f));
    std::fclose(f);
    return out;
}

bool is_gzip(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return false;
    unsigned char magic[2] = {0, 0};
    const size_t n = std::fread(magic, 1, 2, f);
    std::fclose(f);
    return n == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
}

}  // namespace

bool analyse_file(const std::string& path, const SummaryOptions& summary_options, FileAnalysis& analysis,
                  std::string& error, const ReadOverrides* overrides) {
    constexpr size_t kChunk = 8u << 20;  // 8 MiB, as in the browser
    const bool stdin_input = path == "-";
    // .xlsx (and .xls/.numbers/renamed files, which get a message saying what to do) go through
    // the workbook reader: a zip needs its central directory, at the end, so it is read whole.
    if (!stdin_input && is_workbook_file(path, first_bytes(path, 8))) {
        std::string bytes;
        if (!xlsx::read_whole_file(path, bytes)) {
            error = path + ": cannot open: " + std::strerror(errno);
            return false;
        }
        return analyse_xlsx(std::move(bytes), path, "", summary_options, analysis, error, overrides);
    }
    std::unique_ptr<Source> source;
    uint64_t size = UINT64_MAX;  // unknown for a pipe or a gzip stream: the first chunk is then not "the whole file"
    if (!stdin_input && is_gzip(path)) {
#if CLV_HAVE_ZLIB
        gzFile g = gzopen(path.c_str(), "rb");
        if (g == nullptr) {
            error = path + ": cannot open: " + std::strerror(errno);
            return false;
        }
        gzbuffer(g, 1 << 20);
        source = std::make_unique<GzipSource>(g);
#else
        error = path + ": is gzip-compressed and this build has no zlib: decompress it first (gunzip)";
        return false;
#endif
    } else {
        std::FILE* f = stdin_input ? stdin : std::fopen(path.c_str(), "rb");
        if (f == nullptr) {
            error = path + ": cannot open: " + std::strerror(errno);
            return false;
        }
        if (!stdin_input && std::fseek(f, 0, SEEK_END) == 0) {
            const long end = std::ftell(f);
            if (end >= 0) size = static_cast<uint64_t>(end);
            std::fseek(f, 0, SEEK_SET);
        }
        source = std::make_unique<StdioSource>(f, !stdin_input);
    }
    analysis.begin(stdin_input ? "<stdin>" : path, size);
    if (overrides) analysis.set_overrides(*overrides);
    std::vector<char> buffer(kChunk);
    while (analysis.state() == AnalysisState::reading) {
        const long n = source->read(buffer.data(), buffer.size());
        if (n < 0) {
            error = path + ": read error: " + source->error();
            return false;
        }
        if (n == 0) break;
        analysis.feed(buffer.data(), static_cast<size_t>(n));
    }
    analysis.finish(summary_options);
    return true;
}

}  // namespace clv::cli
