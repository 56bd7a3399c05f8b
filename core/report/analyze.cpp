// analyze(): the order of work and the per-customer loop.
//
// [SECTION] snapshot      score inputs, RFM and tiers at one analysis date (used twice for value change)
// [SECTION] value change  the earlier date's summary (earlier_summary.hpp) and values, migration matrices
// [SECTION] holdout       later purchases against the model's predictions
// [SECTION] campaign      fit before the start date, predicted vs actual after it
// [SECTION] customers     predictions into the table, then lifecycle, watch signs, actions and group
//                         statistics in one pass
// [SECTION] side inputs   KPIs, cohorts, CAC, NPS, budget, playbook, what-if
// [SECTION] job           the order of work as resumable steps (AnalysisJob); analyze() runs them all
//
// Speed: every per-customer step is a flat loop over column vectors; the only sorts are one of
// the tier values (tiers.cpp: a radix sort, resumable as TierJob) and the quintile cuts' selections
// (rfm.cpp: a histogram of the keys' top bits, then nth_element within one bucket), so 1M
// customers cost a few passes over memory besides the model fit. Every pass over the customers or
// the log runs in slices (RfmScoring, TierJob, PreviousPurchaseDays, RetentionKpis, CohortBuilder,
// BasicKpiSums, RepeatGapMedian, the value change's columns, hint and tally), so that no step of a
// browser frame is a whole pass, at 10M customers too (the longest ~25 ms of wasm there under Node;
// the slices were 4x larger and the longest steps ~50 ms before session 14).
#include "report/analyze.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <memory>
#include <new>
#include <unordered_set>

#include "report/clv_interval.hpp"
#include "report/earlier_summary.hpp"
#include "report/model_run.hpp"

