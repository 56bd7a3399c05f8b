// Per-customer summary. The Reader hands over its log grouped by customer and ordered by day, so
// the common path is one sequential walk; any other log (built by hand, or by another source)
// is first grouped with a counting sort. The final order by id uses numeric keys when every id
// is a number, which avoids a million string comparisons through the id arena. SummaryBuilder
// does the work in resumable phases; summarise() runs them all at once.
#include "summary/customers.hpp"

#include <algorithm>
#include <limits>

#include "util/prefetch.hpp"

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
    // Whole numbers first, in numeric order; then text in byte order. (Comparing a number with
    // text as text made a cycle, 9 < 10 < 1a < 9, which no sort may be given.)
    const bool da = all_digits(a), db = all_digits(b);
    if (da != db) return da;
    if (da) {
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
// purchase is after the calibration end. `channel` is null when the log has no channels.
// Inlined into both walks: called once per customer, the call itself was a tenth of its cost.
// The row is built in a local and stored once at the end: `out` is a scattered place in a large
// array (id order), and reading a field of it back (`+=`) waited for its cache line each time,
// whereas a store alone does not stall (natively the walk spent most of its time there).
[[gnu::always_inline]] inline void summarise_run(uint32_t c, const DayNumber* day, const double* amount, const uint16_t* channel, size_t n,
                   const RunContext& ctx, CustomerRow& out) {
    CustomerRow row;
    row.customer = c;
    row.first_day = day[0];
    if (channel)
        for (size_t i = 0; i < n && day[i] == day[0]; ++i)
            if (channel[i] != 0) {
                row.acquisition_channel = channel[i];
                break;
            }
    double repeat_value = 0;
    for (size_t i = 0; i < n;) {
        // One purchase day: all rows of that day together.
        const DayNumber d = day[i];
        double day_value = 0;
        for (; i < n && day[i] == d; ++i) day_value += amount[i];
        if (d <= ctx.end) {
            if (row.purchase_days > 0) repeat_value += day_value;
            ++row.purchase_days;
            row.total_value += day_value;
            row.last_day = d;
        } else {
            ++row.holdout_purchases;
            row.holdout_value += day_value;
        }
    }
    row.t_x = (row.last_day - row.first_day) / ctx.unit;
    row.T = (ctx.end - row.first_day) / ctx.unit;
    row.monetary_value = row.purchase_days > 1 ? repeat_value / row.x() : 0.0;
    out = row;
}

// A customer id as a number for the radix sort: whole numbers up to 19 digits (leading zeros
// dropped); false for anything else.
// One pass (it runs once per customer): digits after the leading zeros are counted, and a value
// of more than 19 of them (which may have wrapped) is refused.
bool numeric_key(std::string_view s, uint64_t& value) {
    if (s.empty()) return false;
    uint64_t v = 0;
    size_t significant = 0;
    for (const char ch : s) {
        const unsigned d = static_cast<unsigned>(static_cast<unsigned char>(ch)) - '0';
        if (d > 9) return false;
        significant += significant > 0 || d != 0;
        v = v * 10 + d;
    }
    if (significant > 19) return false;
    value = v;
    return true;
}

}  // namespace

