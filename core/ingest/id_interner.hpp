// Maps customer (or order) id strings to dense indices 0, 1, 2, ...
// Open addressing with linear probing, split into 256 small tables chosen by the top bits of the
// id's hash. With a million distinct ids one flat table is bound by memory latency (a cache miss
// per row, see ../shared/notes/PERF.md); the Reader therefore stages rows by the same partition
// and interns one partition at a time, so the table in use (and the ids it points at, which are
// numbered contiguously per partition) stays in cache. Id text lives in one arena, not a string per id.
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace clv {

class IdInterner {
public:
    static constexpr unsigned kPartitionBits = 8;
    static constexpr unsigned kPartitions = 1u << kPartitionBits;

    // Returns the index of `id`, adding it when it is new. `hash` must be hash_of(id); `key` must
    // be key_of(hash_of(id)): the table needs only these 4 bytes (its partition, slot and tag), so
    // the Reader stages them beside the id instead of hashing every id twice.
    uint32_t intern(std::string_view id) { return intern_key(id, key_of(hash_of(id))); }
    uint32_t intern(std::string_view id, uint64_t hash) { return intern_key(id, key_of(hash)); }
    uint32_t intern_key(std::string_view id, uint32_t key) { return intern_key(id.data(), id.size(), key); }
    // The same with the id as pointer and size: in wasm a string_view argument goes through memory
    // (two 4-byte stores read back as one 8-byte load, a stalled store forward), once per row.
    // An id seen before (most rows) is found inline; a new one is added by add_key().
    [[gnu::always_inline]] uint32_t intern_key(const char* id, size_t size, uint32_t key);
    // Returns the index of `id` or UINT32_MAX when it was never interned.
    uint32_t find(std::string_view id) const;

    static uint64_t hash_of(std::string_view s) { return hash_of(s.data(), s.size()); }
    static uint64_t hash_of(const char* p, size_t n);  // inline below: it runs once per row
    static unsigned partition_of(uint64_t hash) { return static_cast<unsigned>(hash >> (64 - kPartitionBits)); }
    static uint32_t key_of(uint64_t hash) { return static_cast<uint32_t>(hash >> 32); }

    size_t size() const { return offsets_.empty() ? 0 : offsets_.size() - 1; }
    std::string_view name(uint32_t index) const {
        return std::string_view(arena_.data() + offsets_[index], offsets_[index + 1] - offsets_[index]);
    }
    // Room for `ids` ids with `text_bytes` of text in all, the hash tables included: each sized at
    // once for its share (the hash spreads ids evenly), so no table doubles and rehashes while the
    // log is built, and no outgrown tables are left behind as holes in the heap.
    void reserve(size_t ids, size_t text_bytes);
    // Only the room for the ids and their text, the hash tables left to grow as ids come: for ids
    // that come in no partition order (a summary file's lines), each table is first used within
    // the first few thousand ids, and tables made at their full size then were all filled at
    // once (128 MB at 10M ids: the first read step took 0.1 s); grown, their rehashes are spread.
    void reserve_text(size_t ids, size_t text_bytes);
    // Frees the hash tables (16 MB at 1M ids), which only intern() and find() use: once a log is
    // built its ids are reached by index. The next find() or intern() rebuilds them. The Reader
    // calls this when the log is complete, so that the summary's scratch reuses the memory.
    void release_lookup();
    size_t memory_bytes() const;
    void clear();

private:
    struct Slot {
        uint32_t tag = 0;             // key_of(hash): most mismatches end here; its low bits are the slot
        uint32_t index = UINT32_MAX;  // UINT32_MAX marks an empty slot
    };
    struct Table {
        std::vector<Slot> slots;
        uint32_t count = 0;
        size_t reserved = 0;  // slots reserved (capacity) for the first id, see reserve()
    };
    // intern_key's rest: the tables made or rebuilt, the table grown, `id` added.
    uint32_t add_key(const char* id, size_t size, uint32_t key);
    void grow(Table& t);
    static size_t slots_for(size_t ids);  // a power of two that holds `ids` under the load limit
    void rebuild_lookup() const;

    // kPartitions once anything is interned; empty after release_lookup() (then rebuilt on demand,
    // hence mutable: find() is logically const).
    mutable std::vector<Table> tables_;
    std::vector<char> arena_;
    std::vector<uint32_t> offsets_;  // size()+1 entries once non-empty
};

// A table is chosen by the key's top bits (the partition), a slot by its low bits: tables hold
// far fewer than 2^24 slots, so the two never overlap. An empty slot ends the probe: the id is new
// (or the table is not made yet) and add_key() probes again after any growth.
[[gnu::always_inline]] inline uint32_t IdInterner::intern_key(const char* id, size_t size, uint32_t key) {
    if (tables_.empty()) return add_key(id, size, key);
    const Table& t = tables_[key >> (32 - kPartitionBits)];
    const Slot* const slots = t.slots.data();
    const size_t mask = t.slots.size() - 1;
    if (t.slots.empty()) return add_key(id, size, key);
    const uint32_t* const offsets = offsets_.data();
    const char* const arena = arena_.data();
    for (size_t i = key & mask;; i = (i + 1) & mask) {
        const Slot s = slots[i];
        if (s.index == UINT32_MAX) return add_key(id, size, key);
        if (s.tag != key) continue;
        // Ids are short: a byte loop costs less than the call to memcmp that string_view's ==
        // makes, once per row while the log is built.
        const uint32_t begin = offsets[s.index];
        if (offsets[s.index + 1] - begin != size) continue;
        const char* const stored = arena + begin;
        size_t k = 0;
        while (k < size && stored[k] == id[k]) ++k;
        if (k == size) return s.index;
    }
}

inline uint64_t IdInterner::hash_of(const char* p, size_t n) {
    // Eight bytes at a time with a multiply-xorshift mix, then a murmur-style finaliser so that
    // sequential ids ("00001", "00002", ...) spread over partitions and slots. Little-endian loads
    // on both targets (x86-64, wasm32), so a file hashes the same natively and in the browser.
    // Short ids (most are) take one word built from at most two overlapping loads: no loop and no
    // variable-length memcpy, which becomes a library call in wasm.
    constexpr uint64_t k = 0x9E3779B97F4A7C15ull;
    uint64_t h = k ^ (n * 0xff51afd7ed558ccdull);
    auto load32 = [](const char* q) {
        uint32_t v;
        std::memcpy(&v, q, 4);
        return static_cast<uint64_t>(v);
    };
    auto mix = [&](uint64_t w) {
        h = (h ^ w) * k;
        h ^= h >> 29;
    };
    if (n >= 8) {
        size_t i = 0;
        for (; i + 8 <= n; i += 8) {
            uint64_t w;
            std::memcpy(&w, p + i, 8);
            mix(w);
        }
        if (i < n) {  // the last 8 bytes, overlapping the previous word
            uint64_t w;
            std::memcpy(&w, p + n - 8, 8);
            mix(w);
        }
    } else if (n >= 4) {
        mix(load32(p) | (load32(p + n - 4) << 32));  // same length, same first and last 4 bytes: same id
    } else if (n > 0) {
        const auto b = [&](size_t i) { return static_cast<uint64_t>(static_cast<unsigned char>(p[i])); };
        mix(b(0) | (b(n / 2) << 8) | (b(n - 1) << 16));
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h;
}

}  // namespace clv
