// IdInterner: tables sized up front by reserve(), freed by release_lookup() and rebuilt on demand.
// Every check compares against a std::map of the same ids, not against the interner itself.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "ingest/id_interner.hpp"

namespace clv {
namespace {

// Ids of several shapes: numbers, zero-padded numbers, text, long text (the hash's word loop).
std::string id_of(int k) {
    switch (k % 4) {
        case 0: return std::to_string(k * 7919);
        case 1: return "000" + std::to_string(k);
        case 2: return "cust-" + std::to_string(k);
        default: return "a-rather-long-customer-identifier-" + std::to_string(k);
    }
}

TEST(IdInterner, FindAndInternAgreeWithAMapAfterReleaseAndWithReservedTables) {
    constexpr int kIds = 20000;
    for (const size_t reserved : {size_t{0}, size_t{100}, size_t{kIds}}) {  // none, too small (tables grow), enough
        IdInterner names;
        names.reserve(reserved, reserved * 8);
        std::map<std::string, uint32_t> expect;
        for (int k = 0; k < 3 * kIds; ++k) {  // every id three times, interleaved
            const std::string id = id_of(k % kIds);
            const uint32_t index = names.intern(id);
            const auto [it, added] = expect.emplace(id, static_cast<uint32_t>(expect.size()));
            ASSERT_EQ(index, it->second) << id << " reserved " << reserved;
        }
        ASSERT_EQ(names.size(), expect.size());
        const size_t with_tables = names.memory_bytes();
        names.release_lookup();
        EXPECT_LT(names.memory_bytes(), with_tables);
        // find() rebuilds the tables: every id is found at its index, others are not.
        for (const auto& [id, index] : expect) ASSERT_EQ(names.find(id), index) << id;
        EXPECT_EQ(names.find("not-an-id"), UINT32_MAX);
        EXPECT_EQ(names.find(""), UINT32_MAX);
        // intern() after a release keeps the old indices and numbers new ids after them.
        names.release_lookup();
        EXPECT_EQ(names.intern(id_of(5)), expect[id_of(5)]);
        EXPECT_EQ(names.intern("brand-new"), static_cast<uint32_t>(expect.size()));
        EXPECT_EQ(names.find("brand-new"), static_cast<uint32_t>(expect.size()));
        for (int k = 0; k < kIds; k += 97) EXPECT_EQ(names.name(expect[id_of(k)]), id_of(k));
    }
}

TEST(IdInterner, AnEmptyInternerFindsNothingBeforeAndAfterRelease) {
    IdInterner names;
    EXPECT_EQ(names.find("x"), UINT32_MAX);
    names.release_lookup();
    EXPECT_EQ(names.find("x"), UINT32_MAX);
    EXPECT_EQ(names.intern("x"), 0u);
    EXPECT_EQ(names.find("x"), 0u);
}

}  // namespace
}  // namespace clv