namespace clv {

namespace {

// [SECTION] snapshot ----------------------------------------------------------------------------

// What RFM and the tiers are computed from, per customer of one date.
struct ScoreInputs {
    std::vector<double> recency, frequency, monetary;
    std::vector<double> value;  // tier basis
};

struct Snapshot {
    ModelRun models;
    RfmSummary rfm;
    RfmColumns cols;
    ScoreInputs in;
    std::vector<Tier> tier;
    Concentration concentration;
    TierStat tier_stats[kTierCount];
    std::unique_ptr<RfmScoring> rfm_job;  // while the RFM scores are being given
    std::unique_ptr<TierJob> tier_job;  // while the tiers are being assigned
};

// Which score inputs a fill makes: RFM's three, or (after RFM is scored and they are released)
// the tier basis, so that the four are never alive at once (8 bytes per customer less at the
// peak before the Overview; at the earlier date of the value change, whose RFM is scored before
// its predictions exist, the earlier summary, RFM's inputs and the predictions are never all
// alive together either).
enum class InputSet { rfm, value };

template <typename F>
void for_each_input(InputSet set, ScoreInputs& in, F f) {
    if (set == InputSet::rfm)
        f(in.recency), f(in.frequency), f(in.monetary);
    else
        f(in.value);
}

// Reserved once, then grown slice by slice as they are filled: sizing 320 MB of fresh memory at
// 10M customers in one step (zeroing it, the page faults) was a 0.8 s frame in wasm.
void reserve_inputs(InputSet set, size_t n, ScoreInputs& in) {
    for_each_input(set, in, [n](std::vector<double>& v) { v.reserve(n); });
}
void grow_inputs(InputSet set, size_t n, ScoreInputs& in) {
    for_each_input(set, in, [n](std::vector<double>& v) { v.resize(n); });
}

// Rows [begin, end) of `customers` with the date's predicted CLVs (`clv_basis`: the tiers rank by CLV).
void fill_inputs(InputSet set, const Customers& customers, const AnalysisSettings& s, const std::vector<double>& clvs,
                 bool clv_basis, size_t begin, size_t end, ScoreInputs& in) {
    if (set == InputSet::rfm) {
        for (size_t i = begin; i < end; ++i) {
            const CustomerRow& r = customers.rows[i];
            in.recency[i] = recency_days(customers, i);
            in.frequency[i] = r.purchase_days;
            in.monetary[i] = s.rfm.monetary == RfmSettings::Monetary::total || r.purchase_days == 0
                                 ? r.total_value
                                 : r.total_value / r.purchase_days;
        }
        return;
    }
    for (size_t i = begin; i < end; ++i)
        in.value[i] = tier_basis(clv_basis, clv_basis ? clvs[i] : 0.0, s.model.margin, customers.rows[i].total_value);
}

bool clv_basis(const AnalysisSettings& s, const ModelRun& run) { return tiers_by_clv(s, run.fitted); }

template <typename T>
void release(std::vector<T>& v) {
    std::vector<T>().swap(v);
}

// One step of the RFM scores from the filled inputs; true once scored. The inputs are not needed
// afterwards (the table's recency follows from the rows: recency_days in report.hpp).
bool advance_rfm(const AnalysisSettings& s, Snapshot& snap) {
    if (!snap.rfm_job)
        snap.rfm_job = std::make_unique<RfmScoring>(s.rfm, snap.in.recency, snap.in.frequency, snap.in.monetary, snap.cols);
    if (!snap.rfm_job->step()) return false;
    snap.rfm = snap.rfm_job->take();
    snap.rfm_job.reset();
    release(snap.in.recency);
    release(snap.in.frequency);
    release(snap.in.monetary);
    return true;
}

// One step of the tiers; true once they are assigned.
bool advance_tiers(const AnalysisSettings& s, Snapshot& snap) {
    if (!snap.tier_job) snap.tier_job = std::make_unique<TierJob>(s.tiers, snap.in.value, snap.tier, snap.tier_stats);
    if (snap.tier_job->step()) return false;
    snap.concentration = snap.tier_job->take();
    snap.tier_job.reset();
    release(snap.in.value);  // the table's tier basis follows from the CLV or the spend (tier_basis_value)
    return true;
}

void add_to(GroupValue& g, double revenue, double clv, double value, double p_alive) {
    ++g.customers;
    g.revenue += revenue;
    if (std::isfinite(clv)) g.clv += clv;
    g.value += value;
    if (std::isfinite(p_alive)) g.p_alive_mean = (std::isfinite(g.p_alive_mean) ? g.p_alive_mean : 0) + p_alive;
}

template <size_t N>
void finish_groups(GroupValue (&groups)[N], uint64_t customers, double revenue, double clv) {
    for (size_t i = 0; i < N; ++i) {
        GroupValue& g = groups[i];
        g.id = static_cast<uint8_t>(i);
        g.customer_share = customers > 0 ? static_cast<double>(g.customers) / static_cast<double>(customers) : 0;
        g.revenue_share = revenue > 0 ? g.revenue / revenue : 0;
        g.clv_share = clv > 0 ? g.clv / clv : 0;
        if (g.customers > 0 && std::isfinite(g.p_alive_mean)) g.p_alive_mean /= static_cast<double>(g.customers);
    }
}

std::vector<int32_t> rows_by_customer_index(const TransactionLog& log, const Customers& customers) {
    size_t size = log.customers.size();
    for (const CustomerRow& r : customers.rows) size = std::max<size_t>(size, r.customer + 1);
    std::vector<int32_t> row_of(size, -1);
    for (size_t i = 0; i < customers.rows.size(); ++i) row_of[customers.rows[i].customer] = static_cast<int32_t>(i);
    return row_of;
}

int32_t row_of_id(const TransactionLog& log, const std::vector<int32_t>& row_of, const std::string& id) {
    const uint32_t idx = log.customers.find(id);
    return idx < row_of.size() ? row_of[idx] : -1;
}

// [SECTION] value change ------------------------------------------------------------------------

// Whether value change can run; else a note says why.
bool value_change_possible(const TransactionLog& log, const Customers& customers, const AnalysisSettings& s,
                           Report& rep) {
    MigrationReport& m = rep.migration;
    m.to_day = customers.calibration_end;
    m.from_day = customers.calibration_end - s.migration.compare_days;
    if (!s.migration.enabled) return false;
    if (log.rows() == 0) {
        m.note = "Value change needs the order lines (a summary file has no history).";
        return false;
    }
    if (m.from_day < customers.first_day_in_data) {
        m.note = "The earlier date lies before the first order: shorten the comparison.";
        return false;
    }
    return true;
}

// The earlier date's compression hint (models::RfmCompression), per earlier row: today's compressed
// row of a customer who bought nothing after the earlier date (the same x and t_x as today, and T
// shortened alike for all of one row, since T fixes the first purchase day), else none. Customers
// of one hinted class then share a compressed row without hashing. Empty without today's rows.
// In slices: `cursor` runs over the earlier rows (the hint starts as none), then today's rows
// (10M customers at once were part of a 58 ms step in wasm); true once done.
bool earlier_compression_hint(const Customers& customers, const Customers& before, const std::vector<int32_t>& prev,
                              const std::vector<uint32_t>& today_row, size_t& cursor, size_t budget,
                              std::vector<uint32_t>& hint) {
    if (today_row.size() != customers.rows.size() || prev.size() != customers.rows.size()) return true;  // no hint
    const size_t n_before = before.rows.size();
    if (cursor < n_before) {
        if (cursor == 0) hint.reserve(n_before);
        const size_t end = std::min(n_before, cursor + budget);
        hint.resize(end, UINT32_MAX);
        cursor = end;
        return false;
    }
    const size_t end = std::min(n_before + prev.size(), cursor + budget);
    for (size_t i = cursor - n_before; i < end - n_before; ++i)
        if (prev[i] >= 0 && customers.rows[i].last_day <= before.calibration_end)
            hint[static_cast<size_t>(prev[i])] = today_row[i];
    cursor = end;
    return cursor == n_before + prev.size();
}

// The per-customer changes and the totals, in slices; `then` holds the earlier date's predictions
// (the same parameters, no refit). `prev[i]`: the earlier row of today's row i, or -1. `cursor`
// runs over today's rows, then the earlier ones (their totals); the changes are made in
// `cols` and moved into the table at the end, so that no view sees half a column. Sums run in
// row order, as one pass would. True once done. (In one piece at 10M customers: a 0.2 s step in
// wasm.)
struct ValueChangeColumns {
    std::vector<float> realised, potential;
};
bool value_change_values(const Customers& customers, const AnalysisSettings& s, const Customers& before,
                         const std::vector<int32_t>& prev, const Snapshot& then, size_t& cursor, size_t budget,
                         ValueChangeColumns& cols, Report& rep) {
    MigrationReport& m = rep.migration;
    const size_t n = customers.rows.size(), n_before = before.rows.size();
    CustomerTable& t = rep.table;
    const std::vector<double>& then_clv = then.models.predictions.clv;
    if (cursor == 0) {
        cols.realised.reserve(n);
        cols.potential.reserve(n);
    }
    if (cursor < n) {
        const size_t end = std::min(n, cursor + budget);
        cols.realised.resize(end);
        cols.potential.resize(end);
        for (size_t i = cursor; i < end; ++i) {
            const double realised_now = s.model.margin * customers.rows[i].total_value;
            const double clv_now = t.clv[i];
            m.realised_now += realised_now;
            if (std::isfinite(clv_now)) m.potential_now += clv_now;
            const int32_t p = prev[i];
            if (p < 0) {
                cols.realised[i] = static_cast<float>(realised_now);
                cols.potential[i] = static_cast<float>(clv_now);
                continue;
            }
            const auto pi = static_cast<size_t>(p);
            cols.realised[i] = static_cast<float>(realised_now - s.model.margin * before.rows[pi].total_value);
            cols.potential[i] = static_cast<float>(clv_now - then_clv[pi]);
        }
        cursor = end;
        return false;
    }
    const size_t end = std::min(n + n_before, cursor + budget);
    for (size_t i = cursor - n; i < end - n; ++i) {
        m.realised_before += s.model.margin * before.rows[i].total_value;
        if (std::isfinite(then_clv[i])) m.potential_before += then_clv[i];
    }
    cursor = end;
    if (cursor < n + n_before) return false;
    t.realised_change = std::move(cols.realised);
    t.potential_change = std::move(cols.potential);
    cols = ValueChangeColumns{};
    m.customers_before = n_before;
    return true;
}

// [SECTION] holdout ------------------------------------------------------------------------------

// Fills in why there is no holdout check, or returns true: then models::HoldoutValidation runs
// (in steps: at 1M customers and half a year of holdout it is seconds of work in one piece).
bool holdout_wanted(const TransactionLog& log, const Customers& customers, const AnalysisSettings& s, const ModelRun& run,
                    ModelReport& out) {
    models::HoldoutReport& h = out.holdout;
    h.calibration_end = customers.calibration_end;
    h.holdout_end = s.model.holdout_end.value_or(customers.last_day_in_data);
    if (!s.model.holdout) h.note = "The holdout check is switched off in the settings.";
    else if (log.rows() == 0) h.note = "The holdout check needs the order lines (a summary file has no later purchases).";
    else if (h.holdout_end <= customers.calibration_end)
        h.note = "No holdout period: every order lies on or before the calibration end.";
    else if (!run.fitted) h.note = "No model to check: " + run.message;
    else return true;
    return false;
}

// [SECTION] campaign ----------------------------------------------------------------------------

// The summary before the campaign start and the prediction window; false (with a note) when
// there is nothing to evaluate.
bool campaign_begin(const TransactionLog& log, const Customers& customers, const CampaignInput& in, Customers& before,
                    double& window, Report& rep) {
    CampaignReport& c = rep.campaign;
    if (!in.given()) return false;
    c.start = *in.start;
    c.end = customers.calibration_end;
    if (log.rows() == 0) {
        c.note = "Campaign evaluation needs the order lines.";
        return false;
    }
    if (c.start <= customers.first_day_in_data || c.start > c.end) {
        c.note = "The campaign start must lie after the first order and on or before the analysis date.";
        return false;
    }
    SummaryOptions so;
    so.calibration_end = c.start - 1;
    so.unit = customers.unit;
    before = summarise(log, so);
    window = static_cast<double>(c.end - so.calibration_end.value()) / days_per_unit(customers.unit);
    return true;
}

// `run`: the model fitted before the start, predicting the window.
void campaign_end(const TransactionLog& log, const AnalysisSettings& s, const CampaignInput& in, const Customers& before,
                  const ModelRun& run, Report& rep) {
    CampaignReport& c = rep.campaign;
    if (!run.fitted) {
        c.note = "No model could be fitted before the campaign start: " + run.message;
        return;
    }
    const size_t n = before.rows.size();
    const std::vector<int32_t> row_of = rows_by_customer_index(log, before);
    std::vector<double> actual(n, 0), revenue(n, 0), predicted(n), predicted_revenue(n);
    uint32_t cur = UINT32_MAX;
    DayNumber last = 0;
    for (size_t k = 0; k < log.rows(); ++k) {
        const DayNumber d = log.day[k];
        if (d < c.start || d > c.end) continue;
        const uint32_t idx = log.customer[k];
        const int32_t r = idx < row_of.size() ? row_of[idx] : -1;
        if (r < 0) continue;
        if (idx != cur || d != last) actual[static_cast<size_t>(r)] += 1;  // purchase days
        cur = idx;
        last = d;
        revenue[static_cast<size_t>(r)] += log.amount[k];
    }
    for (size_t i = 0; i < n; ++i) {
        predicted[i] = run.predictions.expected_purchases[i];
        predicted_revenue[i] = predicted[i] * run.predictions.expected_spend[i];
    }
    std::vector<uint8_t> group(n, 0);
    for (const std::string& id : in.targets) {
        const int32_t r = row_of_id(log, row_of, id);
        if (r < 0) ++c.targets_unmatched;
        else group[static_cast<size_t>(r)] = 1;
    }
    c.comparison_is_control_list = !in.control.empty();
    if (c.comparison_is_control_list) {
        for (const std::string& id : in.control) {
            const int32_t r = row_of_id(log, row_of, id);
            if (r >= 0 && group[static_cast<size_t>(r)] == 0) group[static_cast<size_t>(r)] = 2;
        }
    } else {
        for (uint8_t& g : group)
            if (g == 0) g = 2;
    }
    evaluate_campaign(s.campaign, group, actual, predicted, revenue, predicted_revenue, c);
    c.available = true;
}

// [SECTION] customers ---------------------------------------------------------------------------

// Appends about `budget` entries of `from`, converted, to `to` (reserved at the first call);
// `from` is released once all are in. True then.
template <typename From, typename To, typename Convert>
bool convert_column(std::vector<From>& from, std::vector<To>& to, size_t budget, Convert convert) {
    if (to.empty()) to.reserve(from.size());
    const size_t end = std::min(from.size(), to.size() + budget);
    for (size_t i = to.size(); i < end; ++i) to.push_back(convert(from[i]));
    if (to.size() < from.size()) return false;
    release(from);
    return true;
}

// The predictions into the table, column after column in slices of `budget` customers (true once
// all are in; `column` counts the columns done): the CLVs move, the shown columns are narrowed to
// floats and each double column released as soon as it is in, the median next purchase becomes a
// date. One column at a time, before the table's other columns exist, so that the doubles and
// their narrowed copies are never all alive together (at 10M customers the predictions are
// 400 MB). P(alive) stays a double until the customer pass has summed it.
bool outlook_to_table(const Customers& customers, ModelRun& models, size_t& column, size_t budget, CustomerTable& t) {
    CustomerOutlooks& p = models.predictions;
    const auto narrow = [](double v) { return static_cast<float>(v); };
    const auto day = [&](double units) { return next_purchase_day(customers, units, models.horizon_units); };
    bool done = true;
    switch (column) {
        case 0: t.clv = std::move(p.clv); break;
        case 1: done = convert_column(p.expected_purchases, t.expected_purchases, budget, narrow); break;
        case 2: done = convert_column(p.expected_spend, t.expected_spend, budget, narrow); break;
        default: done = convert_column(p.next_purchase, t.next_purchase_day, budget, day); break;
    }
    if (done) ++column;
    return column > 3;
}

// The per-customer pass in slices: begin() moves today's scores into the table, each run() does a
// range of customers in row order (so group sums add up in the same order as one loop), finish()
// shares the groups out and ranks the watch-list.
// The table's columns the customer pass fills (outlook_to_table filled the others).
template <typename F>
void for_each_column(CustomerTable& t, F f) {
    f(t.stage), f(t.actions), f(t.watch), f(t.value_at_risk), f(t.p_alive);
}

struct CustomerPass {
    std::vector<DayNumber> previous;  // second-to-last purchase day per row
    std::vector<WatchItem> candidates;
    double revenue = 0, clv_total = 0;
    double clv_sum = 0, p_alive_sum = 0;  // the KPI means, from the models' doubles
    size_t clv_count = 0, p_alive_count = 0;
    size_t cursor = 0;

