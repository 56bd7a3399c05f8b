#include "models/holdout.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <unordered_map>
#include <utility>

namespace clv::models {

namespace {
// Work per step, so that a step stays within a few tens of milliseconds of wasm at 1M customers.
constexpr size_t kCustomersPerStep = 1u << 17;
constexpr size_t kHashedPerStep = 1u << 16;  // customers looked up in the two hash tables
constexpr size_t kLogRowsPerStep = 1u << 19;
constexpr size_t kEvaluationsPerStep = 4000;  // P(alive) or E[Y(t) | alive] evaluations (a 2F1 or a quadrature each)

// Hash keys of the distinct (x, t_x, T) rows and (x, T) pairs: the doubles' bits.
struct TripleKey {
    uint64_t x, t_x, T;
    bool operator==(const TripleKey& o) const { return x == o.x && t_x == o.t_x && T == o.T; }
};
struct PairKey {
    uint64_t x, T;
    bool operator==(const PairKey& o) const { return x == o.x && T == o.T; }
};
uint64_t bits(double v) {
    uint64_t b;
    std::memcpy(&b, &v, sizeof b);
    return b;
}
uint64_t mix(uint64_t h) {  // splitmix64's finaliser
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebull;
    return h ^ (h >> 31);
}
struct TripleHash {
    size_t operator()(const TripleKey& k) const { return mix(k.x ^ mix(k.t_x ^ mix(k.T))); }
};
struct PairHash {
    size_t operator()(const PairKey& k) const { return mix(k.x ^ mix(k.T)); }
};
}  // namespace

struct HoldoutValidation::State {
    enum class Stage { map_rows, scan_log, sort_days, distinct, p_alive, weights, expected, customers, weeks, done };
    const CountingModel& model;
    const TransactionLog& log;
    const Customers& customers;
    HoldoutReport rep;
    int groups = 7;
    double dpu = 1;
    Stage stage = Stage::map_rows;
    size_t cursor = 0;

    // Actual purchase days after the calibration end, per summarised customer and per week.
    std::vector<int32_t> row_of;  // customer index -> summarised row, or -1
    std::vector<double> actual;   // per row
    std::vector<double> actual_in_week;  // [k]: purchase days in week k (1-based, k <= weeks)
    int weeks = 0;
    // Duplicates (same customer, same day) are skipped by comparing with the previous row, which
    // needs the Reader's order (customers ascending, days ascending within one). A log in another
    // order is collected and sorted instead (hand-made logs in tests, other producers).
    bool ordered = true;
    uint32_t prev_customer = 0;
    DayNumber prev_day = 0;
    bool have_prev = false;
    std::vector<std::pair<uint32_t, DayNumber>> days;  // only when !ordered

    // Distinct rows and pairs.
    std::vector<uint32_t> row_id, pair_id;  // per customer
    std::vector<TripleKey> row_keys;
    std::vector<PairKey> pair_keys;
    std::vector<double> p_row;     // P(alive) per distinct row
    std::vector<double> weight;    // per pair: Σ P(alive) over its customers whose P(alive) is finite
    std::vector<double> e_length;  // per pair: E[Y(holdout length) | alive]
    std::unordered_map<TripleKey, uint32_t, TripleHash> row_index;
    std::unordered_map<PairKey, uint32_t, PairHash> pair_index;
    double abs_sum = 0, sq_sum = 0;
    int week = 1;  // the week being predicted
    TrackingPoint point;

    State(const CountingModel& m, const TransactionLog& l, const Customers& c) : model(m), log(l), customers(c) {}

    static double value(uint64_t b) {
        double v;
        std::memcpy(&v, &b, sizeof v);
        return v;
    }

    void count(uint32_t row, DayNumber d) {
        actual[row] += 1;
        const int k = static_cast<int>((d - rep.calibration_end + 6) / 7);  // ceil((d - end) / 7), d > end
        actual_in_week[static_cast<size_t>(std::min(k, weeks))] += 1;
    }

    void map_rows() {
        if (cursor == 0) {
            uint32_t max_customer = 0;
            for (const CustomerRow& c : customers.rows) max_customer = std::max(max_customer, c.customer);
            row_of.assign(static_cast<size_t>(max_customer) + 1, -1);
        }
        const size_t end = std::min(customers.rows.size(), cursor + kCustomersPerStep);
        for (size_t i = cursor; i < end; ++i) row_of[customers.rows[i].customer] = static_cast<int32_t>(i);
        cursor = end;
        if (cursor < customers.rows.size()) return;
        actual.assign(customers.rows.size(), 0.0);
        weeks = static_cast<int>(std::ceil((rep.holdout_end - rep.calibration_end) / 7.0));
        actual_in_week.assign(static_cast<size_t>(weeks) + 1, 0.0);
        cursor = 0;
        stage = Stage::scan_log;
    }

