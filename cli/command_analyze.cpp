// clv analyze FILE [--spend FILE|AMOUNT] [--budget AMOUNT] [--nps FILE] [--calibration-end D] [--json]
// The whole customer value analysis (core/report/analyze.hpp) over an order file: RFM segments and
// classes, value tiers, lifecycle stages, KPIs, cohorts, CAC, NPS, churn watch-list, value change,
// budget, playbook, what-if and campaign evaluation. --json prints the Report (report_json.hpp);
// without it a short text overview. CSV exports: --customers (the per-customer table), --watchlist,
// --groups, --actions-dir (one customer list per playbook action).
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "args.hpp"
#include "commands.hpp"
#include "kpi/input_csv.hpp"
#include "read_file.hpp"
#include "report/analyze.hpp"
#include "report/report_csv.hpp"
#include "report/report_json.hpp"
#include "xlsx/report_workbook.hpp"

namespace clv::cli {

namespace {

constexpr const char* kUsage =
    "usage: clv analyze FILE [--spend FILE|AMOUNT] [--budget AMOUNT] [--nps FILE] [--calibration-end YYYY-MM-DD]\n"
    "                        [--json] [-o OUT] [--customers OUT.csv] [--watchlist OUT.csv] [--groups OUT.csv]\n"
    "                        [--actions-dir DIR] [--unit day|week] [--model bgnbd|paretonbd|mbgnbd] [--no-model]\n"
    "                        [--margin M] [--horizon-months H] [--discount-rate D] [--period-months 1|3|6|12]\n"
    "                        [--tier-basis historical|clv] [--compare-days N] [--no-compare]\n"
    "                        [--bootstrap-draws N] [--holdout-end YYYY-MM-DD] [--no-holdout]\n"
    "                        [--campaign FILE --campaign-start D [--control FILE]] [--xlsx OUT.xlsx [--lang en|zh]]\n";

constexpr const char* kHelp =
    "  --spend FILE|AMOUNT   marketing + sales spend: one number, or a CSV of month,channel,spend\n"
    "  --budget AMOUNT       marketing budget to allocate across the RFM segments\n"
    "  --nps FILE            survey CSV: customer_id,score(0-10)[,date][,csat(1-5)]\n"
    "  --calibration-end D   the analysis date (default: the last order day)\n"
    "  --json                print the whole report as JSON (-o writes it to a file)\n"
    "  --customers OUT.csv   per customer: segment, tier, stage, P(alive), CLV with its interval, next\n"
    "                        purchase date, actions, ...\n"
    "  --watchlist OUT.csv   the churn early-warning list, ranked by value at risk\n"
    "  --groups OUT.csv      customers, revenue and CLV per segment, class, tier and stage\n"
    "  --actions-dir DIR     DIR/<action>.csv: the customers each playbook action applies to\n"
    "  --xlsx OUT.xlsx       the report as an Excel workbook (Overview, Customers, Segments, ...); --lang zh: 中文\n"
    "  --margin M            profit share of revenue (default 1)\n"
    "  --horizon-months H    CLV horizon (default 12); --discount-rate D per month (default 0.01)\n"
    "  --period-months P     the CRR period (default 3)\n"
    "  --tier-basis B        historical (realised margin, default) or clv (predicted)\n"
    "  --compare-days N      value change against N days before the analysis date (default 90)\n"
    "  --bootstrap-draws N   parameter draws for the CLV interval (default 100; 0: no interval)\n"
    "  --holdout-end D       check the model on the purchases from the calibration end to D (default:\n"
    "                        the last order day; --no-holdout: no check)\n"
    "  --campaign FILE       target customer ids (one per line); --campaign-start D; --control FILE optional\n"
    "  --timing              print the analysis time to standard error\n";

bool number_arg(const Args& args, const std::string& name, double& value, std::string& error) {
    if (!args.has(name)) return true;
    if (!parse_double(args.get(name), value)) {
        error = "--" + name + " wants a number, got '" + args.get(name) + "'";
        return false;
    }
    return true;
}

bool date_arg(const Args& args, const std::string& name, std::optional<DayNumber>& out, std::string& error) {
    if (!args.has(name)) return true;
    DayNumber d;
    if (!parse_iso_date(args.get(name), d)) {
        error = "--" + name + " wants a date as YYYY-MM-DD, got '" + args.get(name) + "'";
        return false;
    }
    out = d;
    return true;
}

bool read_ids(const std::string& path, std::vector<std::string>& ids, std::string& error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = "cannot read " + path;
        return false;
    }
    ids = read_id_list(in);  // the same reader as the app's campaign inputs
    return true;
}

bool parse_settings(const Args& args, AnalysisSettings& s, AnalysisInputs& in, std::string& error) {
    if (!number_arg(args, "budget", s.budget.amount, error) || !number_arg(args, "margin", s.model.margin, error) ||
        !number_arg(args, "horizon-months", s.model.horizon_months, error) ||
        !number_arg(args, "discount-rate", s.model.monthly_discount_rate, error))
        return false;
    double v = 0;
    if (args.has("period-months")) {
        if (!number_arg(args, "period-months", v, error)) return false;
        s.kpi.period_months = static_cast<int>(v);
    }
    if (args.has("compare-days")) {
        if (!number_arg(args, "compare-days", v, error)) return false;
        s.migration.compare_days = static_cast<int>(v);
    }
    if (args.has("bootstrap-draws")) {
        if (!number_arg(args, "bootstrap-draws", v, error)) return false;
        s.model.bootstrap_draws = static_cast<int>(v);
    }
    if (args.has("no-holdout")) s.model.holdout = false;
    if (!date_arg(args, "holdout-end", s.model.holdout_end, error)) return false;
    if (args.has("no-compare")) s.migration.enabled = false;
    if (args.has("no-model")) s.model.fit = false;
    if (args.has("model") && !models::counting_model_kind(args.get("model"), s.model.kind)) {
        error = "--model wants bgnbd, paretonbd or mbgnbd, got '" + args.get("model") + "'";
        return false;
    }
    if (args.has("tier-basis")) {
        const std::string b = args.get("tier-basis");
        if (b == "historical") s.tiers.basis = TierSettings::Basis::historical;
        else if (b == "clv") s.tiers.basis = TierSettings::Basis::predicted_clv;
        else {
            error = "--tier-basis wants historical or clv, got '" + b + "'";
            return false;
        }
    }
    if (args.has("spend")) {
        const std::string sp = args.get("spend");
        double total;
        if (parse_double(sp, total)) {
            in.spend.total = total;
        } else {
            std::ifstream f(sp, std::ios::binary);
            if (!f) {
                error = "--spend: '" + sp + "' is neither an amount nor a readable file";
                return false;
            }
            SpendParseResult r = parse_spend_csv(f);
            for (const std::string& e : r.errors) std::cerr << "clv: " << sp << ": " << e << "\n";
            if (r.lines.empty()) {
                error = "--spend: no usable line in " + sp + " (month,channel,spend)";
                return false;
            }
            in.spend.lines = std::move(r.lines);
        }
    }
    if (args.has("nps")) {
        std::ifstream f(args.get("nps"), std::ios::binary);
        if (!f) {
            error = "cannot read " + args.get("nps");
            return false;
        }
        SurveyParseResult r = parse_survey_csv(f);
        for (const std::string& e : r.errors) std::cerr << "clv: " << args.get("nps") << ": " << e << "\n";
        in.survey = std::move(r.responses);
        in.survey_bad_lines = r.bad_lines;
    }
    if (args.has("campaign")) {
        if (!args.has("campaign-start")) {
            error = "--campaign needs --campaign-start YYYY-MM-DD";
            return false;
        }
        if (!read_ids(args.get("campaign"), in.campaign.targets, error)) return false;
        if (args.has("control") && !read_ids(args.get("control"), in.campaign.control, error)) return false;
    }
    if (!date_arg(args, "campaign-start", in.campaign.start, error)) return false;
    error = s.check();
    return error.empty();
}

template <typename Write>
bool write_file(const std::string& path, Write write) {
    std::ofstream out(path, std::ios::binary);
    if (!out) {
        std::cerr << "clv: cannot write " << path << "\n";
        return false;
    }
    write(out);
    return static_cast<bool>(out);
}

void print_overview(std::ostream& o, const Report& r) {
    auto pct = [](double v) { return std::isfinite(v) ? std::to_string(std::lround(v * 1000) / 10.0).substr(0, 5) + "%" : "-"; };
    o << "analysis date " << format_iso_date(r.analysis_day) << ": " << r.customers << " customers, revenue "
      << r.kpi.revenue << ", " << r.kpi.orders << " orders, AOV " << r.kpi.aov << ", repeat rate " << pct(r.kpi.repeat_rate)
      << ", CRR " << pct(r.kpi.crr) << " per " << r.kpi.period_months << " months\n";
    o << "model: " << (r.models.fitted ? r.models.counting.model : std::string("none")) << "; mean CLV " << r.kpi.model_clv
      << "; simple CLV " << r.kpi.simple_clv << "\n";
    const models::HoldoutReport& h = r.models.holdout;
    if (h.available)
        o << "holdout " << format_iso_date(h.calibration_end) << " to " << format_iso_date(h.holdout_end) << ": actual "
          << h.actual_total << ", predicted " << h.predicted_total << " repeat purchases; MAE " << h.mae << ", bias "
          << h.bias_percent << "%\n";
    o << "top 20% of customers bring " << pct(r.concentration.top20_value_share) << " of value; Gini "
      << r.concentration.gini << "\n";
    o << "segments:\n";
    for (int i = 0; i < kSegmentCount; ++i)
        o << "  " << segment_label(static_cast<Segment>(i)).en << " / " << segment_label(static_cast<Segment>(i)).zh << ": "
          << r.segments[i].customers << " customers, revenue " << r.segments[i].revenue << ", CLV " << r.segments[i].clv << "\n";
    o << "tiers:";
    for (int i = 0; i < kTierCount; ++i) o << " " << tier_label(static_cast<Tier>(i)).key << " " << r.tiers[i].customers;
    o << "\nstages:";
    for (int i = 0; i < kStageCount; ++i) o << " " << stage_label(static_cast<Stage>(i)).key << " " << r.stages[i].customers;
    o << "\nwatch-list: " << r.watchlist.size() << " of " << r.watch_candidates << " valuable customers with a warning sign\n";
}

}  // namespace

