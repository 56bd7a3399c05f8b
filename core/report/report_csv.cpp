#include "report/report_csv.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "report/summary_csv.hpp"
#include "strategy/playbook.hpp"

namespace clv {

std::string csv_text(std::string_view text) {
    std::string s;
    s.reserve(text.size() + 3);
    if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' || text[0] == '\t' ||
                          text[0] == '\r'))
        s += '\'';
    s.append(text);
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) {
        if (c == '"') q += '"';
        q += c;
    }
    q += '"';
    return q;
}

std::string format_float(float v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.7g", static_cast<double>(v));
    return buf;
}

namespace {

// Numbers: up to 10 significant digits (format_number), the table's float columns 7; an undefined
// value is an empty cell.
std::string num(double v) { return std::isfinite(v) ? format_number(v) : std::string(); }
std::string num(float v) { return std::isfinite(v) ? format_float(v) : std::string(); }

std::string id_of(const TransactionLog& log, const CustomerRow& row) {
    return row.customer < log.customers.size() ? csv_text(log.customers.name(row.customer)) : std::string();
}

std::string reasons(uint8_t r) {
    std::string s;
    for (int i = 0; i < kWatchReasonCount; ++i)
        if (r & (1u << i)) {
            if (!s.empty()) s += ';';
            s += watch_reason_label(static_cast<WatchReason>(i)).key;
        }
    return s;
}

}  // namespace

void append_customers_csv_header(std::string& out, const Report& r) {
    out += "customer_id,segment,segment_zh,value_class,value_class_zh,tier,stage,stage_zh,r,f,m,recency_days,"
           "purchase_days,revenue,value,p_alive,expected_purchases,expected_spend,clv,clv_low,clv_high,next_purchase_date,"
           "value_at_risk,watch_reasons,actions";
    if (!r.table.realised_change.empty()) out += ",realised_change,potential_change";
    out += '\n';
}

size_t customers_csv_rows(const Report& r, const Customers& customers) { return std::min(r.table.size(), customers.rows.size()); }

void append_customers_csv_rows(std::string& line, const Report& r, const TransactionLog& log, const Customers& customers,
                               size_t begin, size_t end) {
    const CustomerTable& t = r.table;
    const bool change = !t.realised_change.empty();
    end = std::min(end, customers_csv_rows(r, customers));
    for (size_t i = begin; i < end; ++i) {
        const CustomerRow& row = customers.rows[i];
        const Label& seg = segment_label(t.segment[i]);
        const Label& cls = value_class_label(t.value_class[i]);
        const Label& st = stage_label(t.stage[i]);
        line += id_of(log, row);
        line += ',';
        line += seg.key;
        line += ',';
        line += seg.zh;
        line += ',';
        line += cls.key;
        line += ',';
        line += cls.zh;
        line += ',';
        line += tier_label(t.tier[i]).key;
        line += ',';
        line += st.key;
        line += ',';
        line += st.zh;
        for (const std::string& cell :
             {num(double(t.r[i])), num(double(t.f[i])), num(double(t.m[i])), num(recency_days(customers, i)),
              num(double(row.purchase_days)), num(row.total_value), num(tier_basis_value(r, customers, i)), num(t.p_alive[i]),
              num(t.expected_purchases[i]), num(t.expected_spend[i]), num(t.clv[i]), num(t.clv_low_at(i)), num(t.clv_high_at(i))}) {
            line += ',';
            line += cell;
        }
        line += ',';
        if (t.next_purchase_day[i] != kNoDay && r.dated) line += format_iso_date(t.next_purchase_day[i]);
        line += ',';
        line += num(t.value_at_risk[i]);
        line += ',';
        line += reasons(t.watch[i]);
        line += ',';
        line += action_keys(t.actions[i]);
        if (change) {
            line += ',';
            line += num(t.realised_change[i]);
            line += ',';
            line += num(t.potential_change[i]);
        }
        line += '\n';
    }
}

