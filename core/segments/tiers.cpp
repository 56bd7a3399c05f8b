#include "segments/tiers.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <memory>

namespace clv {

std::string TierSettings::check() const {
    if (!(a_share > 0 && a_share <= 1)) return "tier A share must be above 0 and at most 1";
    if (!(b_share >= 0 && a_share + b_share <= 1 + 1e-12)) return "tier B share must be at least 0 and A + B at most 1";
    if (curve_points < 1 || curve_points > 10000) return "Pareto curve points must be between 1 and 10000";
    if (basis != Basis::historical && basis != Basis::predicted_clv) return "tier basis must be historical or predicted_clv";
    return {};
}

namespace {
// The sums the Gini coefficient needs over values [begin, end) of n sorted highest first: the
// total, and each value weighted by its ascending rank n - j. The job adds them up in slices.
void add_gini_sums(const std::vector<double>& s, size_t begin, size_t end, double& total, double& weighted) {
    const size_t n = s.size();
    for (size_t j = begin; j < end; ++j) {
        const double v = std::max(0.0, s[j]);
        total += v;
        weighted += static_cast<double>(n - j) * v;
    }
}
double gini_from_sums(double total, double weighted, size_t n) {
    if (n == 0 || !(total > 0)) return 0;
    const double nn = static_cast<double>(n);
    return 2 * weighted / (nn * total) - (nn + 1) / nn;
}
}  // namespace

double gini_of_sorted_desc(const std::vector<double>& s) {
    double total = 0, weighted = 0;
    add_gini_sums(s, 0, s.size(), total, weighted);
    return gini_from_sums(total, weighted, s.size());
}

// [the job] The values are sorted once (not indices): the thresholds and tie quotas then assign
// tiers in row order, which is the documented tie-break. Sorting is an LSD radix sort, highest
// first: non-negative finite doubles order like their IEEE bit patterns, so six passes of 11-bit
// digits (skipping digits all values share; the sign bit always is) sort 1M values several times
// faster than std::sort. Eleven bits rather than a byte: six scatters of the 8 MB key array
// instead of eight, and 2048 counters still sit in the L1 cache. Every pass over the values
// (the copy, each scatter, the Gini sums) runs in slices of kRowsPerStep: at 10M customers a
// whole pass was a 45-85 ms step in wasm.
struct TierJob::State {
    enum class Phase { copy, pass, unpack, lines, assign, done };
    TierSettings settings;
    const std::vector<double>& value;
    std::vector<Tier>& tiers;
    TierStat* stats;
    Phase phase = Phase::copy;
    int digit = 0;         // the radix pass
    size_t cursor = 0;     // within the current pass
    // The keys and the scatter's target: not zero-filled (every element is written before it is
    // read), so their pages are touched slice by slice.
    std::unique_ptr<uint64_t[]> a, b;
    size_t n_keys = 0;
    std::vector<size_t> pos;  // the scatter's next place per digit value, during a pass
    double weighted = 0;      // the Gini sums, during lines()
    std::vector<size_t> counts;  // kDigits × kRadix digit histograms
    std::vector<double> sorted;  // highest first
    double total = 0, thr_a = 0, thr_b = 0;
    size_t quota_a = 0, quota_b = 0;
    Concentration result;

    State(const TierSettings& s, const std::vector<double>& v, std::vector<Tier>& t, TierStat* st)
        : settings(s), value(v), tiers(t), stats(st) {}

    static double clean(double v) { return std::isfinite(v) ? std::max(0.0, v) : 0.0; }
    static constexpr size_t kSmall = 4096;       // below: std::sort
    static constexpr size_t kRowsPerStep = 1u << 16;
    static constexpr int kDigitBits = 11;
    static constexpr int kDigits = (64 + kDigitBits - 1) / kDigitBits;  // 6
    static constexpr size_t kRadix = size_t{1} << kDigitBits;
    static constexpr uint64_t kDigitMask = kRadix - 1;

