// Overview view: the KPI cards (customers, revenue, AOV, frequency, repeat rate, CRR, churn, CLV
// mean and total, CLV:CAC, NPS when a survey was given), each with its formula on hover, and the
// three things to do this week, picked from the churn watch-list and the playbook. Two small
// charts (retention per period, value by tier) give the shape of the business at a glance.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "app.hpp"
#include "charts.hpp"
#include "i18n.hpp"
#include "widgets.hpp"

namespace clv::web {
namespace {

struct Card {
    std::string name, value, sub, formula;
};

std::string fmt(const char* format, const std::string& a) {
    char buf[256];
    std::snprintf(buf, sizeof buf, format, a.c_str());
    return buf;
}
std::string fmt(const char* format, const std::string& a, const std::string& b) {
    char buf[512];
    std::snprintf(buf, sizeof buf, format, a.c_str(), b.c_str());
    return buf;
}

// One card: name, a big value, a small line under it; the formula in a tooltip.
void draw_card(const Card& c, float w, float h, const char* id) {
    const ImVec2 a = ImGui::GetCursorScreenPos(), b(a.x + w, a.y + h);
    ImGui::InvisibleButton(id, ImVec2(w, h));
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(a, b, IM_COL32(255, 255, 255, 255), 6);
    dl->AddRect(a, b, hovered ? IM_COL32(31, 119, 180, 255) : IM_COL32(0, 0, 0, 35), 6, 0, hovered ? 2.0f : 1.0f);
    const float fs = ImGui::GetFontSize();
    dl->AddText(ImVec2(a.x + 10, a.y + 6), IM_COL32(90, 90, 100, 255), c.name.c_str());
    dl->AddText(big_number_font(c.value.c_str()), fs * kBigNumberScale, ImVec2(a.x + 10, a.y + 6 + fs + 4), IM_COL32(20, 40, 80, 255), c.value.c_str());
    dl->AddText(ImGui::GetFont(), fs * 0.85f, ImVec2(a.x + 10, b.y - fs - 4), IM_COL32(120, 120, 130, 255), c.sub.c_str());
    if (hovered && !c.formula.empty()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
        ImGui::TextUnformatted(c.formula.c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

// `summary_file`: the report comes from a per-customer summary file, which has no order dates.
std::vector<Card> kpi_cards(const Report& r, bool summary_file) {
    using charts::number;
    using charts::percent;
    const KpiReport& k = r.kpi;
    const auto name = [](KpiName n) { return std::string(in_language(kpi_label(n))); };
    const auto formula = [](KpiName n) { return std::string(in_language(kpi_formula(n))); };
    char buf[160];
    std::vector<Card> cards;
    if (summary_file) std::snprintf(buf, sizeof buf, "%s", tr(Str::ov_summary_sub));
    else std::snprintf(buf, sizeof buf, "%s \xE2\x80\x93 %s", format_iso_date(r.first_day).c_str(), format_iso_date(r.analysis_day).c_str());
    cards.push_back({tr(Str::ov_customers), number(static_cast<double>(r.customers)), buf, tr(Str::ov_customers_formula)});
    cards.push_back({name(KpiName::revenue), number(k.revenue), fmt(tr(Str::ov_orders_sub), number(static_cast<double>(k.orders))),
                     formula(KpiName::revenue)});
    cards.push_back({name(KpiName::aov), number(k.aov, 2), tr(Str::ov_aov_sub), formula(KpiName::aov)});
    cards.push_back({name(KpiName::purchase_frequency), number(k.purchase_frequency, 2), tr(Str::ov_frequency_sub),
                     formula(KpiName::purchase_frequency)});
    cards.push_back({name(KpiName::repeat_rate), percent(k.repeat_rate), tr(Str::ov_repeat_sub), formula(KpiName::repeat_rate)});
    std::snprintf(buf, sizeof buf, tr(Str::ov_per_period), k.period_months);
    cards.push_back({name(KpiName::crr), percent(k.crr), buf, formula(KpiName::crr)});
    if (std::isfinite(k.average_lifespan_months)) std::snprintf(buf, sizeof buf, tr(Str::ov_lifespan_sub), k.average_lifespan_months);
    else std::snprintf(buf, sizeof buf, "\xE2\x80\x93");
    cards.push_back({name(KpiName::churn_rate), percent(k.churn_rate), buf,
                     formula(KpiName::churn_rate) + "\n" + formula(KpiName::average_lifespan)});
    double total_clv = 0;
    for (const GroupValue& t : r.tiers) total_clv += t.clv;
    std::snprintf(buf, sizeof buf, tr(Str::ov_horizon_sub), r.settings.model.horizon_months);
    if (r.models.fitted) {
        cards.push_back({name(KpiName::model_clv), number(k.model_clv, 2), buf, formula(KpiName::model_clv)});
        cards.push_back({tr(Str::ov_total_clv), number(total_clv), buf, tr(Str::ov_total_clv_formula)});
    }
    cards.push_back({name(KpiName::simple_clv), number(k.simple_clv, 2), tr(Str::ov_simple_sub), formula(KpiName::simple_clv)});
    // CLV:CAC, CAC and the payback time once a marketing spend is given (Import view).
    if (r.cac.available) {
        std::snprintf(buf, sizeof buf, "%.1f : 1", r.cac.clv_to_cac);
        cards.push_back({name(KpiName::clv_to_cac), buf, fmt(tr(Str::ov_cac_sub), number(r.cac.cac, 2)), formula(KpiName::clv_to_cac)});
        char sub[160];
        std::snprintf(sub, sizeof sub, tr(Str::ov_cac_card_sub), number(r.cac.spend).c_str(),
                      number(static_cast<double>(r.cac.new_customers)).c_str());
        cards.push_back({name(KpiName::cac), number(r.cac.cac, 2), sub, formula(KpiName::cac)});
        std::snprintf(buf, sizeof buf, tr(Str::ov_payback_value), r.cac.payback_months);
        cards.push_back({name(KpiName::payback), std::isfinite(r.cac.payback_months) ? buf : "\xE2\x80\x93", tr(Str::ov_payback_sub),
                         formula(KpiName::payback)});
    } else {
        cards.push_back({name(KpiName::clv_to_cac), "\xE2\x80\x93", tr(Str::ov_no_spend), formula(KpiName::clv_to_cac)});
    }
    // NPS (and CSAT when the survey has satisfaction answers) once a survey is given.
    if (r.nps.available) {
        const NpsTally& n = r.nps.overall;
        if (n.responses > 0) {
            std::snprintf(buf, sizeof buf, "%+.0f", n.score);
            cards.push_back({name(KpiName::nps), std::isfinite(n.score) ? buf : "\xE2\x80\x93",
                             fmt(tr(Str::ov_nps_sub), number(static_cast<double>(n.responses))), formula(KpiName::nps)});
        }
        if (n.csat_responses > 0) {
            char sub[160];
            std::snprintf(sub, sizeof sub, tr(Str::ov_csat_sub), number(n.csat_mean, 1).c_str(),
                          number(static_cast<double>(n.csat_responses)).c_str());
            cards.push_back({name(KpiName::csat), percent(n.csat / 100), sub, formula(KpiName::csat)});
        }
    }
    if (std::isfinite(k.p_alive_mean))
        cards.push_back({tr(Str::ov_active), percent(k.p_alive_mean), tr(Str::ov_active_sub), tr(Str::ov_active_formula)});
    return cards;
}

// The three things to do this week: the churn watch-list first (value that can still be saved),
// then the most valuable segment needing care, then the most valuable segment to grow. Only
// selects and words what the Report's watch-list and playbook hold.
std::vector<std::string> three_things(const Report& r) {
    std::vector<std::string> out;
    char buf[768];
    if (!r.watchlist.empty()) {
        const size_t n = std::min<size_t>(20, r.watchlist.size());
        double at_risk = 0;
        for (size_t i = 0; i < n; ++i) at_risk += r.watchlist[i].item.value_at_risk;
        std::snprintf(buf, sizeof buf, tr(Str::ov_todo_watch), static_cast<int>(n), charts::number(at_risk).c_str());
        out.push_back(buf);
    }
    const auto best_of = [&](std::initializer_list<Segment> list) -> int {
        int best = -1;
        for (Segment s : list) {
            const GroupValue& g = r.segments[static_cast<int>(s)];
            if (g.customers > 0 && (best < 0 || g.value > r.segments[best].value)) best = static_cast<int>(s);
        }
        return best;
    };
    const int care = best_of({Segment::cant_lose, Segment::at_risk, Segment::about_to_sleep, Segment::need_attention});
    const int grow = best_of({Segment::champions, Segment::loyal, Segment::potential_loyalist, Segment::promising,
                              Segment::new_customers});
    for (int s : {care, grow}) {
        if (s < 0) continue;
        const PlaybookEntry* p = nullptr;
        for (const PlaybookEntry& e : r.playbook)
            if (!e.by_stage && e.id == s) p = &e;
        if (p == nullptr || p->actions == 0) continue;
        // The segment's most direct action: saving value before spending on growth.
        static constexpr Action priority[] = {
            Action::reactivation_offer, Action::personal_contact, Action::win_back,  Action::vip_rewards,
            Action::membership_points,  Action::cross_sell,       Action::onboarding, Action::nurture,
            Action::referral,           Action::feedback_survey,  Action::acquire_lookalikes,
            Action::low_cost_contact,   Action::let_go,
        };
        Action a = priority[0];
        for (Action candidate : priority)
            if (p->actions & (1u << static_cast<int>(candidate))) {
                a = candidate;
                break;
            }
        const GroupValue& g = r.segments[s];
        std::snprintf(buf, sizeof buf, tr(Str::ov_todo_segment), in_language(segment_label(static_cast<Segment>(s))),
                      charts::number(static_cast<double>(g.customers)).c_str(), charts::percent(g.revenue_share).c_str(),
                      in_language(action_label(a)), in_language(action_detail(a)));
        out.push_back(buf);
    }
    return out;
}

void draw_retention_chart(const Report& r) {
    static std::vector<double> crr;
    static std::vector<std::string> labels;
    crr.clear(), labels.clear();
    for (const RetentionPeriod& p : r.kpi.periods) {
        crr.push_back(p.crr);
        labels.push_back(p.label);
    }
    charts::LineChart lc;
    lc.id = "ov_crr";
    lc.size = ImVec2(0, 220);
    lc.x_title = tr(Str::ov_period);
    lc.y_title = in_language(kpi_label(KpiName::crr));
    lc.y_min = 0, lc.y_max = 1;
    lc.x_format = [](double x) {
        const long i = std::lround(x);
        return i >= 0 && static_cast<size_t>(i) < labels.size() && std::fabs(x - i) < 1e-9 ? labels[static_cast<size_t>(i)] : std::string();
    };
    lc.y_format = [](double y) { return charts::percent(y, 0); };
    lc.series.push_back({in_language(kpi_label(KpiName::crr)), nullptr, crr.data(), static_cast<int>(crr.size()), 0, true});
    charts::line_chart(lc);
}

void draw_tier_chart(const Report& r) {
    charts::BarChart bc;
    bc.id = "ov_tiers";
    for (const GroupValue& t : r.tiers) bc.labels.push_back(in_language(tier_label(static_cast<Tier>(t.id))));
    bc.set_names = {tr(Str::share_of_customers), tr(Str::share_of_revenue)};
    bc.values.resize(2);
    for (const GroupValue& t : r.tiers) {
        bc.values[0].push_back(t.customer_share);
        bc.values[1].push_back(t.revenue_share);
    }
    bc.max = 1;
    charts::bar_chart(bc);
}

// Retention per period (it needs order dates: a summary file has none) beside the value tiers.
void draw_small_charts(const Report& r, bool summary_file) {
    if (!ImGui::BeginTable("overview_charts", 2, ImGuiTableFlags_SizingStretchSame)) return;
    ImGui::TableNextColumn();
    section_header(tr(Str::ov_retention_title));
    if (summary_file || r.kpi.periods.empty()) ImGui::TextDisabled("%s", tr(Str::ov_needs_dates));
    else draw_retention_chart(r);
    ImGui::TableNextColumn();
    section_header(tr(Str::ov_tiers_title));
    draw_tier_chart(r);
    ImGui::EndTable();
}

}  // namespace

void draw_overview_view(App& app) {
    const Report* report = report_or_message(app);
    if (report == nullptr) return;
    const Report& r = *report;
    const bool summary_file = app.analysis().kind() == FileKind::customer_summary;
    OverviewViewState& shown = app.overview_view;
    if (summary_file) shown.header = fmt(tr(Str::ov_header_summary), app.analysis().source_name());
    else shown.header = fmt(tr(Str::ov_header), app.analysis().source_name(), format_iso_date(r.analysis_day));
    ImGui::TextUnformatted(shown.header.c_str());
    if (!r.models.fitted)
        ImGui::TextColored(ImVec4(0.7f, 0.4f, 0.0f, 1), "%s %s", tr(Str::ov_no_model), r.models.message.c_str());

    // KPI cards, four (or more on wide screens) to a row.
    const std::vector<Card> cards = kpi_cards(r, summary_file);
    const float avail = ImGui::GetContentRegionAvail().x, gap = ImGui::GetStyle().ItemSpacing.x;
    const int per_row = std::max(2, std::min(6, static_cast<int>((avail + gap) / (200 + gap))));
    const float w = (avail - gap * static_cast<float>(per_row - 1)) / static_cast<float>(per_row);
    const float h = ImGui::GetFontSize() * 4.4f;
    shown.card_names.clear(), shown.card_values.clear(), shown.card_subs.clear();
    for (size_t i = 0; i < cards.size(); ++i) {
        shown.card_names.push_back(cards[i].name);
        shown.card_values.push_back(cards[i].value);
        shown.card_subs.push_back(cards[i].sub);
        if (i % static_cast<size_t>(per_row) != 0) ImGui::SameLine();
        char id[24];
        std::snprintf(id, sizeof id, "kpi_card_%zu", i);
        draw_card(cards[i], w, h, id);
        if (i == 0) remember_item(app, "kpi_card_0");
    }

    section_header(tr(Str::ov_three_things));
    const std::vector<std::string> todo = three_things(r);
    shown.todo = todo;
    if (todo.empty()) ImGui::TextDisabled("%s", tr(Str::ov_nothing_to_do));
    ImGui::PushTextWrapPos(0);
    for (size_t i = 0; i < todo.size(); ++i) {
        ImGui::TextColored(ImVec4(0.12f, 0.47f, 0.71f, 1), "%zu.", i + 1);
        ImGui::SameLine();
        ImGui::TextUnformatted(todo[i].c_str());
    }
    ImGui::PopTextWrapPos();
    if (!r.watchlist.empty()) {
        if (ImGui::SmallButton(label(Str::ov_open_watchlist, "ov_open_watchlist").c_str())) {
            app.requested_tab = Tab::strategy;
            app.tab_change_pending = true;
            app.strategy_view.open_watchlist = true;
        }
        remember_item(app, "ov_open_watchlist");
    }
    draw_small_charts(r, summary_file);
}

}  // namespace clv::web
