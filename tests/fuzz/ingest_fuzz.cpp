// libFuzzer target for the sniffer and the reader: any bytes, fed in chunks whose size the input
// chooses, must end in done or failed, with every line accounted for, and without memory errors
// or undefined behaviour (built with -fsanitize=fuzzer,address,undefined by tests/fuzz/run-fuzz).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "pipeline/file_analysis.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    // The first byte picks the chunk size (1 .. 256 bytes, or everything at once), so boundaries
    // fall inside quotes, multi-byte characters, CRLF pairs and byte order marks.
    const size_t chunk = data[0] == 0 ? size : data[0];
    const char* text = reinterpret_cast<const char*>(data + 1);
    const size_t n = size - 1;

    clv::FileAnalysis a;
    a.begin("fuzz.csv", n);
    for (size_t pos = 0; pos < n && a.state() == clv::AnalysisState::reading; pos += chunk)
        a.feed(text + pos, std::min(chunk, n - pos));
    a.finish(clv::SummaryOptions{});
    if (a.state() == clv::AnalysisState::reading) std::abort();  // must have ended
    if (a.reader() && !a.accounting().adds_up()) std::abort();    // a line lost or invented
    if (a.state() == clv::AnalysisState::done) {
        for (const clv::CustomerRow& r : a.customers().rows)
            if (r.purchase_days == 0 || r.t_x < 0 || r.T < r.t_x || r.last_day < r.first_day) std::abort();  // every row bought once at least
        (void)a.warnings();
        (void)a.accounting_line();
    }
    for (const clv::Rejection& r : a.rejections()) (void)a.describe(r);
    return 0;
}
