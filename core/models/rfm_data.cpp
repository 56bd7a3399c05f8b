// Compression of per-customer (x, t_x, T) to unique rows (see rfm_data.hpp).
//
// The common case — whole-number x and a few thousand distinct times (dates on a day grid) — goes
// through one pass over the customers with three hash look-ups each: two in a small dictionary of
// distinct times, one in a table of packed (x, time id, time id) keys. Only the distinct rows are
// sorted afterwards (about a tenth of the customers), and the times only once (a few hundred).
// Anything else (more than 2^21 distinct times, x of 2^22 or more) takes the general route: sort
// every customer by value.
#include "models/rfm_data.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <utility>

namespace clv::models {

namespace {

bool representable(double x, double t_x, double T) {
    return std::isfinite(x) && std::isfinite(t_x) && std::isfinite(T) && x >= 0 && t_x >= 0 && T >= t_x &&
           x == std::floor(x);
}

// [SECTION] general route: sort by value -----------------------------------------------------------

struct Key {
    double x, t_x, T, n;
    uint32_t customer;
};

RfmData build(std::vector<Key>& keys, size_t customers, bool keep_customers) {
    RfmData d;
    std::sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) {
        if (a.x != b.x) return a.x < b.x;
        if (a.t_x != b.t_x) return a.t_x < b.t_x;
        return a.T < b.T;
    });
    if (keep_customers) d.row_of_customer.assign(customers, UINT32_MAX);
    std::vector<double> times;
    for (const Key& k : keys) {
        if (d.rows.empty() || d.rows.back().x != k.x || d.rows.back().t_x != k.t_x || d.rows.back().T != k.T) {
            RfmRow r;
            r.x = k.x;
            r.t_x = k.t_x;
            r.T = k.T;
            d.rows.push_back(r);
            if (times.empty() || times.back() != k.t_x) times.push_back(k.t_x);
            times.push_back(k.T);
        }
        d.rows.back().n += k.n;
        d.customers += k.n;
        if (keep_customers) d.row_of_customer[k.customer] = static_cast<uint32_t>(d.rows.size() - 1);
    }
    std::sort(times.begin(), times.end());
    times.erase(std::unique(times.begin(), times.end()), times.end());
    d.times = std::move(times);
    for (RfmRow& r : d.rows) {
        r.t_x_index = static_cast<uint32_t>(std::lower_bound(d.times.begin(), d.times.end(), r.t_x) - d.times.begin());
        r.T_index = static_cast<uint32_t>(std::lower_bound(d.times.begin(), d.times.end(), r.T) - d.times.begin());
        d.max_x = std::max(d.max_x, r.x);
    }
    return d;
}

// [SECTION] common route: hash on packed keys ---------------------------------------------------

uint64_t bits_of(double v) {
    uint64_t b;
    std::memcpy(&b, &v, sizeof b);
    return b;
}

uint64_t mix(uint64_t h) {  // a 64-bit finaliser: spreads keys that differ in a few bits
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    return h ^ (h >> 33);
}

// Open addressing from 64-bit keys to dense ids 0, 1, 2, ... in order of first appearance.
class DenseIds {
public:
    explicit DenseIds(size_t slots) : slots_(slots, Slot{0, kEmpty}), mask_(slots - 1) {}
    uint32_t id(uint64_t key) {
        size_t i = mix(key) & mask_;
        while (slots_[i].id != kEmpty) {
            if (slots_[i].key == key) return slots_[i].id;
            i = (i + 1) & mask_;
        }
        const uint32_t id = static_cast<uint32_t>(keys_.size());
        keys_.push_back(key);
        slots_[i] = {key, id};
        if (keys_.size() * 2 > slots_.size()) grow();
        return id;
    }
    const std::vector<uint64_t>& keys() const { return keys_; }

private:
    static constexpr uint32_t kEmpty = UINT32_MAX;
    struct Slot {
        uint64_t key;
        uint32_t id;
    };
    void grow() {
        slots_.assign(slots_.size() * 2, Slot{0, kEmpty});
        mask_ = slots_.size() - 1;
        for (uint32_t id = 0; id < keys_.size(); ++id) {
            size_t i = mix(keys_[id]) & mask_;
            while (slots_[i].id != kEmpty) i = (i + 1) & mask_;
            slots_[i] = {keys_[id], id};
        }
    }
    std::vector<Slot> slots_;
    std::vector<uint64_t> keys_;
    size_t mask_;
};

