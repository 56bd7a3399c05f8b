// The inputs beside the order file that a shop owner may add on the Import view: marketing spend
// (one amount, or a CSV of month, channel, spend), an NPS/CSAT survey CSV (customer id, score,
// optional date) and a campaign's target list with its start date (optional control list). The
// files are parsed by the core's readers (kpi/cac.hpp, kpi/nps.hpp, kpi/input_csv.hpp); this only
// keeps what they returned, with the file name and the reader's line errors for the error panel,
// and hands it to the analysis as AnalysisInputs.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "report/report.hpp"

namespace clv::web {

enum class SideFileKind { spend, survey, campaign, control };
constexpr int kSideFileKinds = 4;
const char* side_file_key(SideFileKind k);  // "spend", "survey", "campaign", "control" (DOM ids, hook)
bool side_file_kind(const std::string& key, SideFileKind& out);

// What one chosen file gave: its name, how many usable rows, and the reader's complaints
// ("line 4: 'abc' is not an amount") for the error panel.
struct SideFile {
    std::string name;
    size_t rows = 0;
    uint64_t bad_lines = 0;
    std::vector<std::string> errors;
    bool loaded() const { return !name.empty(); }
};

struct SideInputs {
    char spend_amount[32] = "";     // one number for the whole period (used when no spend file is loaded)
    char campaign_start[16] = "";   // YYYY-MM-DD
    SideFile files[kSideFileKinds];
    std::vector<SpendLine> spend_lines;
    std::vector<SurveyResponse> survey;
    std::vector<std::string> targets, control;
    std::string typed_error;        // why the typed amount or date was not used; empty when fine

    SideFile& file(SideFileKind k) { return files[static_cast<int>(k)]; }
    const SideFile& file(SideFileKind k) const { return files[static_cast<int>(k)]; }

    // Parses `size` bytes of a chosen file with the core reader for `kind`, replacing what that
    // kind held before.
    void read_file(SideFileKind kind, const std::string& name, const char* data, size_t size);
    void forget(SideFileKind kind);

    // Fills spend, survey and campaign of `in` from what is loaded and typed; sets typed_error
    // (and leaves the faulty part out) when the typed amount or date cannot be read.
    void fill(AnalysisInputs& in);
};

}  // namespace clv::web
