// The columnar result of reading an order file: one entry per accepted data line.
// Columns rather than a struct per row keep a row at 4 + 4 + 8 (+ 4) bytes, so a 10M-row file
// fits comfortably in a browser tab, and each later stage touches only the columns it needs.
#pragma once
#include <cstdint>
#include <vector>

#include "ingest/id_interner.hpp"
#include "util/civil_date.hpp"

namespace clv {

struct TransactionLog {
    IdInterner customers;            // customer id text <-> dense customer index
    std::vector<uint32_t> customer;  // per row: customer index
    std::vector<DayNumber> day;      // per row: purchase day
    std::vector<double> amount;      // per row: order value (may be negative for returns)

    size_t rows() const { return customer.size(); }
    void add(uint32_t c, DayNumber d, double a) {
        customer.push_back(c);
        day.push_back(d);
        amount.push_back(a);
    }
    void clear() {
        customers.clear();
        customer.clear();
        day.clear();
        amount.clear();
    }
};

}  // namespace clv
