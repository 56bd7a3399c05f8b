// Maps customer (or order) id strings to dense indices 0, 1, 2, ... in order of first sight.
// Open addressing with linear probing over one flat table: at a million distinct ids the
// aggregation is bound by memory latency, and this layout beats std::unordered_map about 3×
// (see ../shared/notes/PERF.md). Id text lives in one growing arena, not a string per id.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace clv {

class IdInterner {
public:
    // Returns the index of `id`, adding it when it is new.
    uint32_t intern(std::string_view id);
    // Returns the index of `id` or UINT32_MAX when it was never interned.
    uint32_t find(std::string_view id) const;

    size_t size() const { return offsets_.empty() ? 0 : offsets_.size() - 1; }
    std::string_view name(uint32_t index) const {
        return std::string_view(arena_.data() + offsets_[index], offsets_[index + 1] - offsets_[index]);
    }
    size_t memory_bytes() const;
    void clear();

private:
    struct Slot {
        uint64_t hash = 0;
        uint32_t index = UINT32_MAX;  // UINT32_MAX marks an empty slot
    };
    static uint64_t hash_of(std::string_view s);
    void grow();

    std::vector<Slot> slots_;
    std::vector<char> arena_;
    std::vector<uint32_t> offsets_;  // size()+1 entries once non-empty
};

}  // namespace clv
