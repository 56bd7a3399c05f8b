// clv summary FILE [options]
// Writes the per-customer summary in lifetimes' columns. What the sniffer guessed goes to standard
// error in one line, the row accounting in another; --rejects FILE writes every rejected line
// (line, column, reason, raw text) as CSV, so no line goes unaccounted for. Every guess can be
// overridden with a flag (the same ReadOverrides the UI's preview fills in).
#include <ctime>
#include <fstream>
#include <iostream>

#include "args.hpp"
#include "commands.hpp"
#include "read_file.hpp"
#include "report/summary_csv.hpp"

namespace clv::cli {

namespace {

constexpr const char* kUsage =
    "usage: clv summary FILE [--calibration-end YYYY-MM-DD] [--unit day|week] [-o OUT] [--rejects FILE]\n"
    "                        [--encoding E] [--delimiter D] [--header | --no-header]\n"
    "                        [--customer COL] [--date COL] [--amount COL] [--quantity COL] [--price COL]\n"
    "                        [--order COL] [--status COL] [--channel COL] [--date-format F]\n"
    "                        [--decimal-comma | --decimal-point]\n"
    "                        [--latest-date YYYY-MM-DD]\n";

constexpr const char* kHelp =
    "Writes customer_id,frequency,recency,T,monetary_value (lifetimes' columns) per customer.\n"
    "FILE may be .csv, .txt, .tsv or gzip-compressed (.csv.gz); '-' reads standard input.\n"
    "A per-customer summary file (customer_id,frequency,recency,T[,monetary_value]) is loaded as it is.\n"
    "The reader guesses everything; these flags correct a guess:\n"
    "  --encoding E        utf-8, gbk, gb18030, big5, utf-16le, utf-16be, windows-1252\n"
    "  --delimiter D       , ; | tab space\n"
    "  --header, --no-header   whether the first line names the columns\n"
    "  --customer/--date/--amount/--quantity/--price/--order/--status/--channel COL\n"
    "                      a column by header name or 1-based number; 'none' removes a role\n"
    "  --date-format F     iso, compact (YYYYMMDD), ymd/, mdy, dmy, chinese, excel, unix, unix-ms\n"
    "  --decimal-comma, --decimal-point   how amounts write decimals\n"
    "  --latest-date D     dates after D are rejected as implausible (default: today)\n"
    "  --rejects FILE      every rejected line as CSV: line,column,column_name,reason,text,message,raw\n";

bool parse_read_overrides(const Args& args, ReadOverrides& o, std::string& error) {
    if (args.has("encoding")) o.encoding = args.get("encoding");
    if (args.has("delimiter")) {
        const std::string d = args.get("delimiter");
        if (d == "tab" || d == "\\t") o.delimiter = '\t';
        else if (d == "space" || d == " ") o.delimiter = kWhitespaceDelimiter;
        else if (d == "comma") o.delimiter = ',';
        else if (d == "semicolon") o.delimiter = ';';
        else if (d == "pipe") o.delimiter = '|';
        else if (d.size() == 1) o.delimiter = d[0];
        else {
            error = "--delimiter wants one character or tab/space/comma/semicolon/pipe, got '" + d + "'";
            return false;
        }
    }
    if (args.has("header") && args.has("no-header")) {
        error = "--header and --no-header contradict each other";
        return false;
    }
    if (args.has("header")) o.has_header = true;
    if (args.has("no-header")) o.has_header = false;
    if (args.has("decimal-comma")) o.decimal_comma = true;
    if (args.has("decimal-point")) o.decimal_comma = false;
    const std::pair<const char*, std::optional<std::string>*> columns[] = {
        {"customer", &o.customer_column}, {"date", &o.date_column},   {"amount", &o.amount_column},
        {"quantity", &o.quantity_column}, {"price", &o.unit_price_column}, {"order", &o.order_column},
        {"status", &o.status_column},     {"channel", &o.channel_column},
    };
    for (auto [name, field] : columns)
        if (args.has(name)) *field = args.get(name);
    if (args.has("date-format")) o.date_format = args.get("date-format");
    if (args.has("latest-date")) {
        DayNumber d;
        if (!parse_iso_date(args.get("latest-date"), d)) {
            error = "--latest-date wants a date as YYYY-MM-DD, got '" + args.get("latest-date") + "'";
            return false;
        }
        o.latest_day = d;
    } else {
        // Today (UTC) as the latest plausible order date; the core itself has no clock.
        const std::time_t now = std::time(nullptr);
        o.latest_day = static_cast<DayNumber>(now / 86400);
    }
    return true;
}

const char* delimiter_label(char d) {
    switch (d) {
        case ',': return "comma";
        case ';': return "semicolon";
        case '\t': return "tab";
        case '|': return "pipe";
        case ' ': return "spaces";
    }
    return "other";
}

std::string column_label(const ReadOptions& o, int c) {
    if (c < 0) return "-";
    return "'" + (static_cast<size_t>(c) < o.column_names.size() ? o.column_names[static_cast<size_t>(c)] : std::to_string(c + 1)) + "'";
}

void print_detected(const FileAnalysis& a) {
    const ReadOptions* o = a.options();
    if (!o) return;
    std::cerr << "clv: " << a.source_name() << ": read as " << encoding_name(o->encoding) << ", "
              << delimiter_label(o->delimiter) << "-separated, " << (o->has_header ? "with" : "no") << " header";
    if (a.kind() == FileKind::customer_summary) {
        std::cerr << "; a per-customer summary file\n";
        return;
    }
    std::cerr << "; customer " << column_label(*o, o->customer_column) << ", date " << column_label(*o, o->date_column)
              << " (" << date_format_name(o->date_format) << "), amount ";
    if (o->amount_column != kNoColumn) std::cerr << column_label(*o, o->amount_column);
    else if (o->quantity_column == kNoColumn) std::cerr << "none (purchases are counted, not valued)";
    else std::cerr << column_label(*o, o->quantity_column) << " x " << column_label(*o, o->unit_price_column);
    if (o->order_column != kNoColumn) std::cerr << ", order " << column_label(*o, o->order_column);
    if (o->status_column != kNoColumn) std::cerr << ", status " << column_label(*o, o->status_column);
    if (o->decimal_comma) std::cerr << ", decimal comma";
    std::cerr << "\n";
    if (a.sniffed().date_order_assumed)
        std::cerr << "clv: note: every date fits both M/D and D/M; read as " << date_format_name(o->date_format)
                  << " (use --date-format dmy or mdy to change)\n";
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
    const std::set<std::string> with_value = {"calibration-end", "unit", "o", "output", "rejects", "encoding",
                                              "delimiter", "customer", "date", "amount", "quantity", "price",
                                              "order", "status", "channel", "date-format", "latest-date"};
    const std::set<std::string> flags = {"help", "header", "no-header", "decimal-comma", "decimal-point"};
    if (!parse_args(argc, argv, 2, with_value, flags, args, error) || (!args.has("help") && args.positional.size() != 1)) {
        std::cerr << "clv summary: " << (error.empty() ? "expects exactly one FILE" : error) << "\n" << kUsage;
        return 2;
    }
    if (args.has("help")) {
        std::cout << kUsage << kHelp;
        return 0;
    }
    SummaryOptions options;
    ReadOverrides overrides;
    if (!parse_summary_options(args, options, error) || !parse_read_overrides(args, overrides, error)) {
        std::cerr << "clv summary: " << error << "\n";
        return 2;
    }
    FileAnalysis analysis;
    // Rejections go to --rejects FILE as they happen: all of them, without holding them in memory.
    std::ofstream rejects;
    if (args.has("rejects")) {
        rejects.open(args.get("rejects"), std::ios::binary);
        if (!rejects) {
            std::cerr << "clv: cannot write " << args.get("rejects") << "\n";
            return 1;
        }
        rejects << kRejectionsCsvHeader;
        analysis.set_rejection_sink([&](const Rejection& r) {
            write_rejection_csv_row(rejects, r, analysis.sniffed().options.column_names);
        });
    }
    if (!analyse_file(args.positional[0], options, analysis, error, &overrides)) {
        std::cerr << "clv: " << error << "\n";
        return 1;
    }
    print_detected(analysis);
    if (analysis.state() != AnalysisState::done) {
        std::cerr << "clv: " << analysis.error() << "\n";
        if (analysis.accounting().lines_read > 0) std::cerr << "clv: " << analysis.accounting_line() << "\n";
        return 1;
    }
    std::cerr << "clv: " << analysis.accounting_line() << "\n";
    const RowAccounting& acc = analysis.accounting();
    const IngestTotals& t = analysis.totals();
    if (acc.returns > 0)
        std::cerr << "clv: returns: " << with_thousands(t.return_lines) << " lines worth " << format_number(t.returned_value)
                  << " from " << with_thousands(t.customers_with_returns) << " customers; gross " << format_number(t.gross_value)
                  << ", net " << format_number(t.net_value) << "\n";
    if (acc.rejected > 0) {
        std::cerr << "clv: rejected by reason:";
        for (int r = 0; r < kRejectReasonCount; ++r)
            if (acc.rejected_by_reason[r] > 0)
                std::cerr << " " << reject_reason_code(static_cast<RejectReason>(r)) << " " << with_thousands(acc.rejected_by_reason[r]);
        std::cerr << "\n";
        if (!analysis.rejections().empty())
            std::cerr << "clv: first rejected: " << analysis.describe(analysis.rejections().front()) << "\n";
    }
    for (const std::string& w : analysis.warnings())
        if (w.rfind("every date fits", 0) != 0) std::cerr << "clv: note: " << w << "\n";

    if (rejects.is_open()) {
        rejects.flush();
        if (!rejects) {
            std::cerr << "clv: could not write all rejections to " << args.get("rejects") << "\n";
            return 1;
        }
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
