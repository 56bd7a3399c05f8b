// The customer value analysis from a transaction log and its per-customer summary to one Report.
// Fits the models (report/model_run.hpp), scores and segments every customer, computes the KPIs,
// cohorts, CAC, NPS, watch-list, value change, budget, playbook, what-if and campaign evaluation.
// Never throws: invalid settings or a failure become Report::status.
#pragma once
#include "ingest/transaction_log.hpp"
#include "report/report.hpp"
#include "summary/customers.hpp"

namespace clv {

// `log` may be empty (a per-customer summary file): then cohorts, CRR, gap trends, value change and
// campaign evaluation are left out and say so.
Report analyze(const TransactionLog& log, const Customers& customers, const AnalysisSettings& settings,
               const AnalysisInputs& inputs = {});

}  // namespace clv
