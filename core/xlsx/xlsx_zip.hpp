// The zip container of a workbook, read from memory with minizip (zlib's contrib/minizip; the
// system libminizip natively). The workbook's bytes are held by the caller; entries are read
// whole (small parts: workbook.xml, styles, relationships) or streamed in chunks (sheets and
// shared strings, which may be hundreds of MB once inflated). Nothing throws.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace clv::xlsx {

struct ZipEntry {
    std::string name;
    uint64_t compressed_size = 0;
    uint64_t uncompressed_size = 0;  // as the central directory says (not trusted for memory)
    bool encrypted = false;
};

class ZipArchive {
public:
    ZipArchive();
    ~ZipArchive();
    ZipArchive(const ZipArchive&) = delete;
    ZipArchive& operator=(const ZipArchive&) = delete;

    // `bytes` must outlive the archive. False with `error` when it is not a readable zip.
    bool open(std::string_view bytes, std::string& error);
    const std::vector<ZipEntry>& entries() const { return entries_; }
    // The entry with this name (case-insensitive, as OPC part names are), or null.
    const ZipEntry* find(std::string_view name) const;

    // Reads a whole entry of at most `max_bytes`; false with `error` otherwise.
    bool read_all(std::string_view name, std::string& out, std::string& error, uint64_t max_bytes = 64u << 20);

    // Streaming one entry at a time: open, read chunks until 0, close.
    bool open_entry(std::string_view name, std::string& error);
    // Bytes inflated into `buffer` (0 at the end of the entry, -1 on damaged data).
    long read(char* buffer, size_t size);
    void close_entry();
    // Compressed bytes of the open entry consumed so far, for progress.
    uint64_t compressed_position() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::vector<ZipEntry> entries_;
};

}  // namespace clv::xlsx