// The summary as a sequence of phases, each resumable at a cursor so that step() can stop after
// a budget of work:
//   scan    one walk over the log: day range, each customer's first day, whether it is grouped
//   group   only for a log not grouped by customer and day (built by hand): a counting sort
//   keys    each customer's id as a number packed with its index into 8 bytes, for the radix sort
//           (text ids, or numbers too large to pack: one comparison sort)
//   radix   LSD radix sort of the packed keys, 11 bits per pass; ties ("007", "7") by text after
//   place   each customer's place in the id-ordered output, and who is left out
//   walk    one sequential walk over the runs, each finished row written straight to its place:
//           reading in order and scattering the writes is far cheaper than visiting customers in
//           id order (three dependent cache misses each) or sorting the finished 64-byte rows.
// Memory: the rows (64 B per customer) are reserved first, then the scratch: rank (4 B), keys and
// other (8 B each, freed before the walk). So the rows and rank fit in one free region of 68 B per
// customer (kSummaryBytesPerCustomer); the Reader leaves such a region behind (its staging
// memory), which is what keeps the summary from growing the wasm heap. Customers left out (first
// purchase after the calibration end) leave reserved rows unused: take() gives them back when
// they are many.
// A grouped log (the Reader's) needs no per-customer row offsets: runs are found while walking.
struct SummaryBuilder::State {
    // Every phase is done in slices of about the step's budget (keys, rows or customers), so
    // that no single step of a browser frame does a whole pass over a million customers.
    enum class Phase { scan, group, keys, radix, text_prefix, text_keys, text_radix, text_ties, place, rows, walk, done };
    static constexpr unsigned kBits = 11, kBuckets = 1u << kBits;
    static constexpr uint32_t kNone = UINT32_MAX;
    // rank[] holds each customer's first day during the scan (biased so that it orders as
    // unsigned), kNone when the customer has no purchase row (returns only).
    static uint32_t day_key(DayNumber d) { return static_cast<uint32_t>(d) ^ 0x80000000u; }
    static DayNumber key_day(uint32_t k) { return static_cast<DayNumber>(k ^ 0x80000000u); }

    const TransactionLog* log = nullptr;
    SummaryOptions options;
    Customers out;
    RunContext ctx{0, 1};
    Phase phase = Phase::scan;
    size_t cursor = 0;
    uint64_t work_done = 0, work_total = 1;

    DayNumber lo = 0, hi = 0;
    bool grouped = true;
    std::vector<uint32_t> rank;   // first day (scan) → place in out.rows (place), kNone when left out
    std::vector<uint32_t> start;  // only for a log that was not grouped: start[c] .. start[c + 1]
    const uint32_t* customer = nullptr;
    const DayNumber* day = nullptr;
    const double* amount = nullptr;
    const uint16_t* channel = nullptr;
    std::vector<DayNumber> sorted_day;  // the grouped copy of a log that was not grouped
    std::vector<double> sorted_amount;
    std::vector<uint16_t> sorted_channel;

    // Packed keys: id value << index_bits | customer index.
    std::vector<uint64_t> keys, other;
    unsigned index_bits = 1;
    bool numeric = true;
    uint64_t max_value = 0;
    unsigned shift = 0;
    // The radix pass in progress: its bucket starts once counted (then keys are scattered in slices).
    bool counted = false;
    uint32_t bucket_at[kBuckets + 1] = {};
    // Ids that are not all whole numbers (text_* phases): a 64-bit key per customer sorted by
    // radix passes, with the customer index (bit 31: text, so whole numbers come first), then
    // runs of equal keys ordered by id_less. The key of a number is its value; of a text, the 8
    // bytes after the prefix all text ids share (big-endian, zero-padded), so that typical ids
    // ("C000123", "cust-0042") differ in their keys and few runs need comparing.
    static constexpr uint32_t kTextBit = 0x80000000u;
    std::vector<uint64_t> text_key, text_key_other;
    std::vector<uint32_t> text_index, text_index_other;
    std::string_view text_prefix;  // the prefix shared by every text id seen so far
    bool any_text = false;
    int text_pass = 0;             // radix passes done: 6 of 11 bits over the key, then the text bit
    // Placing: equal numeric values put in text order first (once), then ranks in slices.
    bool ties_ordered = false;
    size_t ties_cursor = 0;  // order_equal_values: the keys before it are in their final order
    uint32_t placed = 0;  // rows given so far

    size_t rows() const { return log->rows(); }
    size_t customers() const { return log->customers.size(); }
    uint32_t key_customer(uint64_t k) const { return static_cast<uint32_t>(k & ((uint64_t{1} << index_bits) - 1)); }
    uint64_t key_value(uint64_t k) const { return k >> index_bits; }
    uint64_t run(uint64_t budget);  // one slice of the current phase; returns the work done
    void finish_scan();
    void group_rows();
    uint64_t text_ids(uint64_t budget);
    uint64_t text_radix_pass(uint64_t budget);
    uint64_t text_order_ties(uint64_t budget);
    uint64_t order_equal_values(uint64_t budget);
    uint64_t place_customers(uint64_t budget);
    uint64_t radix_pass(uint64_t budget);
    uint64_t walk(uint64_t budget);
};

