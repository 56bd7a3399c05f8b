#include "report/clv_interval.hpp"

#include <algorithm>
#include <cmath>
#include <memory>

#include "models/gamma_gamma.hpp"

namespace clv {

namespace {

constexpr int kTimeBins = 16;        // grid steps of t_x and T over [0, longest T]
constexpr double kExactX = 15;       // x exact up to here, then steps of 25%
constexpr double kMStepsPerE = 8;    // spend steps per factor e of m

int x_bin(double x) {
    return x <= kExactX ? static_cast<int>(x) : static_cast<int>(kExactX) + 1 + static_cast<int>(std::log(x / kExactX) / std::log(1.25));
}

// Cells of similar (x, t_x, T) over the compressed rows, with their n-weighted mean point, and
// the cells' (x, T) pairs (E[Y | alive] depends on x and T only: the special-function part).
struct Cells {
    std::vector<uint32_t> of_row;  // compressed row -> cell
    std::vector<double> x, t_x, T, n;
    std::vector<uint32_t> pair;    // cell -> pair
    std::vector<double> pair_x, pair_T, pair_n;
};

// Adds (x, T) with weight n to entry k of the running sums (a new entry when k is the size).
void add_point(std::vector<double>& xs, std::vector<double>& Ts, std::vector<double>& ns, size_t k, double x, double T,
               double n) {
    if (k == ns.size()) {
        xs.push_back(0);
        Ts.push_back(0);
        ns.push_back(0);
    }
    xs[k] += n * x;
    Ts[k] += n * T;
    ns[k] += n;
}

// make_cells in slices: the range of x and T over the rows, then each row's cell. At 10M
// customers with exact times every row is distinct, and one pass over them was most of a 0.35 s
// step in wasm. Dense tables of cell and pair ids (a few hundred x steps times 17 × 17 time
// steps), ids in order of first appearance: cheaper than hashing every row.
class CellBuilder {
public:
    explicit CellBuilder(const models::RfmData& d) : d_(d) {}

    // About `budget` rows; true once every cell is made (then take()).
    bool step(size_t budget) {
        const size_t n = d_.rows.size();
        const size_t end = std::min(n, cursor_ + std::max<size_t>(budget, 1));
        if (!ranged_) {
            for (size_t i = cursor_; i < end; ++i) {
                max_T_ = std::max(max_T_, d_.rows[i].T);
                max_bin_ = std::max(max_bin_, x_bin(d_.rows[i].x));
            }
            cursor_ = end;
            if (cursor_ < n) return false;
            width_ = max_T_ > 0 ? max_T_ / kTimeBins : 1;
            cell_index_.assign(static_cast<size_t>(max_bin_ + 1) * kSteps * kSteps, UINT32_MAX);
            pair_index_.assign(static_cast<size_t>(max_bin_ + 1) * kSteps, UINT32_MAX);
            c_.of_row.reserve(n);
            ranged_ = true;
            cursor_ = 0;
            return false;
        }
        Cells& c = c_;
        for (size_t i = cursor_; i < end; ++i) {
            const models::RfmRow& r = d_.rows[i];
            const auto tb = static_cast<size_t>(std::min<double>(kTimeBins, std::floor(r.t_x / width_)));
            const auto Tb = static_cast<size_t>(std::min<double>(kTimeBins, std::floor(r.T / width_)));
            const size_t pair_key = static_cast<size_t>(x_bin(r.x)) * kSteps + Tb;
            uint32_t& cell = cell_index_[pair_key * kSteps + tb];
            if (cell == UINT32_MAX) cell = static_cast<uint32_t>(c.n.size());
            const uint32_t k = cell;
            if (k == c.n.size()) {
                c.t_x.push_back(0);
                uint32_t& pair = pair_index_[pair_key];
                if (pair == UINT32_MAX) pair = static_cast<uint32_t>(c.pair_n.size());
                c.pair.push_back(pair);
            }
            c.of_row.push_back(k);
            c.t_x[k] += r.n * r.t_x;
            add_point(c.x, c.T, c.n, k, r.x, r.T, r.n);
            add_point(c.pair_x, c.pair_T, c.pair_n, c.pair[k], r.x, r.T, r.n);
        }
        cursor_ = end;
        if (cursor_ < n) return false;
        for (size_t k = 0; k < c.n.size(); ++k) {
            c.x[k] /= c.n[k];
            c.t_x[k] /= c.n[k];
            c.T[k] /= c.n[k];
        }
        for (size_t k = 0; k < c.pair_n.size(); ++k) {
            c.pair_x[k] /= c.pair_n[k];
            c.pair_T[k] /= c.pair_n[k];
        }
        return true;
    }
    Cells take() { return std::move(c_); }

private:
    static constexpr size_t kSteps = kTimeBins + 1;
    const models::RfmData& d_;
    Cells c_;
    size_t cursor_ = 0;
    bool ranged_ = false;
    double max_T_ = 0, width_ = 1;
    int max_bin_ = 0;
    std::vector<uint32_t> cell_index_, pair_index_;
};

}  // namespace

namespace {
// Work per step, sized for ~20 ms in wasm at 1M customers; the passes over customers for ~10 ms
// at 10M (2^18 customers a step were ~31 ms there: memory, not arithmetic, sets their cost).
constexpr size_t kPairEvalsPerStep = 6000;    // E[Y | alive] (a 2F1 each) per pair and draw
constexpr size_t kCellEvalsPerStep = 60000;   // P(alive) per cell and draw
constexpr size_t kCustomerWorkPerStep = 100000;  // a customer 1, a new (cell, m step) group 2 per draw
constexpr size_t kRowsPerStep = 1u << 16;      // a pass over compressed rows or customers
constexpr int kMSteps = 256;
}  // namespace

struct ClvIntervalJob::State {
    enum class Stage { setup, spend_range, make_cells, pairs, cells, customers, done };
    const models::CountingModel& model;
    const std::vector<double>& count_covariance;
    const models::SpendModel& spend;
    const models::RfmData& data;
    const Customers& customers;
    double horizon;
    const std::vector<double>& point_clv;
    ClvIntervalOptions options;
    Stage stage = Stage::setup;
    std::vector<double> low, high;
    bool any = false;