    std::unique_ptr<PreviousPurchaseDays> previous_job;

    // The second-to-last purchase days: one walk of the log, in slices; true once found.
    bool find_previous(const TransactionLog& log, const Customers& customers, size_t budget) {
        if (!previous_job) previous_job = std::make_unique<PreviousPurchaseDays>(log, customers);
        if (!previous_job->step(budget)) return false;
        previous = previous_job->take();
        previous_job.reset();
        return true;
    }

    // The usual gap of one-time buyers (unless the settings fix it), in slices; true once known.
    std::unique_ptr<RepeatGapMedian> gaps_job;
    double one_time_gap_days = 0;
    bool find_one_time_gap(const Customers& customers, const AnalysisSettings& s, size_t budget) {
        if (s.lifecycle.one_time_gap_days > 0) {
            one_time_gap_days = s.lifecycle.one_time_gap_days;
            return true;
        }
        if (!gaps_job) gaps_job = std::make_unique<RepeatGapMedian>(customers);
        if (!gaps_job->step(budget)) return false;
        one_time_gap_days = gaps_job->median(30.0);
        gaps_job.reset();
        return true;
    }

    void begin(const Customers& customers, const AnalysisSettings& s, Snapshot& snap, Report& rep) {
        const size_t n = customers.rows.size();
        CustomerTable& t = rep.table;
        t.r = std::move(snap.cols.r);
        t.f = std::move(snap.cols.f);
        t.m = std::move(snap.cols.m);
        t.segment = std::move(snap.cols.segment);
        t.value_class = std::move(snap.cols.value_class);
        t.tier = std::move(snap.tier);
        // Reserved here, filled (and zeroed) slice by slice in run(): zeroing 45 MB at 1M customers
        // in one step would be a long frame.
        for_each_column(t, [n](auto& column) { column.reserve(n); });
        rep.one_time_gap_days = one_time_gap_days;
        candidates.reserve(s.watchlist.max_items);
    }

