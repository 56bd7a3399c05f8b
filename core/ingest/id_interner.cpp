#include "ingest/id_interner.hpp"

#include <cstring>

namespace clv {

uint64_t IdInterner::hash_of(std::string_view s) {
    // FNV-1a over the bytes, then a murmur-style finaliser so that sequential ids
    // ("00001", "00002", ...) spread over the table.
    uint64_t h = 1469598103934665603ull;
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h;
}

uint32_t IdInterner::find(std::string_view id) const {
    if (slots_.empty()) return UINT32_MAX;
    const uint64_t h = hash_of(id);
    const size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        const Slot& s = slots_[i];
        if (s.index == UINT32_MAX) return UINT32_MAX;
        if (s.hash == h && name(s.index) == id) return s.index;
    }
}

uint32_t IdInterner::intern(std::string_view id) {
    if ((size() + 1) * 4 >= slots_.size() * 3) grow();  // keep the load factor under 3/4
    const uint64_t h = hash_of(id);
    const size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        Slot& s = slots_[i];
        if (s.index == UINT32_MAX) {
            const auto index = static_cast<uint32_t>(size());
            if (offsets_.empty()) offsets_.push_back(0);
            arena_.insert(arena_.end(), id.begin(), id.end());
            offsets_.push_back(static_cast<uint32_t>(arena_.size()));
            s.hash = h;
            s.index = index;
            return index;
        }
        if (s.hash == h && name(s.index) == id) return s.index;
    }
}

void IdInterner::grow() {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
    const size_t mask = slots_.size() - 1;
    for (const Slot& s : old) {
        if (s.index == UINT32_MAX) continue;
        size_t i = s.hash & mask;
        while (slots_[i].index != UINT32_MAX) i = (i + 1) & mask;
        slots_[i] = s;
    }
}

size_t IdInterner::memory_bytes() const {
    return slots_.capacity() * sizeof(Slot) + arena_.capacity() + offsets_.capacity() * sizeof(uint32_t);
}

void IdInterner::clear() {
    slots_.clear();
    arena_.clear();
    offsets_.clear();
}

}  // namespace clv
