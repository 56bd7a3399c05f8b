#include "ingest/id_interner.hpp"

#include <cstring>

namespace clv {

// The table and slot are chosen as in intern_key (id_interner.hpp).
uint32_t IdInterner::find(std::string_view id) const {
    if (size() == 0) return UINT32_MAX;
    if (tables_.empty()) rebuild_lookup();
    const uint32_t key = key_of(hash_of(id));
    const Table& t = tables_[key >> (32 - kPartitionBits)];
    if (t.slots.empty()) return UINT32_MAX;
    const size_t mask = t.slots.size() - 1;
    for (size_t i = key & mask;; i = (i + 1) & mask) {
        const Slot& s = t.slots[i];
        if (s.index == UINT32_MAX) return UINT32_MAX;
        if (s.tag == key && name(s.index) == id) return s.index;
    }
}

uint32_t IdInterner::add_key(const char* id_data, size_t id_size, uint32_t key) {
    const std::string_view id(id_data, id_size);
    if (tables_.empty()) {
        if (size() > 0) rebuild_lookup();
        else tables_.resize(kPartitions);
    }
    Table& t = tables_[key >> (32 - kPartitionBits)];
    if (t.slots.empty() && t.reserved > 0) t.slots.assign(t.reserved, Slot{});  // see reserve()
    if ((t.count + 1) * 4 >= t.slots.size() * 3) grow(t);  // keep the load factor under 3/4
    const size_t mask = t.slots.size() - 1;
    for (size_t i = key & mask;; i = (i + 1) & mask) {
        Slot& s = t.slots[i];
        if (s.index == UINT32_MAX) {
            const auto index = static_cast<uint32_t>(size());
            if (offsets_.empty()) offsets_.push_back(0);
            arena_.insert(arena_.end(), id.begin(), id.end());
            offsets_.push_back(static_cast<uint32_t>(arena_.size()));
            s.tag = key;
            s.index = index;
            ++t.count;
            return index;
        }
        if (s.tag == key && name(s.index) == id) return s.index;  // made or rebuilt just now
    }
}

void IdInterner::grow(Table& t) {
    std::vector<Slot> old;
    old.swap(t.slots);
    t.slots.assign(old.empty() ? 16 : old.size() * 2, Slot{});
    const size_t mask = t.slots.size() - 1;
    for (const Slot& s : old) {
        if (s.index == UINT32_MAX) continue;
        size_t i = s.tag & mask;  // the tag is the whole key: no need to hash the name again
        while (t.slots[i].index != UINT32_MAX) i = (i + 1) & mask;
        t.slots[i] = s;
    }
}

size_t IdInterner::slots_for(size_t ids) {
    size_t slots = 16;
    while ((ids + 1) * 4 >= slots * 3) slots *= 2;  // the load limit of intern_key: under 3/4
    return slots;
}

void IdInterner::reserve_text(size_t ids, size_t text_bytes) {
    offsets_.reserve(ids + 1);
    arena_.reserve(text_bytes);
}

void IdInterner::reserve(size_t ids, size_t text_bytes) {
    reserve_text(ids, text_bytes);
    if (ids == 0) return;
    if (tables_.empty()) {
        if (size() > 0) rebuild_lookup();
        else tables_.resize(kPartitions);
    }
    // A table's share varies by about its square root: 1/16 more, and a few, keeps nearly all of
    // them from growing; one that does still grows as before.
    const size_t share = ids / kPartitions;
    const size_t slots = slots_for(share + share / 16 + 8);
    // An empty table gets its memory now but is filled on its first id: written just before the
    // Reader interns its partition, it is then in cache (filled here, 16 MB at 1M ids, each table
    // was evicted again long before its turn, and every first probe of a slot missed the cache).
    for (Table& t : tables_)
        if (t.slots.size() < slots) {
            if (t.count == 0) {
                t.slots.clear();
                t.slots.reserve(slots);
                t.reserved = slots;
            } else {
                while (t.slots.size() < slots) grow(t);
            }
        }
}

void IdInterner::release_lookup() {
    std::vector<Table>().swap(tables_);
}

// Every id hashed again into tables sized for them (after release_lookup()).
void IdInterner::rebuild_lookup() const {
    tables_.assign(kPartitions, Table{});
    std::vector<uint32_t> share(kPartitions, 0);
    std::vector<uint32_t> keys(size());
    for (uint32_t i = 0; i < keys.size(); ++i) {
        keys[i] = key_of(hash_of(name(i)));
        ++share[keys[i] >> (32 - kPartitionBits)];
    }
    for (unsigned p = 0; p < kPartitions; ++p) tables_[p].slots.assign(slots_for(share[p]), Slot{});
    for (uint32_t i = 0; i < keys.size(); ++i) {
        Table& t = tables_[keys[i] >> (32 - kPartitionBits)];
        const size_t mask = t.slots.size() - 1;
        size_t s = keys[i] & mask;
        while (t.slots[s].index != UINT32_MAX) s = (s + 1) & mask;
        t.slots[s] = Slot{keys[i], i};
        ++t.count;
    }
}

size_t IdInterner::memory_bytes() const {
    size_t slots = 0;
    for (const Table& t : tables_) slots += t.slots.capacity() * sizeof(Slot);
    return slots + tables_.capacity() * sizeof(Table) + arena_.capacity() + offsets_.capacity() * sizeof(uint32_t);
}

void IdInterner::clear() {
    tables_.clear();
    arena_.clear();
    offsets_.clear();
}

}  // namespace clv
