// Per-customer summary. The Reader hands over its log grouped by customer and ordered by day, so
// the common path is one sequential walk; any other log (built by hand, or by another source)
// is first grouped with a counting sort. The final order by id uses numeric keys when every id
// is a number, which avoids a million string comparisons through the id arena.
#include "summary/customers.hpp"

#include <algorithm>
#include <limits>

namespace clv {

const char* time_unit_name(TimeUnit u) { return u == TimeUnit::week ? "week" : "day"; }

namespace {
bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}
std::string_view strip_zeros(std::string_view s) {
    while (s.size() > 1 && s.front() == '0') s.remove_prefix(1);
    return s;
}
}  // namespace

bool id_less(std::string_view a, std::string_view b) {
    if (all_digits(a) && all_digits(b)) {
        const std::string_view x = strip_zeros(a), y = strip_zeros(b);
        if (x.size() != y.size()) return x.size() < y.size();
        if (x != y) return x < y;
    }
    return a < b;
}

namespace {

struct RunContext {
    DayNumber end;
    double unit;
};

// One customer's rows, ordered by day → one CustomerRow. The caller skips customers whose first
// purchase is after the calibration end.
void summarise_run(uint32_t c, const DayNumber* day, const double* amount, size_t n, const RunContext& ctx,
                   CustomerRow& row) {
    row = CustomerRow();
    row.customer = c;
    row.first_day = day[0];
    double repeat_value = 0;
    for (size_t i = 0; i < n;) {
        // One purchase day: all rows of that day together.
        const DayNumber d = day[i];
        double day_value = 0;
        uint32_t lines = 0;
        for (; i < n && day[i] == d; ++i, ++lines) day_value += amount[i];
        if (d <= ctx.end) {
            if (row.purchase_days > 0) repeat_value += day_value;
            ++row.purchase_days;
            row.transactions += lines;
            row.total_value += day_value;
            row.last_day = d;
        } else {
            ++row.holdout_purchases;
            row.holdout_value += day_value;
        }
    }
    row.x = row.purchase_days - 1;
    row.t_x = (row.last_day - row.first_day) / ctx.unit;
    row.T = (ctx.end - row.first_day) / ctx.unit;
    row.monetary_value = row.x > 0 ? repeat_value / row.x : 0.0;
}

bool grouped_by_customer_and_day(const TransactionLog& log) {
    for (size_t r = 1; r < log.rows(); ++r) {
        const uint32_t a = log.customer[r - 1], b = log.customer[r];
        if (b < a || (b == a && log.day[r] < log.day[r - 1])) return false;
    }
    return true;
}

// Customer indices in id order. Numeric ids (up to 19 digits) are sorted on their value with an
// LSD radix sort (two or three passes for a million ids instead of twenty comparison rounds that
// each chase two pointers into the id arena); equal values ("007", "7") then fall back to text.
std::vector<uint32_t> customers_in_id_order(const TransactionLog& log) {
    const auto n = static_cast<uint32_t>(log.customers.size());
    std::vector<uint32_t> order(n);
    for (uint32_t c = 0; c < n; ++c) order[c] = c;
    struct Key {
        uint64_t value;
        uint32_t customer;
    };
    std::vector<Key> keys(n);
    uint64_t max_value = 0;
    for (uint32_t c = 0; c < n; ++c) {
        const std::string_view s = log.customers.name(c);
        const std::string_view digits = strip_zeros(s);
        if (!all_digits(s) || digits.size() > 19) {
            keys.clear();
            std::sort(order.begin(), order.end(),
                      [&](uint32_t a, uint32_t b) { return id_less(log.customers.name(a), log.customers.name(b)); });
            return order;
        }
        uint64_t v = 0;
        for (char ch : digits) v = v * 10 + static_cast<uint64_t>(ch - '0');
        keys[c] = Key{v, c};
        max_value = std::max(max_value, v);
    }
    std::vector<Key> other(n);
    constexpr unsigned kBits = 11, kBuckets = 1u << kBits;
    for (unsigned shift = 0; shift < 64 && (max_value >> shift) != 0; shift += kBits) {
        uint32_t count[kBuckets + 1] = {};
        for (const Key& k : keys) ++count[((k.value >> shift) & (kBuckets - 1)) + 1];
        for (unsigned b = 0; b < kBuckets; ++b) count[b + 1] += count[b];
        for (const Key& k : keys) other[count[(k.value >> shift) & (kBuckets - 1)]++] = k;
        keys.swap(other);
    }
    for (uint32_t i = 0; i < n;) {
        uint32_t j = i + 1;
        while (j < n && keys[j].value == keys[i].value) ++j;
        if (j - i > 1)
            std::sort(keys.begin() + i, keys.begin() + j, [&](const Key& a, const Key& b) {
                return log.customers.name(a.customer) < log.customers.name(b.customer);
            });
        i = j;
    }
    for (uint32_t i = 0; i < n; ++i) order[i] = keys[i].customer;
    return order;
}

}  // namespace

