// The customer value analysis from a transaction log and its per-customer summary to one Report.
// Fits the models (report/model_run.hpp), scores and segments every customer, computes the KPIs,
// cohorts, CAC, NPS, watch-list, value change, budget, playbook, what-if and campaign evaluation.
// Never throws: invalid settings or a failure become Report::status.
#pragma once
#include <memory>

#include "ingest/transaction_log.hpp"
#include "report/report.hpp"
#include "summary/customers.hpp"

namespace clv {

// The analysis in steps, so that the browser can spread it over frames and show progress:
//   AnalysisJob job(log, customers, settings, inputs);
//   while (job.step()) draw(job.phase(), job.progress());   // one piece of work per call
//   Report report = job.take();
// A step is one phase (RFM and tiers, the customer pass, holdout check, KPIs, ...) or one piece of
// the model fits and predictions (a chunk of customers). The result equals analyze()'s. `log`,
// `customers` must outlive the job; settings and inputs are copied. Never throws.
class AnalysisJob {
public:
    AnalysisJob(const TransactionLog& log, const Customers& customers, const AnalysisSettings& settings,
                const AnalysisInputs& inputs = {});
    ~AnalysisJob();
    AnalysisJob(const AnalysisJob&) = delete;
    AnalysisJob& operator=(const AnalysisJob&) = delete;

    bool step();                 // does one piece; false once the report is complete
    bool done() const;
    double progress() const;     // 0..1, rising
    // What runs next: "fit", "predictions", "interval", "segments", "customers", "holdout", "kpi",
    // "value_change", "campaign", "done".
    const char* phase() const;
    // True once everything but the value change (Report::migration and the table's
    // realised_change / potential_change) and the campaign evaluation (Report::campaign) is final:
    // the models, segments, tiers, customer table, KPIs, watch-list, budget, playbook and what-if.
    // The browser shows the Overview from report() then, while the last ~25% of the work (at 1M
    // customers: the earlier date's summary, predictions and segments) goes on between frames.
    bool overview_ready() const;
    const Report& report() const;  // complete once done(); partial before (see overview_ready)
    // True when the job ended because memory ran out before the Overview was ready (the report's
    // status says so). Running out after it keeps the report and leaves the value change, the CLV
    // interval and the campaign evaluation out, each with a note.
    bool out_of_memory() const;
    Report take();                 // moves the report out (once done)

private:
    struct State;
    std::unique_ptr<State> s_;
};

// `log` may be empty (a per-customer summary file): then cohorts, CRR, gap trends, value change and
// campaign evaluation are left out and say so.
Report analyze(const TransactionLog& log, const Customers& customers, const AnalysisSettings& settings,
               const AnalysisInputs& inputs = {});

}  // namespace clv