constexpr int kTimeBits = 21;
constexpr uint64_t kTimeMask = (uint64_t{1} << kTimeBits) - 1;
constexpr double kMaxPackedX = double(uint64_t{1} << (64 - 2 * kTimeBits));

// Sorts by key, least significant 11 bits first, skipping digits that are zero in every key
// (x and the time ids use few of the 64 bits): a few linear passes instead of a comparison sort.
// A pass at a time (radix_pass), so that a caller can put each in a step of its own.
constexpr int kRadixDigit = 11;
void radix_pass(std::vector<std::pair<uint64_t, uint32_t>>& v, std::vector<std::pair<uint64_t, uint32_t>>& tmp, int shift) {
    constexpr uint64_t mask = (uint64_t{1} << kRadixDigit) - 1;
    std::vector<size_t> start(size_t{1} << kRadixDigit);
    for (const auto& e : v) ++start[(e.first >> shift) & mask];
    size_t sum = 0;
    for (size_t& s : start) sum += std::exchange(s, sum);
    tmp.resize(v.size());
    for (const auto& e : v) tmp[start[(e.first >> shift) & mask]++] = e;
    v.swap(tmp);
}
// The next digit at or after `shift` that some key has, or 64 when none is left.
int next_radix_digit(uint64_t all_bits, int shift) {
    constexpr uint64_t mask = (uint64_t{1} << kRadixDigit) - 1;
    while (shift < 64 && ((all_bits >> shift) & mask) == 0) shift += kRadixDigit;
    return shift;
}

// The packed route, fed customers in any number of pieces. `fits` turns false when the data do not
// fit the packed keys (the caller then takes the general route).
struct PackedRoute {
    DenseIds times{1024}, rows{4096};
    std::vector<uint32_t> group;
    std::vector<double> count;
    size_t bad = 0;
    bool fits = true;

    // group[] grows with the customers read (grow_to): filled at once it was 40 MB of fresh memory
    // in one step at 10M customers.
    explicit PackedRoute(size_t n) { group.reserve(n); }
    void grow_to(size_t customers) {
        if (group.size() < customers) group.resize(customers, UINT32_MAX);
    }

    void add(size_t c, double xc, double tc, double Tc) {
        // representable() without its function calls: every comparison is false for NaN, and
        // Tc < inf with 0 <= tc <= Tc keeps both times finite.
        if (!(xc >= 0 && tc >= 0 && tc <= Tc && Tc < INFINITY)) {
            ++bad;
            return;
        }
        if (!(xc < kMaxPackedX)) {
            if (!representable(xc, tc, Tc))
                ++bad;
            else
                fits = false;  // a whole x too large to pack
            return;
        }
        if (static_cast<double>(static_cast<uint64_t>(xc)) != xc) {  // not a whole number
            ++bad;
            return;
        }
        // + 0.0 turns -0.0 into 0.0, so that both hash alike; x = 0 has no recency (t_x = 0).
        const uint64_t a = times.id(bits_of(xc == 0 ? 0.0 : tc + 0.0)), b = times.id(bits_of(Tc + 0.0));
        if (times.keys().size() > kTimeMask) {
            fits = false;
            return;
        }
        const uint32_t g = rows.id(static_cast<uint64_t>(xc) << (2 * kTimeBits) | a << kTimeBits | b);
        if (g == count.size()) count.push_back(0);
        count[g] += 1;
        group[c] = g;
    }

    // Hinted customers (RfmCompression's second constructor): the first member of each class with
    // a row, its values and its group id; later members with equal values reuse the group.
    struct HintClass {
        double x, t_x, T;
        uint32_t group = UINT32_MAX;
    };
    std::vector<HintClass> classes;

