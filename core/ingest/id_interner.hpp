// Maps customer (or order) id strings to dense indices 0, 1, 2, ...
// Open addressing with linear probing, split into 256 small tables chosen by the top bits of the
// id's hash. With a million distinct ids one flat table is bound by memory latency (a cache miss
// per row, see ../shared/notes/PERF.md); the Reader therefore stages rows by the same partition
// and interns one partition at a time, so the table in use (and the ids it points at, which are
// numbered contiguously per partition) stays in cache. Id text lives in one arena, not a string per id.
#pragma once
#include <cstdint>
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
    uint32_t intern_key(std::string_view id, uint32_t key);
    // Returns the index of `id` or UINT32_MAX when it was never interned.
    uint32_t find(std::string_view id) const;

    static uint64_t hash_of(std::string_view s);
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
    };
    void grow(Table& t);
    static size_t slots_for(size_t ids);  // a power of two that holds `ids` under the load limit
    void rebuild_lookup() const;

    // kPartitions once anything is interned; empty after release_lookup() (then rebuilt on demand,
    // hence mutable: find() is logically const).
    mutable std::vector<Table> tables_;
    std::vector<char> arena_;
    std::vector<uint32_t> offsets_;  // size()+1 entries once non-empty
};

}  // namespace clv
