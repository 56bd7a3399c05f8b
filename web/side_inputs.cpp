#include "side_inputs.hpp"

#include <sstream>

#include "i18n.hpp"
#include "kpi/input_csv.hpp"

namespace clv::web {

const char* side_file_key(SideFileKind k) {
    switch (k) {
        case SideFileKind::spend: return "spend";
        case SideFileKind::survey: return "survey";
        case SideFileKind::campaign: return "campaign";
        case SideFileKind::control: return "control";
    }
    return "spend";
}

bool side_file_kind(const std::string& key, SideFileKind& out) {
    for (int i = 0; i < kSideFileKinds; ++i)
        if (key == side_file_key(static_cast<SideFileKind>(i))) {
            out = static_cast<SideFileKind>(i);
            return true;
        }
    return false;
}

void SideInputs::read_file(SideFileKind kind, const std::string& name, const char* data, size_t size) {
    forget(kind);
    SideFile& f = file(kind);
    f.name = name;
    std::istringstream in(std::string(data, size));
    switch (kind) {
        case SideFileKind::spend: {
            SpendParseResult r = parse_spend_csv(in);
            f.bad_lines = r.bad_lines, f.errors = std::move(r.errors);
            spend_lines = std::move(r.lines);
            f.rows = spend_lines.size();
            if (spend_lines.empty() && f.errors.empty()) f.errors.push_back(tr(Str::in_spend_empty));
            break;
        }
        case SideFileKind::survey: {
            SurveyParseResult r = parse_survey_csv(in);
            f.bad_lines = r.bad_lines, f.errors = std::move(r.errors);
            survey = std::move(r.responses);
            f.rows = survey.size();
            if (survey.empty() && f.errors.empty()) f.errors.push_back(tr(Str::in_survey_empty));
            break;
        }
        case SideFileKind::campaign:
            targets = read_id_list(in);
            f.rows = targets.size();
            if (targets.empty()) f.errors.push_back(tr(Str::in_ids_empty));
            break;
        case SideFileKind::control:
            control = read_id_list(in);
            f.rows = control.size();
            if (control.empty()) f.errors.push_back(tr(Str::in_ids_empty));
            break;
    }
}

void SideInputs::forget(SideFileKind kind) {
    file(kind) = SideFile{};
    switch (kind) {
        case SideFileKind::spend: spend_lines.clear(); break;
        case SideFileKind::survey: survey.clear(); break;
        case SideFileKind::campaign: targets.clear(); break;
        case SideFileKind::control: control.clear(); break;
    }
}

void SideInputs::fill(AnalysisInputs& in) {
    typed_error.clear();
    if (!spend_lines.empty()) {
        in.spend.lines = spend_lines;
    } else if (spend_amount[0] != '\0') {
        double amount = 0;
        if (parse_double(spend_amount, amount) && amount > 0) in.spend.total = amount;
        else typed_error = tr(Str::in_spend_invalid);
    }
    in.survey = survey;
    in.survey_bad_lines = file(SideFileKind::survey).bad_lines;
    if (!targets.empty()) {
        DayNumber start = 0;
        if (parse_iso_date(campaign_start, start)) {
            in.campaign.start = start;
            in.campaign.targets = targets;
            in.campaign.control = control;
        } else {
            if (!typed_error.empty()) typed_error += '\n';
            typed_error += tr(Str::in_campaign_start_invalid);
        }
    }
}

}  // namespace clv::web