Customers summarise(const TransactionLog& log, const SummaryOptions& options) {
    Customers out;
    out.unit = options.unit;
    const size_t n_rows = log.rows();
    const size_t n_customers = log.customers.size();
    if (n_rows == 0) return out;
    const auto [lo, hi] = std::minmax_element(log.day.begin(), log.day.end());
    out.first_day_in_data = *lo;
    out.last_day_in_data = *hi;
    out.calibration_end = options.calibration_end.value_or(*hi);
    const RunContext ctx{out.calibration_end, days_per_unit(options.unit)};

    // start[c] .. start[c + 1]: customer c's rows, in `day` / `amount` ordered by day.
    std::vector<uint32_t> start(n_customers + 1, 0);
    for (uint32_t c : log.customer) ++start[c + 1];
    for (size_t c = 0; c < n_customers; ++c) start[c + 1] += start[c];
    const DayNumber* day = log.day.data();
    const double* amount = log.amount.data();
    std::vector<DayNumber> sorted_day;
    std::vector<double> sorted_amount;
    if (!grouped_by_customer_and_day(log)) {
        // Counting sort of the rows by customer, then each customer's rows by day (stable, so
        // lines of one day keep their order and sums do not depend on it).
        struct DayAmount {
            DayNumber day;
            double amount;
        };
        std::vector<DayAmount> sorted(n_rows);
        {
            std::vector<uint32_t> cursor(start.begin(), start.end() - 1);
            for (size_t r = 0; r < n_rows; ++r) sorted[cursor[log.customer[r]]++] = DayAmount{log.day[r], log.amount[r]};
        }
        for (size_t c = 0; c < n_customers; ++c)
            std::stable_sort(sorted.begin() + start[c], sorted.begin() + start[c + 1],
                             [](const DayAmount& p, const DayAmount& q) { return p.day < q.day; });
        sorted_day.resize(n_rows);
        sorted_amount.resize(n_rows);
        for (size_t r = 0; r < n_rows; ++r) sorted_day[r] = sorted[r].day, sorted_amount[r] = sorted[r].amount;
        day = sorted_day.data();
        amount = sorted_amount.data();
    }
    // Each customer's place in the output (id order), then one sequential walk over the runs that
    // writes every row straight to its place: reading in order and scattering the writes is far
    // cheaper than visiting the customers in id order (three dependent cache misses each) or
    // sorting the finished 80-byte rows.
    std::vector<uint32_t> rank = customers_in_id_order(log);  // before the rows: its sort keys are freed by then
    {
        std::vector<uint8_t> included(n_customers, 0);
        for (size_t c = 0; c < n_customers; ++c) {
            // A customer with returns only has no run; one who first bought after the end is not summarised.
            if (start[c] == start[c + 1]) continue;
            if (day[start[c]] > ctx.end) ++out.customers_after_calibration;
            else included[c] = 1;
        }
        std::vector<uint32_t> place(n_customers, UINT32_MAX);
        uint32_t k = 0;
        for (uint32_t c : rank)
            if (included[c]) place[c] = k++;
        rank.swap(place);
        out.rows.resize(k);
    }
    for (uint32_t c = 0; c < n_customers; ++c)
        if (rank[c] != UINT32_MAX)
            summarise_run(c, day + start[c], amount + start[c], start[c + 1] - start[c], ctx, out.rows[rank[c]]);
    return out;
}

const CustomerRow* Customers::find(const TransactionLog& log, std::string_view id) const {
    const uint32_t index = log.customers.find(id);
    if (index == UINT32_MAX) return nullptr;
    for (const CustomerRow& r : rows)
        if (r.customer == index) return &r;
    return nullptr;
}

}  // namespace clv
