// Customer acquisition cost and CLV:CAC from a marketing + sales spend input: one number for the
// whole data period, or a table of month, channel, spend.
//   CAC = spend / new customers (customers whose first purchase falls in the months the spend
//         covers; with one number: every customer first buying up to the analysis date)
//   value of a new customer = margin × what they have spent so far + model CLV (their remaining
//         value): the whole-life value a CAC buys, averaged over the new customers counted
//   CLV:CAC = that value / CAC (3:1 is the usual rule of thumb for a healthy business)
//   payback months = CAC / (margin × AOV × monthly purchase frequency), the months of average
//         gross margin that repay the acquisition cost.
// Per channel, when the spend table names channels and the orders carry one (the customer's
// acquisition channel: the channel of their first purchase, Customers::acquisition_channel):
//   CAC(channel) = the channel's spend / the customers it acquired in the months it has spend,
// and the same per month and channel. Channel names match ignoring case and surrounding blanks.
// Customers acquired through a channel without spend, or with no channel, count in the overall CAC
// only. Without channels on the orders the channels' spend and share are reported, and the note
// says why there is no CAC per channel.
#pragma once
#include <cmath>
#include <istream>
#include <string>
#include <vector>

#include "summary/customers.hpp"

namespace clv {

struct SpendLine {
    int month = 0;  // month_index
    std::string channel;
    double amount = 0;
};

struct SpendInput {
    double total = NAN;            // one number for the whole period; NaN: not given
    std::vector<SpendLine> lines;  // or a table
    bool given() const { return std::isfinite(total) || !lines.empty(); }
};

struct SpendParseResult {
    std::vector<SpendLine> lines;
    uint64_t bad_lines = 0;
    std::vector<std::string> errors;  // the first few, "line 4: 'abc' is not an amount"
};

// CSV of month,channel,spend (channel optional: month,spend). Header optional.
SpendParseResult parse_spend_csv(std::istream& in);

struct CacMonth {
    int month = 0;
    std::string label;
    double spend = 0;
    uint64_t new_customers = 0;
    double cac = NAN;
};

struct CacChannel {
    std::string channel;
    double spend = 0;
    double share = 0;
    // With channels on the orders: the customers the channel acquired in its spend months.
    uint64_t new_customers = 0;
    double cac = NAN;
    double value_per_new_customer = NAN;  // margin × spent so far + CLV, averaged
    double clv_to_cac = NAN;
};

// One month of one channel (with channels on the orders).
struct CacMonthChannel {
    int month = 0;
    std::string label;
    std::string channel;
    double spend = 0;
    uint64_t new_customers = 0;
    double cac = NAN;
};

struct CacReport {
    bool available = false;
    double spend = 0;
    uint64_t new_customers = 0;
    double cac = NAN;
    double value_per_new_customer = NAN;
    double clv_to_cac = NAN;
    double payback_months = NAN;
    std::vector<CacMonth> months;
    std::vector<CacChannel> channels;
    bool by_channel = false;                   // channels[].cac computed from the orders' channels
    std::vector<CacMonthChannel> month_channels;  // when by_channel
    std::string note;  // English; empty when nothing to say
};

// `clv` per Customers row (NaN allowed: counted as 0), `new_customers` per month from
// `first_month` (CohortTable), `monthly_margin` = margin × AOV × monthly frequency.
CacReport compute_cac(const SpendInput& spend, const Customers& customers, const std::vector<double>& clv,
                      double margin, int first_month, const std::vector<uint64_t>& new_customers,
                      double monthly_margin);

}  // namespace clv