    void copy() {
        const size_t n = value.size();
        if (cursor == 0) {
            tiers.clear();
            tiers.reserve(n);
            for (int t = 0; t < kTierCount; ++t) stats[t] = TierStat{static_cast<Tier>(t)};
            if (n < kSmall) {
                sorted.resize(n);
                for (size_t i = 0; i < n; ++i) sorted[i] = clean(value[i]);
                std::sort(sorted.begin(), sorted.end(), std::greater<double>());
                phase = Phase::lines;
                return;
            }
            a.reset(new uint64_t[n]);
            b.reset(new uint64_t[n]);  // the scatter's target, its pages touched in order below
            n_keys = n;
            counts.assign(kDigits * kRadix, 0);
        }
        const size_t end = std::min(n, cursor + kRowsPerStep);
        for (size_t i = cursor; i < end; ++i) {  // the digit histograms of all passes in one read
            const double v = clean(value[i]);
            uint64_t k;
            std::memcpy(&k, &v, 8);
            a[i] = k;
            b[i] = 0;  // met fresh by the scatter's random writes, its pages were faults all over
            for (int d = 0; d < kDigits; ++d) ++counts[static_cast<size_t>(d) * kRadix + ((k >> (kDigitBits * d)) & kDigitMask)];
        }
        cursor = end;
        if (cursor < n) return;
        cursor = 0;
        phase = Phase::pass;
    }

    void pass() {
        const size_t n = n_keys;
        const int shift = kDigitBits * digit;
        const size_t* count = &counts[static_cast<size_t>(digit) * kRadix];
        if (count[(a[0] >> shift) & kDigitMask] != n) {  // else every value has this digit
            if (cursor == 0) {
                pos.assign(kRadix, 0);
                size_t sum = 0;
                for (size_t d = kRadix; d-- > 0;) {  // descending: high digits first
                    pos[d] = sum;
                    sum += count[d];
                }
            }
            const size_t end = std::min(n, cursor + kRowsPerStep);
            for (size_t i = cursor; i < end; ++i) {
                const uint64_t k = a[i];
                b[pos[(k >> shift) & kDigitMask]++] = k;
            }
            cursor = end;
            if (cursor < n) return;
            cursor = 0;
            a.swap(b);
        }
        if (++digit < kDigits) return;
        b.reset();
        std::vector<size_t>().swap(counts);
        std::vector<size_t>().swap(pos);
        sorted.reserve(n);
        phase = Phase::unpack;
    }

    // The sorted keys as doubles, a slice at a time (80 MB copied at once was a ~30 ms step at 10M).
    void unpack() {
        const size_t n = n_keys, end = std::min(n, cursor + kRowsPerStep);
        sorted.resize(end);
        std::memcpy(sorted.data() + cursor, a.get() + cursor, (end - cursor) * 8);
        cursor = end;
        if (cursor < n) return;
        cursor = 0;
        a.reset();
        phase = Phase::lines;
    }

    // Total, Gini, the A and B lines with their tie quotas, the Pareto curve: the Gini sums in
    // slices, then one pass in slices whose running sum (the sum of the values before j, added in
    // order as separate loops would) finds the A and B positions, the curve's points and the top
    // fifth's value.
    bool gini_done = false, past_b = false;
    double line_a = 0, line_b = 0, cum = 0, top = 0;
    size_t n_a = 0, n_b = 0, curve_k = 0, top20 = 0;

