// Parsed rows waiting to be interned, partitioned by the customer id's hash (the same top bits
// IdInterner uses for its tables). Parsing appends here in file order at streaming speed; at the
// end each partition is drained on its own, so interning and grouping touch only cache-sized
// tables instead of jumping around a million-entry one for every row.
// A row costs 17 bytes plus its id (+ 1 and the order id text with orders, + 2 with channels);
// storage is a list of blocks per partition (no doubling vector that would briefly need twice the
// memory). Draining reads a partition; the blocks are all freed together by release(), once the
// whole log is built: freed one by one they would be refilled by the id tables and the log's
// scratch, leaving holes too small for anything large, whereas freed together they are one free
// region (in wasm memory never shrinks, so that region is what the summary can use without
// growing the heap; reserve_region() makes it large enough).
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

#include "ingest/id_interner.hpp"
#include "util/civil_date.hpp"

namespace clv {

// A return is a row with a negative amount (-0.0 for a return worth nothing): the sign bit is the
// flag, which saves a byte per row. Purchases are stored with +0.0 at least.
struct StagedRow {
    DayNumber day = 0;
    double amount = 0;
    std::string_view id, order;  // at most 255 bytes each
    uint32_t id_key = 0;         // IdInterner::key_of(hash_of(id)): computed once, when parsing
    uint16_t channel = 0;        // code into the Reader's channel dictionary (0: none)
    // At least 8 bytes can be read from id.data() (the id lies inside a longer line): an id of at
    // most 8 bytes is then copied with one fixed 8-byte move instead of a variable-length memcpy,
    // which is a library call per row in wasm.
    bool id_readable8 = false;
};

class RowPartitions {
public:
    explicit RowPartitions(bool with_orders = false, bool with_channels = false)
        : parts_(IdInterner::kPartitions), ends_(IdInterner::kPartitions), with_orders_(with_orders),
          with_channels_(with_channels), header_(kHeader + with_orders + 2 * with_channels) {}

    // Once per staged line; always inlined, so the row's fields stay in registers instead of
    // being passed through memory (the wasm32 ABI passes a struct by address).
    [[gnu::always_inline]] void add(unsigned partition, const StagedRow& row);
    uint64_t rows() const { return rows_; }
    uint64_t rows_in(unsigned partition) const { return ends_[partition].rows; }
    uint64_t id_bytes() const { return id_bytes_; }
    size_t memory_bytes() const { return bytes_ + region_size_; }