    // Rows [cursor, end); true once every row is done.
    bool run(const Customers& customers, const AnalysisSettings& s, const ModelRun& models, size_t end, Report& rep) {
        const size_t n = customers.rows.size();
        end = std::min(end, n);
        CustomerTable& t = rep.table;
        for_each_column(t, [end](auto& column) { column.resize(end); });  // zero: no watch sign, no value at risk
        const bool by_clv = clv_basis(s, models);
        for (size_t i = cursor; i < end; ++i) {
            const CustomerRow& row = customers.rows[i];
            const double p_alive = models.predictions.p_alive[i], clv = t.clv[i];
            const double value = tier_basis(by_clv, clv, s.model.margin, row.total_value);
            t.p_alive[i] = static_cast<float>(p_alive);
            if (std::isfinite(clv)) clv_sum += clv, ++clv_count;
            if (std::isfinite(p_alive)) p_alive_sum += p_alive, ++p_alive_count;
            const LifecycleFacts f = lifecycle_facts(row, previous[i], customers.calibration_end, rep.one_time_gap_days,
                                                     s.lifecycle.min_usual_gap_days, p_alive);
            const Stage stage = lifecycle_stage(s.lifecycle, f);
            t.stage[i] = stage;
            t.actions[i] = customer_actions(s.playbook, t.segment[i], stage, t.tier[i]);
            const uint8_t reasons = watch_reasons(s.watchlist, f);
            t.watch[i] = reasons;
            if (reasons) {
                WatchItem w;
                w.row = static_cast<uint32_t>(i);
                w.p_alive = p_alive;
                w.chance_lost = chance_lost(f, reasons, s.lifecycle.churned_silence);
                if (std::isfinite(clv) && std::isfinite(p_alive) && p_alive > 1e-9) {
                    w.value_if_active = clv / p_alive;
                } else {  // no model: a year of the customer's historical margin
                    const double years =
                        std::max(1.0 / 12, static_cast<double>(customers.calibration_end - row.first_day + 1) / 365.25);
                    w.value_if_active = s.model.margin * row.total_value / years;
                }
                w.value_at_risk = w.chance_lost * w.value_if_active;
                w.silence_days = f.silence_days;
                w.usual_gap_days = f.usual_gap_days;
                w.reasons = reasons;
                t.value_at_risk[i] = static_cast<float>(w.value_at_risk);
                if (t.tier[i] <= s.watchlist.lowest_tier && (s.watchlist.include_churned || stage != Stage::churned)) {
                    ++rep.watch_candidates;
                    offer_watch_item(candidates, w, s.watchlist.max_items);
                }
            }
            add_to(rep.segments[static_cast<int>(t.segment[i])], row.total_value, clv, value, p_alive);
            add_to(rep.classes[static_cast<int>(t.value_class[i])], row.total_value, clv, value, p_alive);
            add_to(rep.tiers[static_cast<int>(t.tier[i])], row.total_value, clv, value, p_alive);
            add_to(rep.stages[static_cast<int>(stage)], row.total_value, clv, value, p_alive);
            revenue += row.total_value;
            if (std::isfinite(clv)) clv_total += clv;
        }
        cursor = end;
        return cursor == n;
    }

