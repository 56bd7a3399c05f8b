#include "segments/rfm.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

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

namespace {

// Recency and frequency are whole numbers of days and purchases: their order statistics come from
// a histogram in two passes instead of four selections. False when the values are not whole
// numbers in a range of at most 4M.
bool integer_cuts(const std::vector<double>& values, bool higher_is_better, QuintileCuts& q) {
    const size_t n = values.size();
    double lo = values[0], hi = values[0];
    for (double v : values) {
        if (v != std::floor(v) || !(std::fabs(v) < 1e9)) return false;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    if (hi - lo > 4e6) return false;
    std::vector<uint32_t> count(static_cast<size_t>(hi - lo) + 1, 0);
    for (double v : values) ++count[static_cast<size_t>(v - lo)];
    // Goodness order: ascending values when higher is better, descending otherwise.
    size_t positions[4];
    for (int k = 2; k <= 5; ++k) positions[k - 2] = (static_cast<size_t>(k - 1) * n + 4) / 5 - 1;
    size_t seen = 0;
    int next = 0;
    const size_t buckets = count.size();
    for (size_t j = 0; j < buckets && next < 4; ++j) {
        const size_t b = higher_is_better ? j : buckets - 1 - j;
        seen += count[b];
        while (next < 4 && positions[next] < seen) q.cut[next++] = lo + static_cast<double>(b);
    }
    return true;
}

}  // namespace

namespace {

// Doubles as unsigned keys in the same order (negative values: all bits flipped; others: the sign
// bit set), so that a histogram of the top bits orders them.
uint64_t order_key(double g) {
    uint64_t b;
    std::memcpy(&b, &g, sizeof b);
    return (b >> 63) ? ~b : (b | (uint64_t{1} << 63));
}

// The values at ascending positions pos[0..3] of the goodness order (g = v, or −v when smaller is
// better), exactly as nth_element would find them: a histogram of the keys' top 16 bits places each
// position in one bucket, then only that bucket's values are selected among. Two passes over the
// values instead of four selections over copies of them.
void select_cuts(const std::vector<double>& values, bool higher_is_better, const size_t (&pos)[4], double (&out)[4],
                 std::vector<double>& scratch) {
    constexpr int kShift = 48;
    std::vector<uint32_t> count(size_t{1} << 16, 0);
    for (double v : values) ++count[order_key(higher_is_better ? v : -v) >> kShift];
    uint32_t bucket[4];
    size_t rank[4];
    size_t seen = 0;
    int next = 0;
    for (uint32_t b = 0; b < count.size() && next < 4; ++b) {
        while (next < 4 && pos[next] < seen + count[b]) bucket[next] = b, rank[next] = pos[next] - seen, ++next;
        seen += count[b];
    }
    for (int k = 0; k < 4; ++k) {
        if (k > 0 && bucket[k] == bucket[k - 1]) {  // the same bucket: select within the gathered values
            std::nth_element(scratch.begin(), scratch.begin() + static_cast<std::ptrdiff_t>(rank[k]), scratch.end());
            out[k] = scratch[rank[k]];
            continue;
        }
        scratch.clear();
        for (double v : values) {
            const double g = higher_is_better ? v : -v;
            if (order_key(g) >> kShift == bucket[k]) scratch.push_back(g);
        }
        std::nth_element(scratch.begin(), scratch.begin() + static_cast<std::ptrdiff_t>(rank[k]), scratch.end());
        out[k] = scratch[rank[k]];
    }
}

}  // namespace

QuintileCuts quintile_cuts(const std::vector<double>& values, bool higher_is_better, std::vector<double>& scratch) {
    QuintileCuts q;
    q.higher_is_better = higher_is_better;
    const size_t n = values.size();
    if (n == 0) return q;
    if (integer_cuts(values, higher_is_better, q)) return q;
    // Work on "goodness" g (larger is better) so one rule serves both directions: with g sorted
    // ascending, below(v) >= c  <=>  g[c - 1] < v, and score >= k  <=>  below >= ceil((k-1)n/5).
    size_t pos[4];
    for (int k = 2; k <= 5; ++k) pos[k - 2] = (static_cast<size_t>(k - 1) * n + 4) / 5 - 1;  // ceil((k-1)n/5) - 1
    double g[4];
    select_cuts(values, higher_is_better, pos, g, scratch);
    for (int k = 0; k < 4; ++k) q.cut[k] = higher_is_better ? g[k] : -g[k];
    return q;
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

RfmSummary score_rfm(const RfmSettings& settings, const std::vector<double>& recency,
                     const std::vector<double>& frequency, const std::vector<double>& monetary, RfmColumns& out) {
    RfmSummary sum;
    const size_t n = std::min({recency.size(), frequency.size(), monetary.size()});
    std::vector<double> scratch;
    sum.r_cuts = quintile_cuts(recency, false, scratch);
    sum.f_cuts = quintile_cuts(frequency, true, scratch);
    sum.m_cuts = quintile_cuts(monetary, true, scratch);
    sum.r_base = base_of(recency, settings.class_base, scratch);
    sum.f_base = base_of(frequency, settings.class_base, scratch);
    sum.m_base = base_of(monetary, settings.class_base, scratch);

    out.r.resize(n);
    out.f.resize(n);
    out.m.resize(n);
    out.segment.resize(n);
    out.value_class.resize(n);
    for (size_t i = 0; i < n; ++i) {
        const int r = sum.r_cuts.score(recency[i]);
        const int f = sum.f_cuts.score(frequency[i]);
        const int m = sum.m_cuts.score(monetary[i]);
        out.r[i] = static_cast<uint8_t>(r);
        out.f[i] = static_cast<uint8_t>(f);
        out.m[i] = static_cast<uint8_t>(m);
        out.segment[i] = settings.grid[r - 1][fm_score(f, m) - 1];
        out.value_class[i] =
            value_class_of(recency[i] < sum.r_base, frequency[i] > sum.f_base, monetary[i] > sum.m_base);
        ++sum.score_counts[0][r - 1];
        ++sum.score_counts[1][f - 1];
        ++sum.score_counts[2][m - 1];
        ++sum.grid_counts[r - 1][fm_score(f, m) - 1];
    }
    return sum;
}

}  // namespace clv
