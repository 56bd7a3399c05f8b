// Ingest benchmark driver, built natively and with Emscripten (run under Node) by scripts/bench.
//   clv_ingest_bench full FILE   sniff + read + per-customer summary through FileAnalysis, 8 MiB chunks
//   clv_ingest_bench parse FILE  the bare parse: split, date → day, amount → double; nothing kept
//   clv_ingest_bench scan FILE   memchr newline count: the floor
//   ... --warm                   first reads and summarises the app's warm-up file (12k customers,
//                                untimed), as the page does before the user chooses a file: the
//                                timed run then starts in optimised code (web/load_warm_up.hpp)
// Prints one JSON object: seconds, rows, customers, peak memory (process high-water mark, and under
// Emscripten the wasm linear memory size and the top of the malloc heap within it).
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "ingest/field_splitter.hpp"
#include "ingest/sniffer.hpp"
#include "../../support/bench_memory.hpp"
#include "pipeline/file_analysis.hpp"
#include "pipeline/warm_up_orders.hpp"

namespace {

using clv::bench::peak_rss_mb;
using clv::bench::wasm_memory_mb;
using clv::bench::wasm_heap_top_mb;

// Where a block lies in the wasm heap (its address in MiB): shows which free region it reused.
double address_mb(const void* p) { return static_cast<double>(reinterpret_cast<uintptr_t>(p)) / (1024.0 * 1024.0); }

template <class F>
bool for_each_chunk(const char* path, F&& f) {
    std::FILE* file = std::fopen(path, "rb");
    if (!file) return false;
    std::vector<char> buffer(8u << 20);
    size_t n;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), file)) > 0) f(buffer.data(), n);
    std::fclose(file);
    return true;
}

// The page's warm-up, reading and summary part (web/load_warm_up.cpp: the same file and size).
void warm_up() {
    const std::string csv = clv::make_warm_up_orders(12000);
    clv::FileAnalysis a;
    a.begin("warm-up.csv", csv.size());
    for (size_t at = 0; at < csv.size(); at += 64u << 10) a.feed(csv.data() + at, std::min<size_t>(64u << 10, csv.size() - at));
    a.finish(clv::SummaryOptions{});
    if (a.state() != clv::AnalysisState::done) std::fprintf(stderr, "warm-up: %s\n", a.error().c_str());
}

}  // namespace