    void finish(const TransactionLog& log, const Customers& customers, Report& rep) {
        const size_t n = customers.rows.size();
        const CustomerTable& t = rep.table;
        release(previous);
        finish_groups(rep.segments, n, revenue, clv_total);
        finish_groups(rep.classes, n, revenue, clv_total);
        finish_groups(rep.tiers, n, revenue, clv_total);
        finish_groups(rep.stages, n, revenue, clv_total);
        rank_watchlist(candidates, rep.settings.watchlist.max_items);
        rep.watchlist.reserve(candidates.size());
        for (const WatchItem& w : candidates) {
            WatchEntry e;
            e.item = w;
            const CustomerRow& row = customers.rows[w.row];
            if (row.customer < log.customers.size()) e.customer_id = std::string(log.customers.name(row.customer));
            e.segment = t.segment[w.row];
            e.tier = t.tier[w.row];
            e.stage = t.stage[w.row];
            e.clv = t.clv[w.row];
            rep.watchlist.push_back(std::move(e));
        }
        release(candidates);
    }
};

// [SECTION] side inputs -------------------------------------------------------------------------

void nps(const TransactionLog& log, const Customers& customers, const AnalysisSettings& s, const AnalysisInputs& in,
         Report& rep) {
    NpsReport& r = rep.nps;
    r.bad_lines = in.survey_bad_lines;
    if (in.survey.empty()) return;
    r.available = true;
    r.overall.key = "all";
    r.overall.name = "All answers";
    r.overall.name_zh = "全部回答";
    auto init = [](std::vector<NpsTally>& v, int count, const Label& (*label)(int)) {
        v.resize(static_cast<size_t>(count));
        for (int i = 0; i < count; ++i) {
            const Label& l = label(i);
            v[static_cast<size_t>(i)].key = l.key;
            v[static_cast<size_t>(i)].name = l.en;
            v[static_cast<size_t>(i)].name_zh = l.zh;
        }
    };
    init(r.by_segment, kSegmentCount, [](int i) -> const Label& { return segment_label(static_cast<Segment>(i)); });
    init(r.by_value_class, kValueClassCount, [](int i) -> const Label& { return value_class_label(static_cast<ValueClass>(i)); });
    init(r.by_tier, kTierCount, [](int i) -> const Label& { return tier_label(static_cast<Tier>(i)); });
    init(r.by_stage, kStageCount, [](int i) -> const Label& { return stage_label(static_cast<Stage>(i)); });
    const std::vector<int32_t> row_of = rows_by_customer_index(log, customers);
    const CustomerTable& t = rep.table;
    for (const SurveyResponse& a : in.survey) {
        r.overall.add(s.nps, a.score, a.csat);
        const int32_t row = row_of_id(log, row_of, a.customer_id);
        if (row < 0) {
            ++r.unmatched;
            continue;
        }
        const auto i = static_cast<size_t>(row);
        r.by_segment[static_cast<size_t>(t.segment[i])].add(s.nps, a.score, a.csat);
        r.by_value_class[static_cast<size_t>(t.value_class[i])].add(s.nps, a.score, a.csat);
        r.by_tier[static_cast<size_t>(t.tier[i])].add(s.nps, a.score, a.csat);
        r.by_stage[static_cast<size_t>(t.stage[i])].add(s.nps, a.score, a.csat);
    }
    r.overall.finish();
    for (auto* v : {&r.by_segment, &r.by_value_class, &r.by_tier, &r.by_stage})
        for (NpsTally& g : *v) g.finish();
}

// The KPIs in three parts: the counts (then the retention rates, RetentionKpis, in slices of the
// log), the cohorts (CohortBuilder, in slices), then everything computed from those (CAC, NPS,
// budget, playbook, what-if).
void kpi_counts(const Customers& customers, const BasicKpiSums& sums, const CustomerPass& pass, Report& rep) {
    KpiReport& k = rep.kpi;
    sums.finish(customers, k);
    if (pass.clv_count > 0) k.model_clv = pass.clv_sum / static_cast<double>(pass.clv_count);
    if (pass.p_alive_count > 0) k.p_alive_mean = pass.p_alive_sum / static_cast<double>(pass.p_alive_count);
}

void side_results(const TransactionLog& log, const Customers& customers, const AnalysisSettings& s,
                  const AnalysisInputs& in, const ModelRun& models, Report& rep) {
    KpiReport& k = rep.kpi;
    const double monthly_margin = s.model.margin * k.aov * k.yearly_frequency / 12;
    rep.cac = compute_cac(in.spend, customers, rep.table.clv, s.model.margin, rep.cohorts.first_month,
                          rep.cohorts.new_customers, monthly_margin);
    k.simple_clv = simple_clv(s.model.margin, k.aov, k.yearly_frequency, k.average_lifespan_months, rep.cac.cac);

    nps(log, customers, s, in, rep);

    // Budget: segment value = predicted CLV with a model, realised margin without.
    uint64_t seg_customers[kSegmentCount];
    double seg_value[kSegmentCount];
    double total_value = 0;
    for (int i = 0; i < kSegmentCount; ++i) {
        seg_customers[i] = rep.segments[i].customers;
        seg_value[i] = models.fitted ? rep.segments[i].clv : s.model.margin * rep.segments[i].revenue;
        total_value += seg_value[i];
    }
    rep.budget = allocate_budget(s.budget, seg_customers, seg_value,
                                 customers.rows.empty() ? 0 : total_value / static_cast<double>(customers.rows.size()));

    rep.playbook.clear();
    for (int i = 0; i < kSegmentCount; ++i)
        rep.playbook.push_back({false, static_cast<uint8_t>(i), rep.segments[i].customers, rep.segments[i].value,
                                s.playbook.segment_actions[i]});
    for (int i = 0; i < kStageCount; ++i)
        rep.playbook.push_back({true, static_cast<uint8_t>(i), rep.stages[i].customers, rep.stages[i].value,
                                s.playbook.stage_actions[i]});

    double tier_clv[kTierCount];
    for (int i = 0; i < kTierCount; ++i)
        tier_clv[i] = models.fitted ? rep.tiers[i].clv : s.model.margin * rep.tiers[i].revenue;
    rep.what_if = what_if(s.what_if, tier_clv, k.crr, k.period_months, s.model.horizon_months,
                          s.model.monthly_discount_rate, rep.cac.cac, rep.cac.value_per_new_customer);
    if (!models.fitted)
        rep.what_if.note += std::string(rep.what_if.note.empty() ? "" : " ") +
                            "No model: the what-if scales realised margin instead of CLV.";
}

}  // namespace

// [SECTION] job ---------------------------------------------------------------------------------

// Work per step, sized so that a step at 1M customers stays within a few tens of milliseconds of
// wasm (each unit is a short, flat loop body).
constexpr size_t kCustomersPerStep = 1u << 15;  // also log rows, in the passes over the log

struct AnalysisJob::State {
    enum class Stage { models, outlook, inputs, rfm, value_inputs, tiers, customers_previous, customers_gap, customers_begin, customers, customers_finish, holdout, kpi_counts,
                       kpi_cohorts, kpi_rest, change_begin, change_summary, change_hint, change_rfm_inputs, change_rfm, change_models, change_values,
                       change_value_inputs, change_tiers, change_tally, interval, campaign_begin, campaign_models, campaign_end, done };
    const TransactionLog& log;
    const Customers& customers;
    AnalysisSettings settings;
    AnalysisInputs inputs;
    Stage stage = Stage::models;
    bool out_of_memory = false;  // the analysis ran out of memory before the Overview was ready
    Report rep;
    Snapshot snap;
    size_t cursor = 0;
    CustomerPass pass;
    std::unique_ptr<ModelJob> model_job;  // the running fit or predictions of the current stage
    std::unique_ptr<ClvIntervalJob> interval_job;  // Stage::interval
    bool interval_taken = false;                   // the job is done; its bounds are being narrowed
    std::vector<double> interval_low, interval_high;
    std::vector<float> narrowed_low, narrowed_high;
    std::unique_ptr<EarlierSummaryBuilder> earlier;
    std::unique_ptr<models::HoldoutValidation> holdout_job;
    BasicKpiSums kpi_sums;                     // Stage::kpi_counts, before the retention rates
    std::unique_ptr<RetentionKpis> retention;  // Stage::kpi_counts
    std::unique_ptr<CohortBuilder> cohorts;  // Stage::kpi_cohorts
    Customers before;                     // the summary at the earlier date (value change, campaign)
    std::vector<int32_t> prev;            // value change: today's row -> the earlier row, or -1
    std::vector<uint32_t> compression_hint;  // value change: per earlier row (earlier_compression_hint)
    ValueChangeColumns change_cols;          // value change: the columns being made (change_values)
    Snapshot then;
    double window = 0;