void SummaryBuilder::State::finish_scan() {
    const size_t n = customers();
    out.first_day_in_data = lo;
    out.last_day_in_data = hi;
    out.calibration_end = options.calibration_end.value_or(hi);
    ctx = RunContext{out.calibration_end, days_per_unit(options.unit)};
    customer = log->customer.data();
    day = log->day.data();
    amount = log->amount.data();
    channel = log->has_channels() && log->channel.size() == rows() ? log->channel.data() : nullptr;
    while (index_bits < 32 && (uint64_t{1} << index_bits) < n) ++index_bits;
    // Both grow in the keys phase, slice by slice: sized at once they were 160 MB zeroed in one
    // step, and the radix scatter writes `other` at random places, where pages met fresh were
    // page faults all over 80 MB in the first slices (at 10M, ~50 ms steps in Chromium).
    keys.reserve(n);
    other.reserve(n);
}

// Counting sort of the rows by customer, then each customer's rows by day (stable, so lines of
// one day keep their order and sums do not depend on it).
void SummaryBuilder::State::group_rows() {
    const size_t n_rows = rows(), n_customers = customers();
    start.assign(n_customers + 1, 0);
    for (size_t r = 0; r < n_rows; ++r) ++start[log->customer[r] + 1];
    for (size_t c = 0; c < n_customers; ++c) start[c + 1] += start[c];
    struct Row {
        DayNumber day;
        double amount;
        uint16_t channel;
    };
    std::vector<Row> sorted(n_rows);
    {
        std::vector<uint32_t> cursor_of(start.begin(), start.end() - 1);
        for (size_t r = 0; r < n_rows; ++r)
            sorted[cursor_of[log->customer[r]]++] = Row{log->day[r], log->amount[r], channel ? channel[r] : uint16_t{0}};
    }
    for (size_t c = 0; c < n_customers; ++c)
        std::stable_sort(sorted.begin() + start[c], sorted.begin() + start[c + 1],
                         [](const Row& p, const Row& q) { return p.day < q.day; });
    sorted_day.resize(n_rows);
    sorted_amount.resize(n_rows);
    if (channel) sorted_channel.resize(n_rows);
    for (size_t r = 0; r < n_rows; ++r) {
        sorted_day[r] = sorted[r].day;
        sorted_amount[r] = sorted[r].amount;
        if (channel) sorted_channel[r] = sorted[r].channel;
    }
    day = sorted_day.data();
    amount = sorted_amount.data();
    if (channel) channel = sorted_channel.data();
}

// The shared prefix of the text ids (text_prefix), then each customer's key (text_keys).
uint64_t SummaryBuilder::State::text_ids(uint64_t budget) {
    const size_t n = customers();
    const size_t end = budget >= n - cursor ? n : cursor + budget;
    const IdInterner& names = log->customers;
    if (phase == Phase::text_prefix) {
        for (size_t c = cursor; c < end; ++c) {
            const std::string_view id = names.name(static_cast<uint32_t>(c));
            if (all_digits(id)) continue;
            if (!any_text) {
                any_text = true;
                text_prefix = id;
                continue;
            }
            size_t k = 0;
            while (k < text_prefix.size() && k < id.size() && text_prefix[k] == id[k]) ++k;
            text_prefix = text_prefix.substr(0, k);
        }
        const uint64_t done = end - cursor;
        cursor = end;
        if (cursor == n) {
            text_key.resize(n);
            text_index.resize(n);
            phase = Phase::text_keys;
            cursor = 0;
        }
        return done;
    }
    for (size_t c = cursor; c < end; ++c) {
        const std::string_view id = names.name(static_cast<uint32_t>(c));
        uint64_t key = 0;
        if (all_digits(id)) {
            if (!numeric_key(id, key)) key = UINT64_MAX;  // over 19 digits: after the others, then by id_less
            text_index[c] = static_cast<uint32_t>(c);
        } else {
            for (size_t k = 0; k < 8; ++k) {
                const size_t at = text_prefix.size() + k;
                key = key << 8 | (at < id.size() ? static_cast<unsigned char>(id[at]) : 0u);
            }
            text_index[c] = static_cast<uint32_t>(c) | kTextBit;
        }
        text_key[c] = key;
    }
    const uint64_t done = end - cursor;
    cursor = end;
    if (cursor == n) {
        text_key_other.resize(n);
        text_index_other.resize(n);
        phase = Phase::text_radix;
        text_pass = 0;
        counted = false;
        cursor = 0;
    }
    return done;
}

