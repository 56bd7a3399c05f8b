// Streaming conversion of a file's bytes to UTF-8 through iconv (glibc natively, musl in the wasm
// build: both know GB18030, BIG5, UTF-16 and WINDOWS-1252, so no conversion tables live here).
// Chunk boundaries may split a character: its first bytes wait for the next chunk. A byte that
// is not valid in the encoding becomes U+FFFD and is counted, so nothing disappears silently.
#pragma once
#include <cstdint>
#include <string>

#include "ingest/read_options.hpp"

namespace clv {

class Decoder {
public:
    explicit Decoder(Encoding encoding);
    ~Decoder();
    Decoder(const Decoder&) = delete;
    Decoder& operator=(const Decoder&) = delete;

    // False when this platform's iconv cannot convert from the encoding.
    bool ok() const { return handle_ != nullptr; }
    // Appends the UTF-8 text of `data` to `out`. At `last`, bytes of an unfinished character are
    // replaced by U+FFFD.
    void decode(const char* data, size_t size, bool last, std::string& out);
    uint64_t invalid_sequences() const { return invalid_; }

private:
    void convert(const char* data, size_t size, bool last, std::string& out);  // through iconv
    size_t character_length(const char* p, size_t available) const;

    void* handle_ = nullptr;  // iconv_t, kept opaque so that <iconv.h> stays out of the headers
    std::string pending_;     // the start of a character cut by the chunk boundary
    uint64_t invalid_ = 0;
    size_t unit_ = 1;         // bytes to skip past an invalid sequence (2 for UTF-16)
    Encoding encoding_ = Encoding::utf8;
    bool ascii_compatible_ = false;  // bytes below 0x80 at a character boundary are ASCII (not UTF-16)
};

// Converts a whole buffer (the sniffer's head); `complete` says whether the end may cut a character.
std::string decode_to_utf8(std::string_view bytes, Encoding encoding, bool complete, uint64_t* invalid = nullptr);

// Length of the valid UTF-8 prefix of `s`, ignoring a character cut at the very end.
size_t valid_utf8_prefix(std::string_view s, bool allow_cut_end);

// Replaces invalid UTF-8 with U+FFFD, for messages and exports that must be valid text.
std::string sanitise_utf8(std::string_view s);

}  // namespace clv
