// Fit and predictions as a resumable job.
//
// The predictions are the same as models::predict_customers (P(alive) and the median next purchase
// per distinct (x, t_x, T), E[Y | alive] per distinct (x, T) and discount period; CLV = margin ·
// E[spend] · P(alive) · Σ discounted ΔE[Y | alive]) on RFM data already compressed for the fit, so
// 1M customers are compressed once, not twice. The report test checks them against
// predict_customers. The CLV interval comes from clv_interval.hpp (cost independent of customers).
#include "report/model_run.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <functional>

#include "models/fit_replay.hpp"
#include "models/gamma_gamma.hpp"
#include "report/clv_interval.hpp"

namespace clv {

double units_per_month(const Customers& customers) { return 30.4375 / days_per_unit(customers.unit); }

DayNumber next_purchase_day(const Customers& customers, double median_units, double horizon_units) {
    if (!(median_units >= 0) || !(median_units <= horizon_units)) return kNoDay;
    const double days = median_units * days_per_unit(customers.unit);
    return customers.calibration_end + std::max(1, static_cast<int>(std::ceil(days)));
}

namespace {
// Work per step, sized so that one step takes at most ~25 ms in wasm at 10M customers, where memory
// makes each unit several times dearer than at 1M (docs/PERFORMANCE.md, session 14).
constexpr size_t kRowsPerStep = 15000;      // P(alive) and next purchase per compressed row
constexpr size_t kPairEvalsPerStep = 4000;  // E[Y | alive] evaluations (pairs × discount periods)
constexpr size_t kCustomersPerStep = 25000;
constexpr size_t kCompressPerStep = 25000;  // customers hashed into (x, t_x, T) rows
constexpr size_t kSpendPerStep = 64000;      // customers read into the spend model's data
// Likelihood work per step: compressed rows (counting models) or repeat buyers (Gamma-Gamma) times
// evaluations. A BG/NBD row costs about what 2 Gamma-Gamma customers do, a Pareto/NBD row 3 BG/NBD ones.
constexpr double kLikelihoodWorkPerStep = 200000;

}  // namespace

struct ModelJob::State {
    enum class Stage { compress, fit, spend_data, spend_fit, index, rows, pairs, fill, interval, done };
    const Customers& customers;
    ModelSettings settings;
    Stage stage = Stage::compress;
    bool refit = true;  // false: predictions with the parameters of a given fit
    bool defer_interval = false;  // ModelJob::defer_interval
    PredictOptions predict;  // with a given fit: what to predict, the compression hint
    ModelRun run;
    models::RfmData data;
    std::unique_ptr<models::RfmCompression> compression;
    std::unique_ptr<models::FitReplay> fit_replay;  // the fit in progress (counting, then spend)
    models::SpendDataBuilder spend_builder;
    models::SpendData spend_data;
    ClvIntervalOptions interval_options;
    std::unique_ptr<ClvIntervalJob> interval_job;  // reads point_clv while it runs
    std::vector<double> point_clv;                 // the predictions' CLVs, for interval_job
    models::ClvOptions options;
    int steps = 0;  // discount periods over the horizon
    std::vector<double> row_p, row_next;
    std::vector<uint32_t> row_pair;
    std::vector<std::pair<double, double>> pairs;
    std::vector<double> pair_horizon, pair_discounted;
    size_t cursor = 0;
    double fallback_sum = 0, fallback_count = 0;  // spend_fallback()
    size_t spend_buyers = 0;                     // read_spend_data(): counted first
    bool spend_counted = false;
    bool fallback_known = false;

    State(const Customers& c, const ModelSettings& s) : customers(c), settings(s) {}

    void fail(const std::string& message) {
        const double horizon = run.horizon_units;
        run = ModelRun{};
        run.horizon_units = horizon;
        run.message = message;
        run.predictions = CustomerOutlooks(predict.clv_only);
        run.predictions.assign_nan(customers.rows.size());
        stage = Stage::done;
    }

    void set_options() {
        options.horizon = run.horizon_units;
        options.margin = settings.margin;
        options.discount_rate = settings.monthly_discount_rate;
        options.period = units_per_month(customers);
        options.bootstrap_draws = 0;  // the interval is made by clv_interval.hpp
        steps = options.horizon > 0 ? static_cast<int>(std::ceil(options.horizon / options.period - 1e-9)) : 0;
    }