void write_customers_csv(std::ostream& out, const Report& r, const TransactionLog& log, const Customers& customers) {
    std::string text;
    append_customers_csv_header(text, r);
    const size_t n = customers_csv_rows(r, customers);
    constexpr size_t kRowsPerWrite = 4096;  // a few hundred KB at a time, whatever the file's size
    for (size_t begin = 0; begin < n; begin += kRowsPerWrite) {
        append_customers_csv_rows(text, r, log, customers, begin, std::min(n, begin + kRowsPerWrite));
        out << text;
        text.clear();
    }
    out << text;
}

void write_watchlist_csv(std::ostream& out, const Report& r) {
    out << "customer_id,value_at_risk,chance_lost,value_if_active,p_alive,clv,silence_days,usual_gap_days,segment,tier,"
           "stage,reasons,reason,reason_zh\n";
    for (const WatchEntry& e : r.watchlist) {
        const WatchItem& w = e.item;
        std::string en, zh;
        for (int i = 0; i < kWatchReasonCount; ++i)
            if (w.reasons & (1u << i)) {
                const Label& l = watch_reason_label(static_cast<WatchReason>(i));
                en += (en.empty() ? "" : "; ") + std::string(l.en);
                zh += (zh.empty() ? "" : "；") + std::string(l.zh);
            }
        out << csv_text(e.customer_id) << ',' << num(w.value_at_risk) << ',' << num(w.chance_lost) << ','
            << num(w.value_if_active) << ',' << num(w.p_alive) << ',' << num(e.clv) << ',' << num(w.silence_days) << ','
            << num(w.usual_gap_days) << ',' << segment_label(e.segment).key << ',' << tier_label(e.tier).key << ','
            << stage_label(e.stage).key << ',' << reasons(w.reasons) << ',' << csv_text(en) << ',' << csv_text(zh) << '\n';
    }
}

void write_action_list_csv(std::ostream& out, const Report& r, const TransactionLog& log, const Customers& customers,
                           Action action) {
    const CustomerTable& t = r.table;
    const uint32_t bit = action_bit(action);
    out << "customer_id,segment,tier,stage,clv,value\n";
    const size_t n = std::min(t.size(), customers.rows.size());
    for (size_t i = 0; i < n; ++i)
        if (t.actions[i] & bit)
            out << id_of(log, customers.rows[i]) << ',' << segment_label(t.segment[i]).key << ',' << tier_label(t.tier[i]).key
                << ',' << stage_label(t.stage[i]).key << ',' << num(t.clv[i]) << ',' << num(tier_basis_value(r, customers, i)) << '\n';
}

void write_groups_csv(std::ostream& out, const Report& r) {
    out << "kind,key,name,name_zh,customers,customer_share,revenue,revenue_share,clv,clv_share,value,p_alive_mean\n";
    auto row = [&](const char* kind, const Label& l, const GroupValue& g) {
        out << kind << ',' << l.key << ',' << csv_text(l.en) << ',' << csv_text(l.zh) << ',' << g.customers << ','
            << num(g.customer_share) << ',' << num(g.revenue) << ',' << num(g.revenue_share) << ',' << num(g.clv) << ','
            << num(g.clv_share) << ',' << num(g.value) << ',' << num(g.p_alive_mean) << '\n';
    };
    for (int i = 0; i < kSegmentCount; ++i) row("segment", segment_label(static_cast<Segment>(i)), r.segments[i]);
    for (int i = 0; i < kValueClassCount; ++i) row("class", value_class_label(static_cast<ValueClass>(i)), r.classes[i]);
    for (int i = 0; i < kTierCount; ++i) row("tier", tier_label(static_cast<Tier>(i)), r.tiers[i]);
    for (int i = 0; i < kStageCount; ++i) row("stage", stage_label(static_cast<Stage>(i)), r.stages[i]);
}

}  // namespace clv