    // Calls f(const StagedRow&) for every row of the partition in the order added.
    template <class F>
    void visit(unsigned partition, F&& f) const;
    // visit(), then the partition counts as empty (its memory stays until release()).
    template <class F>
    void drain(unsigned partition, F&& f) {
        visit(partition, f);
        rows_ -= ends_[partition].rows;
        ends_[partition].rows = 0;
    }
    // Allocates (without touching it) room after the blocks so that, once released together with
    // them, they leave a free region of at least `bytes`.
    void reserve_region(size_t bytes) {
        if (bytes <= bytes_) return;
        region_size_ = bytes - bytes_;
        region_.reset(new char[region_size_]);
    }
    // Frees every block and the reserved room.
    void release() {
        for (Part& part : parts_) std::vector<Block>().swap(part.blocks);
        std::fill(ends_.begin(), ends_.end(), End{});
        region_.reset();
        bytes_ = region_size_ = 0;
        rows_ = id_bytes_ = 0;
    }

private:
    // id length, day, amount, id key; then the order id's length with orders, the channel code with channels
    static constexpr size_t kHeader = 1 + 4 + 8 + 4;
    static constexpr size_t kMaxBlock = 64 << 10;
    struct Block {
        std::unique_ptr<char[]> data;
        size_t used = 0, size = 0;  // `used` is final once a later block follows; see End for the last
    };
    struct Part {
        std::vector<Block> blocks;
    };
    // Where the next row of a partition goes, and its row count, in a flat array: adding a row
    // touches one small entry instead of walking partition → block list → last block (three
    // dependent loads per row).
    struct End {
        char* at = nullptr;
        char* limit = nullptr;
        uint64_t rows = 0;
    };
    void new_block(unsigned partition, size_t need);
    size_t used_in(const Part& part, unsigned partition, size_t block) const {
        return block + 1 == part.blocks.size() ? static_cast<size_t>(ends_[partition].at - part.blocks[block].data.get())
                                               : part.blocks[block].used;
    }
    std::vector<Part> parts_;
    std::vector<End> ends_;
    uint64_t rows_ = 0, id_bytes_ = 0;
    size_t bytes_ = 0;
    std::unique_ptr<char[]> region_;  // reserve_region(): never written
    size_t region_size_ = 0;
    bool with_orders_ = false, with_channels_ = false;
    size_t header_ = kHeader;  // bytes before the id text
};

inline void RowPartitions::new_block(unsigned partition, size_t need) {
    Part& part = parts_[partition];
    End& end = ends_[partition];
    if (!part.blocks.empty()) part.blocks.back().used = static_cast<size_t>(end.at - part.blocks.back().data.get());
    // Blocks start small (a small file should not reserve 256 × 64 KiB) and double up to 64 KiB.
    const size_t size = std::max(need + 8, part.blocks.empty() ? size_t{512} : std::min(kMaxBlock, part.blocks.back().size * 2));
    part.blocks.push_back(Block{std::unique_ptr<char[]>(new char[size]), 0, size});
    bytes_ += size;
    end.at = part.blocks.back().data.get();
    end.limit = end.at + size;
}

[[gnu::always_inline]] inline void RowPartitions::add(unsigned partition, const StagedRow& row) {
    const size_t header = header_;
    const size_t id_len = row.id.size();
    const size_t need = header + id_len + (with_orders_ ? row.order.size() : 0);
    // 8 bytes of slack: a short id is copied with a fixed 8-byte store that may write past `need`.
    if (static_cast<size_t>(ends_[partition].limit - ends_[partition].at) < need + 8) new_block(partition, need);
    char* const p = ends_[partition].at;
    p[0] = static_cast<char>(id_len);
    std::memcpy(p + 1, &row.day, 4);
    std::memcpy(p + 5, &row.amount, 8);
    std::memcpy(p + 13, &row.id_key, 4);
    if (row.id_readable8 && id_len <= 8) std::memcpy(p + header, row.id.data(), 8);
    else std::memcpy(p + header, row.id.data(), id_len);
    if (with_channels_) std::memcpy(p + kHeader + with_orders_, &row.channel, 2);
    if (with_orders_) {
        p[kHeader] = static_cast<char>(row.order.size());
        if (!row.order.empty()) std::memcpy(p + header + id_len, row.order.data(), row.order.size());
    }
    ends_[partition].at = p + need;
    ++ends_[partition].rows;
    ++rows_;
    id_bytes_ += id_len;
}

template <class F>
void RowPartitions::visit(unsigned partition, F&& f) const {
    const Part& part = parts_[partition];
    for (size_t i = 0; i < part.blocks.size(); ++i) {
        const char* p = part.blocks[i].data.get();
        const char* const end = p + used_in(part, partition, i);
        while (p < end) {
            StagedRow row;
            const size_t id_len = static_cast<uint8_t>(p[0]);
            const size_t order_len = with_orders_ ? static_cast<uint8_t>(p[kHeader]) : 0;
            const size_t header = header_;
            std::memcpy(&row.day, p + 1, 4);
            if (with_channels_) std::memcpy(&row.channel, p + kHeader + with_orders_, 2);
            std::memcpy(&row.amount, p + 5, 8);
            std::memcpy(&row.id_key, p + 13, 4);
            row.id = std::string_view(p + header, id_len);
            row.order = std::string_view(p + header + id_len, order_len);
            f(row);
            p += header + id_len + order_len;
        }
    }
}

}  // namespace clv
