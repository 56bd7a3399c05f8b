// Finding bytes eight at a time in a 64-bit word (SWAR), for the reader's hot loops. In wasm
// (no SIMD in this build) musl's memchr walks 4-byte words and costs a call per line; these
// inline loops read 8 unaligned bytes per step. Natively glibc's vectorised memchr is faster
// for the one-byte search, so find_byte uses it there.
#pragma once
#include <cstdint>
#include <cstring>

namespace clv::bytes {

constexpr uint64_t kOnes = 0x0101010101010101ull;
constexpr uint64_t kLow7 = 0x7F7F7F7F7F7F7F7Full;

inline uint64_t load8(const char* p) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    return w;  // little-endian on both targets: byte i is bits 8i..8i+7
}

// The high bit of every byte of `w` that equals the byte in `pattern` (= kOnes * byte), and no
// other: the exact form, without the borrow that makes the short (x - ones) & ~x trick flag a
// 0x01 byte after a match (a ',' followed by '-' would read as two delimiters).
inline uint64_t match_mask(uint64_t w, uint64_t pattern) {
    const uint64_t x = w ^ pattern;
    return ~(((x & kLow7) + kLow7) | x | kLow7);
}

inline unsigned first_match(uint64_t mask) { return static_cast<unsigned>(__builtin_ctzll(mask)) >> 3; }

// The first `c` in [p, end), or null.
inline const char* find_byte(const char* p, const char* end, char c) {
#ifdef __EMSCRIPTEN__
    const uint64_t pattern = kOnes * static_cast<unsigned char>(c);
    for (; end - p >= 8; p += 8)
        if (const uint64_t m = match_mask(load8(p), pattern)) return p + first_match(m);
    for (; p < end; ++p)
        if (*p == c) return p;
    return nullptr;
#else
    return static_cast<const char*>(std::memchr(p, c, static_cast<size_t>(end - p)));
#endif
}

// Whether [p, end) holds `a`, and whether it holds `b`, in one pass (the chunk check for quotes
// and NUL bytes). Stops once both were seen.
inline void contains_either(const char* p, const char* end, char a, char b, bool& has_a, bool& has_b) {
#ifndef __EMSCRIPTEN__
    has_a = std::memchr(p, a, static_cast<size_t>(end - p)) != nullptr;
    has_b = std::memchr(p, b, static_cast<size_t>(end - p)) != nullptr;
    return;
#endif
    const uint64_t pa = kOnes * static_cast<unsigned char>(a), pb = kOnes * static_cast<unsigned char>(b);
    uint64_t seen_a = 0, seen_b = 0;
    for (; end - p >= 64 && !(seen_a && seen_b); p += 64)
        for (int i = 0; i < 64; i += 8) {
            const uint64_t w = load8(p + i);
            seen_a |= match_mask(w, pa);
            seen_b |= match_mask(w, pb);
        }
    for (; p < end; ++p) {
        seen_a |= *p == a;
        seen_b |= *p == b;
    }
    has_a = seen_a != 0;
    has_b = seen_b != 0;
}

}  // namespace clv::bytes