    void scan_log() {
        const size_t end = std::min(log.rows(), cursor + kLogRowsPerStep);
        const size_t customers_known = row_of.size();
        for (size_t i = cursor; i < end; ++i) {
            const DayNumber d = log.day[i];
            const uint32_t c = log.customer[i];
            if (ordered) {
                if (have_prev && (c < prev_customer || (c == prev_customer && d < prev_day))) {
                    // Not in the Reader's order: start over, collecting and sorting.
                    ordered = false;
                    std::fill(actual.begin(), actual.end(), 0.0);
                    std::fill(actual_in_week.begin(), actual_in_week.end(), 0.0);
                    cursor = 0;
                    return;
                }
                const bool repeat = have_prev && c == prev_customer && d == prev_day;
                prev_customer = c;
                prev_day = d;
                have_prev = true;
                if (repeat) continue;
            }
            if (d > rep.calibration_end && d <= rep.holdout_end && c < customers_known && row_of[c] >= 0) {
                if (ordered) count(static_cast<uint32_t>(row_of[c]), d);
                else days.emplace_back(static_cast<uint32_t>(row_of[c]), d);
            }
        }
        cursor = end;
        if (cursor < log.rows()) return;
        cursor = 0;
        stage = ordered ? Stage::distinct : Stage::sort_days;
    }

    void sort_days() {
        std::sort(days.begin(), days.end());
        days.erase(std::unique(days.begin(), days.end()), days.end());
        for (const auto& p : days) count(p.first, p.second);
        days = {};
        stage = Stage::distinct;
    }

    void distinct() {
        const size_t n = customers.rows.size();
        if (cursor == 0) {
            row_id.resize(n);
            pair_id.resize(n);
        }
        const size_t end = std::min(n, cursor + kHashedPerStep);
        for (size_t i = cursor; i < end; ++i) {
            const CustomerRow& c = customers.rows[i];
            const TripleKey t{bits(c.x()), bits(c.t_x), bits(c.T)};
            const auto r = row_index.emplace(t, static_cast<uint32_t>(row_keys.size()));
            if (r.second) row_keys.push_back(t);
            row_id[i] = r.first->second;
            const PairKey p{t.x, t.T};
            const auto q = pair_index.emplace(p, static_cast<uint32_t>(pair_keys.size()));
            if (q.second) pair_keys.push_back(p);
            pair_id[i] = q.first->second;
        }
        cursor = end;
        if (cursor < n) return;
        row_index = {};
        pair_index = {};
        p_row.resize(row_keys.size());
        cursor = 0;
        stage = Stage::p_alive;
    }

    void p_alive_rows() {
        const size_t end = std::min(row_keys.size(), cursor + kEvaluationsPerStep);
        for (size_t r = cursor; r < end; ++r)
            p_row[r] = p_alive(model, value(row_keys[r].x), value(row_keys[r].t_x), value(row_keys[r].T));
        cursor = end;
        if (cursor < row_keys.size()) return;
        weight.assign(pair_keys.size(), 0.0);
        cursor = 0;
        stage = Stage::weights;
    }

    void weights() {
        const size_t end = std::min(customers.rows.size(), cursor + kCustomersPerStep);
        for (size_t i = cursor; i < end; ++i) {
            const double p = p_row[row_id[i]];
            if (std::isfinite(p)) weight[pair_id[i]] += p;
        }
        cursor = end;
        if (cursor < customers.rows.size()) return;
        e_length.resize(pair_keys.size());
        cursor = 0;
        stage = Stage::expected;
    }

    void expected() {
        const size_t end = std::min(pair_keys.size(), cursor + kEvaluationsPerStep);
        for (size_t p = cursor; p < end; ++p)
            e_length[p] = expected_given_alive(model, rep.length, value(pair_keys[p].x), value(pair_keys[p].T));
        cursor = end;
        if (cursor < pair_keys.size()) return;
        rep.by_frequency.resize(static_cast<size_t>(groups) + 1);
        for (int g = 0; g <= groups; ++g) {
            rep.by_frequency[static_cast<size_t>(g)].x = g;
            rep.by_frequency[static_cast<size_t>(g)].and_more = g == groups;
        }
        cursor = 0;
        stage = Stage::customers;
    }