// One slice of a radix pass over (key, index): six passes of kBits over the key, least significant
// first, then one over the text bit; a pass whose digit is the same for every customer is skipped.
uint64_t SummaryBuilder::State::text_radix_pass(uint64_t budget) {
    const size_t n = text_key.size();
    const unsigned key_shift = static_cast<unsigned>(text_pass) * kBits;
    const bool bit_pass = text_pass == 6;
    auto digit = [&](size_t i) -> uint32_t {
        return bit_pass ? text_index[i] >> 31 : static_cast<uint32_t>(text_key[i] >> key_shift) & (kBuckets - 1);
    };
    if (!counted) {
        std::fill(std::begin(bucket_at), std::end(bucket_at), 0u);
        for (size_t i = 0; i < n; ++i) ++bucket_at[digit(i) + 1];
        bool one_bucket = false;
        for (unsigned b = 0; b < kBuckets && !one_bucket; ++b) one_bucket = bucket_at[b + 1] == n;
        for (unsigned b = 0; b < kBuckets; ++b) bucket_at[b + 1] += bucket_at[b];
        counted = true;
        cursor = 0;
        if (one_bucket) cursor = n;  // nothing moves
        else return n / 2 + 1;
    }
    const size_t end = budget >= n - cursor ? n : cursor + budget;
    for (size_t i = cursor; i < end; ++i) {
        const uint32_t to = bucket_at[digit(i)]++;
        text_key_other[to] = text_key[i];
        text_index_other[to] = text_index[i];
    }
    const uint64_t done = end - cursor;
    const bool moved = cursor < n;
    cursor = end;
    if (cursor == n) {
        if (moved) {
            text_key.swap(text_key_other);
            text_index.swap(text_index_other);
        }
        counted = false;
        cursor = 0;
        if (++text_pass > 6) {
            std::vector<uint64_t>().swap(text_key_other);
            std::vector<uint32_t>().swap(text_index_other);
            phase = Phase::text_ties;
        }
    }
    return std::max<uint64_t>(done, 1);
}

// Runs of customers with equal (text bit, key) in id_less order; then the order as packed keys
// (index_bits 32, the value 0) for the placing.
uint64_t SummaryBuilder::State::text_order_ties(uint64_t budget) {
    const size_t n = text_key.size();
    const IdInterner& names = log->customers;
    size_t i = cursor;
    uint64_t done = 0;
    while (i < n && done < budget) {
        size_t j = i + 1;
        while (j < n && text_key[j] == text_key[i] && (text_index[j] & kTextBit) == (text_index[i] & kTextBit)) ++j;
        if (j - i > 1)
            std::sort(text_index.begin() + static_cast<long>(i), text_index.begin() + static_cast<long>(j), [&](uint32_t a, uint32_t b) {
                return id_less(names.name(a & ~kTextBit), names.name(b & ~kTextBit));
            });
        done += j - i;
        i = j;
    }
    cursor = i;
    if (cursor == n) {
        index_bits = 32;  // the key is then just the index, in this order
        keys.resize(n);
        for (size_t k = 0; k < n; ++k) keys[k] = text_index[k] & ~kTextBit;
        std::vector<uint64_t>().swap(text_key);
        std::vector<uint32_t>().swap(text_index);
        phase = Phase::place;
        cursor = 0;
    }
    return std::max<uint64_t>(done, 1);
}

