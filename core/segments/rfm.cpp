#include "segments/rfm.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>

#include "util/radix_select.hpp"

namespace clv {

std::string RfmSettings::check() const {
    for (int r = 0; r < 5; ++r)
        for (int fm = 0; fm < 5; ++fm)
            if (static_cast<int>(grid[r][fm]) >= kSegmentCount)
                return "RFM grid cell R" + std::to_string(r + 1) + " FM" + std::to_string(fm + 1) +
                       " does not name one of the 11 segments";
    if (monetary != Monetary::total && monetary != Monetary::per_order) return "RFM monetary must be total or per_order";
    if (class_base != ClassBase::mean && class_base != ClassBase::median) return "RFM class base must be mean or median";
    return {};
}

// One column's quintile cuts, resumable: each step() reads at most `budget` values, so that a
// column of 10M customers (80 MB) is not one browser frame. Recency and frequency are whole
// numbers of days and purchases: their order statistics come from a histogram of the values (a
// range of at most 4M) in two passes. Other values (monetary) take the general route: the values
// at ascending positions pos[0..3] of the goodness order (g = v, or −v when smaller is better),
// exactly as nth_element would find them: a histogram of the keys' top 16 bits places each
// position in one bucket, then one more pass gathers the values of those (at most four) buckets
// and each position is selected among its bucket's values. Two passes over the values instead of
// four selections over copies of them.
struct QuintileCutsJob {
    enum class Phase { integer_range, integer_count, histogram, gather, done };
    static constexpr int kShift = 48;
    static constexpr uint32_t kNone = UINT32_MAX;
    const std::vector<double>& values;
    std::vector<double>& scratch;  // the caller's buffer serves the first gathered list
    QuintileCuts q;
    Phase phase = Phase::integer_range;
    size_t n = 0, cursor = 0;
    size_t pos[4] = {};
    double lo = 0, hi = 0;        // the integer route's range
    std::vector<uint32_t> count;  // the integer histogram; the key histogram, then bucket -> list
    uint32_t bucket[4] = {};
    size_t rank[4] = {};
    int list_of[4] = {};
    std::vector<double> gathered[4];

    QuintileCutsJob(const std::vector<double>& v, bool higher_is_better, std::vector<double>& buffer)
        : values(v), scratch(buffer), n(v.size()) {
        q.higher_is_better = higher_is_better;
        // With g sorted ascending, below(v) >= c  <=>  g[c - 1] < v, and score >= k  <=>  below >=
        // ceil((k-1)n/5): the positions ceil((k-1)n/5) - 1, k = 2..5.
        for (int k = 2; k <= 5; ++k) pos[k - 2] = (static_cast<size_t>(k - 1) * n + 4) / 5 - 1;
        if (n == 0) phase = Phase::done;
        else lo = hi = v[0];
    }
    double goodness(double v) const { return q.higher_is_better ? v : -v; }
    void start_select() {
        count.assign(size_t{1} << 16, 0);
        cursor = 0;
        phase = Phase::histogram;
    }

