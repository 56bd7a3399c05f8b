// Loading a file without freezing the page. The page shell (web/shell/shell.js) reads the file
// with File.slice a few MB ahead and queues the chunks here; each frame parses queued bytes for
// a bounded time (in 1 MiB slices), so a frame never waits for a whole chunk. After the last
// byte, the summary and the analysis each get a frame of their own, with the progress bar
// saying which step is running.
#include <cstdio>
#include <cstdlib>
#include <new>

#include "app.hpp"
#include "i18n.hpp"
#include "platform.hpp"

namespace clv::web {

namespace {
constexpr size_t kSliceBytes = 1u << 20;  // parse in 1 MiB steps between clock checks
// wasm32 addresses at most 4 GB and the page is linked with a 2 GB maximum; the columnar log
// needs about 0.9 bytes per byte of a typical order file on top of the app. Larger files are
// turned away before any work is done, with the way forward (the SQL summary route).
constexpr double kMaxFileBytes = 1.5e9;
}

void App::begin_file(const std::string& name, double size_bytes) {
    drop_queue();
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
    resummarised_.reset();
    report_ = Report{};
    ++results_version_;
    load_started_ms_ = now_ms();
    load_seconds_ = 0;
    end_of_file_ = false;
    load_stage_ = LoadStage::reading;
    tab = Tab::import;
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
}

void App::drop_queue() {
    for (QueuedChunk& c : queue_) std::free(c.data);
    queue_.clear();
    queued_bytes_ = 0;
}

void App::cancel_file() {
    drop_queue();
    if (load_stage_ == LoadStage::reading) analysis_.cancel();
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
    resummarised_.reset();
    report_ = Report{};
    ++results_version_;
    load_started_ms_ = now_ms();
    end_of_file_ = false;
    load_stage_ = LoadStage::reading;
}

void App::finish_reading() {
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
    } else {
        analysis_.finish(options);
    }
}

void App::step_loading(double budget_ms) {
    try {
        step_loading_unguarded(budget_ms);
    } catch (const std::bad_alloc&) {
        // The tab ran out of memory: drop the file, keep the page alive and say what happened.
        drop_queue();
        const std::string name = analysis_.source_name();
        analysis_ = FileAnalysis();
        report_ = Report{};
        ++results_version_;
        load_stage_ = LoadStage::idle;
        char buf[512];
        std::snprintf(buf, sizeof buf, tr(Str::out_of_memory), name.c_str());
        load_error_ = buf;
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
            finish_reading();
            load_stage_ = analysis_.state() == AnalysisState::done ? LoadStage::analysing : LoadStage::idle;
            if (load_stage_ == LoadStage::idle) load_seconds_ = (now_ms() - load_started_ms_) / 1000.0;
            return;
        case LoadStage::analysing:
            reanalyse();
            load_stage_ = LoadStage::idle;
            load_seconds_ = (now_ms() - load_started_ms_) / 1000.0;
            requested_tab = Tab::overview;
            tab_change_pending = true;
            return;
    }
}

}  // namespace clv::web