    // Without a fallback spend yet: the mean observed repeat-purchase value, as predict_customers
    // does, summed in row order over slices of customers (one pass over 10M rows was a 70 ms step
    // in wasm). True once known.
    bool spend_fallback() {
        if (fallback_known || run.spend_model.fallback > 0) return true;
        const size_t end = std::min(customers.rows.size(), cursor + kCustomersPerStep);
        for (size_t i = cursor; i < end; ++i) {
            const CustomerRow& r = customers.rows[i];
            if (r.x() > 0 && r.monetary_value > 0) fallback_sum += r.monetary_value, fallback_count += 1;
        }
        cursor = end;
        if (cursor < customers.rows.size()) return false;
        run.spend_model.fallback = fallback_count > 0 ? fallback_sum / fallback_count : 0;
        fallback_known = true;
        cursor = 0;
        return true;
    }

    void compress() {
        const size_t n = customers.rows.size();
        if (refit && !settings.fit) return fail("Models not fitted (switched off in the settings).");
        if (refit && n < 10) return fail("Too few customers to fit a model.");
        if (!compression)
            compression = predict.compression_hint
                               ? std::make_unique<models::RfmCompression>(customers, *predict.compression_hint)
                               : std::make_unique<models::RfmCompression>(customers);
        if (!compression->step(kCompressPerStep)) return;
        data = compression->take();
        compression.reset();
        stage = refit ? Stage::fit : Stage::index;
    }

    // One piece of a fit: true with `result` once it finished.
    bool fit_piece(const std::function<models::FitResult(const models::FitOptions&)>& fit, double cost_per_item,
                   models::FitResult& result) {
        if (!fit_replay) fit_replay = std::make_unique<models::FitReplay>(models::FitReplay::by_work(kLikelihoodWorkPerStep, cost_per_item));
        if (!fit_replay->run(fit, {}, result)) return false;
        fit_replay.reset();
        return true;
    }

    void fit() {
        const double cost = settings.kind == models::CountingModelKind::paretonbd ? 6.0 : 2.0;
        auto fit = [this](const models::FitOptions& o) { return models::fit_counting_model(settings.kind, data, o); };
        if (!fit_piece(fit, cost, run.counting)) return;
        data.pilot.reset();  // only the fit reads it
        if (!run.counting.usable()) return fail("The purchase model could not be fitted. " + run.counting.diagnosis);
        run.model.kind = settings.kind;
        run.model.params = run.counting.params;
        run.message = run.counting.diagnosis;
        cursor = 0;
        stage = settings.spend_model ? Stage::spend_data : Stage::index;
    }

    void read_spend_data() {
        const size_t n = customers.rows.size();
        if (!spend_counted) {  // the buyers the builder keeps, counted first so that it reserves them exactly
            const size_t end = std::min(n, cursor + kSpendPerStep);
            for (size_t i = cursor; i < end; ++i)
                spend_buyers += models::SpendDataBuilder::kept(customers.rows[i].x(), customers.rows[i].monetary_value);
            cursor = end;
            if (cursor < n) return;
            spend_builder.reserve(spend_buyers);
            spend_counted = true;
            cursor = 0;
            return;
        }
        if (cursor < n) {
            const size_t end = std::min(customers.rows.size(), cursor + kSpendPerStep);
            for (size_t i = cursor; i < end; ++i) spend_builder.add(customers.rows[i].x(), customers.rows[i].monetary_value);
            cursor = end;
            return;
        }
        if (!spend_builder.finish_step(kSpendPerStep)) return;  // grouped in pieces too
        cursor = 0;
        spend_data = spend_builder.take();
        spend_builder = models::SpendDataBuilder{};
        stage = Stage::spend_fit;
    }

    void spend_fit() {
        if (spend_data.x.size() >= 10) {
            auto fit = [this](const models::FitOptions& o) { return models::fit_gamma_gamma(spend_data, o); };
            if (!fit_piece(fit, 1.0, run.spend)) return;
            if (run.spend.usable()) {
                run.spend_fitted = true;
                run.spend_model.params = run.spend.params;
                run.spend_model.covariance = run.spend.covariance;
            }
        }
        spend_data = models::SpendData{};
        if (!run.spend_fitted)
            run.message += std::string(run.message.empty() ? "" : " ") +
                           "Spend model not usable: expected spend is the customer's own mean repeat spend.";
        stage = Stage::index;
    }

