#include "pipeline/file_analysis.hpp"

namespace clv {

void FileAnalysis::begin(std::string source_name, uint64_t total_bytes, std::optional<ReadOptions> options) {
    *this = FileAnalysis();
    source_name_ = std::move(source_name);
    total_bytes_ = total_bytes;
    given_options_ = std::move(options);
    state_ = AnalysisState::reading;
}

void FileAnalysis::fail(std::string message) {
    state_ = AnalysisState::failed;
    error_ = source_name_ + ": " + message;
    reader_.reset();
}

void FileAnalysis::feed(const char* data, size_t size) {
    if (state_ != AnalysisState::reading) return;
    if (!reader_) {
        if (given_options_) {
            sniffed_.options = *given_options_;
            sniffed_.problem = given_options_->check();
        } else {
            sniffed_ = sniff(std::string_view(data, size), size >= total_bytes_);
        }
        if (!sniffed_.problem.empty()) return fail(sniffed_.problem);
        reader_ = std::make_unique<Reader>(sniffed_.options);
    }
    reader_->feed(data, size);
}

void FileAnalysis::finish(const SummaryOptions& summary_options) {
    if (state_ != AnalysisState::reading) return;
    if (!reader_) return fail("the file is empty");
    reader_->finish();
    if (reader_->accounting().used == 0) {
        std::string why = "no line could be used";
        if (!reader_->rejections().empty()) why += "; the first problem: " + reader_->rejections().front().message();
        return fail(why);
    }
    log_ = reader_->take_log();
    customers_ = summarise(log_, summary_options);
    state_ = AnalysisState::done;
}

void FileAnalysis::cancel() {
    if (state_ == AnalysisState::reading) fail("reading was cancelled");
}

double FileAnalysis::progress() const {
    if (state_ == AnalysisState::done) return 1.0;
    if (total_bytes_ == 0) return 0.0;
    return static_cast<double>(bytes_read()) / static_cast<double>(total_bytes_);
}

std::string FileAnalysis::describe(const Rejection& r) const { return source_name_ + ": " + r.message(); }

}  // namespace clv