    State(const TransactionLog& l, const Customers& c, const AnalysisSettings& s, const AnalysisInputs& in)
        : log(l), customers(c), settings(s), inputs(in) {}

    // Runs the stage's model job one piece; true once it is done (its result in `out`).
    bool advance_models(ModelRun& out) {
        if (model_job->step()) return false;
        out = model_job->take();
        model_job.reset();
        return true;
    }

    // One slice of filling a snapshot's score inputs; true once all rows are filled.
    // `clvs`: the snapshot's predicted CLVs (today's are in the table by then).
    bool advance_inputs(InputSet set, const Customers& c, Snapshot& sn, const std::vector<double>& clvs) {
        if (cursor == 0) reserve_inputs(set, c.rows.size(), sn.in);
        const size_t end = std::min(c.rows.size(), cursor + kCustomersPerStep);
        grow_inputs(set, end, sn.in);
        fill_inputs(set, c, settings, clvs, clv_basis(settings, sn.models), cursor, end, sn.in);
        cursor = end;
        if (cursor < c.rows.size()) return false;
        cursor = 0;
        return true;
    }

    void models_to_report() {
        rep.models.fitted = snap.models.fitted;
        rep.models.spend_fitted = snap.models.spend_fitted;
        rep.models.interval = snap.models.interval;
        rep.models.message = snap.models.message;
        rep.models.counting = snap.models.counting;
        rep.models.spend = snap.models.spend;
        rep.models.unit = time_unit_name(customers.unit);
    }

    // The CLV interval, deferred by the model job until after the Overview is drawn (it is shown
    // only in the Customers view and the exports, as a dash until then): ~10% of the analysis at 1M
    // customers. It runs after the value change, whose memory it then reuses (run before it, the
    // wasm heap grew by 65 MB at 1M), and reads the point CLVs from the table (the predictions are
    // gone by then). True once done.
    bool advance_interval() {
        ModelRun& m = snap.models;
        if (!m.interval_data) return true;
        if (!interval_job && !interval_taken) {
            ClvIntervalOptions o;
            o.draws = settings.model.bootstrap_draws;
            o.coverage = settings.model.interval;
            interval_job = std::make_unique<ClvIntervalJob>(m.model, m.counting.covariance, m.spend_model, *m.interval_data,
                                                            customers, m.horizon_units, rep.table.clv, o);
        }
        if (!interval_taken) {
            if (!interval_job->step()) return false;
            interval_taken = true;
            const bool made = interval_job->take(interval_low, interval_high);
            interval_job.reset();
            if (made) return false;  // narrowed into the table in the next steps
            release(interval_low), release(interval_high);
            m.interval = rep.models.interval = false;  // the table's bounds stay empty: NaN to every reader
            m.interval_data.reset();
            return true;
        }
        // Narrowed to floats in slices (10M customers at once were a 0.4 s step in wasm), then
        // moved into the table at once, so that no view sees half an interval column.
        if (!convert_column(interval_low, narrowed_low, kCustomersPerStep, [](double v) { return float_at_most(v); }))
            return false;
        if (!convert_column(interval_high, narrowed_high, kCustomersPerStep, [](double v) { return float_at_least(v); }))
            return false;
        CustomerTable& t = rep.table;
        narrowed_low.resize(t.size(), NAN);
        narrowed_high.resize(t.size(), NAN);
        t.clv_low = std::move(narrowed_low);
        t.clv_high = std::move(narrowed_high);
        m.interval = rep.models.interval = true;
        m.interval_data.reset();
        return true;
    }

