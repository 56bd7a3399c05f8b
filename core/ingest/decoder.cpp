#include "ingest/decoder.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iconv.h>

namespace clv {
namespace {
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
}

Decoder::Decoder(Encoding encoding) {
    if (encoding == Encoding::utf8) return;
    // glibc wants "WINDOWS-1252", musl "windows-1252"; both accept this spelling, and "CP1252" is a fallback.
    iconv_t h = iconv_open("UTF-8", encoding_name(encoding));
    if (h == reinterpret_cast<iconv_t>(-1) && encoding == Encoding::windows1252) h = iconv_open("UTF-8", "CP1252");
    if (h == reinterpret_cast<iconv_t>(-1) && encoding == Encoding::windows1252) h = iconv_open("UTF-8", "ISO-8859-1");
    if (h != reinterpret_cast<iconv_t>(-1)) handle_ = h;
    unit_ = encoding == Encoding::utf16le || encoding == Encoding::utf16be ? 2 : 1;
    encoding_ = encoding;
    ascii_compatible_ = unit_ == 1;
}

Decoder::~Decoder() {
    if (handle_) iconv_close(static_cast<iconv_t>(handle_));
}

void Decoder::decode(const char* data, size_t size, bool last, std::string& out) {
    if (!handle_) return;
    std::string joined;
    if (!pending_.empty()) {
        joined = pending_ + std::string(data, size);
        pending_.clear();
        data = joined.data();
        size = joined.size();
    }
    out.reserve(out.size() + size + size / 2 + 16);  // GBK/Big5/UTF-16 → UTF-8 grows by at most 1.5×
    if (!ascii_compatible_) {
        convert(data, size, last, out);
        return;
    }
    // GB18030, Big5 and windows-1252 files are mostly ASCII (ids, digits, separators), and iconv
    // costs tens of nanoseconds per byte whatever the byte. So ASCII runs are copied as they are,
    // and iconv sees, per line, only the stretch from its first to its last non-ASCII character.
    // A byte below 0x80 is ASCII only at a character boundary (GBK and Big5 trail bytes can be
    // below 0x80), so the stretch is walked character by character.
    size_t i = 0;
    while (i < size) {
        size_t j = i;
        while (j + 8 <= size) {
            uint64_t w;
            std::memcpy(&w, data + j, 8);
            if (w & 0x8080808080808080ull) break;
            j += 8;
        }
        while (j < size && static_cast<unsigned char>(data[j]) < 0x80) ++j;
        out.append(data + i, j - i);
        if (j == size) break;
        size_t k = j, end = j;
        while (k < size && data[k] != '\n') {
            if (static_cast<unsigned char>(data[k]) < 0x80) {
                ++k;
                continue;
            }
            k += character_length(data + k, size - k);
            end = std::min(k, size);
        }
        // Only the stretch reaching the end of the data may hold a character cut by the chunk end.
        convert(data + j, end - j, end == size ? last : true, out);
        i = end;
    }
}

// The byte length of the non-ASCII character starting at `p` (1 for a byte that cannot start one:
// iconv then reports it as invalid).
size_t Decoder::character_length(const char* p, size_t available) const {
    const unsigned char lead = static_cast<unsigned char>(p[0]);
    if (encoding_ == Encoding::windows1252 || lead < 0x81 || lead > 0xFE) return 1;
    if (encoding_ == Encoding::gb18030 && available >= 2) {
        const unsigned char second = static_cast<unsigned char>(p[1]);
        if (second >= 0x30 && second <= 0x39) return 4;  // GB18030's four-byte form
    }
    return 2;
}

void Decoder::convert(const char* data, size_t size, bool last, std::string& out) {
    char* in = const_cast<char*>(data);
    size_t in_left = size;
    char buf[4096];  // iconv writes here, not into a zero-filled resize of `out`: most calls are short
    while (in_left > 0) {
        char* o = buf;
        size_t o_left = sizeof buf;
        const size_t r = iconv(static_cast<iconv_t>(handle_), &in, &in_left, &o, &o_left);
        out.append(buf, sizeof buf - o_left);
        if (r != static_cast<size_t>(-1)) break;
        if (errno == E2BIG) continue;
        if (errno == EINVAL && !last) {  // a character cut by the chunk end: wait for the rest
            pending_.assign(in, in_left);
            break;
        }
        // EILSEQ, or a cut character at the very end: mark it and move on.
        out.append(kReplacement);
        ++invalid_;
        const size_t skip = std::min(in_left, unit_);
        in += skip;
        in_left -= skip;
    }
}

std::string decode_to_utf8(std::string_view bytes, Encoding encoding, bool complete, uint64_t* invalid) {
    if (encoding == Encoding::utf8) return std::string(bytes);
    Decoder d(encoding);
    std::string out;
    d.decode(bytes.data(), bytes.size(), complete, out);
    if (invalid) *invalid = d.invalid_sequences();
    return out;
}

size_t valid_utf8_prefix(std::string_view s, bool allow_cut_end) {
    size_t i = 0;
    const size_t n = s.size();
    while (i < n) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        size_t len;
        uint32_t min;
        if ((c & 0xE0) == 0xC0) len = 2, min = 0x80;
        else if ((c & 0xF0) == 0xE0) len = 3, min = 0x800;
        else if ((c & 0xF8) == 0xF0 && c <= 0xF4) len = 4, min = 0x10000;
        else return i;
        if (i + len > n) return allow_cut_end ? n : i;
        uint32_t cp = c & (0x7F >> len);
        for (size_t k = 1; k < len; ++k) {
            const unsigned char t = static_cast<unsigned char>(s[i + k]);
            if ((t & 0xC0) != 0x80) return i;
            cp = (cp << 6) | (t & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
        i += len;
    }
    return n;
}

std::string sanitise_utf8(std::string_view s) {
    std::string out;
    while (!s.empty()) {
        const size_t ok = valid_utf8_prefix(s, false);
        out.append(s.substr(0, ok));
        if (ok == s.size()) break;
        out.append(kReplacement);
        s.remove_prefix(ok + 1);
    }
    return out;
}

}  // namespace clv
