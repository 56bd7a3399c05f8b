// What a file handed to the workbook reader really is, when it is not an .xlsx workbook: an old
// .xls, a password-protected workbook (an encrypted OLE container), an Apple Numbers or
// OpenDocument file, a renamed PDF or CSV. Each gets a message saying what to do instead, in
// English with a short Chinese line, like the CSV sniffer's step 0.
#pragma once
#include <string>
#include <string_view>

#include "xlsx/xlsx_zip.hpp"

namespace clv::xlsx {

// Before opening: empty when `bytes` start like a zip archive; otherwise what the file is.
std::string non_zip_problem(std::string_view bytes);
// After opening the zip: empty when it holds an Office Open XML workbook; otherwise what it is.
std::string container_problem(const ZipArchive& zip);

}  // namespace clv::xlsx
