/* libxlsxwriter packs every part of a workbook at zlib's default level (6), hard-coded in its
 * packager.c. In the browser that deflate held the page for most of an export (a 270 MB sheet:
 * 4.2 s at level 6, 1.3 s at level 1 natively; the file 36% larger). cmake/third_party_xlsx.cmake
 * compiles packager.c with zipOpenNewFileInZip4_64 renamed to this function, which asks minizip
 * for level 1 instead of the default and passes everything else through. */
#include <minizip/zip.h>

int clv_zip_open_new_file_fast(zipFile file, const char* filename, const zip_fileinfo* zipfi,
                               const void* extrafield_local, uInt size_extrafield_local,
                               const void* extrafield_global, uInt size_extrafield_global,
                               const char* comment, int method, int level, int raw, int windowBits,
                               int memLevel, int strategy, const char* password, uLong crcForCrypting,
                               uLong versionMadeBy, uLong flagBase, int zip64) {
    if (level == Z_DEFAULT_COMPRESSION) level = Z_BEST_SPEED;
    return zipOpenNewFileInZip4_64(file, filename, zipfi, extrafield_local, size_extrafield_local, extrafield_global,
                                   size_extrafield_global, comment, method, level, raw, windowBits, memLevel,
                                   strategy, password, crcForCrypting, versionMadeBy, flagBase, zip64);
}
