#include "kpi/cac.hpp"

#include <algorithm>
#include <map>

#include "kpi/input_csv.hpp"
#include "kpi/kpi.hpp"

namespace clv {

SpendParseResult parse_spend_csv(std::istream& in) {
    SpendParseResult r;
    const CsvTable t = read_small_csv(in, {"month", "spend", "channel", "月", "渠道", "费用", "cost", "amount"});
    int month_col = 0, channel_col = -1, spend_col = -1;
    if (!t.header.empty()) {
        month_col = std::max(0, find_column(t, {"month", "date", "月", "日期"}));
        channel_col = find_column(t, {"channel", "source", "渠道"});
        spend_col = find_column(t, {"spend", "cost", "amount", "费用", "花费", "金额"});
    }
    auto note = [&](size_t line, const std::string& what) {
        ++r.bad_lines;
        if (r.errors.size() < 10) r.errors.push_back("line " + std::to_string(line) + ": " + what);
    };
    for (size_t i = 0; i < t.rows.size(); ++i) {
        const std::vector<std::string>& f = t.rows[i];
        // Without a header: month,channel,spend when three fields, month,spend when two.
        const int sc = spend_col >= 0 ? spend_col : static_cast<int>(f.size()) - 1;
        const int cc = spend_col >= 0 ? channel_col : (f.size() >= 3 ? 1 : -1);
        SpendLine line;
        if (static_cast<size_t>(month_col) >= f.size() || !parse_month(f[static_cast<size_t>(month_col)], line.month)) {
            note(t.line[i], "'" + (static_cast<size_t>(month_col) < f.size() ? f[static_cast<size_t>(month_col)] : "") +
                                "' is not a month (YYYY-MM)");
            continue;
        }
        if (sc < 0 || static_cast<size_t>(sc) >= f.size() || !parse_double(f[static_cast<size_t>(sc)], line.amount) ||
            line.amount < 0) {
            note(t.line[i], "no spend amount (a number of at least 0)");
            continue;
        }
        if (cc >= 0 && static_cast<size_t>(cc) < f.size()) line.channel = f[static_cast<size_t>(cc)];
        r.lines.push_back(std::move(line));
    }
    return r;
}

CacReport compute_cac(const SpendInput& spend, const Customers& customers, const std::vector<double>& clv,
                      double margin, int first_month, const std::vector<uint64_t>& new_customers,
                      double monthly_margin) {
    CacReport r;
    if (!spend.given()) return r;
    r.available = true;
    auto new_in = [&](int month) -> uint64_t {
        const int k = month - first_month;
        return k >= 0 && static_cast<size_t>(k) < new_customers.size() ? new_customers[static_cast<size_t>(k)] : 0;
    };
    std::vector<char> covered;  // per month from first_month: whether spend covers it
    if (!spend.lines.empty()) {
        std::map<int, double> by_month;
        std::map<std::string, double> by_channel;
        for (const SpendLine& l : spend.lines) {
            by_month[l.month] += l.amount;
            by_channel[l.channel.empty() ? "(all)" : l.channel] += l.amount;
            r.spend += l.amount;
        }
        covered.assign(new_customers.size(), 0);
        for (const auto& [month, amount] : by_month) {
            CacMonth m;
            m.month = month;
            m.label = month_label(month);
            m.spend = amount;
            m.new_customers = new_in(month);
            if (m.new_customers > 0) m.cac = amount / static_cast<double>(m.new_customers);
            r.new_customers += m.new_customers;
            const int k = month - first_month;
            if (k >= 0 && static_cast<size_t>(k) < covered.size()) covered[static_cast<size_t>(k)] = 1;
            r.months.push_back(std::move(m));
        }
        for (const auto& [channel, amount] : by_channel)
            r.channels.push_back({channel, amount, r.spend > 0 ? amount / r.spend : 0});
        if (r.channels.size() > 1)
            r.note = "CAC per channel needs the channel on each order; the spend per channel is shown, the CAC is overall.";
        uint64_t outside = 0;
        for (const auto& [month, amount] : by_month) {
            (void)amount;
            const int k = month - first_month;
            if (k < 0 || static_cast<size_t>(k) >= new_customers.size()) ++outside;
        }
        if (outside > 0)
            r.note += std::string(r.note.empty() ? "" : " ") + std::to_string(outside) +
                      " spend month(s) lie outside the order data and have no new customers.";
    } else {
        r.spend = spend.total;
        for (uint64_t n : new_customers) r.new_customers += n;
    }
    if (r.new_customers > 0) r.cac = r.spend / static_cast<double>(r.new_customers);

    // Whole-life value of the new customers the spend bought.
    double value = 0;
    uint64_t counted = 0;
    for (size_t i = 0; i < customers.rows.size(); ++i) {
        const CustomerRow& row = customers.rows[i];
        if (!covered.empty()) {
            const int k = month_index(row.first_day) - first_month;
            if (k < 0 || static_cast<size_t>(k) >= covered.size() || !covered[static_cast<size_t>(k)]) continue;
        }
        const double c = i < clv.size() && std::isfinite(clv[i]) ? clv[i] : 0.0;
        value += margin * row.total_value + c;
        ++counted;
    }
    if (counted > 0) r.value_per_new_customer = value / static_cast<double>(counted);
    if (std::isfinite(r.cac) && r.cac > 0) {
        r.clv_to_cac = r.value_per_new_customer / r.cac;
        if (monthly_margin > 0) r.payback_months = r.cac / monthly_margin;
    } else if (r.cac == 0) {
        r.payback_months = 0;
    }
    return r;
}

}  // namespace clv
