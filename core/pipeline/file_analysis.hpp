// One file from first byte to per-customer summary: begin, feed chunks, finish. The same object
// serves the browser (chunks from File.slice through Embind) and the CLI (chunks from a stream).
// The first 256 KB are sniffed to choose the ReadOptions unless the caller supplies them; the
// user's corrections (ReadOverrides) are applied on top of the guess. A per-customer summary file
// is recognised and loaded directly. Nothing here throws: failures become a status with a
// message naming the file.
#pragma once
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "ingest/reader.hpp"
#include "ingest/sniffer.hpp"
#include "ingest/summary_file.hpp"
#include "summary/customers.hpp"

namespace clv {

enum class AnalysisState { idle, reading, done, failed };

// Money and counts over the whole file, for the import report.
struct IngestTotals {
    double gross_value = 0;      // purchases
    double returned_value = 0;   // returns and cancellations (positive)
    double net_value = 0;        // gross - returned
    uint64_t return_lines = 0;
    uint64_t customers_with_returns = 0;
    uint64_t customers_with_returns_only = 0;  // not in the summary: they never bought
    uint64_t distinct_orders = 0;              // when the file has an order column
    uint64_t lines_without_customer = 0;
};

// One customer's returns and cancellations (customers without any are not listed).
struct CustomerReturns {
    uint32_t customer = 0;      // index into log().customers
    uint32_t lines = 0;
    uint32_t return_days = 0;   // distinct days with a return
    double value = 0;           // positive: the value given back
};

class FileAnalysis {
public:
    static constexpr size_t kSniffBytes = 256 * 1024;
    // The most one call into the Reader reads, and the rows one step of finish() moves. V8 runs a
    // wasm function on its baseline compiler until it has run a while, then switches to the
    // optimised code at the function's next call: there is no on-stack replacement for wasm. The
    // Reader's loops are inlined into a few large functions (wasm-opt inlines a function with one
    // caller), so an 8 MiB chunk, or a whole log build, in one call runs baseline code throughout
    // (12% of a 1M-row ingest under Node was the log build in baseline code). In bounded calls the
    // second or third call is optimised. Natively the extra calls cost nothing measurable.
    static constexpr size_t kFeedPieceBytes = 256 * 1024;
    static constexpr uint64_t kFinishRowsPerCall = 1 << 16;

    // `options`, when given, replaces sniffing (the user corrected the guess).
    void begin(std::string source_name, uint64_t total_bytes, std::optional<ReadOptions> options = std::nullopt);
    // Corrections applied on top of the sniffed (or given) options; call after begin, before feed.
    void set_overrides(ReadOverrides overrides);
    // Receives every rejection as it happens (the kept list stops at Reader::kMaxKeptRejections).
    // Set it before begin or between begin and the first feed; begin keeps it.
    void set_rejection_sink(std::function<void(const Rejection&)> sink) { sink_ = std::move(sink); }
    // True when the file has an amount (or quantity × price): spend can be analysed.
    bool has_amounts() const;
    // Feeds the next chunk, of any size (the Reader gets it in kFeedPieceBytes pieces). Chunks are
    // held back until kSniffBytes have come (or the file ends).
    void feed(const char* data, size_t size);
    // Ends the file and builds the summary, all at once (as finish_step calls of kFinishRowsPerCall).
    void finish(const SummaryOptions& summary_options);
    // The same end in slices, so that a browser frame never waits for all of it (for 3M rows the
    // end of the file is a few hundred ms of wasm). Call it until it returns true; state() is then
    // done or failed and every result is exactly what finish() gives.
    //  - `summary_options` are read on the first call (later calls ignore them).
    //  - Each call does about `budget` rows of work and at least one unit: first the Reader moves
    //    staged partitions into the log (Reader::finish_step), then the per-customer summary is
    //    built (SummaryBuilder::step); the totals come with the log. A budget of 1 << 16 is a
    //    few ms in wasm; UINT64_MAX does everything in one call.
    //  - finish_progress() is the share of that work done, 0..1 (1 once done or failed).
    // Typical frame: `while (!a.finish_step(opts, 1 << 16) && now_ms() - start < budget_ms) {}`.
    bool finish_step(const SummaryOptions& summary_options, uint64_t budget);
    double finish_progress() const;
    void cancel();

    AnalysisState state() const { return state_; }
    const std::string& error() const { return error_; }
    const std::string& source_name() const { return source_name_; }
    uint64_t total_bytes() const { return total_bytes_; }
    uint64_t bytes_read() const;
    double progress() const;

    const SniffResult& sniffed() const { return sniffed_; }
    FileKind kind() const { return sniffed_.kind; }
    const ReadOptions* options() const { return reader_ ? &reader_->options() : summary_reader_ ? &sniffed_.options : nullptr; }
    const Reader* reader() const { return reader_.get(); }  // null for a per-customer summary file
    const TransactionLog& log() const { return log_; }
    const Customers& customers() const { return customers_; }

    // Accounting and rejections, for order files and summary files alike.
    const RowAccounting& accounting() const;
    const std::vector<Rejection>& rejections() const;
    const IngestTotals& totals() const { return totals_; }
    // Returns per customer, ordered by customer index; net value = CustomerRow::total_value + holdout
    // value - value here.
    std::vector<CustomerReturns> returns_by_customer() const;
    // "orders.csv: 541,910 lines = 1 header + 397,884 purchases + 8,905 returns + 135,120 rejected + 0 blank; 4,338 customers"
    std::string accounting_line() const;
    // "orders.csv: line 1,204, column 'amount': '12,5O' is not a number"
    std::string describe(const Rejection& r) const;
    void write_rejections_csv(std::ostream& out) const;
    // Things the user should know although the file was read: every amount 0, one customer only,
    // dates whose day/month order was assumed, bytes not valid in the encoding, ...
    std::vector<std::string> warnings() const;

private:
    void fail(std::string message);
    void start_reading(std::string_view head, bool whole_file);
    void feed_reader(const char* data, size_t size);  // in kFeedPieceBytes pieces
    bool end_of_input();  // false when the analysis failed (nothing usable)
    bool check_reader_result();
    bool finish_summary_file_step(uint64_t budget);
    void take_totals();  // from the Reader's log totals and accounting

    // Where finish_step is: not started, the reader's partitions, the summary, done.
    enum class FinishStage { none, summary_file, log, summary, done };
    FinishStage finish_stage_ = FinishStage::none;
    SummaryOptions finish_options_;
    std::unique_ptr<SummaryBuilder> summary_builder_;  // reads log_: reset whenever log_ is replaced

    AnalysisState state_ = AnalysisState::idle;
    std::string source_name_;
    std::string error_;
    uint64_t total_bytes_ = 0;
    std::optional<ReadOptions> given_options_;
    std::optional<ReadOverrides> overrides_;
    std::string head_;  // the first chunks, held until there is enough to sniff
    SniffResult sniffed_;
    std::unique_ptr<Reader> reader_;
    std::unique_ptr<SummaryFileReader> summary_reader_;
    TransactionLog log_;
    Customers customers_;
    IngestTotals totals_;
    std::function<void(const Rejection&)> sink_;
};

}  // namespace clv