    void index() {
        if (!spend_fallback()) return;
        set_options();
        models::index_pairs(data, row_pair, pairs);
        row_p.resize(data.rows.size());
        if (!predict.clv_only) row_next.resize(data.rows.size());
        pair_horizon.resize(pairs.size());
        pair_discounted.resize(pairs.size());
        cursor = 0;
        stage = Stage::rows;
    }

    void rows() {
        const size_t end = std::min(data.rows.size(), cursor + kRowsPerStep);
        for (size_t i = cursor; i < end; ++i) {
            const models::RfmRow& r = data.rows[i];
            row_p[i] = models::p_alive(run.model, r.x, r.t_x, r.T);
            if (!predict.clv_only) row_next[i] = models::median_time_to_next_purchase(run.model, r.x, r.t_x, r.T);
        }
        cursor = end;
        if (cursor == data.rows.size()) cursor = 0, stage = Stage::pairs;
    }

    void pair_tables() {
        const size_t per_step = std::max<size_t>(1, kPairEvalsPerStep / static_cast<size_t>(std::max(steps, 1)));
        const size_t end = std::min(pairs.size(), cursor + per_step);
        for (size_t j = cursor; j < end; ++j) {
            double prev = 0, disc = 0, factor = 1;
            for (int i = 1; i <= steps; ++i) {
                const double t = std::min(i * options.period, options.horizon);
                const double e = models::expected_given_alive(run.model, t, pairs[j].first, pairs[j].second);
                factor /= 1.0 + options.discount_rate;
                disc += (e - prev) * factor;
                prev = e;
            }
            pair_horizon[j] = prev;
            pair_discounted[j] = disc;
        }
        cursor = end;
        if (cursor == pairs.size()) {
            cursor = 0;
            // Filled piece by piece (fill): 1M predictions at once are ~100 MB to initialise.
            run.predictions = CustomerOutlooks(predict.clv_only);
            run.predictions.reserve(customers.rows.size());
            stage = Stage::fill;
        }
    }

    void fill() {
        const size_t n = std::min(customers.rows.size(), data.row_of_customer.size());
        const size_t end = std::min(n, cursor + kCustomersPerStep);
        const models::SpendModel& spend = run.spend_model;
        CustomerOutlooks& p = run.predictions;
        p.resize(end);
        for (size_t i = cursor; i < end; ++i) {
            const uint32_t row = data.row_of_customer[i];
            if (row == UINT32_MAX) continue;
            const CustomerRow& c = customers.rows[i];
            const double p_alive = row_p[row];
            const double spend_per_purchase =
                spend.params.empty()
                    ? (c.x() > 0 && c.monetary_value > 0 ? c.monetary_value : spend.fallback)
                    : models::gamma_gamma_expected_spend(spend.params, c.x(), c.monetary_value, spend.fallback);
            p.clv[i] = options.margin * spend_per_purchase * p_alive * pair_discounted[row_pair[row]];
            if (p.clv_only) continue;
            p.p_alive[i] = p_alive;
            p.next_purchase[i] = row_next[row];
            p.expected_purchases[i] = p_alive * pair_horizon[row_pair[row]];
            p.expected_spend[i] = spend_per_purchase;
        }
        cursor = end;
        if (cursor >= n) {
            run.predictions.resize(customers.rows.size());
            run.fitted = true;
            if (defer_interval) {
                run.interval_data = std::make_shared<models::RfmData>(std::move(data));
                data = models::RfmData{};
                stage = Stage::done;
            } else {
                stage = Stage::interval;
            }
        }
    }

    void interval() {
        if (!interval_job) {
            interval_options.draws = settings.bootstrap_draws;
            interval_options.coverage = settings.interval;
            if (interval_options.draws > 0) {  // without draws the job makes no interval and reads nothing
                point_clv = run.predictions.clv;
            }
            interval_job = std::make_unique<ClvIntervalJob>(run.model, run.counting.covariance, run.spend_model, data,
                                                            customers, run.horizon_units, point_clv, interval_options);
        }
        if (!interval_job->step()) return;
        run.interval = interval_job->take(run.clv_low, run.clv_high);
        interval_job.reset();
        std::vector<double>().swap(point_clv);
        if (!run.interval) {
            std::vector<double>().swap(run.clv_low);
            std::vector<double>().swap(run.clv_high);
        }
        run.compressed_row = std::move(data.row_of_customer);
        data = models::RfmData{};
        stage = Stage::done;
    }

