#include "kpi/nps.hpp"

#include "kpi/input_csv.hpp"

namespace clv {

std::string NpsSettings::check() const {
    if (!(detractor_max >= 0 && detractor_max < promoter_min && promoter_min <= 10))
        return "NPS: detractors must end below where promoters start, within 0-10";
    if (csat_satisfied_min < 1 || csat_satisfied_min > 5) return "CSAT: 'satisfied' must start between 1 and 5";
    return {};
}

void NpsTally::add(const NpsSettings& s, int nps_score, int csat_score) {
    if (nps_score >= 0) {
        ++responses;
        if (nps_score >= s.promoter_min) ++promoters;
        else if (nps_score <= s.detractor_max) ++detractors;
        else ++passives;
    }
    if (csat_score >= 1) {
        ++csat_responses;
        csat_sum += csat_score;
        if (csat_score >= s.csat_satisfied_min) ++csat_satisfied;
    }
}

void NpsTally::finish() {
    if (responses > 0)
        score = 100.0 * (static_cast<double>(promoters) - static_cast<double>(detractors)) / static_cast<double>(responses);
    if (csat_responses > 0) {
        csat = 100.0 * static_cast<double>(csat_satisfied) / static_cast<double>(csat_responses);
        csat_mean = csat_sum / static_cast<double>(csat_responses);
    }
}

SurveyParseResult parse_survey_csv(std::istream& in) {
    SurveyParseResult r;
    const CsvTable t = read_small_csv(
        in, {"customer", "score", "nps", "recommend", "csat", "satisf", "客户", "评分", "推荐", "满意"});
    int id_col = 0, score_col = 1, date_col = 2, csat_col = 3;
    if (!t.header.empty()) {
        id_col = find_column(t, {"customer", "客户", "id", "会员"});
        score_col = find_column(t, {"nps", "recommend", "推荐", "score", "评分"});
        date_col = find_column(t, {"date", "日期", "time", "时间"});
        csat_col = find_column(t, {"csat", "satisf", "满意"});
        if (score_col == csat_col) score_col = -1;  // a lone "satisfaction score" column is CSAT
        if (id_col < 0) id_col = 0;
    }
    auto note = [&](size_t line, const std::string& what) {
        ++r.bad_lines;
        if (r.errors.size() < 10) r.errors.push_back("line " + std::to_string(line) + ": " + what);
    };
    auto field = [](const std::vector<std::string>& f, int c) -> std::string {
        return c >= 0 && static_cast<size_t>(c) < f.size() ? f[static_cast<size_t>(c)] : std::string();
    };
    for (size_t i = 0; i < t.rows.size(); ++i) {
        const std::vector<std::string>& f = t.rows[i];
        SurveyResponse a;
        a.customer_id = field(f, id_col);
        if (a.customer_id.empty()) {
            note(t.line[i], "no customer id");
            continue;
        }
        const std::string s = field(f, score_col), c = field(f, csat_col);
        if (!s.empty() && (!parse_int(s, a.score) || a.score < 0 || a.score > 10)) {
            note(t.line[i], "'" + s + "' is not a score from 0 to 10");
            continue;
        }
        if (!c.empty() && (!parse_int(c, a.csat) || a.csat < 1 || a.csat > 5)) {
            note(t.line[i], "'" + c + "' is not a satisfaction score from 1 to 5");
            continue;
        }
        if (s.empty()) a.score = -1;
        if (c.empty()) a.csat = -1;
        if (a.score < 0 && a.csat < 0) {
            note(t.line[i], "neither a score nor a satisfaction answer");
            continue;
        }
        const std::string d = field(f, date_col);
        if (!d.empty()) a.has_day = parse_day(d, a.day);
        r.responses.push_back(std::move(a));
    }
    return r;
}

}  // namespace clv
