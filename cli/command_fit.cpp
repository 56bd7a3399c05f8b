// clv fit MODEL FILE [--calibration-end YYYY-MM-DD] [--holdout-end YYYY-MM-DD] [--unit day|week] [--json]
//   MODEL: bgnbd, paretonbd, mbgnbd (transactions file), gammagamma (transactions file: the repeat
//   buyers' spend), bgbb (a table frequency,recency,periods[,weights]), sbg (a survival table
//   period,cohort1,... with --cohort NAME --periods N).
// Prints the fit: parameters with the literature's names, standard errors, log-likelihood,
// convergence, the plain-language diagnosis and, for the purchase-count models with a holdout
// period after --calibration-end, the holdout validation.
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "args.hpp"
#include "commands.hpp"
#include "models/bgbb.hpp"
#include "models/gamma_gamma.hpp"
#include "models/holdout.hpp"
#include "models/predict.hpp"
#include "models/sbg.hpp"
#include "read_file.hpp"

namespace clv::cli {

namespace {

constexpr const char* kFitUsage =
    "usage: clv fit MODEL FILE [--calibration-end YYYY-MM-DD] [--holdout-end YYYY-MM-DD] [--unit day|week] [--json]\n"
    "       clv fit bgbb FILE [--json]                    FILE: frequency,recency,periods[,weights]\n"
    "       clv fit sbg FILE [--cohort NAME] [--periods N] [--json]   FILE: period,cohort1[,cohort2...]\n"
    "MODEL: bgnbd, paretonbd, mbgnbd, gammagamma (transactions), bgbb, sbg\n";

bool read_whole(const std::string& path, std::string& text, std::string& error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = path + ": cannot open";
        return false;
    }
    std::ostringstream s;
    s << in.rdbuf();
    text = s.str();
    return true;
}

nlohmann::ordered_json fit_json(const models::FitResult& f) {
    nlohmann::ordered_json j;
    j["model"] = f.model;
    j["params"] = nlohmann::ordered_json::object();
    j["se"] = nlohmann::ordered_json::object();
    for (size_t i = 0; i < f.names.size(); ++i) {
        j["params"][f.names[i]] = f.params[i];  // NaN is written as null
        j["se"][f.names[i]] = f.se[i];
    }
    j["loglik"] = f.loglik;
    j["converged"] = f.converged;
    j["iterations"] = f.iterations;
    j["n_customers"] = static_cast<uint64_t>(f.n_customers + 0.5);  // a count, whatever the fitter stores
    j["diagnosis"] = f.diagnosis;
    // Stable codes (models::FitDiagnosis) for readers that show the diagnosis in another language.
    j["diagnosis_code"] = models::diagnosis_code_name(f.diagnosis_code);
    j["diagnosis_codes"] = nlohmann::ordered_json::array();
    for (models::FitDiagnosis c : f.diagnosis_codes) j["diagnosis_codes"].push_back(models::diagnosis_code_name(c));
    j["holdout"] = nullptr;
    return j;
}

nlohmann::ordered_json holdout_json(const models::HoldoutReport& h) {
    nlohmann::ordered_json j;
    j["mae"] = h.mae;
    j["rmse"] = h.rmse;
    j["bias"] = h.bias;
    j["bias_percent"] = h.bias_percent;
    j["actual"] = h.actual_total;
    j["predicted"] = h.predicted_total;
    j["customers"] = h.customers;
    j["calibration_end"] = format_iso_date(h.calibration_end);
    j["holdout_end"] = format_iso_date(h.holdout_end);
    j["tracking"] = nlohmann::ordered_json::array();
    for (const models::TrackingPoint& p : h.tracking)
        j["tracking"].push_back({{"date", format_iso_date(p.day)}, {"actual", p.actual}, {"predicted", p.predicted}});
    j["by_frequency"] = nlohmann::ordered_json::array();
    for (const models::FrequencyRow& r : h.by_frequency)
        j["by_frequency"].push_back({{"x", r.and_more ? std::to_string(r.x) + "+" : std::to_string(r.x)},
                                     {"customers", r.customers},
                                     {"actual_mean", r.actual_mean},
                                     {"predicted_mean", r.predicted_mean}});
    return j;
}

void print_text(std::ostream& out, const nlohmann::ordered_json& j) {
    out << "model " << j["model"].get<std::string>() << "  (" << j["n_customers"] << " customers)\n";
    for (auto it = j["params"].begin(); it != j["params"].end(); ++it)
        out << "  " << it.key() << " = " << it.value() << "  (se " << j["se"][it.key()] << ")\n";
    out << "log-likelihood " << j["loglik"] << ", " << (j["converged"].get<bool>() ? "converged" : "NOT converged")
        << " after " << j["iterations"] << " iterations\n";
    if (!j["diagnosis"].get<std::string>().empty()) out << "diagnosis: " << j["diagnosis"].get<std::string>() << "\n";
    if (!j["holdout"].is_null())
        out << "holdout " << j["holdout"]["calibration_end"].get<std::string>() << " .. "
            << j["holdout"]["holdout_end"].get<std::string>() << ": actual " << j["holdout"]["actual"] << ", predicted "
            << j["holdout"]["predicted"] << ", MAE " << j["holdout"]["mae"] << ", RMSE " << j["holdout"]["rmse"]
            << ", bias " << j["holdout"]["bias"] << "\n";
}

}  // namespace

