// The CLV interval job's result when it makes no interval: the value change asks its earlier-date
// predictions for none (no draws), and at 10M customers bounds filled with NaN were 160 MB and a
// 0.5 s step. The job then leaves them empty; the one-call clv_intervals() keeps its NaN contract.
#include <gtest/gtest.h>

#include <cmath>

#include "cdnow_fixture.hpp"
#include "models/rfm_data.hpp"
#include "report/clv_interval.hpp"
#include "report/model_run.hpp"

namespace clv {
namespace {

using testing::cdnow;

struct Fitted {
    ModelRun run;
    models::RfmData data;
};

const Fitted& fitted() {
    static const Fitted f = [] {
        Fitted out;
        ModelSettings ms;
        ms.bootstrap_draws = 0;
        out.run = run_models(cdnow().customers, ms);
        out.data = models::compress_rfm(cdnow().customers);
        return out;
    }();
    return f;
}

bool job_result(int draws, std::vector<double>& low, std::vector<double>& high) {
    const Fitted& f = fitted();
    ClvIntervalOptions o;
    o.draws = draws;
    ClvIntervalJob job(f.run.model, f.run.counting.covariance, f.run.spend_model, f.data, cdnow().customers,
                       f.run.horizon_units, f.run.predictions.clv, o);
    while (!job.step()) {
    }
    return job.take(low, high);
}

TEST(ClvInterval, WithoutDrawsTheJobLeavesItsBoundsEmpty) {
    ASSERT_TRUE(fitted().run.fitted);
    std::vector<double> low{1.0}, high{2.0};  // whatever the caller held is replaced
    EXPECT_FALSE(job_result(0, low, high));
    EXPECT_TRUE(low.empty());
    EXPECT_TRUE(high.empty());
}

TEST(ClvInterval, WithDrawsTheJobFillsABoundPerCustomer) {
    std::vector<double> low, high;
    ASSERT_TRUE(job_result(50, low, high));
    const std::vector<double>& clv = fitted().run.predictions.clv;
    ASSERT_EQ(low.size(), clv.size());
    ASSERT_EQ(high.size(), clv.size());
    size_t finite = 0;
    for (size_t i = 0; i < clv.size(); ++i) {
        if (!std::isfinite(low[i])) continue;
        ++finite;
        EXPECT_LE(low[i], high[i]) << i;
    }
    EXPECT_GT(finite, clv.size() / 2);
}

TEST(ClvInterval, TheOneCallFormFillsNanWithoutAnInterval) {
    const Fitted& f = fitted();
    ClvIntervalOptions o;
    o.draws = 0;
    std::vector<double> low, high;
    EXPECT_FALSE(clv_intervals(f.run.model, f.run.counting.covariance, f.run.spend_model, f.data, cdnow().customers,
                               f.run.horizon_units, f.run.predictions.clv, o, low, high));
    ASSERT_EQ(low.size(), cdnow().customers.rows.size());
    ASSERT_EQ(high.size(), cdnow().customers.rows.size());
    for (size_t i = 0; i < low.size(); ++i) {
        ASSERT_TRUE(std::isnan(low[i])) << i;
        ASSERT_TRUE(std::isnan(high[i])) << i;
    }
}

}  // namespace
}  // namespace clv
