// libFuzzer target for the .xlsx reader (zip container, workbook parts, shared strings, styles,
// sheet XML, header detection, merged cells) down through FileAnalysis: any bytes must end in a
// message or a finished analysis with every row accounted for, without memory errors or
// undefined behaviour. Built by tests/fuzz/run-fuzz-xlsx with clang, -fsanitize=fuzzer,address,
// undefined, with minizip and expat compiled from their Debian sources so their code is covered.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "xlsx/xlsx_import.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 2) return 0;
    // The first byte picks the step budget (64 KB is the reader's minimum) and the sheet.
    const size_t budget = (static_cast<size_t>(data[0] & 0x0F) + 1) << 16;
    const int sheet_pick = data[0] >> 4;
    std::string bytes(reinterpret_cast<const char*>(data + 1), size - 1);

    clv::XlsxImport x;
    if (!x.open(std::move(bytes), "fuzz.xlsx")) {
        if (x.error().empty()) std::abort();  // a failure always says why
        return 0;
    }
    if (x.sheets().empty() || x.default_sheet() < 0) std::abort();
    int index = x.default_sheet();
    if (sheet_pick > 0 && static_cast<size_t>(sheet_pick) <= x.sheets().size() && x.sheets()[sheet_pick - 1].readable)
        index = sheet_pick - 1;
    clv::FileAnalysis a;
    if (!x.begin(index, a)) return 0;
    while (x.step(a, budget)) {
        if (x.progress() < 0 || x.progress() > 1) std::abort();
    }
    x.finish(a, clv::SummaryOptions{});
    if (a.state() == clv::AnalysisState::reading) std::abort();
    if (a.reader() && !a.accounting().adds_up()) std::abort();
    for (const clv::Rejection& r : a.rejections()) (void)clv::XlsxImport::describe(r, a.options()->column_names);
    (void)x.notes();
    return 0;
}