// Reads a transactions file into a per-customer summary (shared with `clv predict`).
bool summarise_file(const std::string& command, const std::string& path, const SummaryOptions& options,
                    FileAnalysis& analysis) {
    std::string error;
    if (!analyse_file(path, options, analysis, error)) {
        std::cerr << "clv " << command << ": " << error << "\n";
        return false;
    }
    if (analysis.state() != AnalysisState::done) {
        std::cerr << "clv " << command << ": " << analysis.error() << "\n";
        return false;
    }
    const RowAccounting& acc = analysis.accounting();  // also for summary files, which have no reader
    std::cerr << "clv: " << analysis.source_name() << ": " << acc.used << " rows used, " << acc.rejected
              << " rejected; " << analysis.customers().rows.size() << " customers\n";
    return true;
}

int command_fit(int argc, char** argv) {
    Args args;
    std::string error;
    if (!parse_args(argc, argv, 2, {"calibration-end", "holdout-end", "unit", "cohort", "periods"}, {"json", "help"},
                    args, error) ||
        (!args.has("help") && args.positional.size() != 2)) {
        std::cerr << "clv fit: " << (error.empty() ? "expects MODEL and FILE" : error) << "\n" << kFitUsage;
        return 2;
    }
    if (args.has("help")) {
        std::cout << kFitUsage;
        return 0;
    }
    const std::string model = args.positional[0], path = args.positional[1];
    nlohmann::ordered_json out;
    models::CountingModelKind kind;
    if (model == "bgbb") {
        std::string text;
        std::vector<models::BgbbRow> rows;
        if (!read_whole(path, text, error) || !models::parse_bgbb_table(text, rows, error)) {
            std::cerr << "clv fit: " << path << ": " << error << "\n";
            return 1;
        }
        out = fit_json(models::fit_bgbb(rows));
    } else if (model == "sbg") {
        std::string text;
        std::vector<models::SurvivalCohort> cohorts;
        if (!read_whole(path, text, error) || !models::parse_survival_table(text, cohorts, error)) {
            std::cerr << "clv fit: " << path << ": " << error << "\n";
            return 1;
        }
        const std::string name = args.get("cohort", cohorts[0].name);
        const models::SurvivalCohort* cohort = nullptr;
        for (const auto& c : cohorts)
            if (c.name == name) cohort = &c;
        if (cohort == nullptr) {
            std::cerr << "clv fit: " << path << " has no cohort '" << name << "'\n";
            return 2;
        }
        int periods = 0;
        if (args.has("periods")) {
            try {
                periods = std::stoi(args.get("periods"));
            } catch (const std::exception&) {
                periods = -1;
            }
            if (periods < 1 || periods >= static_cast<int>(cohort->active.size())) {
                std::cerr << "clv fit: --periods wants 1.." << cohort->active.size() - 1 << "\n";
                return 2;
            }
        }
        out = fit_json(models::fit_sbg(*cohort, periods));
        out["cohort"] = name;
    } else if (model == "gammagamma" || models::counting_model_kind(model, kind)) {
        SummaryOptions options;
        if (!parse_summary_options(args, options, error)) {
            std::cerr << "clv fit: " << error << "\n";
            return 2;
        }
        std::optional<DayNumber> holdout_end;
        if (args.has("holdout-end")) {
            DayNumber d;
            if (!parse_iso_date(args.get("holdout-end"), d)) {
                std::cerr << "clv fit: --holdout-end wants a date as YYYY-MM-DD\n";
                return 2;
            }
            holdout_end = d;
        }
        FileAnalysis analysis;
        if (!summarise_file("fit", path, options, analysis)) return 1;
        const Customers& customers = analysis.customers();
        if (model == "gammagamma") {
            out = fit_json(models::fit_gamma_gamma(models::spend_data(customers)));
        } else {
            const models::FitResult f = models::fit_counting_model(kind, models::compress_rfm(customers));
            out = fit_json(f);
            // Holdout only when the user split the data (a calibration end before the data end).
            if (options.calibration_end && f.usable()) {
                const models::HoldoutReport h =
                    models::validate_holdout({kind, f.params}, analysis.log(), customers, holdout_end);
                if (h.available) out["holdout"] = holdout_json(h);
            }
        }
        out["unit"] = time_unit_name(options.unit);
    } else {
        std::cerr << "clv fit: unknown model '" << model << "'\n" << kFitUsage;
        return 2;
    }
    if (args.has("json")) std::cout << out.dump(2) << "\n";
    else print_text(std::cout, out);
    return std::cout ? 0 : 1;
}

}  // namespace clv::cli
