#include "xlsx/xlsx_detect.hpp"

namespace clv::xlsx {

namespace {

constexpr std::string_view kSaveAs =
    "open it in Excel or WPS and use File > Save As > \"Excel Workbook (*.xlsx)\" or \"CSV UTF-8\", then load that file";

bool starts(std::string_view s, std::string_view magic) { return s.substr(0, magic.size()) == magic; }

// `ascii` as UTF-16LE, the way OLE directory entries name their streams.
bool contains_utf16(std::string_view bytes, std::string_view ascii) {
    std::string wide;
    for (char c : ascii) wide.push_back(c), wide.push_back('\0');
    return bytes.find(wide) != std::string_view::npos;
}

}  // namespace

std::string non_zip_problem(std::string_view bytes) {
    if (bytes.empty()) return "the file is empty";
    if (starts(bytes, "PK\x03\x04") || starts(bytes, "PK\x05\x06")) return {};
    if (starts(bytes, std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))) {
        // An OLE compound file. Excel stores a password-protected .xlsx in one, as the streams
        // EncryptionInfo and EncryptedPackage; an old .xls has a Workbook (or Book) stream.
        if (contains_utf16(bytes, "EncryptedPackage") || contains_utf16(bytes, "EncryptionInfo"))
            return "this workbook is protected by a password (encrypted), so it cannot be read: open it in Excel or "
                   "WPS with the password, remove the password (File > Info > Protect Workbook > Encrypt with "
                   "Password, clear it) and save it as .xlsx or CSV UTF-8 "
                   "(此工作簿有密码保护：请在 Excel/WPS 中输入密码打开，取消密码后另存为 .xlsx 或 CSV)";
        if (contains_utf16(bytes, "Workbook") || contains_utf16(bytes, "Book"))
            return "this is an old Excel workbook (.xls, Excel 97-2003), which is not read here: " + std::string(kSaveAs) +
                   " (这是旧版 .xls 文件：请在 Excel/WPS 中另存为 .xlsx 或 CSV)";
        return "this is an old Microsoft Office document (.doc, .xls or .ppt), not an .xlsx workbook: " + std::string(kSaveAs);
    }
    if (starts(bytes, "%PDF"))
        return "this is a PDF document, not an Excel workbook: export the orders from your shop system as .xlsx or CSV "
               "(这是 PDF 文件，不是 Excel 工作簿)";
    if (starts(bytes, "\x1F\x8B")) return "this file is gzip-compressed, not an Excel workbook: decompress it first";
    if (starts(bytes, "\x89PNG") || starts(bytes, "\xFF\xD8\xFF") || starts(bytes, "GIF8"))
        return "this is an image, not an Excel workbook";
    if (starts(bytes, "<?xml") && bytes.substr(0, 4096).find("urn:schemas-microsoft-com:office:spreadsheet") != std::string_view::npos)
        return "this is an Excel 2003 XML spreadsheet, not an .xlsx workbook: " + std::string(kSaveAs);
    return "this is not an Excel workbook (.xlsx files are zip archives; this one is not): if it is a CSV or text "
           "file, load it as CSV (这不是 Excel 工作簿)";
}

std::string container_problem(const ZipArchive& zip) {
    bool numbers = false, word = false, powerpoint = false, xlsx = false, ods = false, xlsb = false;
    for (const ZipEntry& e : zip.entries()) {
        const std::string_view n = e.name;
        if (starts(n, "Index/") || n == "Index.zip" || starts(n, "Metadata/DocumentIdentifier")) numbers = true;
        else if (starts(n, "word/")) word = true;
        else if (starts(n, "ppt/")) powerpoint = true;
        else if (n == "xl/workbook.bin") xlsb = true;
        else if (starts(n, "xl/")) xlsx = true;
        else if (n == "content.xml" || n == "mimetype") ods = true;
    }
    if (numbers && !xlsx)
        return "this is an Apple Numbers file: in Numbers choose File > Export To > Excel (or CSV) and load that file "
               "(这是 Numbers 文件：请导出为 Excel 或 CSV)";
    if (xlsb && !zip.find("xl/workbook.xml"))
        return "this is a binary Excel workbook (.xlsb): " + std::string(kSaveAs);
    if (xlsx) return {};
    if (word) return "this is a Word document (.docx), not an Excel workbook";
    if (powerpoint) return "this is a PowerPoint presentation (.pptx), not an Excel workbook";
    if (ods)
        return "this is an OpenDocument spreadsheet (.ods): open it in LibreOffice or WPS and save it as .xlsx or "
               "CSV UTF-8, then load that file";
    return "this is a zip archive, not an Excel workbook: unpack it and load the .xlsx or CSV file inside";
}

}  // namespace clv::xlsx