    void step() {
        switch (stage) {
            case Stage::compress: return compress();
            case Stage::fit: return fit();
            case Stage::spend_data: return read_spend_data();
            case Stage::spend_fit: return spend_fit();
            case Stage::index: return index();
            case Stage::rows: return rows();
            case Stage::pairs: return pair_tables();
            case Stage::fill: return fill();
            case Stage::interval: return interval();
            case Stage::done: return;
        }
    }
};

ModelJob::ModelJob(const Customers& customers, const ModelSettings& settings, double horizon_units)
    : s_(std::make_unique<State>(customers, settings)) {
    s_->run.horizon_units = horizon_units > 0 ? horizon_units : settings.horizon_months * units_per_month(customers);
}

ModelJob::ModelJob(const ModelRun& fitted, const Customers& customers, const ModelSettings& settings,
                   const PredictOptions& options)
    : s_(std::make_unique<State>(customers, settings)) {
    s_->predict = options;
    ModelRun& run = s_->run;
    run.spend_fitted = fitted.spend_fitted;
    run.message = fitted.message;
    run.counting = fitted.counting;
    run.spend = fitted.spend;
    run.model = fitted.model;
    run.spend_model = fitted.spend_model;
    run.spend_model.fallback = 0;  // the mean repeat spend of these customers
    run.horizon_units = fitted.horizon_units;
    run.predictions = CustomerOutlooks(options.clv_only);
    if (!fitted.fitted) {
        run.predictions.assign_nan(customers.rows.size());
        s_->stage = State::Stage::done;
    } else {
        s_->refit = false;
    }
}

ModelJob::~ModelJob() = default;

void ModelJob::defer_interval() { s_->defer_interval = true; }

bool ModelJob::step() {
    if (done()) return false;
    try {
        s_->step();
    } catch (const std::exception& e) {  // resource exhaustion and the like: report, do not throw
        s_->fail(std::string("Model fit or prediction failed: ") + e.what());
    }
    return !done();
}

bool ModelJob::done() const { return s_->stage == State::Stage::done; }

double ModelJob::progress() const {
    using S = State::Stage;
    const State& s = *s_;
    auto part = [](size_t at, size_t of) { return of > 0 ? static_cast<double>(at) / static_cast<double>(of) : 1.0; };
    switch (s.stage) {
        case S::compress: return 0.05 * (s.compression ? s.compression->progress() : 0.0);
        case S::fit: return 0.05 + 0.2 * std::min(1.0, (s.fit_replay ? s.fit_replay->evaluations() : 0) / 60.0);
        case S::spend_data: return 0.25 + 0.05 * part(s.cursor, s.customers.rows.size());
        case S::spend_fit: return 0.3 + 0.1 * std::min(1.0, (s.fit_replay ? s.fit_replay->evaluations() : 0) / 60.0);
        case S::index: return 0.4;
        case S::rows: return 0.4 + 0.15 * part(s.cursor, s.data.rows.size());
        case S::pairs: return 0.55 + 0.3 * part(s.cursor, s.pairs.size());
        case S::fill: return 0.85 + 0.05 * part(s.cursor, s.customers.rows.size());
        case S::interval: return 0.9 + 0.1 * (s.interval_job ? s.interval_job->progress() : 0.0);
        case S::done: return 1;
    }
    return 1;
}

const char* ModelJob::phase() const {
    using S = State::Stage;
    switch (s_->stage) {
        case S::compress:
        case S::fit:
        case S::spend_data:
        case S::spend_fit: return "fit";
        case S::interval: return "interval";
        case S::done: return "done";
        default: return "predictions";
    }
}

ModelRun ModelJob::take() { return std::move(s_->run); }

ModelRun run_models(const Customers& customers, const ModelSettings& settings, double horizon_units) {
    ModelJob job(customers, settings, horizon_units);
    while (job.step()) {
    }
    return job.take();
}

ModelRun predict_with(const ModelRun& fitted, const Customers& customers, const ModelSettings& settings) {
    ModelJob job(fitted, customers, settings);
    while (job.step()) {
    }
    return job.take();
}

}  // namespace clv
