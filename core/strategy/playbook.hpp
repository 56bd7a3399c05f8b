// Strategy playbook: recommended actions per RFM segment and per lifecycle stage, following the
// customer value management method (客户价值管理): acquire, grow with cross-sell, keep the loyal
// with membership and points, win back the declining, let go of unprofitable churned customers.
// A customer's actions are those of their segment together with those of their stage; a churned
// customer in tier C is let go (no paid spend) instead, when let_go_low_value_churned is set.
// Actions are bit sets of labels.hpp's Action, editable per segment and stage.
#pragma once
#include <string>

#include "segments/labels.hpp"

namespace clv {

constexpr uint32_t action_bit(Action a) { return 1u << static_cast<int>(a); }

struct PlaybookSettings {
    uint32_t segment_actions[kSegmentCount] = {
        action_bit(Action::vip_rewards) | action_bit(Action::referral) | action_bit(Action::acquire_lookalikes),  // champions
        action_bit(Action::membership_points) | action_bit(Action::cross_sell) | action_bit(Action::referral),    // loyal
        action_bit(Action::membership_points) | action_bit(Action::cross_sell),              // potential loyalist
        action_bit(Action::onboarding),                                                     // new
        action_bit(Action::onboarding) | action_bit(Action::nurture),                       // promising
        action_bit(Action::nurture) | action_bit(Action::feedback_survey),                  // need attention
        action_bit(Action::reactivation_offer) | action_bit(Action::nurture),               // about to sleep
        action_bit(Action::reactivation_offer) | action_bit(Action::personal_contact) |
            action_bit(Action::feedback_survey),                                            // at risk
        action_bit(Action::personal_contact) | action_bit(Action::win_back),                // can't lose them
        action_bit(Action::low_cost_contact) | action_bit(Action::reactivation_offer),      // hibernating
        action_bit(Action::low_cost_contact),                                               // lost
    };
    uint32_t stage_actions[kStageCount] = {
        action_bit(Action::onboarding),                                       // acquisition
        action_bit(Action::cross_sell) | action_bit(Action::membership_points),  // growth
        action_bit(Action::vip_rewards) | action_bit(Action::membership_points), // maturity
        action_bit(Action::reactivation_offer) | action_bit(Action::feedback_survey),  // decline
        action_bit(Action::win_back),                                         // churned
    };
    bool let_go_low_value_churned = true;

    std::string check() const;
};

uint32_t customer_actions(const PlaybookSettings& s, Segment segment, Stage stage, Tier tier);

// "vip_rewards;referral" (the CSV form of a bit set).
std::string action_keys(uint32_t actions);

}  // namespace clv