    void step() {
        switch (stage) {
            case Stage::models:
                if (!advance_models(snap.models)) return;
                models_to_report();
                stage = Stage::outlook;
                return;
            case Stage::outlook:
                if (outlook_to_table(customers, snap.models, cursor, kCustomersPerStep, rep.table)) cursor = 0, stage = Stage::inputs;
                return;
            case Stage::inputs:  // RFM's inputs, then (value_inputs) the tier basis: never all four alive
                if (advance_inputs(InputSet::rfm, customers, snap, rep.table.clv)) stage = Stage::rfm;
                return;
            case Stage::rfm:
                if (!advance_rfm(settings, snap)) return;
                rep.rfm = snap.rfm;
                stage = Stage::value_inputs;
                return;
            case Stage::value_inputs:
                if (advance_inputs(InputSet::value, customers, snap, rep.table.clv)) stage = Stage::tiers;
                return;
            case Stage::tiers:
                if (!advance_tiers(settings, snap)) return;
                rep.concentration = std::move(snap.concentration);
                stage = Stage::customers_previous;
                return;
            case Stage::customers_previous:
                if (!pass.find_previous(log, customers, kCustomersPerStep)) return;
                stage = Stage::customers_gap;
                return;
            case Stage::customers_gap:
                if (!pass.find_one_time_gap(customers, settings, kCustomersPerStep)) return;
                stage = Stage::customers_begin;
                return;
            case Stage::customers_begin:
                pass.begin(customers, settings, snap, rep);
                stage = Stage::customers;
                return;
            case Stage::customers:
                if (pass.run(customers, settings, snap.models, pass.cursor + kCustomersPerStep, rep))
                    stage = Stage::customers_finish;
                return;
            case Stage::customers_finish:
                pass.finish(log, customers, rep);
                snap.models.predictions = CustomerOutlooks{};  // now in the table's columns
                stage = Stage::holdout;
                return;
            case Stage::holdout:
                if (!holdout_job) {
                    if (!holdout_wanted(log, customers, settings, snap.models, rep.models)) {
                        stage = Stage::kpi_counts;
                        return;
                    }
                    holdout_job = std::make_unique<models::HoldoutValidation>(snap.models.model, log, customers,
                                                                               settings.model.holdout_end);
                }
                if (!holdout_job->step()) return;
                rep.models.holdout = holdout_job->take();
                holdout_job.reset();
                stage = Stage::kpi_counts;
                return;
            case Stage::kpi_counts:  // the sums over the customers, then the retention rates from the log, in slices
                if (!retention) {
                    if (cursor < customers.rows.size()) {
                        const size_t end = std::min(customers.rows.size(), cursor + kCustomersPerStep);
                        kpi_sums.add(customers, cursor, end);
                        cursor = end;
                        return;
                    }
                    cursor = 0;
                    kpi_counts(customers, kpi_sums, pass, rep);
                    retention = std::make_unique<RetentionKpis>(log, customers, settings.kpi.period_months, rep.kpi);
                }
                if (!retention->step(kCustomersPerStep)) return;
                retention.reset();
                stage = Stage::kpi_cohorts;
                return;
            case Stage::kpi_cohorts:
                if (!cohorts) cohorts = std::make_unique<CohortBuilder>(log, customers, settings.kpi.max_cohorts);
                if (!cohorts->step(kCustomersPerStep)) return;
                rep.cohorts = cohorts->take();
                cohorts.reset();
                stage = Stage::kpi_rest;
                return;
            case Stage::kpi_rest:
                side_results(log, customers, settings, inputs, snap.models, rep);
                stage = Stage::change_begin;
                return;
            case Stage::interval:
                if (advance_interval()) stage = Stage::campaign_begin;
                return;
            case Stage::change_begin:
                if (value_change_possible(log, customers, settings, rep)) {
                    earlier = std::make_unique<EarlierSummaryBuilder>(log, customers, rep.migration.from_day);
                    stage = Stage::change_summary;
                } else {
                    release(snap.models.compressed_row);
                    stage = Stage::interval;
                }
                return;
            case Stage::change_summary:
                if (!earlier->step(kCustomersPerStep / 2)) return;  // a row copied or a run re-summed costs more than most slices
                before = earlier->take();
                prev = earlier->take_previous();
                earlier.reset();
                if (before.rows.empty()) {
                    rep.migration.note = "No customers at the earlier date.";
                    end_value_change();
                    return;
                }
                stage = Stage::change_hint;
                return;
            case Stage::change_hint: {
                const std::vector<uint32_t>& today_row =
                    snap.models.interval_data ? snap.models.interval_data->row_of_customer : snap.models.compressed_row;
                if (!earlier_compression_hint(customers, before, prev, today_row, cursor, kCustomersPerStep, compression_hint))
                    return;
                cursor = 0;
                release(snap.models.compressed_row);
                stage = Stage::change_rfm_inputs;
                return;
            }
            case Stage::change_rfm_inputs:  // the earlier date's RFM needs no prediction: scored first (InputSet)
                if (advance_inputs(InputSet::rfm, before, then, then.models.predictions.clv)) stage = Stage::change_rfm;
                return;
            case Stage::change_rfm: {
                if (!advance_rfm(settings, then)) return;
                ModelSettings ms = settings.model;
                ms.bootstrap_draws = 0;  // the earlier date's CLV interval is not shown
                PredictOptions po;
                po.clv_only = true;  // only CLV is compared (value_change_values, the CLV tier basis)
                po.compression_hint = &compression_hint;
                model_job = std::make_unique<ModelJob>(snap.models, before, ms, po);
                stage = Stage::change_models;
                return;
            }
            case Stage::change_models:
                if (advance_models(then.models)) stage = Stage::change_values;
                return;
            case Stage::change_values:
                release(compression_hint);
                if (!value_change_values(customers, settings, before, prev, then, cursor, kCustomersPerStep, change_cols, rep))
                    return;
                cursor = 0;
                stage = Stage::change_value_inputs;
                return;
            case Stage::change_value_inputs:
                if (!advance_inputs(InputSet::value, before, then, then.models.predictions.clv)) return;
                before = Customers{};
                then.models.predictions = CustomerOutlooks{};
                stage = Stage::change_tiers;
                return;
            case Stage::change_tiers:
                if (!advance_tiers(settings, then)) return;
                stage = Stage::change_tally;
                return;
            case Stage::change_tally: {
                MigrationReport& m = rep.migration;
                if (cursor == 0) clear_migration_tally(m);
                const size_t end = std::min(prev.size(), cursor + kCustomersPerStep);
                tally_migration(prev, then.cols.segment, then.tier, rep.table.segment, rep.table.tier, cursor, end, m);
                cursor = end;
                if (cursor < prev.size()) return;
                cursor = 0;
                m.available = true;
                if (!then.models.fitted) m.note = "No model at the earlier date: potential value is not compared.";
                end_value_change();
                return;
            }
            case Stage::campaign_begin:
                if (campaign_begin(log, customers, inputs.campaign, before, window, rep)) {
                    ModelSettings ms = settings.model;
                    ms.bootstrap_draws = 0;  // point predictions are compared
                    model_job = std::make_unique<ModelJob>(before, ms, window);
                    stage = Stage::campaign_models;
                } else {
                    stage = Stage::done;
                }
                return;
            case Stage::campaign_models:
                if (advance_models(then.models)) stage = Stage::campaign_end;
                return;
            case Stage::campaign_end:
                campaign_end(log, settings, inputs.campaign, before, then.models, rep);
                then = Snapshot{};
                before = Customers{};
                stage = Stage::done;
                return;
            case Stage::done:
                return;
        }
    }