    // Per-customer errors and the conditional expectations by calibration frequency.
    void customer_errors() {
        const size_t end = std::min(customers.rows.size(), cursor + kCustomersPerStep);
        for (size_t i = cursor; i < end; ++i) {
            const double e = p_row[row_id[i]] * e_length[pair_id[i]];
            if (!std::isfinite(e)) continue;
            rep.customers += 1;
            rep.actual_total += actual[i];
            rep.predicted_total += e;
            abs_sum += std::fabs(e - actual[i]);
            sq_sum += (e - actual[i]) * (e - actual[i]);
            const double x = customers.rows[i].x();
            FrequencyRow& f = rep.by_frequency[static_cast<size_t>(std::min<int>(static_cast<int>(x), groups))];
            f.customers += 1;
            f.actual_mean += actual[i];
            f.predicted_mean += e;
        }
        cursor = end;
        if (cursor < customers.rows.size()) return;
        cursor = 0;
        if (rep.customers == 0) {
            rep.note = "The model could not predict any customer (parameters not usable).";
            stage = Stage::done;
            return;
        }
        for (FrequencyRow& f : rep.by_frequency)
            if (f.customers > 0) {
                f.actual_mean /= f.customers;
                f.predicted_mean /= f.customers;
            }
        rep.mae = abs_sum / rep.customers;
        rep.rmse = std::sqrt(sq_sum / rep.customers);
        rep.bias = rep.predicted_total - rep.actual_total;
        rep.bias_percent = rep.actual_total > 0 ? 100.0 * rep.bias / rep.actual_total : kNaN;
        release_per_customer();
        week = 1;
        point = TrackingPoint{};
        stage = weeks >= 1 ? Stage::weeks : Stage::done;
    }

    void release_per_customer() {
        row_id = {};
        pair_id = {};
        row_keys = {};
        p_row = {};
        actual = {};
        row_of = {};
    }

    // Weekly cumulative tracking: E[Y(t)] summed over customers at the end of each week, as
    // Σ over pairs of weight · E[Y(t) | alive, x, T].
    void tracking() {
        const DayNumber day = std::min<DayNumber>(rep.calibration_end + 7 * week, rep.holdout_end);
        const double t = (day - rep.calibration_end) / dpu;
        const size_t end = std::min(pair_keys.size(), cursor + kEvaluationsPerStep);
        for (size_t p = cursor; p < end; ++p) {
            if (!(weight[p] > 0)) continue;
            const double e = weight[p] * expected_given_alive(model, t, value(pair_keys[p].x), value(pair_keys[p].T));
            if (std::isfinite(e)) point.predicted += e;
        }
        cursor = end;
        if (cursor < pair_keys.size()) return;
        cursor = 0;
        point.day = day;
        point.actual = (rep.tracking.empty() ? 0.0 : rep.tracking.back().actual) + actual_in_week[static_cast<size_t>(week)];
        rep.tracking.push_back(point);
        point = TrackingPoint{};
        if (++week > weeks) {
            rep.available = true;
            stage = Stage::done;
        }
    }
};

HoldoutValidation::HoldoutValidation(const CountingModel& model, const TransactionLog& log, const Customers& customers,
                                     std::optional<DayNumber> holdout_end, int frequency_groups)
    : s_(std::make_unique<State>(model, log, customers)) {
    State& s = *s_;
    HoldoutReport& rep = s.rep;
    s.groups = std::max(frequency_groups, 1);
    rep.calibration_end = customers.calibration_end;
    rep.holdout_end = holdout_end.value_or(customers.last_day_in_data);
    s.dpu = days_per_unit(customers.unit);
    if (rep.holdout_end <= rep.calibration_end) {
        rep.note = "No holdout period: the data end on or before the calibration end.";
        s.stage = State::Stage::done;
    } else if (customers.rows.empty()) {
        rep.note = "No customers.";
        s.stage = State::Stage::done;
    } else {
        rep.length = (rep.holdout_end - rep.calibration_end) / s.dpu;
    }
}

HoldoutValidation::~HoldoutValidation() = default;

bool HoldoutValidation::step() {
    State& s = *s_;
    using S = State::Stage;
    switch (s.stage) {
        case S::map_rows: s.map_rows(); break;
        case S::scan_log: s.scan_log(); break;
        case S::sort_days: s.sort_days(); break;
        case S::distinct: s.distinct(); break;
        case S::p_alive: s.p_alive_rows(); break;
        case S::weights: s.weights(); break;
        case S::expected: s.expected(); break;
        case S::customers: s.customer_errors(); break;
        case S::weeks: s.tracking(); break;
        case S::done: break;
    }
    return s.stage == S::done;
}

HoldoutReport HoldoutValidation::take() { return std::move(s_->rep); }

HoldoutReport validate_holdout(const CountingModel& model, const TransactionLog& log, const Customers& customers,
                               std::optional<DayNumber> holdout_end, int frequency_groups) {
    HoldoutValidation job(model, log, customers, holdout_end, frequency_groups);
    while (!job.step()) {
    }
    return job.take();
}

}  // namespace clv::models