    void add_hinted(size_t c, uint32_t cls, double xc, double tc, double Tc) {
        if (cls != UINT32_MAX && cls >= classes.size()) classes.resize(size_t{cls} + 1);
        if (cls < classes.size()) {
            const HintClass& k = classes[cls];
            // == treats 0.0 and -0.0 alike, as the keys do; NaN never matches (it is hashed: bad).
            if (k.group != UINT32_MAX && k.x == xc && k.t_x == tc && k.T == Tc) {
                group[c] = k.group;
                count[k.group] += 1;
                return;
            }
        }
        add(c, xc, tc, Tc);
        if (cls < classes.size() && classes[cls].group == UINT32_MAX && fits && group[c] != UINT32_MAX)
            classes[cls] = {xc, tc, Tc, group[c]};
    }

    // Sorts the distinct rows into `d` (customers not yet mapped to them: map_customers, then
    // take_mapping). The result does not depend on the order the groups were met in: rows and
    // times are sorted by value, and each count is a sum of ones. In steps (sort_rows_step): the
    // keys made, each radix pass, then the rows filled `budget` at a time; at 10M customers (513k
    // distinct rows) the whole sort was a 73-145 ms step in wasm, most of it first touches of
    // fresh memory.
    std::vector<uint32_t> row_of_group;
    std::vector<std::pair<uint64_t, uint32_t>> order, order_tmp;
    uint64_t all_bits = 0;
    int radix_shift = -1;  // -1: the keys are not made yet; 64: sorted
    size_t filled = 0;

    // True once `d` holds every row.
    bool sort_rows_step(RfmData& d, size_t budget) {
        if (radix_shift < 0) {
            make_sort_keys(d);
            radix_shift = next_radix_digit(all_bits, 0);
            return false;
        }
        if (radix_shift < 64) {
            radix_pass(order, order_tmp, radix_shift);
            radix_shift = next_radix_digit(all_bits, radix_shift + kRadixDigit);
            if (radix_shift >= 64) std::vector<std::pair<uint64_t, uint32_t>>().swap(order_tmp);
            return false;
        }
        if (filled == 0) {
            row_of_group.assign(order.size(), 0);
            d.rows.reserve(order.size());
        }
        const size_t end = std::min(order.size(), filled + std::max<size_t>(budget, 1));
        for (size_t i = filled; i < end; ++i) {
            const uint64_t k = order[i].first;
            RfmRow& r = d.rows.emplace_back();
            r.x = static_cast<double>(k >> (2 * kTimeBits));
            r.t_x_index = static_cast<uint32_t>((k >> kTimeBits) & kTimeMask);
            r.T_index = static_cast<uint32_t>(k & kTimeMask);
            r.t_x = d.times[r.t_x_index];
            r.T = d.times[r.T_index];
            r.n = count[order[i].second];
            d.customers += r.n;
            d.max_x = std::max(d.max_x, r.x);
            row_of_group[order[i].second] = static_cast<uint32_t>(i);
        }
        filled = end;
        if (filled < order.size()) return false;
        std::vector<std::pair<uint64_t, uint32_t>>().swap(order);
        return true;
    }
    // Times in ascending order, and each row's key with its times replaced by their ranks, so
    // that the keys sort as (x, t_x, T).
    void make_sort_keys(RfmData& d) {
        const std::vector<uint64_t>& time_bits = times.keys();
        std::vector<std::pair<double, uint32_t>> sorted_times(time_bits.size());
        for (uint32_t i = 0; i < time_bits.size(); ++i) {
            double v;
            std::memcpy(&v, &time_bits[i], sizeof v);
            sorted_times[i] = {v, i};
        }
        std::sort(sorted_times.begin(), sorted_times.end());
        std::vector<uint32_t> rank(time_bits.size());
        d.times.resize(time_bits.size());
        for (uint32_t i = 0; i < sorted_times.size(); ++i) {
            d.times[i] = sorted_times[i].first;
            rank[sorted_times[i].second] = i;
        }
        order.resize(rows.keys().size());
        all_bits = 0;
        for (uint32_t g = 0; g < order.size(); ++g) {
            const uint64_t k = rows.keys()[g];
            order[g] = {(k >> (2 * kTimeBits)) << (2 * kTimeBits) | uint64_t{rank[(k >> kTimeBits) & kTimeMask]} << kTimeBits |
                            rank[k & kTimeMask],
                        g};
            all_bits |= order[g].first;
        }
    }
    void map_customers(size_t begin, size_t end) {
        for (size_t c = begin; c < end; ++c)
            if (group[c] != UINT32_MAX) group[c] = row_of_group[group[c]];
    }
    RfmData finish() {
        RfmData d;
        while (!sort_rows_step(d, group.size())) {
        }
        map_customers(0, group.size());
        d.row_of_customer = std::move(group);
        return d;
    }
};