int command_analyze(int argc, char** argv) {
    Args args;
    std::string error;
    const std::set<std::string> with_value = {"spend", "budget", "nps", "calibration-end", "unit", "o", "output",
                                              "customers", "watchlist", "groups", "actions-dir", "model", "margin",
                                              "horizon-months", "discount-rate", "period-months", "tier-basis",
                                              "compare-days", "bootstrap-draws", "holdout-end", "campaign", "campaign-start",
                                              "control", "xlsx", "lang"};
    const std::set<std::string> flags = {"help", "json", "no-model", "no-compare", "no-holdout", "timing"};
    if (!parse_args(argc, argv, 2, with_value, flags, args, error) || (!args.has("help") && args.positional.size() != 1)) {
        std::cerr << "clv analyze: " << (error.empty() ? "expects exactly one FILE" : error) << "\n" << kUsage;
        return 2;
    }
    if (args.has("help")) {
        std::cout << kUsage << kHelp;
        return 0;
    }
    SummaryOptions options;
    AnalysisSettings settings;
    AnalysisInputs inputs;
    if (!parse_summary_options(args, options, error) || !parse_settings(args, settings, inputs, error)) {
        std::cerr << "clv analyze: " << error << "\n";
        return 2;
    }
    FileAnalysis analysis;
    if (!analyse_file(args.positional[0], options, analysis, error)) {
        std::cerr << "clv: " << error << "\n";
        return 1;
    }
    if (analysis.state() != AnalysisState::done) {
        std::cerr << "clv: " << analysis.error() << "\n";
        return 1;
    }
    std::cerr << "clv: " << analysis.accounting_line() << "\n";
    const RowAccounting& acc = analysis.accounting();
    inputs.rows.read = acc.lines_read - acc.header_lines - acc.blank;
    inputs.rows.used = acc.used;
    inputs.rows.rejected = acc.rejected;
    inputs.rows.returns = acc.returns;

    const auto t0 = std::chrono::steady_clock::now();
    const Report report = analyze(analysis.log(), analysis.customers(), settings, inputs);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    if (args.has("timing")) std::cerr << "clv: analysis of " << report.customers << " customers took " << ms << " ms\n";
    if (!report.ok()) {
        std::cerr << "clv: " << report.status << "\n";
        return 1;
    }
    bool ok = true;
    const Customers& customers = analysis.customers();
    if (args.has("customers"))
        ok &= write_file(args.get("customers"), [&](std::ostream& o) { write_customers_csv(o, report, analysis.log(), customers); });
    if (args.has("watchlist")) ok &= write_file(args.get("watchlist"), [&](std::ostream& o) { write_watchlist_csv(o, report); });
    if (args.has("groups")) ok &= write_file(args.get("groups"), [&](std::ostream& o) { write_groups_csv(o, report); });
    if (args.has("actions-dir"))
        for (int a = 0; a < kActionCount; ++a) {
            const std::string path = args.get("actions-dir") + "/" + action_label(static_cast<Action>(a)).key + ".csv";
            ok &= write_file(path, [&](std::ostream& o) {
                write_action_list_csv(o, report, analysis.log(), customers, static_cast<Action>(a));
            });
        }
    if (args.has("xlsx")) {
        ReportWorkbookOptions book;
        book.language = args.get("lang", "en") == "zh" ? XlsxLanguage::zh : XlsxLanguage::en;
        book.source_name = args.positional[0];
        std::string xlsx_error;
        if (!write_report_xlsx(args.get("xlsx"), report, analysis.log(), customers, book, xlsx_error)) {
            std::cerr << "clv: " << xlsx_error << "\n";
            ok = false;
        }
    }
    const std::string output = args.get("o", args.get("output", "-"));
    if (args.has("json")) {
        if (output == "-") write_report_json(std::cout, report);
        else ok &= write_file(output, [&](std::ostream& o) { write_report_json(o, report); });
    } else {
        print_overview(std::cout, report);
    }
    std::cout.flush();
    return ok && std::cout ? 0 : 1;
}

}  // namespace clv::cli
