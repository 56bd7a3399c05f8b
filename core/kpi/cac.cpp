#include "kpi/cac.hpp"

#include <algorithm>
#include <cctype>
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

namespace {

std::string channel_key(const std::string& name) {
    const size_t b = name.find_first_not_of(" \t");
    const size_t e = name.find_last_not_of(" \t");
    std::string k = b == std::string::npos ? std::string() : name.substr(b, e - b + 1);
    for (char& c : k) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return k;
}

// Fills channels[] new customers, CAC and value, and month_channels, from the customers'
// acquisition channels; r.channels and r.spend are already filled from the spend table.
void cac_by_channel(const SpendInput& spend, const Customers& customers, const std::vector<double>& clv, double margin,
                    CacReport& r) {
    std::map<std::string, size_t> channel_of_key;  // spend channel key -> index in r.channels
    for (size_t i = 0; i < r.channels.size(); ++i) channel_of_key.emplace(channel_key(r.channels[i].channel), i);
    // (r.channels holds one entry per channel_key, so every spend line finds its channel.)
    // Order channel code -> spend channel index (or none).
    std::vector<int> spend_channel(customers.channel_names.size(), -1);
    std::vector<char> used(r.channels.size(), 0);
    for (size_t code = 1; code < customers.channel_names.size(); ++code) {
        const auto it = channel_of_key.find(channel_key(customers.channel_names[code]));
        if (it != channel_of_key.end()) {
            spend_channel[code] = static_cast<int>(it->second);
            used[it->second] = 1;
        }
    }
    std::map<std::pair<int, size_t>, CacMonthChannel> cells;  // (month, channel index)
    for (const SpendLine& l : spend.lines) {
        const auto it = channel_of_key.find(channel_key(l.channel.empty() ? "(all)" : l.channel));
        CacMonthChannel& c = cells[{l.month, it->second}];
        c.month = l.month;
        c.label = month_label(l.month);
        c.channel = r.channels[it->second].channel;
        c.spend += l.amount;
    }
    std::vector<double> value(r.channels.size(), 0);
    for (size_t i = 0; i < customers.rows.size(); ++i) {
        const CustomerRow& row = customers.rows[i];
        const int ch = row.acquisition_channel < spend_channel.size() ? spend_channel[row.acquisition_channel] : -1;
        if (ch < 0) continue;
        const auto cell = cells.find({month_index(row.first_day), static_cast<size_t>(ch)});
        if (cell == cells.end()) continue;  // acquired in a month without spend on the channel
        ++cell->second.new_customers;
        ++r.channels[static_cast<size_t>(ch)].new_customers;
        value[static_cast<size_t>(ch)] += margin * row.total_value + (i < clv.size() && std::isfinite(clv[i]) ? clv[i] : 0.0);
    }
    for (size_t i = 0; i < r.channels.size(); ++i) {
        CacChannel& c = r.channels[i];
        if (c.new_customers == 0) continue;
        c.cac = c.spend / static_cast<double>(c.new_customers);
        c.value_per_new_customer = value[i] / static_cast<double>(c.new_customers);
        if (c.cac > 0) c.clv_to_cac = c.value_per_new_customer / c.cac;
    }
    for (auto& [key, c] : cells) {
        if (c.new_customers > 0) c.cac = c.spend / static_cast<double>(c.new_customers);
        r.month_channels.push_back(std::move(c));
    }
    r.by_channel = true;
    std::string unmatched;
    for (size_t i = 0; i < r.channels.size(); ++i)
        if (!used[i]) unmatched += (unmatched.empty() ? "" : ", ") + r.channels[i].channel;
    if (!unmatched.empty())
        r.note = "No order names the spend channel(s) " + unmatched + ": their spend counts in the overall CAC only.";
}

}  // namespace

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
        std::map<std::string, double> by_channel;  // by channel_key; shown as first spelt
        std::map<std::string, std::string> spelling;
        for (const SpendLine& l : spend.lines) {
            by_month[l.month] += l.amount;
            const std::string name = l.channel.empty() ? "(all)" : l.channel;
            by_channel[channel_key(name)] += l.amount;
            spelling.emplace(channel_key(name), name);
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
        for (const auto& [channel, amount] : by_channel) {
            CacChannel c;
            c.channel = spelling[channel];
            c.spend = amount;
            c.share = r.spend > 0 ? amount / r.spend : 0;
            r.channels.push_back(std::move(c));
        }
        if (customers.has_channels()) cac_by_channel(spend, customers, clv, margin, r);
        else if (r.channels.size() > 1)
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
