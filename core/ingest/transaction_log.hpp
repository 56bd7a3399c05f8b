// The columnar result of reading an order file: one entry per purchase line, plus the returns.
// Columns rather than a struct per row keep a purchase at 4 + 4 + 8 (+ 4 with order ids, + 2 with
// channels) bytes,
// so a 10M-row file fits comfortably in a browser tab, and each later stage touches only the
// columns it needs.
// After Reader::finish the rows are grouped by customer (customer indices ascending, days
// ascending within a customer), which lets summarise() walk them in order without sorting; the
// file's own row order is not kept (the rejections carry line numbers).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "ingest/id_interner.hpp"
#include "util/civil_date.hpp"

namespace clv {

// A return or cancellation line: not a purchase occasion, but reported per customer.
struct ReturnRow {
    uint32_t customer = 0;
    DayNumber day = 0;
    double amount = 0;  // negative: the value given back
};

struct TransactionLog {
    IdInterner customers;            // customer id text <-> dense customer index
    std::vector<uint32_t> customer;  // per purchase row: customer index
    std::vector<DayNumber> day;      // per purchase row: purchase day
    std::vector<double> amount;      // per purchase row: line value (> 0)
    IdInterner orders;               // order / invoice ids, when the file has them
    std::vector<uint32_t> order;     // per purchase row, when the file has order ids; else empty
    std::vector<ReturnRow> returns;  // returns and cancellations (negative amounts, "C" invoices, status)
    // Sales channel of each purchase, when the file has a channel column (渠道/来源/source/...):
    // channel[r] is a code into channel_names, whose entry 0 is "" (the line named none). Both are
    // empty when the file has no channel column. A handful of names, so a dictionary, not an IdInterner.
    std::vector<std::string> channel_names;
    std::vector<uint16_t> channel;

    bool has_channels() const { return !channel_names.empty(); }

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
        orders.clear();
        order.clear();
        returns.clear();
        channel_names.clear();
        channel.clear();
    }
    size_t memory_bytes() const {
        return customers.memory_bytes() + orders.memory_bytes() + customer.capacity() * 4 + day.capacity() * 4 +
               amount.capacity() * 8 + order.capacity() * 4 + returns.capacity() * sizeof(ReturnRow) +
               channel.capacity() * 2;
    }
};

}  // namespace clv