// Equal values ("007", "7") fall back to their text; keys [ties_cursor, + about `budget`) at a
// time (one pass over 10M keys was a 68 ms step in wasm). A run of equal values is sorted whole,
// also when it reaches past the slice. Work done; ties_ordered once every key was looked at.
uint64_t SummaryBuilder::State::order_equal_values(uint64_t budget) {
    const size_t n = customers();
    const TransactionLog& l = *log;
    const size_t stop = budget >= n - ties_cursor ? n : ties_cursor + budget;
    size_t i = ties_cursor;
    while (i < stop) {
        size_t j = i + 1;
        while (j < n && key_value(keys[j]) == key_value(keys[i])) ++j;
        if (j - i > 1)
            std::sort(keys.begin() + static_cast<long>(i), keys.begin() + static_cast<long>(j), [&](uint64_t a, uint64_t b) {
                return l.customers.name(key_customer(a)) < l.customers.name(key_customer(b));
            });
        i = j;
    }
    const uint64_t done = i - ties_cursor;
    ties_cursor = i;
    ties_ordered = ties_cursor >= n;
    return done;
}

// Gives customers [cursor, cursor + budget) of the id order their row; true work done.
uint64_t SummaryBuilder::State::place_customers(uint64_t budget) {
    const size_t n = customers();
    if (numeric && !ties_ordered) return std::max<uint64_t>(order_equal_values(budget), 1);
    // A customer with returns only has no run; one who first bought after the end is not summarised.
    const size_t end = budget >= n - cursor ? n : cursor + budget;
    uint32_t k = placed;
    const uint32_t end_key = day_key(ctx.end);
    constexpr size_t kAhead = 16;  // rank[] is read in id order: at random (see prefetch.hpp)
    for (size_t i = cursor; i < end; ++i) {
        if (i + kAhead < n) prefetch(&rank[key_customer(keys[i + kAhead])]);
        const uint32_t c = key_customer(keys[i]);
        const uint32_t first = rank[c];
        if (first == kNone) continue;
        if (first > end_key) {
            ++out.customers_after_calibration;
            rank[c] = kNone;
        } else {
            rank[c] = k++;
        }
    }
    placed = k;
    const uint64_t done = end - cursor;
    cursor = end;
    if (cursor == n) {
        std::vector<uint64_t>().swap(keys);
        std::vector<uint64_t>().swap(other);
        phase = Phase::rows;
        cursor = 0;
    }
    return done;
}

// One slice of a least-significant-digit radix pass over the packed keys (kBits per pass): the
// bucket counts first, then the keys scattered in order.
uint64_t SummaryBuilder::State::radix_pass(uint64_t budget) {
    const size_t n = keys.size();
    if (!counted) {  // the counts, in slices too (a pass over 10M keys is 80 MB)
        if (cursor == 0) {
            if (shift >= 64 || (max_value >> (shift - index_bits)) == 0) {
                phase = Phase::place;
                return 1;
            }
            std::fill(std::begin(bucket_at), std::end(bucket_at), 0u);
        }
        const size_t end = budget >= n - cursor ? n : cursor + budget;
        for (size_t i = cursor; i < end; ++i) ++bucket_at[((keys[i] >> shift) & (kBuckets - 1)) + 1];
        const uint64_t done = (end - cursor) / 2 + 1;
        cursor = end;
        if (cursor < n) return done;
        for (unsigned b = 0; b < kBuckets; ++b) bucket_at[b + 1] += bucket_at[b];
        counted = true;
        cursor = 0;
        return done;
    }
    const size_t end = budget >= n - cursor ? n : cursor + budget;
    for (size_t i = cursor; i < end; ++i) other[bucket_at[(keys[i] >> shift) & (kBuckets - 1)]++] = keys[i];
    const uint64_t done = end - cursor;
    cursor = end;
    if (cursor == n) {
        keys.swap(other);
        shift += kBits;
        counted = false;
        cursor = 0;
    }
    return done;
}

