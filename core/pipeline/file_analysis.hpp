// One file from first byte to per-customer summary: begin, feed chunks, finish. The same object
// serves the browser (chunks from File.slice through Embind) and the CLI (chunks from a stream).
// The first chunk is sniffed to choose the ReadOptions unless the caller supplies them.
// Nothing here throws: failures become a status with a message naming the file.
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "ingest/reader.hpp"
#include "ingest/sniffer.hpp"
#include "summary/customers.hpp"

namespace clv {

enum class AnalysisState { idle, reading, done, failed };

class FileAnalysis {
public:
    // `options`, when given, replaces sniffing (the user corrected the guess).
    void begin(std::string source_name, uint64_t total_bytes, std::optional<ReadOptions> options = std::nullopt);
    // Feeds the next chunk. The first one should be at least a few hundred lines for sniffing.
    void feed(const char* data, size_t size);
    // Ends the file and builds the summary.
    void finish(const SummaryOptions& summary_options);
    void cancel();

    AnalysisState state() const { return state_; }
    const std::string& error() const { return error_; }
    const std::string& source_name() const { return source_name_; }
    uint64_t total_bytes() const { return total_bytes_; }
    uint64_t bytes_read() const { return reader_ ? reader_->bytes_consumed() : 0; }
    double progress() const;

    const SniffResult& sniffed() const { return sniffed_; }
    const ReadOptions* options() const { return reader_ ? &reader_->options() : nullptr; }
    const Reader* reader() const { return reader_.get(); }
    const TransactionLog& log() const { return log_; }
    const Customers& customers() const { return customers_; }

    // "orders.csv: line 17, column 3: cannot read 'x' as a date"
    std::string describe(const Rejection& r) const;

private:
    void fail(std::string message);

    AnalysisState state_ = AnalysisState::idle;
    std::string source_name_;
    std::string error_;
    uint64_t total_bytes_ = 0;
    std::optional<ReadOptions> given_options_;
    SniffResult sniffed_;
    std::unique_ptr<Reader> reader_;
    TransactionLog log_;
    Customers customers_;
};

}  // namespace clv
