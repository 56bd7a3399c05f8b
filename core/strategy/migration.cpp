#include "strategy/migration.hpp"

#include <algorithm>

namespace clv {

std::string MigrationSettings::check() const {
    if (compare_days < 1 || compare_days > 3650) return "value change: the comparison must lie 1 to 3650 days back";
    return {};
}

void clear_migration_tally(MigrationReport& out) {
    for (auto& row : out.segments)
        for (auto& cell : row) cell = 0;
    for (auto& row : out.tiers)
        for (auto& cell : row) cell = 0;
    out.customers_new = out.moved_up = out.moved_down = 0;
}

void tally_migration(const std::vector<int32_t>& prev_row, const std::vector<Segment>& prev_segment,
                     const std::vector<Tier>& prev_tier, const std::vector<Segment>& segment,
                     const std::vector<Tier>& tier, size_t begin, size_t end, MigrationReport& out) {
    end = std::min({end, prev_row.size(), segment.size(), tier.size()});
    for (size_t i = begin; i < end; ++i) {
        const int32_t p = prev_row[i];
        const int s_now = static_cast<int>(segment[i]), t_now = static_cast<int>(tier[i]);
        if (p < 0 || static_cast<size_t>(p) >= prev_segment.size()) {
            ++out.segments[kSegmentCount][s_now];
            ++out.tiers[kTierCount][t_now];
            ++out.customers_new;
            continue;
        }
        const int t_before = static_cast<int>(prev_tier[static_cast<size_t>(p)]);
        ++out.segments[static_cast<int>(prev_segment[static_cast<size_t>(p)])][s_now];
        ++out.tiers[t_before][t_now];
        if (t_now < t_before) ++out.moved_up;  // A is 0: a smaller index is a higher tier
        else if (t_now > t_before) ++out.moved_down;
    }
}

void tally_migration(const std::vector<int32_t>& prev_row, const std::vector<Segment>& prev_segment,
                     const std::vector<Tier>& prev_tier, const std::vector<Segment>& segment,
                     const std::vector<Tier>& tier, MigrationReport& out) {
    clear_migration_tally(out);
    tally_migration(prev_row, prev_segment, prev_tier, segment, tier, 0, prev_row.size(), out);
}

}  // namespace clv
