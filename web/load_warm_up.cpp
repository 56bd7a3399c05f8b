#include "load_warm_up.hpp"

#include <algorithm>

#include "pipeline/warm_up_orders.hpp"
#include "platform.hpp"

namespace clv::web {

namespace {
// 12k customers (~0.7 MB, ~30k lines): every hot loop of parse, summary and analysis runs often
// enough to be optimised (the model fits iterate over thousands of rows), while the whole
// warm-up stays a fraction of a second of work.
constexpr uint32_t kCustomers = 12000;
constexpr size_t kFeedBytes = 64u << 10;  // the load feeds 128 KiB; smaller here, the steps are short
}  // namespace

LoadWarmUp::LoadWarmUp(const AnalysisSettings& settings) : settings_(settings) {}
LoadWarmUp::~LoadWarmUp() = default;

bool LoadWarmUp::step(double budget_ms) {
    const double start = now_ms();
    if (csv_.empty() && stage_ == Stage::reading) {
        csv_ = make_warm_up_orders(kCustomers);
        analysis_.begin("warm-up.csv", csv_.size());
    }
    do {
        switch (stage_) {
            case Stage::reading: {
                const size_t n = std::min(kFeedBytes, csv_.size() - fed_);
                analysis_.feed(csv_.data() + fed_, n);
                fed_ += n;
                if (fed_ == csv_.size()) stage_ = Stage::summarising;
                break;
            }
            case Stage::summarising:
                if (analysis_.finish_step(SummaryOptions{}, 1u << 14)) {
                    stage_ = analysis_.state() == AnalysisState::done ? Stage::analysing : Stage::done;
                    if (stage_ == Stage::analysing) {
                        job_ = std::make_unique<AnalysisJob>(analysis_.log(), analysis_.customers(), settings_);
                    }
                }
                break;
            case Stage::analysing:
                if (!job_->step()) stage_ = Stage::done;
                break;
            case Stage::done: break;
        }
    } while (stage_ != Stage::done && now_ms() - start < budget_ms);
    work_ms_ += now_ms() - start;
    if (stage_ == Stage::done) {  // the memory goes back to the allocator for the user's file
        job_.reset();
        analysis_ = FileAnalysis();
        std::string().swap(csv_);
    }
    return stage_ != Stage::done;
}

}  // namespace clv::web
