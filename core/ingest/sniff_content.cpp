// Sniffer step 0: is this text at all? People rename workbooks and PDFs to .csv, or pick the
// wrong file; each gets a message that names what it is and what to do instead.
#include <cstring>

#include "ingest/sniff_steps.hpp"

namespace clv::sniff_detail {

std::string non_text_problem(std::string_view head) {
    auto starts = [&](std::string_view magic) { return head.substr(0, magic.size()) == magic; };
    if (starts("PK\x03\x04")) {
        if (head.find("xl/") != std::string_view::npos || head.find("[Content_Types].xml") != std::string_view::npos)
            return "this is an Excel workbook (.xlsx), not a CSV file: open it in Excel or WPS and use "
                   "File > Save As > \"CSV UTF-8 (Comma delimited)\", then load that file "
                   "(这是 Excel 工作簿，请另存为 CSV UTF-8 后再导入)";
        return "this is a ZIP archive, not a CSV file: unpack it and load the CSV inside";
    }
    if (starts(std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)))
        return "this is an old Excel workbook (.xls), not a CSV file: open it in Excel or WPS and use "
               "File > Save As > \"CSV UTF-8 (Comma delimited)\" (这是旧版 Excel 文件，请另存为 CSV)";
    if (starts("%PDF")) return "this is a PDF document, not a CSV file: export the orders from your shop system as CSV";
    if (starts("\x1F\x8B")) return "this file is gzip-compressed: name it .csv.gz (or decompress it) and load it again";
    if (starts("\x89PNG") || starts("\xFF\xD8\xFF") || starts("GIF8")) return "this is an image, not a CSV file";
    if (starts("{\\rtf")) return "this is a Word/RTF document, not a CSV file";
    if (starts("SQLite format 3")) return "this is an SQLite database, not a CSV file";
    if (starts("<?xml") || starts("<html") || starts("<!DOCTYPE")) {
        if (head.find("urn:schemas-microsoft-com:office:spreadsheet") != std::string_view::npos)
            return "this is an Excel XML spreadsheet, not a CSV file: open it in Excel and save it as CSV UTF-8";
        return "this is an XML or HTML document, not a CSV file";
    }
    // Control bytes other than TAB, CR, LF (and NUL, which UTF-16 text is full of: step 1 decides
    // that) in more than 1% of the sample: some other binary format.
    const size_t n = std::min<size_t>(head.size(), 64 * 1024);
    size_t control = 0, nul = 0;
    for (size_t i = 0; i < n; ++i) {
        const unsigned char c = static_cast<unsigned char>(head[i]);
        if (c == 0) ++nul;
        else if (c < 0x20 && c != '\t' && c != '\r' && c != '\n' && c != 0x1A && c != 0x0C) ++control;
    }
    if (n > 0 && control * 100 > n)
        return "this does not look like a text file (it holds binary data): export the orders as CSV";
    (void)nul;
    return {};
}

}  // namespace clv::sniff_detail
