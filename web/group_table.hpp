// One table for the group statistics of the Report (RFM segments, value classes, A/B/C tiers,
// lifecycle stages): a name column and the columns a view asks for, plus the Net Promoter Score
// of each group when a survey was given. Shared by the Segments, Value and Lifecycle views.
#pragma once
#include <functional>
#include <vector>

#include "i18n.hpp"
#include "report/report.hpp"

namespace clv::web {

// Columns, as bits of GroupTable::columns, in the order they are drawn.
enum GroupColumn : unsigned {
    kGroupCustomers = 1u << 0,
    kGroupCustomerShare = 1u << 1,
    kGroupRevenue = 1u << 2,
    kGroupRevenueShare = 1u << 3,
    kGroupValue = 1u << 4,
    kGroupValueShare = 1u << 5,         // value / total_value
    kGroupValuePerCustomer = 1u << 6,
    kGroupClv = 1u << 7,
    kGroupPAlive = 1u << 8,
};

struct GroupTable {
    const char* id = "groups";
    Str name_column = Str::col_group;
    float name_weight = 2.0f;                   // stretch weight of the name column (others: 1)
    const GroupValue* groups = nullptr;
    int count = 0;
    std::function<const char*(int)> name_of;    // the group's label in the UI language
    unsigned columns = 0;
    double total_value = 0;                     // for kGroupValueShare
    const std::vector<NpsTally>* nps = nullptr; // NPS and answer count per group (same order), or none
    bool dim_empty = false;                     // groups without customers in grey
};

void group_table(const GroupTable& t);

// Only the model columns when a model was fitted: `always` plus CLV and P(alive) if `models`.
inline unsigned with_model_columns(unsigned always, bool models) {
    return always | (models ? kGroupClv | kGroupPAlive : 0u);
}

}  // namespace clv::web
