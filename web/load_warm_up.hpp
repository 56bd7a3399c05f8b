// Warms the load's code up in the idle page, before the user chooses a file. Chromium compiles
// a wasm function on its first call with its baseline compiler (Liftoff) and recompiles it with
// the optimising one (TurboFan, on a background thread) only once it has run enough. Measured in
// a fresh page on the 1M-customer file (Chrome trace): 57 ms of lazy compiling on the main thread
// and ~430 ms of optimising compiles on background threads during the load, the first parse step
// at 6-40 MB/s instead of ~200, the analysis ~12% slower than after a small load had run first.
// This runs the same path (parse, summary, analysis; core/pipeline/warm_up_orders.hpp) once on a
// small made-up file, a few ms after each frame through the shell's pump, and throws the result
// away: nothing the user sees or the test hook reports about files changes. A file chosen
// meanwhile stops it at once.
#pragma once
#include <memory>
#include <string>

#include "pipeline/file_analysis.hpp"
#include "report/analysis_settings.hpp"
#include "report/analyze.hpp"

namespace clv::web {

class LoadWarmUp {
public:
    explicit LoadWarmUp(const AnalysisSettings& settings);
    ~LoadWarmUp();
    // Up to `budget_ms` of work (at least one piece); false once done.
    bool step(double budget_ms);
    bool done() const { return stage_ == Stage::done; }
    double work_ms() const { return work_ms_; }  // all steps so far, for the test hook

private:
    enum class Stage { reading, summarising, analysing, done };
    Stage stage_ = Stage::reading;
    AnalysisSettings settings_;
    std::string csv_;
    size_t fed_ = 0;
    FileAnalysis analysis_;
    std::unique_ptr<AnalysisJob> job_;
    double work_ms_ = 0;
};

}  // namespace clv::web