    std::vector<std::vector<double>> count_draws, spend_draws;
    size_t K = 0;
    Cells cells;
    std::unique_ptr<CellBuilder> cell_builder;
    std::vector<double> pair_e;  // per pair: at the estimates, then per draw
    std::vector<float> ratio;    // per cell and draw
    double m_ref = 0;
    std::vector<int32_t> group_of;
    std::vector<double> group_lo, group_hi, values;
    size_t lo = 0, hi = 0, cursor = 0;

    State(const models::CountingModel& m, const std::vector<double>& cov, const models::SpendModel& sp,
          const models::RfmData& d, const Customers& c, double h, const std::vector<double>& p,
          const ClvIntervalOptions& o)
        : model(m), count_covariance(cov), spend(sp), data(d), customers(c), horizon(h), point_clv(p), options(o) {}

    // The draws; the passes over the customers and the rows follow in slices (spend_range,
    // make_cells), and the bounds grow as the customers are filled: at 10M customers this setup in
    // one piece was a 0.35 s step in wasm (160 MB of NaN, two passes over 10M rows).
    void setup() {
        const size_t n = customers.rows.size();
        stage = Stage::done;
        // No interval: the bounds stay empty (take() says so; clv_intervals fills them with NaN).
        // Allocated here they were 160 MB of NaN and a 0.5 s step at 10M customers, for the value
        // change's earlier date, which asks for no draws.
        if (options.draws <= 0 || !(horizon > 0) || data.rows.empty() || point_clv.size() != n) return;
        std::mt19937_64 rng(options.seed);
        count_draws = models::draw_params(model.params, count_covariance, options.draws, rng);
        if (count_draws.empty()) return;  // no usable covariance: no interval
        K = count_draws.size();
        if (!spend.params.empty()) spend_draws = models::draw_params(spend.params, spend.covariance, static_cast<int>(K), rng);
        low.reserve(n);
        high.reserve(n);
        values.resize(K);
        const double lo_q = (1 - options.coverage) / 2, hi_q = 1 - lo_q;
        lo = static_cast<size_t>(std::floor(lo_q * static_cast<double>(K - 1)));
        hi = static_cast<size_t>(std::ceil(hi_q * static_cast<double>(K - 1)));
        cursor = 0;
        stage = Stage::spend_range;
    }

