// Churn early warning (流失预警): valuable customers (tier A, or A and B) who show a warning sign,
// ranked by the value at risk.
//   signs     P(alive) below p_alive_below; silence longer than silence_multiple × their usual gap
//             (lifecycle.hpp's definition); the last gap longer than growing_gap_ratio × the
//             earlier mean gap.
//   chance    of being lost: 1 − P(alive); when the silence sign fires and the model sees less
//             risk (BG/NBD gives every one-time buyer P(alive) = 1), the share of the churn
//             silence already elapsed, min(1, silence / (churned_silence × usual gap)).
//   value if active  CLV / P(alive) (the model's value given the customer is still active),
//             or margin × historical yearly spend without a model.
//   value at risk = chance × value if active.
#pragma once
#include <string>
#include <vector>

#include "segments/labels.hpp"
#include "segments/lifecycle.hpp"

namespace clv {

struct WatchlistSettings {
    double p_alive_below = 0.5;
    double silence_multiple = 1.5;
    bool growing_gaps = true;
    double growing_gap_ratio = 1.5;
    Tier lowest_tier = Tier::B;   // A only, or A and B (default), or everyone (C)
    bool include_churned = true;  // customers already in the churned stage (win-back candidates)
    size_t max_items = 500;       // the list keeps the largest values at risk

    std::string check() const;
};

struct WatchItem {
    uint32_t row = 0;        // Customers row
    double p_alive = 0;
    double chance_lost = 0;
    double value_if_active = 0;
    double value_at_risk = 0;
    double silence_days = 0;
    double usual_gap_days = 0;
    uint8_t reasons = 0;     // bits of WatchReason
};

// The signs that fire for one customer (bits of WatchReason); 0 when none.
uint8_t watch_reasons(const WatchlistSettings& s, const LifecycleFacts& f);

// Chance of being lost given the signs; `churned_silence` from LifecycleSettings.
double chance_lost(const LifecycleFacts& f, uint8_t reasons, double churned_silence);

// Keeps the max_items largest values at risk, largest first (ties: lower row first).
void rank_watchlist(std::vector<WatchItem>& items, size_t max_items);

// Offers one candidate to a bounded list (a heap of at most max_items, the lowest-ranked on top),
// so a million candidates never make a million-entry vector; finish with rank_watchlist.
void offer_watch_item(std::vector<WatchItem>& heap, const WatchItem& item, size_t max_items);

}  // namespace clv
