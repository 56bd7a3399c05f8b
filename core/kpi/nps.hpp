// Net Promoter Score (Reichheld 2003, "The one number you need to grow", HBR): on the question
// "how likely are you to recommend us" (0-10), promoters answer 9-10, passives 7-8, detractors
// 0-6; NPS = % promoters − % detractors, from −100 to +100. CSAT (1-5 satisfaction) is reported
// as the share of 4s and 5s ("satisfied", the usual top-two-box CSAT) and the mean.
// Every answer counts (a customer answering twice counts twice). Answers from ids that are not
// customers in the order data count in the overall score and are reported as unmatched; they
// cannot be placed in a segment, tier or stage.
#pragma once
#include <cmath>
#include <istream>
#include <string>
#include <vector>

#include "util/civil_date.hpp"

namespace clv {

struct NpsSettings {
    int promoter_min = 9;
    int detractor_max = 6;
    int csat_satisfied_min = 4;
    std::string check() const;
};

struct SurveyResponse {
    std::string customer_id;
    int score = -1;   // 0..10, -1 when the answer has none
    int csat = -1;    // 1..5, -1 when none
    DayNumber day = 0;
    bool has_day = false;
};

struct SurveyParseResult {
    std::vector<SurveyResponse> responses;
    uint64_t bad_lines = 0;
    std::vector<std::string> errors;  // the first few
};

// CSV with customer_id, score (0-10), optional date, optional csat (1-5). Columns are found by
// header name (customer/id/客户, score/nps/recommend/评分/推荐, date/日期, csat/satisf/满意); without
// a header: id, score, date, csat in that order.
SurveyParseResult parse_survey_csv(std::istream& in);

struct NpsTally {
    std::string key, name, name_zh;  // the group (segment, tier, stage); "all" for the overall
    uint64_t responses = 0, promoters = 0, passives = 0, detractors = 0;
    double score = NAN;              // % promoters − % detractors
    uint64_t csat_responses = 0, csat_satisfied = 0;
    double csat = NAN;               // % satisfied (4-5)
    double csat_mean = NAN;
    double csat_sum = 0;

    void add(const NpsSettings& s, int nps_score, int csat_score);
    void finish();
};

struct NpsReport {
    bool available = false;
    NpsTally overall;
    uint64_t unmatched = 0;    // answers whose id is not a customer
    uint64_t bad_lines = 0;    // survey lines that could not be read
    std::vector<NpsTally> by_segment, by_value_class, by_tier, by_stage;
};

}  // namespace clv