    bool step(size_t budget) {
        const size_t end = std::min(n, cursor + std::max<size_t>(budget, 1));
        switch (phase) {
            case Phase::integer_range:
                for (size_t i = cursor; i < end; ++i) {
                    const double v = values[i];
                    if (v != std::floor(v) || !(std::fabs(v) < 1e9)) {
                        start_select();
                        return false;
                    }
                    lo = std::min(lo, v);
                    hi = std::max(hi, v);
                }
                cursor = end;
                if (cursor < n) return false;
                if (hi - lo > 4e6) {
                    start_select();
                    return false;
                }
                count.assign(static_cast<size_t>(hi - lo) + 1, 0);
                cursor = 0;
                phase = Phase::integer_count;
                return false;
            case Phase::integer_count: {
                for (size_t i = cursor; i < end; ++i) ++count[static_cast<size_t>(values[i] - lo)];
                cursor = end;
                if (cursor < n) return false;
                // Goodness order: ascending values when higher is better, descending otherwise.
                size_t seen = 0;
                int next = 0;
                const size_t buckets = count.size();
                for (size_t j = 0; j < buckets && next < 4; ++j) {
                    const size_t b = q.higher_is_better ? j : buckets - 1 - j;
                    seen += count[b];
                    while (next < 4 && pos[next] < seen) q.cut[next++] = lo + static_cast<double>(b);
                }
                std::vector<uint32_t>().swap(count);
                phase = Phase::done;
                return true;
            }
            case Phase::histogram: {
                for (size_t i = cursor; i < end; ++i) ++count[double_order_key(goodness(values[i])) >> kShift];
                cursor = end;
                if (cursor < n) return false;
                size_t seen = 0;
                int next = 0;
                for (uint32_t b = 0; b < count.size() && next < 4; ++b) {
                    while (next < 4 && pos[next] < seen + count[b]) bucket[next] = b, rank[next] = pos[next] - seen, ++next;
                    seen += count[b];
                }
                // Distinct buckets in ascending order (positions ascend, so equal buckets are
                // adjacent); `count`, no longer needed, becomes the table from bucket to list.
                int lists = 0;
                for (int k = 0; k < 4; ++k) list_of[k] = k > 0 && bucket[k] == bucket[k - 1] ? list_of[k - 1] : lists++;
                // Each list is reserved at its bucket's size: grown by doubling, a bucket of 5M
                // (a monetary column half zeros) was copies and fresh memory worth 0.1 s in Chromium.
                size_t bucket_size[4] = {};
                for (int k = 0; k < 4; ++k) bucket_size[list_of[k]] = count[bucket[k]];
                std::fill(count.begin(), count.end(), kNone);
                for (int k = 0; k < 4; ++k) count[bucket[k]] = static_cast<uint32_t>(list_of[k]);
                gathered[0].swap(scratch);
                gathered[0].clear();
                for (int l = 0; l < lists; ++l) gathered[l].reserve(bucket_size[l]);
                cursor = 0;
                phase = Phase::gather;
                return false;
            }
            case Phase::gather: {
                for (size_t i = cursor; i < end; ++i) {
                    const double g = goodness(values[i]);
                    const uint32_t l = count[double_order_key(g) >> kShift];
                    if (l != kNone) gathered[l].push_back(g);
                }
                cursor = end;
                if (cursor < n) return false;
                // A bucket of one value (zeros) needs no selection: nth_element over 5M equal values
                // was a 140 ms step.
                bool one_value[4] = {};
                for (int l = 0; l < 4; ++l)
                    if (!gathered[l].empty()) {
                        const auto [lo_it, hi_it] = std::minmax_element(gathered[l].begin(), gathered[l].end());
                        one_value[l] = *lo_it == *hi_it;
                    }
                for (int k = 0; k < 4; ++k) {
                    std::vector<double>& list = gathered[list_of[k]];
                    if (one_value[list_of[k]]) {
                        q.cut[k] = goodness(list.front());
                        continue;
                    }
                    std::nth_element(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(rank[k]), list.end());
                    q.cut[k] = goodness(list[rank[k]]);
                }
                gathered[0].swap(scratch);
                for (std::vector<double>& list : gathered) std::vector<double>().swap(list);
                std::vector<uint32_t>().swap(count);
                phase = Phase::done;
                return true;
            }
            case Phase::done: return true;
        }
        return true;
    }
};

QuintileCuts quintile_cuts(const std::vector<double>& values, bool higher_is_better, std::vector<double>& scratch) {
    QuintileCutsJob job(values, higher_is_better, scratch);
    while (!job.step(SIZE_MAX)) {
    }
    return job.q;
}

Segment rfm_segment(const RfmSettings& s, int r, int f, int m) {
    const int fm = fm_score(f, m);
    r = std::clamp(r, 1, 5);
    return s.grid[r - 1][std::clamp(fm, 1, 5) - 1];
}

namespace {

double base_of(const std::vector<double>& v, RfmSettings::ClassBase base, std::vector<double>& scratch) {
    if (v.empty()) return 0;
    if (base == RfmSettings::ClassBase::mean) {
        double s = 0;
        for (double x : v) s += x;
        return s / static_cast<double>(v.size());
    }
    scratch.assign(v.begin(), v.end());
    const size_t mid = scratch.size() / 2;
    std::nth_element(scratch.begin(), scratch.begin() + static_cast<std::ptrdiff_t>(mid), scratch.end());
    double med = scratch[mid];
    if (scratch.size() % 2 == 0) {  // the mean of the two middle values
        const double lower = *std::max_element(scratch.begin(), scratch.begin() + static_cast<std::ptrdiff_t>(mid));
        med = (med + lower) / 2;
    }
    return med;
}

}  // namespace

namespace {

// Scores, segments and classes of customers [begin, end), counted into `sum`.
void score_range(const RfmSettings& settings, const std::vector<double>& recency, const std::vector<double>& frequency,
                 const std::vector<double>& monetary, size_t begin, size_t end, RfmColumns& out, RfmSummary& sum) {
    // The loop reads only locals: the byte-sized stores below may alias anything, so cuts, bases,
    // grid and counters kept in `sum` or `settings` would be reloaded for every customer.
    // score = 1 + the cuts passed, as QuintileCuts::score (recency: smaller is better).
    const QuintileCuts rq = sum.r_cuts, fq = sum.f_cuts, mq = sum.m_cuts;
    const double r_base = sum.r_base, f_base = sum.f_base, m_base = sum.m_base;
    Segment grid[5][5];
    std::memcpy(grid, settings.grid, sizeof grid);
    uint64_t counts[3][5], grid_counts[5][5];
    std::memcpy(counts, sum.score_counts, sizeof counts);
    std::memcpy(grid_counts, sum.grid_counts, sizeof grid_counts);
    const double* rec = recency.data();
    const double* fre = frequency.data();
    const double* mon = monetary.data();
    uint8_t* out_r = out.r.data();
    uint8_t* out_f = out.f.data();
    uint8_t* out_m = out.m.data();
    Segment* out_segment = out.segment.data();
    ValueClass* out_class = out.value_class.data();
    auto score = [](const QuintileCuts& q, double v) {
        return q.higher_is_better ? 1 + (v > q.cut[0]) + (v > q.cut[1]) + (v > q.cut[2]) + (v > q.cut[3])
                                  : 1 + (v < q.cut[0]) + (v < q.cut[1]) + (v < q.cut[2]) + (v < q.cut[3]);
    };
    for (size_t i = begin; i < end; ++i) {
        const double rv = rec[i], fv = fre[i], mv = mon[i];
        const int r = score(rq, rv), f = score(fq, fv), m = score(mq, mv), fm = fm_score(f, m);
        out_r[i] = static_cast<uint8_t>(r);
        out_f[i] = static_cast<uint8_t>(f);
        out_m[i] = static_cast<uint8_t>(m);
        out_segment[i] = grid[r - 1][fm - 1];
        out_class[i] = value_class_of(rv < r_base, fv > f_base, mv > m_base);
        ++counts[0][r - 1];
        ++counts[1][f - 1];
        ++counts[2][m - 1];
        ++grid_counts[r - 1][fm - 1];
    }
    std::memcpy(sum.score_counts, counts, sizeof counts);
    std::memcpy(sum.grid_counts, grid_counts, sizeof grid_counts);
}

}  // namespace

RfmScoring::RfmScoring(const RfmSettings& settings, const std::vector<double>& recency, const std::vector<double>& frequency,
                       const std::vector<double>& monetary, RfmColumns& out)
    : settings_(settings), recency_(recency), frequency_(frequency), monetary_(monetary), out_(out),
      n_(std::min({recency.size(), frequency.size(), monetary.size()})) {}

RfmScoring::~RfmScoring() = default;

// Parts: the cuts of R, F and M (each in slices of values), the class bases (the mean in slices;
// the median in one piece), then the scoring in slices.
bool RfmScoring::step() {
    const std::vector<double>* columns[3] = {&recency_, &frequency_, &monetary_};
    if (part_ < 3) {
        if (!cuts_) cuts_ = std::make_unique<QuintileCutsJob>(*columns[part_], part_ != 0, scratch_);
        if (!cuts_->step(kScorePerStep)) return false;
        QuintileCuts* cuts[3] = {&sum_.r_cuts, &sum_.f_cuts, &sum_.m_cuts};
        *cuts[part_++] = cuts_->q;
        cuts_.reset();
        return false;
    }
    if (part_ < 6) {
        const std::vector<double>& v = *columns[part_ - 3];
        double* bases[3] = {&sum_.r_base, &sum_.f_base, &sum_.m_base};
        if (settings_.class_base == RfmSettings::ClassBase::mean && !v.empty()) {
            const size_t end = std::min(v.size(), cursor_ + kScorePerStep);
            for (size_t i = cursor_; i < end; ++i) base_sum_ += v[i];
            cursor_ = end;
            if (cursor_ < v.size()) return false;
            *bases[part_ - 3] = base_sum_ / static_cast<double>(v.size());  // as base_of: the sum in row order
            base_sum_ = 0;
            cursor_ = 0;
        } else {
            *bases[part_ - 3] = base_of(v, settings_.class_base, scratch_);
        }
        if (++part_ == 6) {
            std::vector<double>().swap(scratch_);
            for (auto* column : {&out_.r, &out_.f, &out_.m}) column->clear(), column->reserve(n_);
            out_.segment.clear(), out_.segment.reserve(n_);
            out_.value_class.clear(), out_.value_class.reserve(n_);
        }
        return false;
    }
    // The scoring; the output columns grow with it (zero-filled at once they were 50 MB at 10M).
    const size_t end = std::min(n_, cursor_ + kScorePerStep);
    for (auto* column : {&out_.r, &out_.f, &out_.m}) column->resize(end);
    out_.segment.resize(end);
    out_.value_class.resize(end);
    score_range(settings_, recency_, frequency_, monetary_, cursor_, end, out_, sum_);
    cursor_ = end;
    return cursor_ == n_;
}

RfmSummary score_rfm(const RfmSettings& settings, const std::vector<double>& recency,
                     const std::vector<double>& frequency, const std::vector<double>& monetary, RfmColumns& out) {
    RfmScoring job(settings, recency, frequency, monetary, out);
    while (!job.step()) {
    }
    return job.take();
}

}  // namespace clv