    void lines() {
        const std::vector<double>& s = sorted;
        const size_t n = s.size();
        const int P = settings.curve_points;
        if (!gini_done) {
            if (cursor < n) {  // the values are clean: total is their sum
                const size_t end = std::min(n, cursor + kRowsPerStep);
                add_gini_sums(s, cursor, end, total, weighted);
                cursor = end;
                if (cursor < n) return;
            }
            cursor = 0;
            gini_done = true;
            result.total_value = total;
            result.gini = gini_from_sums(total, weighted, n);
            // Positions below each line: count j with cum_before_j < share·total.
            line_a = settings.a_share * total, line_b = (settings.a_share + settings.b_share) * total;
            result.customer_share.resize(static_cast<size_t>(P) + 1);
            result.value_share.resize(static_cast<size_t>(P) + 1);
            top20 = (n + 4) / 5;
        }
        const size_t end = std::min(n, cursor + kRowsPerStep);
        for (size_t j = cursor; j < end; ++j) {
            at_position(j, n, P);
            if (!past_b) {
                if (cum < line_a) n_a = j + 1;
                if (cum < line_b) n_b = j + 1;
                else past_b = true;
            }
            cum += s[j];
        }
        cursor = end;
        if (cursor < n) return;
        at_position(n, n, P);
        cursor = 0;
        const double inf = std::numeric_limits<double>::infinity();
        thr_a = n_a > 0 ? s[n_a - 1] : inf;
        thr_b = n_b > 0 ? s[n_b - 1] : inf;
        // Values equal to a threshold sit together (sorted) and end at its position.
        for (size_t j = n_a; j > 0 && s[j - 1] == thr_a; --j) ++quota_a;
        for (size_t j = n_b; j > n_a && s[j - 1] == thr_b; --j) ++quota_b;
        result.top20_value_share = total > 0 ? top / total : 0;
        std::vector<double>().swap(sorted);
        phase = Phase::assign;
    }

    // What is known once the values before position j are summed (cum): the curve's points whose
    // customer count is j, and the top fifth's value.
    void at_position(size_t j, size_t n, int P) {
        for (; curve_k <= static_cast<size_t>(P); ++curve_k) {
            const size_t upto = (curve_k * n + static_cast<size_t>(P) - 1) / static_cast<size_t>(P);
            if (upto != j) break;
            result.customer_share[curve_k] = static_cast<double>(curve_k) / P;
            result.value_share[curve_k] = total > 0 ? cum / total : 0;
        }
        if (j == top20) top = cum;
    }

    void assign() {
        const size_t n = value.size();
        const size_t end = std::min(n, cursor + kRowsPerStep);
        for (size_t i = cursor; i < end; ++i) {
            const double v = clean(value[i]);
            Tier t = Tier::C;
            if (v > thr_a) t = Tier::A;
            else if (v == thr_a && quota_a > 0) t = Tier::A, --quota_a;
            else if (v > thr_b) t = Tier::B;
            else if (v == thr_b && quota_b > 0) t = Tier::B, --quota_b;
            tiers.push_back(t);
            TierStat& st = stats[static_cast<int>(t)];
            ++st.customers;
            st.value += v;
        }
        cursor = end;
        if (cursor < n) return;
        for (int t = 0; t < kTierCount; ++t) {
            stats[t].value_share = total > 0 ? stats[t].value / total : 0;
            stats[t].customer_share = n > 0 ? static_cast<double>(stats[t].customers) / static_cast<double>(n) : 0;
        }
        phase = Phase::done;
    }
};

TierJob::TierJob(const TierSettings& settings, const std::vector<double>& value, std::vector<Tier>& tiers,
                 TierStat stats[kTierCount])
    : s_(std::make_unique<State>(settings, value, tiers, stats)) {}
TierJob::~TierJob() = default;

bool TierJob::step() {
    switch (s_->phase) {
        case State::Phase::copy: s_->copy(); break;
        case State::Phase::pass: s_->pass(); break;
        case State::Phase::unpack: s_->unpack(); break;
        case State::Phase::lines: s_->lines(); break;
        case State::Phase::assign: s_->assign(); break;
        case State::Phase::done: break;
    }
    return s_->phase != State::Phase::done;
}

Concentration TierJob::take() { return std::move(s_->result); }

Concentration assign_tiers(const TierSettings& settings, const std::vector<double>& value, std::vector<Tier>& tiers,
                           TierStat stats[kTierCount]) {
    TierJob job(settings, value, tiers, stats);
    while (job.step()) {
    }
    return job.take();
}

}  // namespace clv
