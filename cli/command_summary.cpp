// clv summary FILE [--calibration-end YYYY-MM-DD] [--unit day|week] [-o OUT] [--rejects FILE]
// Writes the per-customer summary in lifetimes' columns. Rejected lines are counted on standard
// error and, with --rejects, written out in full so that no line goes unaccounted for.
#include <fstream>
#include <iostream>

#include "args.hpp"
#include "commands.hpp"
#include "read_file.hpp"
#include "report/summary_csv.hpp"

namespace clv::cli {

namespace {
void write_rejects(std::ostream& out, const FileAnalysis& a) {
    out << "line,column,reason,text\n";
    for (const Rejection& r : a.reader()->rejections()) {
        out << r.line << ',' << r.column << ',' << reject_reason_code(r.reason) << ",\"";
        for (char c : r.text) out << (c == '"' ? "\"\"" : std::string(1, c));
        out << "\"\n";
    }
}
}  // namespace

bool parse_summary_options(const Args& args, SummaryOptions& options, std::string& error) {
    if (args.has("calibration-end")) {
        DayNumber d;
        if (!parse_iso_date(args.get("calibration-end"), d)) {
            error = "--calibration-end wants a date as YYYY-MM-DD, got '" + args.get("calibration-end") + "'";
            return false;
        }
        options.calibration_end = d;
    }
    const std::string unit = args.get("unit", "week");
    if (unit == "week") options.unit = TimeUnit::week;
    else if (unit == "day") options.unit = TimeUnit::day;
    else {
        error = "--unit wants day or week, got '" + unit + "'";
        return false;
    }
    return true;
}

int command_summary(int argc, char** argv) {
    Args args;
    std::string error;
    if (!parse_args(argc, argv, 2, {"calibration-end", "unit", "o", "output", "rejects"}, {"help"}, args, error) ||
        (!args.has("help") && args.positional.size() != 1)) {
        std::cerr << "clv summary: " << (error.empty() ? "expects exactly one FILE" : error) << "\n"
                  << "usage: clv summary FILE [--calibration-end YYYY-MM-DD] [--unit day|week] [-o OUT] "
                     "[--rejects FILE]\n";
        return 2;
    }
    if (args.has("help")) {
        std::cout << "usage: clv summary FILE [--calibration-end YYYY-MM-DD] [--unit day|week] [-o OUT] [--rejects FILE]\n"
                     "Writes customer_id,frequency,recency,T,monetary_value (lifetimes' columns) per customer.\n";
        return 0;
    }
    SummaryOptions options;
    if (!parse_summary_options(args, options, error)) {
        std::cerr << "clv summary: " << error << "\n";
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
    const RowAccounting& acc = analysis.reader()->accounting();
    std::cerr << "clv: " << analysis.source_name() << ": " << acc.lines_read << " lines read, " << acc.header_lines
              << " header, " << acc.used << " used, " << acc.rejected << " rejected; "
              << analysis.customers().rows.size() << " customers\n";
    if (acc.rejected > 0 && !analysis.reader()->rejections().empty())
        std::cerr << "clv: first rejected: " << analysis.describe(analysis.reader()->rejections().front()) << "\n";

    if (args.has("rejects")) {
        std::ofstream out(args.get("rejects"), std::ios::binary);
        if (!out) {
            std::cerr << "clv: cannot write " << args.get("rejects") << "\n";
            return 1;
        }
        write_rejects(out, analysis);
    }
    const std::string output = args.get("o", args.get("output", "-"));
    if (output == "-") {
        write_summary_csv(std::cout, analysis.log(), analysis.customers());
        std::cout.flush();
        return std::cout ? 0 : 1;
    }
    std::ofstream out(output, std::ios::binary);
    if (!out) {
        std::cerr << "clv: cannot write " << output << "\n";
        return 1;
    }
    write_summary_csv(out, analysis.log(), analysis.customers());
    return out ? 0 : 1;
}

}  // namespace clv::cli
