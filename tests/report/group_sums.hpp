// Shared by the report tests: customers summed over a Report's groups (segments, classes, tiers,
// stages), which must add up to all customers.
#pragma once
#include <cstddef>
#include <cstdint>

#include "report/report.hpp"

namespace clv::testing {

template <size_t N>
uint64_t sum_customers(const GroupValue (&groups)[N]) {
    uint64_t s = 0;
    for (const GroupValue& g : groups) s += g.customers;
    return s;
}

}  // namespace clv::testing
