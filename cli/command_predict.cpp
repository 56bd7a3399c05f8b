// clv predict MODEL FILE [--calibration-end YYYY-MM-DD] [--unit day|week] --horizon H
//             [--margin M] [--discount-rate D] [--discount-period P] [--draws N] [-o OUT]
// clv predict bgbb FILE --horizon N [-o OUT]   (a frequency,recency,periods[,weights] table)
// Fits MODEL (bgnbd, paretonbd, mbgnbd) and Gamma-Gamma on the calibration summary and writes one
// CSV row per customer: customer_id,frequency,recency,T,monetary_value,p_alive,expected_purchases,
// expected_spend,clv,clv_low,clv_high,next_purchase_date. H is in --unit (weeks by default); the CLV
// discounts per month (4.345 weeks or 30 days, lifetimes' convention) at --discount-rate.
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>

#include "args.hpp"
#include "commands.hpp"
#include "models/bgbb.hpp"
#include "models/gamma_gamma.hpp"
#include "models/predict.hpp"
#include "read_file.hpp"

namespace clv::cli {

bool summarise_file(const std::string& command, const std::string& path, const SummaryOptions& options,
                    FileAnalysis& analysis);  // command_fit.cpp

namespace {

constexpr const char* kPredictUsage =
    "usage: clv predict MODEL FILE --horizon H [--calibration-end YYYY-MM-DD] [--unit day|week]\n"
    "                   [--margin M] [--discount-rate D] [--discount-period P] [--draws N] [-o OUT]\n"
    "MODEL: bgnbd, paretonbd, mbgnbd. H in --unit; D per discount period (default 0.01 a month);\n"
    "N parametric-bootstrap draws for clv_low/clv_high (90% interval; default 100, 0 for none).\n"
    "next_purchase_date: the median date of the next purchase when P(alive) > 1/2 and it falls within H.\n"
    "       clv predict bgbb FILE --horizon N [-o OUT]    FILE: frequency,recency,periods[,weights]\n"
    "BG/BB (discrete opportunities): per pattern p_alive (alive at the next opportunity) and\n"
    "expected_purchases over the next N opportunities.\n";

bool parse_number(const Args& args, const std::string& name, double& value) {
    if (!args.has(name)) return true;
    const std::string text = args.get(name);
    char* end = nullptr;
    value = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || *end != '\0' || !std::isfinite(value)) {
        std::cerr << "clv predict: --" << name << " wants a number, got '" << text << "'\n";
        return false;
    }
    return true;
}

void put(std::ostream& out, double v) {
    if (!std::isfinite(v)) return;  // empty field
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    out << buf;
}

void write_csv(std::ostream& out, const FileAnalysis& a, const std::vector<models::CustomerPrediction>& p,
               double horizon) {
    const Customers& c = a.customers();
    const double dpu = days_per_unit(c.unit);
    out << "customer_id,frequency,recency,T,monetary_value,p_alive,expected_purchases,expected_spend,clv,clv_low,"
           "clv_high,next_purchase_date\n";
    for (size_t i = 0; i < c.rows.size(); ++i) {
        const CustomerRow& r = c.rows[i];
        const std::string_view id = a.log().customers.name(r.customer);
        const bool quote = id.find_first_of(",\"\n") != std::string_view::npos;
        if (quote) {
            out << '"';
            for (char ch : id) out << (ch == '"' ? std::string("\"\"") : std::string(1, ch));
            out << '"';
        } else {
            out << id;
        }
        for (double v : {r.x(), r.t_x, r.T, r.monetary_value, p[i].p_alive, p[i].expected_purchases, p[i].expected_spend,
                         p[i].clv, p[i].clv_low, p[i].clv_high}) {
            out << ',';
            put(out, v);
        }
        out << ',';
        // The median time to the next purchase, when it falls within the horizon.
        if (std::isfinite(p[i].next_purchase) && p[i].next_purchase <= horizon)
            out << format_iso_date(c.calibration_end + static_cast<DayNumber>(std::lround(p[i].next_purchase * dpu)));
        out << '\n';
    }
}

// BG/BB on a table of (frequency, recency, periods) patterns: fit, then one CSV row per pattern.
int predict_bgbb(const std::string& path, double n_star, const std::string& output) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::cerr << "clv predict: " << path << ": cannot open\n";
        return 1;
    }
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<models::BgbbRow> rows;
    std::string error;
    if (!models::parse_bgbb_table(text, rows, error)) {
        std::cerr << "clv predict: " << path << ": " << error << "\n";
        return 1;
    }
    if (!(n_star >= 0) || n_star != std::floor(n_star)) {
        std::cerr << "clv predict: --horizon for bgbb is a whole number of opportunities\n";
        return 2;
    }
    const models::FitResult f = models::fit_bgbb(rows);
    std::cerr << "clv: bgbb: loglik " << f.loglik << (f.converged ? ", converged" : ", NOT converged") << "\n";
    if (!f.diagnosis.empty()) std::cerr << "clv: bgbb: " << f.diagnosis << "\n";
    if (!f.usable()) {
        std::cerr << "clv predict: the bgbb fit gave no usable parameters; no predictions\n";
        return 1;
    }
    std::ofstream file;
    if (output != "-") {
        file.open(output, std::ios::binary);
        if (!file) {
            std::cerr << "clv predict: cannot write " << output << "\n";
            return 1;
        }
    }
    std::ostream& out = output == "-" ? std::cout : file;
    out << "frequency,recency,periods,weights,p_alive,expected_purchases\n";
    for (const models::BgbbRow& r : rows) {
        for (double v : {r.x, r.t_x, r.n, r.weight}) {
            put(out, v);
            out << ',';
        }
        put(out, models::bgbb_p_alive(f.params, r.x, r.t_x, r.n));
        out << ',';
        put(out, models::bgbb_expected_purchases(f.params, n_star, r.x, r.t_x, r.n));
        out << '\n';
    }
    out.flush();
    return out ? 0 : 1;
}

}  // namespace