    void end_value_change() {
        release(snap.models.compressed_row);
        release(compression_hint);
        then = Snapshot{};
        before = Customers{};
        release(prev);
        stage = Stage::interval;
    }
};

AnalysisJob::AnalysisJob(const TransactionLog& log, const Customers& customers, const AnalysisSettings& settings,
                         const AnalysisInputs& inputs)
    : s_(std::make_unique<State>(log, customers, settings, inputs)) {
    Report& rep = s_->rep;
    rep.settings = settings;
    rep.rows = inputs.rows;
    rep.status = settings.check();
    if (!rep.ok()) {
        s_->stage = State::Stage::done;
        return;
    }
    rep.analysis_day = customers.calibration_end;
    rep.dated = log.rows() > 0;  // an order file always has a purchase row; a summary file none
    rep.first_day = customers.first_day_in_data;
    rep.last_day = customers.last_day_in_data;
    rep.customers = customers.rows.size();
    s_->model_job = std::make_unique<ModelJob>(customers, settings.model);
    s_->model_job->defer_interval();
}

AnalysisJob::~AnalysisJob() = default;

bool AnalysisJob::step() {
    if (done()) return false;
    try {
        s_->step();
    } catch (const std::bad_alloc&) {
        Report& rep = s_->rep;
        if (overview_ready()) {
            // What the Overview shows is final and stays; only the value change, the CLV interval
            // and the campaign evaluation, which run after it, are given up (and say so).
            const char* note = "Not computed: the analysis ran out of memory.";
            rep.table.realised_change.clear();
            rep.table.potential_change.clear();
            rep.migration = MigrationReport{};
            rep.migration.note = note;
            rep.campaign = CampaignReport{};
            rep.campaign.note = note;
            s_->change_cols = ValueChangeColumns{};
        } else {
            s_->out_of_memory = true;
            rep.status = "The analysis of " + std::to_string(s_->customers.rows.size()) +
                         " customers ran out of memory.";
        }
        s_->stage = State::Stage::done;
    } catch (const std::exception& e) {
        s_->rep.status = std::string("The analysis failed: ") + e.what();
        s_->stage = State::Stage::done;
    }
    return !done();
}

bool AnalysisJob::out_of_memory() const { return s_->out_of_memory; }

bool AnalysisJob::done() const { return s_->stage == State::Stage::done; }

// The stages after kpi_rest write only rep.migration, the table's two change columns and
// rep.campaign (tests/report/analyze_test.cpp compares the report here with the finished one).
bool AnalysisJob::overview_ready() const { return s_->stage >= State::Stage::change_begin && !s_->out_of_memory; }

// Shares of the whole, from the instruction counts of a 1M-customer analysis (report_bench.cpp).
double AnalysisJob::progress() const {
    using S = State::Stage;
    const State& s = *s_;
    const double model_part = s.model_job ? s.model_job->progress() : 1.0;
    const double n = static_cast<double>(std::max<size_t>(1, s.customers.rows.size()));
    switch (s.stage) {
        case S::models: return 0.55 * model_part;
        case S::outlook: return 0.55;
        case S::inputs: return 0.55 + 0.015 * static_cast<double>(s.cursor) / n;
        case S::rfm: return 0.565;
        case S::value_inputs: return 0.57 + 0.01 * static_cast<double>(s.cursor) / n;
        case S::tiers: return 0.59;
        case S::customers_previous: return 0.6;
        case S::customers_gap: return 0.605;
        case S::customers_begin: return 0.61;
        case S::customers: return 0.62 + 0.06 * static_cast<double>(s.pass.cursor) / n;
        case S::customers_finish: return 0.68;
        case S::holdout: return 0.69;
        case S::kpi_counts: return 0.7;
        case S::kpi_cohorts: return 0.72;
        case S::kpi_rest: return 0.74;
        case S::change_begin: return 0.75;
        case S::change_summary: return 0.77;
        case S::change_hint: return 0.78;
        case S::change_rfm_inputs: return 0.785;
        case S::change_rfm: return 0.79;
        case S::change_models: return 0.8 + 0.1 * model_part;
        case S::change_values: return 0.9;
        case S::change_value_inputs: return 0.91;
        case S::change_tiers: return 0.92;
        case S::change_tally: return 0.94;
        case S::interval: return 0.94 + 0.01 * (s.interval_taken ? 1.0 : s.interval_job ? s.interval_job->progress() : 0.0);
        case S::campaign_begin: return 0.95;
        case S::campaign_models: return 0.95 + 0.04 * model_part;
        case S::campaign_end: return 0.99;
        case S::done: return 1;
    }
    return 1;
}

const char* AnalysisJob::phase() const {
    using S = State::Stage;
    const State& s = *s_;
    switch (s.stage) {
        case S::models: return s.model_job ? s.model_job->phase() : "fit";
        case S::outlook: return "predictions";
        case S::inputs:
        case S::rfm:
        case S::value_inputs:
        case S::tiers: return "segments";
        case S::customers_previous:
        case S::customers_gap:
        case S::customers_begin:
        case S::customers:
        case S::customers_finish: return "customers";
        case S::holdout: return "holdout";
        case S::kpi_counts:
        case S::kpi_cohorts:
        case S::kpi_rest: return "kpi";
        case S::interval: return "interval";
        case S::change_begin:
        case S::change_summary:
        case S::change_hint:
        case S::change_models:
        case S::change_rfm_inputs:
        case S::change_rfm:
        case S::change_values:
        case S::change_value_inputs:
        case S::change_tiers:
        case S::change_tally: return "value_change";
        case S::campaign_begin:
        case S::campaign_models:
        case S::campaign_end: return "campaign";
        case S::done: return "done";
    }
    return "done";
}

const Report& AnalysisJob::report() const { return s_->rep; }

Report AnalysisJob::take() { return std::move(s_->rep); }

Report analyze(const TransactionLog& log, const Customers& customers, const AnalysisSettings& settings,
               const AnalysisInputs& inputs) {
    AnalysisJob job(log, customers, settings, inputs);
    while (job.step()) {
    }
    return job.take();
}

}  // namespace clv
