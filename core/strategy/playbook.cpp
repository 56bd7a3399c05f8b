#include "strategy/playbook.hpp"

namespace clv {

std::string PlaybookSettings::check() const {
    const uint32_t all = (1u << kActionCount) - 1;
    for (int i = 0; i < kSegmentCount; ++i)
        if (segment_actions[i] & ~all) return std::string("playbook: unknown action for ") + segment_label(static_cast<Segment>(i)).en;
    for (int i = 0; i < kStageCount; ++i)
        if (stage_actions[i] & ~all) return std::string("playbook: unknown action for ") + stage_label(static_cast<Stage>(i)).en;
    return {};
}

uint32_t customer_actions(const PlaybookSettings& s, Segment segment, Stage stage, Tier tier) {
    if (s.let_go_low_value_churned && stage == Stage::churned && tier == Tier::C) return action_bit(Action::let_go);
    return s.segment_actions[static_cast<int>(segment) % kSegmentCount] | s.stage_actions[static_cast<int>(stage) % kStageCount];
}

std::string action_keys(uint32_t actions) {
    std::string out;
    for (int a = 0; a < kActionCount; ++a)
        if (actions & (1u << a)) {
            if (!out.empty()) out += ';';
            out += action_label(static_cast<Action>(a)).key;
        }
    return out;
}

}  // namespace clv