int command_predict(int argc, char** argv) {
    Args args;
    std::string error;
    if (!parse_args(argc, argv, 2,
                    {"calibration-end", "unit", "horizon", "margin", "discount-rate", "discount-period", "draws", "o",
                     "output"},
                    {"help"}, args, error) ||
        (!args.has("help") && (args.positional.size() != 2 || !args.has("horizon")))) {
        std::cerr << "clv predict: " << (error.empty() ? "expects MODEL, FILE and --horizon" : error) << "\n"
                  << kPredictUsage;
        return 2;
    }
    if (args.has("help")) {
        std::cout << kPredictUsage;
        return 0;
    }
    if (args.positional[0] == "bgbb") {
        double n_star = 0;
        if (!parse_number(args, "horizon", n_star)) return 2;
        return predict_bgbb(args.positional[1], n_star, args.get("o", args.get("output", "-")));
    }
    models::CountingModelKind kind;
    if (!models::counting_model_kind(args.positional[0], kind)) {
        std::cerr << "clv predict: MODEL must be bgnbd, paretonbd, mbgnbd or bgbb, got '" << args.positional[0] << "'\n";
        return 2;
    }
    SummaryOptions options;
    if (!parse_summary_options(args, options, error)) {
        std::cerr << "clv predict: " << error << "\n";
        return 2;
    }
    models::ClvOptions clv;
    clv.period = options.unit == TimeUnit::week ? 4.345 : 30.0;
    double draws = 100;
    if (!parse_number(args, "horizon", clv.horizon) || !parse_number(args, "margin", clv.margin) ||
        !parse_number(args, "discount-rate", clv.discount_rate) ||
        !parse_number(args, "discount-period", clv.period) || !parse_number(args, "draws", draws))
        return 2;
    clv.bootstrap_draws = static_cast<int>(draws);
    if (const std::string problem = clv.check(); !problem.empty()) {
        std::cerr << "clv predict: " << problem << "\n";
        return 2;
    }
    FileAnalysis analysis;
    if (!summarise_file("predict", args.positional[1], options, analysis)) return 1;
    const Customers& customers = analysis.customers();

    const models::FitResult f = models::fit_counting_model(kind, models::compress_rfm(customers));
    std::cerr << "clv: " << f.model << ": loglik " << f.loglik << (f.converged ? ", converged" : ", NOT converged")
              << "\n";
    if (!f.diagnosis.empty()) std::cerr << "clv: " << f.model << ": " << f.diagnosis << "\n";
    if (!f.usable()) {
        std::cerr << "clv predict: the " << f.model << " fit gave no usable parameters; no predictions\n";
        return 1;
    }
    if (kind == models::CountingModelKind::bgnbd) {
        size_t one_time = 0;
        for (const CustomerRow& r : customers.rows) one_time += r.x() == 0;
        if (one_time > 0)
            std::cerr << "clv: note: BG/NBD lets customers drop out only after a repeat purchase, so its P(alive) is 1 for "
                      << one_time << " customers without one; use mbgnbd for a model in which they can be gone\n";
    }
    models::SpendModel spend;
    const models::FitResult g = models::fit_gamma_gamma(models::spend_data(customers));
    if (g.usable()) {
        spend.params = g.params;
        spend.covariance = g.covariance;
        if (!g.diagnosis.empty()) std::cerr << "clv: gammagamma: " << g.diagnosis << "\n";
    } else {
        std::cerr << "clv: gammagamma: " << g.diagnosis << " Expected spend is the observed mean instead.\n";
    }
    const std::vector<models::CustomerPrediction> p =
        models::predict_customers({kind, f.params}, f.covariance, spend, customers, clv);

    const std::string output = args.get("o", args.get("output", "-"));
    if (output == "-") {
        write_csv(std::cout, analysis, p, clv.horizon);
        std::cout.flush();
        return std::cout ? 0 : 1;
    }
    std::ofstream out(output, std::ios::binary);
    if (!out) {
        std::cerr << "clv predict: cannot write " << output << "\n";
        return 1;
    }
    write_csv(out, analysis, p, clv.horizon);
    return out ? 0 : 1;
}

}  // namespace clv::cli