RfmData compress_general(const std::vector<double>& x, const std::vector<double>& t_x, const std::vector<double>& T,
                         size_t n, size_t& bad) {
    bad = 0;
    std::vector<Key> keys;
    keys.reserve(n);
    for (size_t c = 0; c < n; ++c) {
        if (representable(x[c], t_x[c], T[c]))
            keys.push_back({x[c], x[c] == 0 ? 0.0 : t_x[c] + 0.0, T[c] + 0.0, 1.0, static_cast<uint32_t>(c)});
        else
            ++bad;
    }
    return build(keys, n, true);
}

}  // namespace

// [SECTION] entry points -------------------------------------------------------------------------

// Every compression carries its pilot (RfmData::pilot), so that a fit gives the same result in
// one call and in pieces (a fit in pieces runs its function again for every piece: the pilot
// must exist before it starts).
namespace {
RfmData with_pilot(RfmData d) {
    RfmData coarse = coarsen_rfm(d);
    if (!coarse.rows.empty()) d.pilot = std::make_shared<const RfmData>(std::move(coarse));
    return d;
}
}  // namespace

RfmData compress_rfm(const std::vector<double>& x, const std::vector<double>& t_x, const std::vector<double>& T,
                     size_t* skipped) {
    const size_t n = std::min({x.size(), t_x.size(), T.size()});
    PackedRoute packed(n);
    packed.grow_to(n);
    for (size_t c = 0; c < n && packed.fits; ++c) packed.add(c, x[c], t_x[c], T[c]);
    size_t bad = packed.bad;
    RfmData d = packed.fits ? packed.finish() : compress_general(x, t_x, T, n, bad);
    if (skipped) *skipped = bad;
    return with_pilot(std::move(d));
}

RfmData coarsen_rfm(const RfmData& data) {
    RfmData out;
    if (data.rows.size() < kPilotMinRows || data.times.size() < 2) return out;
    const double lo = data.times.front(), step = (data.times.back() - lo) / kPilotSteps;
    if (!(step > 0) || !std::isfinite(step)) return out;
    // Each time onto its grid point (rounding is monotone, so t_x <= T stays true) and the grid
    // point's index among the coarse times.
    std::vector<uint32_t> coarse_of(data.times.size());
    for (size_t i = 0; i < data.times.size(); ++i) {
        const double t = lo + std::round((data.times[i] - lo) / step) * step;
        if (out.times.empty() || t != out.times.back()) out.times.push_back(t);
        coarse_of[i] = static_cast<uint32_t>(out.times.size() - 1);
    }
    // Rows come sorted by (x, t_x, T), so rows of one (x, coarse t_x) are consecutive; their
    // coarse T values are gathered per grid point and written in order when the run ends.
    std::vector<double> count_at(out.times.size(), 0.0);
    std::vector<uint8_t> in_run(out.times.size(), 0);
    std::vector<uint32_t> touched;
    double run_x = 0;
    uint32_t run_tx = UINT32_MAX;
    auto flush = [&]() {
        std::sort(touched.begin(), touched.end());
        for (uint32_t T : touched) {
            RfmRow r;
            r.x = run_x;
            r.t_x_index = run_tx;
            r.T_index = T;
            r.t_x = out.times[run_tx];
            r.T = out.times[T];
            r.n = count_at[T];
            count_at[T] = 0;
            in_run[T] = 0;
            out.rows.push_back(r);
        }
        touched.clear();
    };
    for (const RfmRow& r : data.rows) {
        const uint32_t tx = coarse_of[r.t_x_index], T = coarse_of[r.T_index];
        if (r.x != run_x || tx != run_tx) {
            flush();
            run_x = r.x;
            run_tx = tx;
        }
        if (!in_run[T]) in_run[T] = 1, touched.push_back(T);
        count_at[T] += r.n;
    }
    flush();
    out.customers = data.customers;
    out.max_x = data.max_x;
    if (out.rows.size() * 2 > data.rows.size()) return RfmData{};  // ~25 pilot evaluations must cost less than ~20 full ones
    return out;
}

