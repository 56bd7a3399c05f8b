// Compression of customers to unique (x, t_x, T) rows with counts, which all the purchase-count
// models share: identical customers cost one likelihood or prediction evaluation, and every
// function of t_x or T alone is computed once per distinct time (RfmData::times).
#pragma once
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

#include "summary/customers.hpp"

namespace clv::models {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct RfmRow {
    double x = 0, t_x = 0, T = 0;  // repeat purchases, recency, age (model time unit)
    double n = 0;                  // how many customers share these values
    uint32_t t_x_index = 0;        // index of t_x in RfmData::times
    uint32_t T_index = 0;          // index of T in RfmData::times
};

struct RfmData {
    std::vector<RfmRow> rows;                // sorted by (x, t_x, T), unique
    std::vector<double> times;               // distinct values of t_x and T, ascending
    std::vector<uint32_t> row_of_customer;   // customer i -> its row
    double customers = 0;                    // sum of n
    double max_x = 0;
    // A coarser copy for the fit's pilot (coarsen_rfm; maximise_loglik), attached by every
    // compression below; null when the data are too small for one.
    std::shared_ptr<const RfmData> pilot;
};

// The data with t_x and T rounded onto a grid of kPilotSteps steps over their range and the rows
// that then coincide merged (counts added): the same customers and nearly the same likelihood for
// a fraction of the work (1M customers: 195,502 rows -> ~17,000). No rows when the data are too
// small for a pilot to pay (under kPilotMinRows rows) or the grid would not halve their number.
constexpr size_t kPilotMinRows = 20000;
constexpr int kPilotSteps = 80;
RfmData coarsen_rfm(const RfmData& data);

// Compresses per-customer (x, t_x, T). Rows with a non-finite or negative value, or t_x > T, are
// not representable: they are skipped (row_of_customer = UINT32_MAX) and counted in `skipped`.
RfmData compress_rfm(const std::vector<double>& x, const std::vector<double>& t_x, const std::vector<double>& T,
                     size_t* skipped = nullptr);
RfmData compress_rfm(const Customers& customers, size_t* skipped = nullptr);
// compress_rfm(customers) in pieces, so that the browser can spread a million customers over
// frames: step(k) reads the next k customers; then one step sorts the distinct rows, and steps of 2k
// customers map each customer to its row. `customers` must outlive the job.
class RfmCompression {
public:
    explicit RfmCompression(const Customers& customers);
    // With a hint per customer: customers given the same class (< UINT32_MAX) are expected to
    // share (x, t_x, T), as today's customers of one compressed row do at an earlier date when they
    // bought nothing since (value change). A hinted customer whose values equal its class's first
    // member takes that member's row without hashing; any other is hashed as usual, so a wrong hint
    // costs time, never correctness: the result equals the plain compression's. `hint` (one per
    // customer) must outlive the job.
    RfmCompression(const Customers& customers, const std::vector<uint32_t>& hint);
    ~RfmCompression();
    RfmCompression(const RfmCompression&) = delete;
    RfmCompression& operator=(const RfmCompression&) = delete;
    bool step(size_t max_customers);  // true once done
    double progress() const;          // 0..1
    RfmData take(size_t* skipped = nullptr);  // the result, once step() returned true

private:
    struct Route;
    const Customers& customers_;
    const std::vector<uint32_t>* hint_ = nullptr;
    std::unique_ptr<Route> packed_;
    RfmData data_;
    size_t cursor_ = 0, mapped_ = 0, skipped_ = 0;
    bool sorted_ = false, done_ = false;
};

// One row per pattern with an explicit count (a table like cdnow_customers_summary with weights).
RfmData compress_rfm_weighted(const std::vector<double>& x, const std::vector<double>& t_x,
                              const std::vector<double>& T, const std::vector<double>& weights);

}  // namespace clv::models