// Writes each summarised customer's row at its place. A grouped log is walked row by row (its
// runs found as the customer index changes); otherwise customer by customer through start[].
uint64_t SummaryBuilder::State::walk(uint64_t budget) {
    if (start.empty()) {
        const size_t n_rows = rows();
        size_t r = cursor;
        uint64_t done = 0;
        // The row of the customer some rows ahead is asked for now: the writes land at random places
        // in the rows (id order), and each would otherwise wait for its cache line (prefetch.hpp).
        constexpr size_t kAhead = 48;
        while (r < n_rows && done < budget) {
            const uint32_t c = customer[r];
            if (r + kAhead < n_rows) {
                const uint32_t place = rank[customer[r + kAhead]];
                if (place != kNone) {
                    const CustomerRow* ahead = out.rows.data() + place;
                    prefetch(ahead);
                    prefetch(reinterpret_cast<const char*>(ahead + 1) - 1);  // a row spans two cache lines
                }
            }
            size_t e = r + 1;
            while (e < n_rows && customer[e] == c) ++e;
            if (rank[c] != kNone)
                summarise_run(c, day + r, amount + r, channel ? channel + r : nullptr, e - r, ctx, out.rows[rank[c]]);
            done += e - r;
            r = e;
        }
        cursor = r;
        if (cursor == n_rows) phase = Phase::done;
        return done;
    }
    const size_t n = customers();
    const size_t end = budget >= n - cursor ? n : cursor + budget;
    for (size_t c = cursor; c < end; ++c)
        if (rank[c] != kNone)
            summarise_run(static_cast<uint32_t>(c), day + start[c], amount + start[c], channel ? channel + start[c] : nullptr,
                          start[c + 1] - start[c], ctx, out.rows[rank[c]]);
    const uint64_t done = end - cursor;
    cursor = end;
    if (cursor == n) phase = Phase::done;
    return done;
}

uint64_t SummaryBuilder::State::run(uint64_t budget) {
    const size_t n_rows = rows(), n = customers();
    switch (phase) {
        case Phase::scan: {
            if (cursor == 0) {
                if (n_rows == 0) {
                    phase = Phase::done;
                    return 1;
                }
                if (rank.size() < n) {
                    // The rows first (as many as there are customers, at most), then the scratch:
                    // the rows take the start of the largest free region, the scratch what is left
                    // of it. rank[] starts as kNone, filled in slices (40 MB at 10M customers).
                    if (rank.capacity() < n) {
                        out.rows.reserve(n);
                        rank.reserve(n);
                    }
                    const size_t to = budget >= n - rank.size() ? n : rank.size() + budget;
                    const uint64_t done = to - rank.size();
                    rank.resize(to, kNone);
                    return done;
                }
                lo = hi = log->day[0];
            }
            const size_t end = budget >= n_rows - cursor ? n_rows : cursor + budget;
            const uint32_t* cust = log->customer.data();
            const DayNumber* d = log->day.data();
            uint32_t* first = rank.data();
            size_t r = cursor;
            if (grouped) {
                // A grouped log (the Reader's): each customer is one run with its days ascending, so
                // its first day is its run's first row and the smallest day is a run's first. Checked
                // as it goes; at the first row out of order the general loop below starts over from
                // row 0 (repeating a row changes no minimum or maximum).
                for (; r < end; ++r) {
                    const uint32_t c = cust[r];
                    const DayNumber dr = d[r];
                    hi = std::max(hi, dr);
                    if (r > 0 && c == cust[r - 1]) {
                        if (dr < d[r - 1]) break;
                        continue;
                    }
                    if (r > 0 && c < cust[r - 1]) break;
                    first[c] = day_key(dr);
                    lo = std::min(lo, dr);
                }
                if (r < end) {
                    grouped = false;
                    r = 0;
                }
            }
            for (; r < end; ++r) {
                lo = std::min(lo, d[r]);
                hi = std::max(hi, d[r]);
                const uint32_t key = day_key(d[r]);
                uint32_t& f = first[cust[r]];
                f = f == kNone ? key : std::min(f, key);
                if (r > 0 && (cust[r] < cust[r - 1] || (cust[r] == cust[r - 1] && d[r] < d[r - 1]))) grouped = false;
            }
            const uint64_t done = end - cursor;
            cursor = end;
            if (cursor == n_rows) {
                finish_scan();
                phase = grouped ? Phase::keys : Phase::group;
                cursor = 0;
            }
            return done;
        }
        case Phase::group:
            group_rows();
            phase = Phase::keys;
            return n_rows;
        case Phase::keys: {
            const size_t end = budget >= n - cursor ? n : cursor + budget;
            const uint64_t limit = index_bits >= 64 ? 0 : (~uint64_t{0} >> index_bits);
            keys.resize(end);
            other.resize(end);
            for (size_t c = cursor; c < end; ++c) {
                uint64_t v;
                if (!numeric_key(log->customers.name(static_cast<uint32_t>(c)), v) || v > limit) {
                    numeric = false;
                    std::vector<uint64_t>().swap(keys);
                    std::vector<uint64_t>().swap(other);
                    const uint64_t done = c - cursor;
                    phase = Phase::text_prefix;
                    cursor = 0;
                    return std::max<uint64_t>(done, 1);
                }
                keys[c] = v << index_bits | c;
                max_value = std::max(max_value, v);
            }
            const uint64_t done = end - cursor;
            cursor = end;
            if (cursor == n) {
                phase = Phase::radix;
                cursor = 0;
                shift = index_bits;
            }
            return done;
        }
        case Phase::radix:
            return radix_pass(budget);
        case Phase::text_prefix:
        case Phase::text_keys:
            return text_ids(budget);
        case Phase::text_radix:
            return text_radix_pass(budget);
        case Phase::text_ties:
            return text_order_ties(budget);
        case Phase::place:
            return place_customers(budget);
        case Phase::rows: {
            // The rows are made (zeroed) in slices too: in wasm, 80 MB of new rows at once were a
            // 20-50 ms step. Their memory was reserved before the scan.
            const size_t size = out.rows.size(), end = budget >= placed - size ? placed : size + budget;
            out.rows.resize(end);
            if (end == placed) {
                phase = Phase::walk;
                cursor = 0;
            }
            return std::max<uint64_t>(end - size, 1);
        }
        case Phase::walk:
            return walk(budget);
        case Phase::done: break;
    }
    return 0;
}

