#include "segments/rfm.hpp"

#include <algorithm>
#include <cmath>

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

QuintileCuts quintile_cuts(const std::vector<double>& values, bool higher_is_better, std::vector<double>& scratch) {
    QuintileCuts q;
    q.higher_is_better = higher_is_better;
    const size_t n = values.size();
    if (n == 0) return q;
    if (integer_cuts(values, higher_is_better, q)) return q;
    // Work on "goodness" g (larger is better) so one rule serves both directions: with g sorted
    // ascending, below(v) >= c  <=>  g[c - 1] < v, and score >= k  <=>  below >= ceil((k-1)n/5).
    scratch.resize(n);
    for (size_t i = 0; i < n; ++i) scratch[i] = higher_is_better ? values[i] : -values[i];
    auto begin = scratch.begin();
    for (int k = 2; k <= 5; ++k) {
        const size_t c = (static_cast<size_t>(k - 1) * n + 4) / 5;  // ceil((k-1)n/5) >= 1
        const size_t pos = c - 1;
        std::nth_element(begin, scratch.begin() + static_cast<std::ptrdiff_t>(pos), scratch.end());
        const double g = scratch[pos];
        q.cut[k - 2] = higher_is_better ? g : -g;
        begin = scratch.begin() + static_cast<std::ptrdiff_t>(pos);  // later positions lie at or after it
    }
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