RfmData compress_rfm(const Customers& customers, size_t* skipped) {
    RfmCompression job(customers);
    while (!job.step(customers.rows.size())) {
    }
    return job.take(skipped);
}

struct RfmCompression::Route : PackedRoute {
    using PackedRoute::PackedRoute;
};

RfmCompression::RfmCompression(const Customers& customers)
    : customers_(customers), packed_(std::make_unique<Route>(customers.rows.size())) {}

RfmCompression::RfmCompression(const Customers& customers, const std::vector<uint32_t>& hint)
    : RfmCompression(customers) {
    if (hint.size() != customers.rows.size()) return;  // not one per customer: plain compression
    hint_ = &hint;  // the classes grow as they are met (a scan for the largest was a 42 ms step at 10M)
}

RfmCompression::~RfmCompression() = default;

bool RfmCompression::step(size_t max_customers) {
    if (done_) return true;
    const std::vector<CustomerRow>& rows = customers_.rows;
    max_customers = std::max<size_t>(max_customers, 1);
    if (sorted_) {  // the packed route's last pieces: customers mapped from their key to their row
        const size_t end = std::min(rows.size(), mapped_ + 2 * max_customers);  // cheaper than hashing
        packed_->map_customers(mapped_, end);
        mapped_ = end;
        if (mapped_ < rows.size()) return false;
        data_.row_of_customer = std::move(packed_->group);
        skipped_ = packed_->bad;
        packed_.reset();
        done_ = true;
        return true;
    }
    const size_t begin = cursor_, end = std::min(rows.size(), cursor_ + max_customers);
    packed_->grow_to(end);
    if (hint_) {
        const uint32_t* hint = hint_->data();
        for (; cursor_ < end && packed_->fits; ++cursor_)
            packed_->add_hinted(cursor_, hint[cursor_], rows[cursor_].x(), rows[cursor_].t_x, rows[cursor_].T);
    } else {
        for (; cursor_ < end && packed_->fits; ++cursor_) packed_->add(cursor_, rows[cursor_].x(), rows[cursor_].t_x, rows[cursor_].T);
    }
    if (packed_->fits && (cursor_ < rows.size() || cursor_ > begin)) return false;  // the sort in steps of its own
    // Every customer read: the packed route sorts its distinct rows (in steps), or the general
    // route does everything for data the packed keys cannot hold.
    if (packed_->fits) {
        std::vector<PackedRoute::HintClass>().swap(packed_->classes);
        sorted_ = packed_->sort_rows_step(data_, 2 * max_customers);
        return false;
    } else {
        std::vector<double> x, t_x, T;
        x.reserve(rows.size());
        t_x.reserve(rows.size());
        T.reserve(rows.size());
        for (const CustomerRow& c : rows) {
            x.push_back(c.x());
            t_x.push_back(c.t_x);
            T.push_back(c.T);
        }
        data_ = compress_general(x, t_x, T, rows.size(), skipped_);
    }
    packed_.reset();
    done_ = true;
    return true;
}

double RfmCompression::progress() const {
    if (done_ || customers_.rows.empty()) return 1.0;
    const double n = static_cast<double>(customers_.rows.size());
    return 0.8 * static_cast<double>(cursor_) / n + 0.2 * static_cast<double>(mapped_) / n;
}

RfmData RfmCompression::take(size_t* skipped) {
    if (skipped) *skipped = skipped_;
    return with_pilot(std::move(data_));
}

RfmData compress_rfm_weighted(const std::vector<double>& x, const std::vector<double>& t_x,
                              const std::vector<double>& T, const std::vector<double>& weights) {
    const size_t n = std::min({x.size(), t_x.size(), T.size(), weights.size()});
    std::vector<Key> keys;
    for (size_t i = 0; i < n; ++i)
        if (representable(x[i], t_x[i], T[i]) && weights[i] > 0 && std::isfinite(weights[i]))
            keys.push_back({x[i], x[i] == 0 ? 0.0 : t_x[i], T[i], weights[i], static_cast<uint32_t>(i)});
    return with_pilot(build(keys, n, false));
}

}  // namespace clv::models
