// Value change monitoring between two analysis dates (the analysis date and compare_days before
// it): per customer the change of realised value (既成价值: margin × spend to date) and potential
// value (潜在价值: predicted CLV over the horizon), and the migration matrices of RFM segments and
// tiers — rows the earlier date (plus a last row "new": not yet a customer then), columns now.
// Both dates use the same fitted model (fitted at the analysis date; the earlier date's summary
// is predicted with those parameters, not refitted): a change of potential value then reflects
// what the customer did, not a drift of the population parameters — and it costs no second fit.
#pragma once
#include <string>
#include <vector>

#include "segments/labels.hpp"
#include "util/civil_date.hpp"

namespace clv {

struct MigrationSettings {
    bool enabled = true;
    int compare_days = 90;
    std::string check() const;
};

struct MigrationReport {
    bool available = false;
    DayNumber from_day = 0, to_day = 0;
    uint64_t segments[kSegmentCount + 1][kSegmentCount] = {};  // [before or new][now]
    uint64_t tiers[kTierCount + 1][kTierCount] = {};
    uint64_t customers_before = 0, customers_new = 0;
    double realised_before = 0, realised_now = 0;    // totals over the customers of each date
    double potential_before = 0, potential_now = 0;
    uint64_t moved_up = 0, moved_down = 0;           // tier changes among customers at both dates
    std::string note;
};

// prev_row[i]: the earlier date's row of current customer i, or -1 when new since.
void tally_migration(const std::vector<int32_t>& prev_row, const std::vector<Segment>& prev_segment,
                     const std::vector<Tier>& prev_tier, const std::vector<Segment>& segment,
                     const std::vector<Tier>& tier, MigrationReport& out);
// The same in slices (10M customers at once were an 80 ms step in wasm): clear the counts, then
// add current customers [begin, end) slice by slice.
void clear_migration_tally(MigrationReport& out);
void tally_migration(const std::vector<int32_t>& prev_row, const std::vector<Segment>& prev_segment,
                     const std::vector<Tier>& prev_tier, const std::vector<Segment>& segment,
                     const std::vector<Tier>& tier, size_t begin, size_t end, MigrationReport& out);

}  // namespace clv
