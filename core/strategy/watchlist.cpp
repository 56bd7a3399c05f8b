#include "strategy/watchlist.hpp"

#include <algorithm>
#include <cmath>

namespace clv {

std::string WatchlistSettings::check() const {
    if (!(p_alive_below >= 0 && p_alive_below <= 1)) return "watch-list: the P(alive) threshold must be between 0 and 1";
    if (!(silence_multiple > 0)) return "watch-list: the silence multiple must be positive";
    if (!(growing_gap_ratio >= 1)) return "watch-list: the growing-gap ratio must be at least 1";
    if (static_cast<int>(lowest_tier) >= kTierCount) return "watch-list: the lowest tier must be A, B or C";
    if (max_items < 1 || max_items > 1000000) return "watch-list: the length must be between 1 and 1,000,000";
    return {};
}

uint8_t watch_reasons(const WatchlistSettings& s, const LifecycleFacts& f) {
    uint8_t r = 0;
    if (std::isfinite(f.p_alive) && f.p_alive < s.p_alive_below) r |= 1u << static_cast<int>(WatchReason::low_p_alive);
    if (f.usual_gap_days > 0 && f.silence_days > s.silence_multiple * f.usual_gap_days)
        r |= 1u << static_cast<int>(WatchReason::long_silence);
    if (s.growing_gaps && f.purchase_days >= 3 && std::isfinite(f.last_gap_days) && std::isfinite(f.earlier_mean_gap_days) &&
        f.earlier_mean_gap_days > 0 && f.last_gap_days > s.growing_gap_ratio * f.earlier_mean_gap_days)
        r |= 1u << static_cast<int>(WatchReason::growing_gaps);
    return r;
}

double chance_lost(const LifecycleFacts& f, uint8_t reasons, double churned_silence) {
    double c = std::isfinite(f.p_alive) ? 1 - f.p_alive : 0;
    if ((reasons & (1u << static_cast<int>(WatchReason::long_silence))) && f.usual_gap_days > 0 && churned_silence > 0)
        c = std::max(c, std::min(1.0, f.silence_days / (churned_silence * f.usual_gap_days)));
    return std::clamp(c, 0.0, 1.0);
}

namespace {
bool before(const WatchItem& a, const WatchItem& b) {
    if (a.value_at_risk != b.value_at_risk) return a.value_at_risk > b.value_at_risk;
    return a.row < b.row;
}
}  // namespace

void offer_watch_item(std::vector<WatchItem>& heap, const WatchItem& item, size_t max_items) {
    if (max_items == 0) return;
    if (heap.size() < max_items) {
        heap.push_back(item);
        std::push_heap(heap.begin(), heap.end(), before);
    } else if (before(item, heap.front())) {
        std::pop_heap(heap.begin(), heap.end(), before);
        heap.back() = item;
        std::push_heap(heap.begin(), heap.end(), before);
    }
}

void rank_watchlist(std::vector<WatchItem>& items, size_t max_items) {
    if (items.size() > max_items) {
        std::nth_element(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(max_items), items.end(), before);
        items.resize(max_items);
    }
    std::sort(items.begin(), items.end(), before);
}

}  // namespace clv