    // The largest mean repeat spend (the m steps' reference), in slices.
    void spend_range() {
        const size_t n = customers.rows.size();
        const size_t end = std::min(n, cursor + kRowsPerStep);
        for (size_t i = cursor; i < end; ++i) m_ref = std::max(m_ref, customers.rows[i].monetary_value);
        cursor = end;
        if (cursor < n) return;
        cursor = 0;
        cell_builder = std::make_unique<CellBuilder>(data);
        stage = Stage::make_cells;
    }

    void make_cells() {
        if (!cell_builder->step(kRowsPerStep)) return;
        cells = cell_builder->take();
        cell_builder.reset();
        pair_e.resize(cells.pair_n.size() * (K + 1));
        ratio.assign(cells.n.size() * K, NAN);
        group_of.assign(cells.n.size() * kMSteps, -1);
        stage = Stage::pairs;
    }

    // Count factor ratios per cell and draw: P(alive) at the cell's mean point, E[Y(horizon) | alive]
    // at its pair's mean (x, T).
    void pairs() {
        const size_t P = cells.pair_n.size();
        const size_t end = std::min(P, cursor + std::max<size_t>(1, kPairEvalsPerStep / (K + 1)));
        for (size_t j = cursor; j < end; ++j)
            for (size_t k = 0; k <= K; ++k) {
                const models::CountingModel m = k == 0 ? model : models::CountingModel{model.kind, count_draws[k - 1]};
                pair_e[j * (K + 1) + k] = models::expected_given_alive(m, horizon, cells.pair_x[j], cells.pair_T[j]);
            }
        cursor = end;
        if (cursor == P) cursor = 0, stage = Stage::cells;
    }

    void cell_ratios() {
        const size_t C = cells.n.size();
        const size_t end = std::min(C, cursor + std::max<size_t>(1, kCellEvalsPerStep / (K + 1)));
        for (size_t c = cursor; c < end; ++c) {
            const double* e = &pair_e[cells.pair[c] * (K + 1)];
            const double base = models::p_alive(model, cells.x[c], cells.t_x[c], cells.T[c]) * e[0];
            if (!(base > 0) || !std::isfinite(base)) continue;
            for (size_t k = 0; k < K; ++k)
                ratio[c * K + k] = static_cast<float>(
                    models::p_alive({model.kind, count_draws[k]}, cells.x[c], cells.t_x[c], cells.T[c]) * e[k + 1] / base);
        }
        cursor = end;
        if (cursor == C) cursor = 0, stage = Stage::customers;
    }

    int m_step(const CustomerRow& r) const {
        if (spend_draws.empty() || !(r.x() > 0) || !(r.monetary_value > 0)) return kMSteps - 1;  // spend ratio does not depend on m
        return std::clamp(static_cast<int>(-std::log(r.monetary_value / m_ref) * kMStepsPerE), 0, kMSteps - 2);
    }

