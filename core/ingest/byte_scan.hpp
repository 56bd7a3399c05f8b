// Finding bytes eight at a time in a 64-bit word (SWAR), for the reader's hot loops. In wasm
// musl's memchr walks 4-byte words and costs a call per line; these inline loops read 8
// unaligned bytes per step, or 16 with wasm SIMD when the build enables it (-msimd128, see
// CMakeLists.txt: __wasm_simd128__). Natively glibc's vectorised memchr is faster for the
// one-byte search, so find_byte uses it there.
#pragma once
#include <cstdint>
#include <cstring>
#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

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
#ifdef __wasm_simd128__
    const v128_t splat = wasm_i8x16_splat(c);
    for (; end - p >= 16; p += 16)
        if (const uint32_t m = wasm_i8x16_bitmask(wasm_i8x16_eq(wasm_v128_load(p), splat)))
            return p + __builtin_ctz(m);
#endif
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

// Calls hit(q) for every q in [p, end) with *q == c, in order. The last partial word is read as
// the final 8 (or 16) bytes of the range, with the bytes already looked at masked out, so a short
// range costs no byte-by-byte loop; only ranges shorter than 8 bytes are walked a byte at a time.
template <class Hit>
inline void for_each_byte(const char* p, const char* end, char c, Hit&& hit) {
#ifdef __wasm_simd128__
    if (end - p >= 16) {
        const v128_t splat = wasm_i8x16_splat(c);
        for (; end - p >= 16; p += 16)
            for (uint32_t m = wasm_i8x16_bitmask(wasm_i8x16_eq(wasm_v128_load(p), splat)); m != 0; m &= m - 1)
                hit(p + __builtin_ctz(m));
        if (p < end) {
            const auto seen = static_cast<unsigned>(16 - (end - p));
            const char* const last = end - 16;
            for (uint32_t m = wasm_i8x16_bitmask(wasm_i8x16_eq(wasm_v128_load(last), splat)) >> seen << seen; m != 0; m &= m - 1)
                hit(last + __builtin_ctz(m));
        }
        return;
    }
#endif
    const uint64_t pattern = kOnes * static_cast<unsigned char>(c);
    if (end - p < 8) {
        for (; p < end; ++p)
            if (*p == c) hit(p);
        return;
    }
    for (; end - p >= 8; p += 8)
        for (uint64_t m = match_mask(load8(p), pattern); m != 0; m &= m - 1) hit(p + first_match(m));
    if (p < end) {
        const auto seen = static_cast<unsigned>(8 - (end - p));
        const char* const last = end - 8;
        for (uint64_t m = match_mask(load8(last), pattern) >> (8 * seen) << (8 * seen); m != 0; m &= m - 1)
            hit(last + first_match(m));
    }
}

// Bit i is set where p[i] is `a` or `b`, for the 64 bytes from p (all must be readable): the
// line breaks and delimiters of a block of short lines in one mask (Reader::stage_plain_lines).
// The portable form: eight words, each word's match bits gathered into a byte by a multiply.
inline uint64_t match64_either_swar(const char* p, char a, char b) {
    const uint64_t pa = kOnes * static_cast<unsigned char>(a), pb = kOnes * static_cast<unsigned char>(b);
    uint64_t m = 0;
    for (int i = 0; i < 8; ++i) {
        const uint64_t hits = (match_mask(load8(p + 8 * i), pa) | match_mask(load8(p + 8 * i), pb)) >> 7;
        m |= ((hits * 0x0102040810204080ull) >> 56) << (8 * i);  // bit 8k of `hits` → bit k
    }
    return m;
}

inline uint64_t match64_either(const char* p, char a, char b) {
#if defined(__wasm_simd128__)
    const v128_t sa = wasm_i8x16_splat(a), sb = wasm_i8x16_splat(b);
    uint64_t m = 0;
    for (int i = 0; i < 4; ++i) {
        const v128_t v = wasm_v128_load(p + 16 * i);
        m |= static_cast<uint64_t>(wasm_i8x16_bitmask(wasm_v128_or(wasm_i8x16_eq(v, sa), wasm_i8x16_eq(v, sb)))) << (16 * i);
    }
    return m;
#elif defined(__SSE2__)
    const __m128i sa = _mm_set1_epi8(a), sb = _mm_set1_epi8(b);
    uint64_t m = 0;
    for (int i = 0; i < 4; ++i) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i));
        m |= static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, sa), _mm_cmpeq_epi8(v, sb)))))
             << (16 * i);
    }
    return m;
#else
    return match64_either_swar(p, a, b);
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