int main(int argc, char** argv) {
    const bool warm = argc == 4 && std::strcmp(argv[3], "--warm") == 0;
    if (argc != 3 && !warm) {
        std::fprintf(stderr, "usage: clv_ingest_bench full|phases|parse|scan FILE [--warm]\n");
        return 2;
    }
    const std::string mode = argv[1];
    const char* path = argv[2];
    if (warm) warm_up();
    const auto t0 = std::chrono::steady_clock::now();
    uint64_t rows = 0, customers = 0, bytes = 0;
    if (mode == "full") {
        clv::FileAnalysis a;
        std::FILE* f = std::fopen(path, "rb");
        if (!f) return 1;
        std::fseek(f, 0, SEEK_END);
        const long size = std::ftell(f);
        std::fclose(f);
        a.begin(path, static_cast<uint64_t>(size));
        for_each_chunk(path, [&](const char* d, size_t n) {
            bytes += n;
            a.feed(d, n);
        });
        a.finish(clv::SummaryOptions{});
        if (a.state() != clv::AnalysisState::done) {
            std::fprintf(stderr, "%s\n", a.error().c_str());
            return 1;
        }
        rows = a.accounting().used;
        customers = a.customers().rows.size();
        std::fprintf(stderr, "full: log columns at %.1f/%.1f/%.1f MiB, rows at %.1f MiB\n", address_mb(a.log().customer.data()),
                     address_mb(a.log().day.data()), address_mb(a.log().amount.data()), address_mb(a.customers().rows.data()));
    } else if (mode == "phases") {
        // The full path by hand, timing each phase: read+parse+stage, build the log, summarise.
        std::string head;
        for_each_chunk(path, [&](const char* d, size_t n) {
            if (head.empty()) head.assign(d, std::min<size_t>(n, 256 * 1024));
        });
        const clv::SniffResult s = clv::sniff(head, false);
        clv::Reader reader(s.options);
        reader.leave_room_for_summary(clv::kSummaryBytesPerCustomer);  // as FileAnalysis does
        auto since = [](auto t) { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count(); };
        auto t = std::chrono::steady_clock::now();
        // In the pieces and steps FileAnalysis uses (see kFeedPieceBytes: V8 optimises a wasm
        // function only from its next call on).
        constexpr size_t kPiece = clv::FileAnalysis::kFeedPieceBytes;
        constexpr uint64_t kStep = clv::FileAnalysis::kFinishRowsPerCall;
        for_each_chunk(path, [&](const char* d, size_t n) {
            bytes += n;
            for (size_t at = 0; at < n; at += kPiece) reader.feed(d + at, std::min(kPiece, n - at));
        });
        std::fprintf(stderr, "parse+stage %.3f s (staged %.1f MB; heap top %.1f MiB)\n", since(t), reader.staged_bytes() / 1e6,
                     wasm_heap_top_mb());
        // The longest single step of each phase: what a browser frame would wait for.
        auto timed_steps = [&](auto&& step) {
            double longest = 0;
            for (bool done = false; !done;) {
                const auto s0 = std::chrono::steady_clock::now();
                done = step();
                longest = std::max(longest, since(s0));
            }
            return longest;
        };
        t = std::chrono::steady_clock::now();
        const double longest_log_step = timed_steps([&] { return reader.finish_step(kStep); });
        std::fprintf(stderr, "build log %.3f s, longest step %.1f ms (log %.1f MB; heap top %.1f MiB; log columns at %.1f/%.1f/%.1f MiB)\n",
                     since(t), longest_log_step * 1000,
                     reader.log().memory_bytes() / 1e6, wasm_heap_top_mb(), address_mb(reader.log().customer.data()),
                     address_mb(reader.log().day.data()), address_mb(reader.log().amount.data()));
        t = std::chrono::steady_clock::now();
        clv::SummaryBuilder builder(reader.log(), clv::SummaryOptions{});
        const double longest_summary_step = timed_steps([&] { return builder.step(kStep); });
        const clv::Customers c = builder.take();
        std::fprintf(stderr, "summarise %.3f s, longest step %.1f ms (heap top %.1f MiB; rows at %.1f MiB)\n", since(t),
                     longest_summary_step * 1000, wasm_heap_top_mb(), address_mb(c.rows.data()));
        rows = reader.accounting().used;
        customers = c.rows.size();
    } else if (mode == "parse") {
        // What every reader must do at least: find lines, split fields, parse a date and an amount.
        std::string head;
        for_each_chunk(path, [&](const char* d, size_t n) {
            if (head.empty()) head.assign(d, std::min<size_t>(n, 256 * 1024));
        });
        const clv::SniffResult s = clv::sniff(head, false);
        const clv::ReadOptions& o = s.options;
        clv::FieldSplitter splitter(o.delimiter, o.quote);
        std::string carry;
        double sum = 0;
        int64_t day_sum = 0;
        bool header = o.has_header;
        auto line = [&](std::string_view l) {
            if (header) {
                header = false;
                return;
            }
            const auto& f = splitter.split(l);
            if (static_cast<int>(f.size()) <= std::max(o.date_column, o.amount_column)) return;
            clv::DayNumber d;
            double v;
            if (clv::parse_date(f[static_cast<size_t>(o.date_column)], o.date_format, d)) day_sum += d;
            if (clv::parse_amount(f[static_cast<size_t>(o.amount_column)], v)) sum += v;
            ++rows;
        };
        for_each_chunk(path, [&](const char* d, size_t n) {
            bytes += n;
            const char* p = d;
            const char* end = d + n;
            while (p < end) {
                const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
                if (!nl) {
                    carry.append(p, end);
                    break;
                }
                if (carry.empty()) line(std::string_view(p, static_cast<size_t>(nl - p)));
                else {
                    carry.append(p, nl);
                    line(carry);
                    carry.clear();
                }
                p = nl + 1;
            }
        });
        if (!carry.empty()) line(carry);
        if (sum == 0.5 && day_sum == 3) std::puts("");  // keep the work observable
    } else if (mode == "scan") {
        for_each_chunk(path, [&](const char* d, size_t n) {
            bytes += n;
            for (const char* p = d; (p = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(d + n - p)))); ++p) ++rows;
        });
    } else {
        std::fprintf(stderr, "unknown mode %s\n", mode.c_str());
        return 2;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("{\"mode\":\"%s\",\"warm\":%s,\"seconds\":%.4f,\"bytes\":%llu,\"rows\":%llu,\"customers\":%llu,\"peak_rss_mb\":%.1f,"
                "\"wasm_memory_mb\":%.1f,\"wasm_heap_top_mb\":%.1f}\n",
                mode.c_str(), warm ? "true" : "false", seconds, static_cast<unsigned long long>(bytes), static_cast<unsigned long long>(rows),
                static_cast<unsigned long long>(customers), peak_rss_mb(), wasm_memory_mb(), wasm_heap_top_mb());
    return 0;
}