    // The quantiles of R_k · Q_k for a new (cell, m step) group.
    int32_t new_group(uint32_t cell, int step, const CustomerRow& r) {
        // The group's spend ratio at its m step (the step's centre), or 1 without spend draws.
        const double m = step == kMSteps - 1 ? r.monetary_value : m_ref * std::exp(-(step + 0.5) / kMStepsPerE);
        const double x = cells.x[cell];
        const double spend_base = spend_draws.empty() ? 1 : models::gamma_gamma_expected_spend(spend.params, x, m, spend.fallback);
        size_t used = 0;
        for (size_t k = 0; k < K; ++k) {
            const double q = spend_draws.empty()
                                 ? 1
                                 : models::gamma_gamma_expected_spend(spend_draws[k], x, m, spend.fallback) / spend_base;
            const double v = static_cast<double>(ratio[static_cast<size_t>(cell) * K + k]) * q;
            if (std::isfinite(v)) values[used++] = v;
        }
        const auto g = static_cast<int32_t>(group_lo.size());
        if (used < K) {  // a draw without a value (degenerate parameters): no interval here
            group_lo.push_back(NAN);
            group_hi.push_back(NAN);
        } else {
            std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(lo), values.end());
            group_lo.push_back(values[lo]);
            std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(hi), values.end());
            group_hi.push_back(values[hi]);
        }
        return g;
    }

    // Groups of (cell, m step); the spend ratio only varies within a cell through m.
    void fill_customers() {
        const size_t n = std::min(customers.rows.size(), data.row_of_customer.size());
        // The bounds grow with the customers (each takes at least one unit of work), NaN until filled.
        low.resize(std::min(n, cursor + kCustomerWorkPerStep), NAN);
        high.resize(low.size(), NAN);
        size_t work = 0;
        size_t i = cursor;
        for (; i < n && work < kCustomerWorkPerStep; ++i) {
            ++work;
            const uint32_t row = data.row_of_customer[i];
            if (row == UINT32_MAX || !std::isfinite(point_clv[i])) continue;
            const CustomerRow& r = customers.rows[i];
            const uint32_t cell = cells.of_row[row];
            const int step = m_step(r);
            int32_t& g = group_of[static_cast<size_t>(cell) * kMSteps + static_cast<size_t>(step)];
            if (g < 0) {
                g = new_group(cell, step, r);
                work += 2 * K;
            }
            const double c = point_clv[i];
            low[i] = c * group_lo[static_cast<size_t>(g)];
            high[i] = c * group_hi[static_cast<size_t>(g)];
            any = any || std::isfinite(low[i]);
        }
        cursor = i;
        if (cursor >= n) {
            low.resize(customers.rows.size(), NAN);  // customers past the compressed data: none
            high.resize(customers.rows.size(), NAN);
            stage = Stage::done;
        }
    }

    void step() {
        switch (stage) {
            case Stage::setup: return setup();
            case Stage::spend_range: return spend_range();
            case Stage::make_cells: return make_cells();
            case Stage::pairs: return pairs();
            case Stage::cells: return cell_ratios();
            case Stage::customers: return fill_customers();
            case Stage::done: return;
        }
    }
};

ClvIntervalJob::ClvIntervalJob(const models::CountingModel& model, const std::vector<double>& count_covariance,
                               const models::SpendModel& spend, const models::RfmData& data, const Customers& customers,
                               double horizon, const std::vector<double>& point_clv,
                               const ClvIntervalOptions& options)
    : s_(std::make_unique<State>(model, count_covariance, spend, data, customers, horizon, point_clv, options)) {}

ClvIntervalJob::~ClvIntervalJob() = default;

bool ClvIntervalJob::step() {
    s_->step();
    return s_->stage == State::Stage::done;
}

double ClvIntervalJob::progress() const {
    using S = State::Stage;
    const State& s = *s_;
    auto part = [](size_t at, size_t of) { return of > 0 ? static_cast<double>(at) / static_cast<double>(of) : 1.0; };
    switch (s.stage) {
        case S::setup: return 0;
        case S::spend_range: return 0.02;
        case S::make_cells: return 0.05;
        case S::pairs: return 0.1 + 0.5 * part(s.cursor, s.cells.pair_n.size());
        case S::cells: return 0.6 + 0.2 * part(s.cursor, s.cells.n.size());
        case S::customers: return 0.8 + 0.2 * part(s.cursor, s.customers.rows.size());
        case S::done: return 1;
    }
    return 1;
}

bool ClvIntervalJob::take(std::vector<double>& low, std::vector<double>& high) {
    low = std::move(s_->low);
    high = std::move(s_->high);
    return s_->any;
}

bool clv_intervals(const models::CountingModel& model, const std::vector<double>& count_covariance,
                   const models::SpendModel& spend, const models::RfmData& data, const Customers& customers,
                   double horizon, const std::vector<double>& point_clv,
                   const ClvIntervalOptions& options, std::vector<double>& low, std::vector<double>& high) {
    ClvIntervalJob job(model, count_covariance, spend, data, customers, horizon, point_clv, options);
    while (!job.step()) {
    }
    if (job.take(low, high)) return true;
    low.assign(customers.rows.size(), NAN);
    high.assign(customers.rows.size(), NAN);
    return false;
}

}  // namespace clv