SummaryBuilder::SummaryBuilder(const TransactionLog& log, const SummaryOptions& options) : s_(std::make_unique<State>()) {
    s_->log = &log;
    s_->options = options;
    s_->out.unit = options.unit;
    if (log.has_channels()) s_->out.channel_names = log.channel_names;
    // Work units: the scan and the walk, rank's first fill, the keys, up to three radix passes, the
    // placing and the rows.
    s_->work_total = std::max<uint64_t>(1, 2 * log.rows() + 7 * log.customers.size());
}
SummaryBuilder::~SummaryBuilder() = default;
SummaryBuilder::SummaryBuilder(SummaryBuilder&&) noexcept = default;
SummaryBuilder& SummaryBuilder::operator=(SummaryBuilder&&) noexcept = default;

bool SummaryBuilder::step(uint64_t budget) {
    budget = std::max<uint64_t>(budget, 1);
    uint64_t done = 0;
    while (s_->phase != State::Phase::done && done < budget) done += std::max<uint64_t>(s_->run(budget - done), 1);
    s_->work_done += done;
    return s_->phase == State::Phase::done;
}

bool SummaryBuilder::done() const { return s_->phase == State::Phase::done; }

double SummaryBuilder::progress() const {
    if (done()) return 1.0;
    return std::min(0.99, static_cast<double>(s_->work_done) / static_cast<double>(s_->work_total));
}

Customers SummaryBuilder::take() {
    while (!step(UINT64_MAX)) {
    }
    std::vector<CustomerRow>& rows = s_->out.rows;
    if (rows.capacity() - rows.size() > rows.size() / 8) rows.shrink_to_fit();
    return std::move(s_->out);
}

Customers summarise(const TransactionLog& log, const SummaryOptions& options) { return SummaryBuilder(log, options).take(); }

const std::string& Customers::acquisition_channel_name(const CustomerRow& row) const {
    static const std::string none;
    return row.acquisition_channel < channel_names.size() ? channel_names[row.acquisition_channel] : none;
}

const CustomerRow* Customers::find(const TransactionLog& log, std::string_view id) const {
    const uint32_t index = log.customers.find(id);
    if (index == UINT32_MAX) return nullptr;
    for (const CustomerRow& r : rows)
        if (r.customer == index) return &r;
    return nullptr;
}

}  // namespace clv
