// A whole gzip file inflated in memory for tests that read the shared .csv.gz data sets. zlib's
// inflate, not its gz* file API: the wasm build's zlib (compiled from Debian's source package)
// has none, and this way the same tests run natively and under Node.
#pragma once
#include <string>

#include <zlib.h>

namespace clv::testing {

// The inflated bytes; empty when `gz` is not a complete gzip stream.
inline std::string gunzip(const std::string& gz) {
    z_stream z{};
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) return {};  // 16: a gzip header, not a zlib one
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
    z.avail_in = static_cast<uInt>(gz.size());
    std::string out;
    char buf[1 << 16];
    int rc = Z_OK;
    while (rc == Z_OK) {
        z.next_out = reinterpret_cast<Bytef*>(buf);
        z.avail_out = sizeof buf;
        rc = inflate(&z, Z_NO_FLUSH);
        out.append(buf, sizeof buf - z.avail_out);
    }
    inflateEnd(&z);
    if (rc != Z_STREAM_END) return {};  // corrupt or truncated
    return out;
}

}  // namespace clv::testing
