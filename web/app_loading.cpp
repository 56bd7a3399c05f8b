// Loading a file without freezing the page. The page shell (web/shell/shell.js) reads the file
// with File.slice a few MB ahead and queues the chunks here. The loading work runs between
// animation frames: the shell's pump calls clv_load_step once after each frame with a budget
// that keeps frame + work near 30 fps (see shell.js); without the pump the frame itself does a
// bounded amount. Bytes are parsed in small steps between clock checks, so a step never waits
// for a whole chunk; the file's end (FileAnalysis::finish_step) and the analysis (AnalysisJob)
// are sliced the same way, so no frame waits for a whole stage. Each stage change is drawn in a frame before the next stage starts, with the
// progress bar saying which step is running.
#include <emscripten.h>

#include <cstdio>
#include <cstdlib>
#include <new>

#include "app.hpp"
#include "charts.hpp"
#include "i18n.hpp"
#include "platform.hpp"

namespace clv::web {

namespace {
// Parse in 128 KiB steps (~2 ms in wasm, 5-10 ms on a busy machine) between clock checks: a
// step that starts just before the budget ends must not push the frame past 50 ms.
constexpr size_t kSliceBytes = 128u << 10;
constexpr uint64_t kFinishRowsPerStep = 1u << 16;  // rows of the file's end between clock checks (a few ms in wasm)
// wasm32 addresses at most 4 GB, the page's maximum (web/CMakeLists.txt); an order file's whole
// analysis needs about 4 bytes of memory per byte of a typical file at its peak (2.9 GB for the
// 744 MB file of 10M customers). Files beyond 1.5 GB cannot fit and are turned away before any
// work is done, with the way forward (the SQL summary route).
constexpr double kMaxFileBytes = 1.5e9;

// Runs `piece` (false once nothing is left) until the budget ending at `deadline_ms` is used: a
// piece is not begun when the last one, taken as the measure of the next, would end past it. At
// 10M customers the pieces of the file's end and of the analysis are ~10-25 ms of wasm; without
// this a piece begun just before the deadline made a frame of up to twice the budget. At least
// one piece runs. `stop_after` (checked after each piece) ends the run early. True once `piece`
// said nothing is left.
template <typename Piece, typename Stop>
bool run_pieces(double deadline_ms, Piece piece, Stop stop_after) {
    for (;;) {
        const double begun = now_ms();
        if (!piece()) return true;
        const double now = now_ms();
        if (now + (now - begun) > deadline_ms || stop_after()) return false;
    }
}
template <typename Piece>
bool run_pieces(double deadline_ms, Piece piece) {
    return run_pieces(deadline_ms, piece, [] { return false; });
}

// The load timeline, for the browser benchmark (scripts/bench-browser.mjs) and diagnostics: each
// stage change and each frame's loading work, with performance.now() times, kept on the JS side
// (Module.clvLoadTimeline, read through window.clvTest.loadTimeline()). Cheap: one push a frame.
// Events carry the wasm memory size at that moment, to see which stage grows it.
// clang-format off
EM_JS(void, clv_js_timeline_begin, (), {
    Module.clvLoadTimeline = { events: [['begin', performance.now(), HEAPU8.length]], steps: [] };
});
EM_JS(void, clv_js_timeline_event, (const char* what), {
    if (Module.clvLoadTimeline) Module.clvLoadTimeline.events.push([UTF8ToString(what), performance.now(), HEAPU8.length]);
});
EM_JS(void, clv_js_timeline_step, (double start_ms, double work_ms, int stage, double bytes), {
    if (Module.clvLoadTimeline) Module.clvLoadTimeline.steps.push([start_ms, work_ms, stage, bytes]);
});
// clang-format on

// Set when a load has been analysed and the Overview was asked for: the first drawn frame that
// shows the Overview marks the end of the load on the timeline (App::after_frame; the page has one
// App), and until then the pump does no more loading work.
bool g_awaiting_overview = false;
int g_overview_asked_at_frame = 0;     // g_frames_seen when it was set
constexpr int kOverviewWaitFrames = 3;  // the pump waits for that frame at most this many frames
// Set once this load's Overview has been asked for: when the analysis is ready for it
// (AnalysisJob::overview_ready), before the value change and campaign evaluation at its end.
bool g_overview_requested = false;
bool g_job_ready_announced = false;  // the running AnalysisJob's overview-ready results were announced
bool g_rerun_ended = false;          // the step that just ran ended a re-run, not a load

// The pump (clv_load_step) and the frame loop share the work. While the pump runs, frames leave
// the loading to it; a stage change waits for one frame to be drawn, so the user sees the
// progress bar name the step before a long step starts.
bool g_in_pump = false;
double g_pump_last_ms = -1e9;
int g_frames_seen = 0;
int g_stage_changed_at_frame = 0;
constexpr double kPumpActiveMs = 500;  // the pump counts as running if it ran this recently
// The idle page's warm-up takes at most this much after a frame: frames stay near 60 fps.
constexpr double kWarmUpBudgetMs = 10;
}

bool App::warm_up_step(double budget_ms) {
    if (warm_up_state_ == WarmUp::pending) {
        warm_up_ = std::make_unique<LoadWarmUp>(settings);
        warm_up_state_ = WarmUp::running;
    }
    if (warm_up_state_ != WarmUp::running) return false;
    bool more = false;
    try {
        more = warm_up_->step(budget_ms < kWarmUpBudgetMs ? budget_ms : kWarmUpBudgetMs);
    } catch (const std::bad_alloc&) {  // a tab this short of memory will not load a file anyway
    }
    warm_up_ms_ = warm_up_->work_ms();
    if (!more) {
        warm_up_.reset();
        warm_up_state_ = WarmUp::done;
    }
    return more;
}

const char* App::warm_up_state() const {
    switch (warm_up_state_) {
        case WarmUp::pending: return "pending";
        case WarmUp::running: return "running";
        case WarmUp::done: return "done";
        case WarmUp::stopped: return "stopped";
    }
    return "unknown";
}

double App::warm_up_ms() const { return warm_up_ms_; }

void App::begin_file(const std::string& name, double size_bytes) {
    if (warm_up_state_ == WarmUp::pending || warm_up_state_ == WarmUp::running) {  // the user's file comes first
        warm_up_.reset();
        warm_up_state_ = WarmUp::stopped;
    }
    drop_queue();
    analysis_job_.reset();  // it reads the previous file's log
    rerun_ = Rerun{};
    workbook_.reset();
    workbook_sheet_ = -1;
    load_error_.clear();
    if (size_bytes > kMaxFileBytes) {
        analysis_ = FileAnalysis();
        report_ = Report{};
        ++results_version_;
        load_stage_ = LoadStage::idle;
        char buf[512];
        std::snprintf(buf, sizeof buf, tr(Str::file_too_large), name.c_str(), size_bytes / 1e9, kMaxFileBytes / 1e9);
        load_error_ = buf;
        tab = Tab::import;
        return;
    }
    analysis_.begin(name, size_bytes < 0 ? 0 : static_cast<uint64_t>(size_bytes));
    // The shell starts its pump with the first bytes: until then the frame must not take the
    // first parse step itself (a 25 ms step inside the frame, then the pump's after it, made the
    // one frame over 50 ms at the start of reading).
    g_pump_last_ms = now_ms();
    resummarised_.reset();
    report_ = Report{};
    ++results_version_;
    load_started_ms_ = now_ms();
    load_seconds_ = 0;
    end_of_file_ = false;
    load_stage_ = LoadStage::reading;
    tab = Tab::import;
    g_awaiting_overview = false;
    g_overview_requested = false;
    clv_js_timeline_begin();
}

bool App::enqueue_chunk(char* data, size_t size) {
    if (load_stage_ != LoadStage::reading || end_of_file_) {
        std::free(data);
        return false;
    }
    queue_.push_back(QueuedChunk{data, size, 0});
    queued_bytes_ += size;
    return true;
}

void App::end_of_file() {
    if (load_stage_ == LoadStage::reading) end_of_file_ = true;
    clv_js_timeline_event("end_of_file");
}

void App::drop_queue() {
    for (QueuedChunk& c : queue_) std::free(c.data);
    queue_.clear();
    queued_bytes_ = 0;
}

double App::busy_progress() const {
    switch (load_stage_) {
        case LoadStage::idle: return 1;
        case LoadStage::reading:
            return workbook_ ? workbook_->progress() : analysis_.total_bytes() > 0 ? analysis_.progress() : 0;
        case LoadStage::summarising: return analysis_.finish_progress();
        case LoadStage::analysing: {
            const double job = analysis_job_ ? analysis_job_->progress() : 0;
            // A re-run with a new summary: the summary is about the first 30% of its work.
            if (rerun_.summary) return 0.3 * rerun_.summary->progress();
            return rerun_.customers ? 0.3 + 0.7 * job : job;
        }
    }
    return 1;
}

void App::begin_rerun(std::unique_ptr<SummaryBuilder> summary) {
    analysis_job_.reset();
    rerun_ = Rerun{};
    rerun_.active = true;
    rerun_.summary = std::move(summary);
    load_stage_ = LoadStage::analysing;
    // The pump runs only while a file is read: the frames do this work, starting with the next.
    g_pump_last_ms = -1e9;
    clv_js_timeline_event("rerun_begin");
}

void App::cancel_file() {
    clv_js_timeline_event("cancelled");
    if (rerun_.active) {  // a re-run: the results on screen stay as they were
        analysis_job_.reset();
        rerun_ = Rerun{};
        load_stage_ = LoadStage::idle;
        return;
    }
    drop_queue();
    if (load_stage_ == LoadStage::reading || load_stage_ == LoadStage::summarising) analysis_.cancel();
    if (load_stage_ == LoadStage::analysing) {
        // Cancelled during the analysis: the file is dropped as a whole, the page is as before it.
        analysis_job_.reset();
        analysis_ = FileAnalysis();
        report_ = Report{};
        ++results_version_;
    }
    load_stage_ = LoadStage::idle;
}

void App::begin_workbook(const std::string& name, char* data, size_t size) {
    std::string bytes(data, size);
    std::free(data);
    begin_file(name, static_cast<double>(size));
    if (load_stage_ != LoadStage::reading) return;  // refused (too large)
    workbook_ = std::make_unique<XlsxImport>();
    if (!workbook_->open(std::move(bytes), name)) {
        load_error_ = name + ": " + workbook_->error();
        analysis_.cancel();
        load_stage_ = LoadStage::idle;
        return;
    }
    choose_sheet(workbook_->default_sheet());
}

void App::choose_sheet(int index) {
    if (!workbook_) return;
    load_error_.clear();
    if (index < 0 || index >= static_cast<int>(workbook_->sheets().size()) ||
        !workbook_->begin(index, analysis_)) {
        load_error_ = workbook_->file_name() + ": " + workbook_->error();
        load_stage_ = LoadStage::idle;
        return;
    }
    workbook_sheet_ = index;
    g_overview_requested = false;
    analysis_job_.reset();
    rerun_ = Rerun{};
    resummarised_.reset();
    report_ = Report{};
    ++results_version_;
    load_started_ms_ = now_ms();
    end_of_file_ = false;
    load_stage_ = LoadStage::reading;
}

// One slice of the end of the file (partitions into the log, the per-customer summary, the
// totals) until `deadline_ms`; true once the summary is complete (or failed). A workbook's end is
// one piece: its sheet has already been parsed per frame.
bool App::finish_reading_step(double deadline_ms) {
    SummaryOptions options;
    std::string error;
    if (!summary_options(options, error)) {
        // A half-typed date must not cost the user the file: summarise over the whole period.
        import_view.settings_error = error;
        options = SummaryOptions{};
    }
    if (workbook_) {
        workbook_->finish(analysis_, options);
        if (!workbook_->error().empty()) load_error_ = workbook_->file_name() + ": " + workbook_->error();
        return true;
    }
    // The options are read by the first call only.
    return run_pieces(deadline_ms, [&] { return !analysis_.finish_step(options, kFinishRowsPerStep); });
}

void App::after_frame(bool drawn) {
    if (!g_awaiting_overview || !drawn || tab_change_pending) return;
    g_awaiting_overview = false;  // also when the user chose another tab in that very frame
    if (tab == Tab::overview) clv_js_timeline_event("overview_drawn");
}

// The tab ran out of memory: drop the file, keep the page alive and say what happened
// (`message`: a format with the file's name, then the customers).
void App::drop_file_out_of_memory(const char* message) {
    const std::string name = analysis_.source_name();
    const std::string customers = charts::number(static_cast<double>(analysis_.customers().rows.size()));  // 10,000,000
    drop_queue();
    analysis_job_.reset();
    rerun_ = Rerun{};
    resummarised_.reset();
    analysis_ = FileAnalysis();
    report_ = Report{};
    ++results_version_;
    load_stage_ = LoadStage::idle;
    char buf[512];
    std::snprintf(buf, sizeof buf, message, name.c_str(), customers.c_str());
    load_error_ = buf;
    clv_js_timeline_event("out_of_memory");
    clv_js_timeline_event("stopped");
}

void App::step_loading(double budget_ms) {
    if (!g_in_pump) {  // called by the frame loop
        ++g_frames_seen;
        if (now_ms() - g_pump_last_ms < kPumpActiveMs) return;  // the pump does the work between frames
    }
    if (load_stage_ == LoadStage::idle) return;
    const double start = now_ms();
    const LoadStage stage = load_stage_;
    const uint64_t bytes_before = analysis_.bytes_read();
    try {
        step_loading_unguarded(budget_ms);
        clv_js_timeline_step(start, now_ms() - start, static_cast<int>(stage),
                             static_cast<double>(analysis_.bytes_read() - bytes_before));
        if (load_stage_ != stage) {
            g_stage_changed_at_frame = g_frames_seen;
            static const char* const done[] = {"", "reading_done", "summary_done", "analysis_done"};
            clv_js_timeline_event(g_rerun_ended ? "rerun_done" : done[static_cast<int>(stage)]);
            g_rerun_ended = false;
            if (load_stage_ == LoadStage::idle && stage != LoadStage::analysing) clv_js_timeline_event("stopped");
        }
    } catch (const std::bad_alloc&) {
        drop_file_out_of_memory(tr(Str::out_of_memory));
    }
}

void App::step_loading_unguarded(double budget_ms) {
    const double start = now_ms();
    switch (load_stage_) {
        case LoadStage::idle: return;
        case LoadStage::reading:
            if (workbook_) {
                // About 512 KB of sheet XML fits a 25 ms frame in wasm (measured by the xlsx reader's author).
                bool more = true;
                while (more && now_ms() - start < budget_ms) more = workbook_->step(analysis_, 512u << 10);
                if (!more) load_stage_ = LoadStage::summarising;
                return;
            }
            while (!queue_.empty() && analysis_.state() == AnalysisState::reading) {
                QueuedChunk& c = queue_.front();
                const size_t n = c.size - c.offset < kSliceBytes ? c.size - c.offset : kSliceBytes;
                analysis_.feed(c.data + c.offset, n);
                c.offset += n;
                queued_bytes_ -= n;
                if (c.offset == c.size) {
                    std::free(c.data);
                    queue_.pop_front();
                }
                if (now_ms() - start > budget_ms) break;
            }
            if (analysis_.state() != AnalysisState::reading) {  // failed or cancelled inside the reader
                drop_queue();
                load_stage_ = LoadStage::idle;
                load_seconds_ = (now_ms() - load_started_ms_) / 1000.0;
            } else if (queue_.empty() && end_of_file_) {
                load_stage_ = LoadStage::summarising;  // next frame: the progress bar says so first
            }
            return;
        case LoadStage::summarising:
            if (!finish_reading_step(start + budget_ms)) return;
            load_stage_ = analysis_.state() == AnalysisState::done ? LoadStage::analysing : LoadStage::idle;
            if (load_stage_ == LoadStage::idle) load_seconds_ = (now_ms() - load_started_ms_) / 1000.0;
            return;
        case LoadStage::analysing:
            if (rerun_.summary) {  // a re-run with a new calibration end or unit: its summary first
                run_pieces(start + budget_ms, [&] { return !rerun_.summary->step(kFinishRowsPerStep); });
                if (!rerun_.summary->done()) return;
                rerun_.customers = rerun_.summary->take();
                rerun_.summary.reset();
                return;
            }
            // The analysis in pieces (one model-fit chunk, one pass, ...), as many as fit the budget.
            if (!analysis_job_) {
                if (!rerun_.active) ++results_version_;  // a load's empty report; a re-run keeps the old one on screen
                analysis_job_ = std::make_unique<AnalysisJob>(analysis_.log(), analysed_customers(), settings, analysis_inputs());
                g_job_ready_announced = false;
            }
            // Stops at the step that makes the Overview ready, which is then shown before more work.
            run_pieces(start + budget_ms, [&] { return analysis_job_->step(); },
                       [&] { return !g_job_ready_announced && analysis_job_->overview_ready(); });
            if (analysis_job_->overview_ready() && !g_job_ready_announced && !rerun_.active) {
                // Everything the Overview (and every view but the value change and campaign
                // parts) shows is final: show it now, from the job's report (App::report), and
                // let the rest run behind it. At 1M customers that rest is ~25% of the analysis.
                g_job_ready_announced = true;
                ++results_version_;
                if (!g_overview_requested) {  // once per load (a job restarted by new settings does not move the user)
                    g_overview_requested = true;
                    requested_tab = Tab::overview;
                    tab_change_pending = true;
                    g_awaiting_overview = true;
                    g_overview_asked_at_frame = g_frames_seen;
                    clv_js_timeline_event("overview_ready");
                }
            }
            if (!analysis_job_->done()) return;
            if (analysis_job_->out_of_memory() && !rerun_.active) {  // before anything could be shown
                drop_file_out_of_memory(tr(Str::analysis_out_of_memory));
                return;
            }
            report_ = analysis_job_->take();
            analysis_job_.reset();
            ++results_version_;
            load_stage_ = LoadStage::idle;
            if (rerun_.active) {  // the new customers and report replace the old ones together
                if (rerun_.customers) resummarised_ = std::move(rerun_.customers);
                rerun_ = Rerun{};
                g_rerun_ended = true;
                return;
            }
            load_seconds_ = (now_ms() - load_started_ms_) / 1000.0;
            if (!g_overview_requested) {  // the load's settings changed before its Overview was shown
                g_overview_requested = true;
                requested_tab = Tab::overview;
                tab_change_pending = true;
                g_awaiting_overview = true;
                g_overview_asked_at_frame = g_frames_seen;
            }
            return;
    }
}

}  // namespace clv::web

// Called by the page shell's pump between frames: does up to `budget_ms` of loading work and
// says what next: 1 more work after the next frame, 2 the same (a new stage waits to be drawn
// first), 0 nothing until more file bytes come (or the load is over). With no file loading it
// steps the idle page's warm-up (load_warm_up.hpp) instead.
extern "C" EMSCRIPTEN_KEEPALIVE int clv_load_step(double budget_ms) {
    using namespace clv::web;
    App& app = the_app();
    if (!app.busy()) return app.warm_up_step(budget_ms) ? 1 : 0;
    g_pump_last_ms = now_ms();
    if (app.load_stage() != LoadStage::reading && g_frames_seen == g_stage_changed_at_frame) return 2;
    // The Overview of new results is drawn before the work behind it goes on (the value change,
    // the campaign): a step here would delay that frame by up to a whole budget.
    if (g_awaiting_overview && g_frames_seen - g_overview_asked_at_frame < kOverviewWaitFrames) return 2;
    g_in_pump = true;
    app.step_loading(budget_ms);
    g_in_pump = false;
    if (!app.busy()) return 0;
    return app.load_stage() != LoadStage::reading || app.queued_bytes() > 0 || app.workbook() != nullptr ? 1 : 0;
}
