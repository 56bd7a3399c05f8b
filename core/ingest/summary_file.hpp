// A per-customer summary file (customer_id,frequency,recency,T[,monetary_value] — lifetimes'
// names, what DuckDB/BigQuery produce from the SQL the project ships for data too large for a
// browser tab) is loaded directly into Customers, skipping the transaction stage. Streaming like
// the Reader, with the same accounting and rejections.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "ingest/decoder.hpp"
#include "ingest/field_splitter.hpp"
#include "ingest/reader.hpp"
#include "ingest/sniffer.hpp"
#include "summary/customers.hpp"

namespace clv {

class SummaryFileReader {
public:
    SummaryFileReader(const ReadOptions& options, const SummaryColumns& columns, TimeUnit unit);
    ~SummaryFileReader();
    SummaryFileReader(SummaryFileReader&&) noexcept;

    // Room for the whole file, estimated from its size and its first chunk (lines, id lengths), so
    // that 10M rows are not grown by doubling: a 640 MB vector copied into a 1.3 GB one is more
    // than a browser tab has. Call before the first feed; an estimate too low only means growing.
    void reserve_for(uint64_t file_bytes, std::string_view head);
    void feed(const char* data, size_t size);
    // Ends the file: the rows sorted by customer id, and the id lookup tables freed (ids are
    // reached by index from now on; IdInterner::find rebuilds them when asked). In steps of about
    // `budget` rows of work for a browser frame (a file out of id order is sorted a slice at a
    // time); true once done. finish() does every step.
    bool finish_step(uint64_t budget);
    double finish_progress() const;  // 0..1
    void finish();

    const TransactionLog& log() const { return log_; }  // customer ids only, no rows
    TransactionLog take_log() { return std::move(log_); }
    const Customers& customers() const { return customers_; }
    Customers take_customers() { return std::move(customers_); }
    const std::vector<Rejection>& rejections() const { return rejections_; }
    const RowAccounting& accounting() const { return accounting_; }
    uint64_t bytes_consumed() const { return bytes_consumed_; }

private:
    void feed_text(std::string_view text);
    void process_line(std::string_view line);
    void reject(int column, RejectReason reason, std::string_view text, std::string_view raw);

    ReadOptions options_;
    SummaryColumns columns_;
    FieldSplitter splitter_;
    std::unique_ptr<Decoder> decoder_;
    std::string decoded_, carry_;
    TransactionLog log_;
    Customers customers_;
    std::vector<Rejection> rejections_;
    RowAccounting accounting_;
    uint64_t bytes_consumed_ = 0, line_ = 0;
    bool at_start_ = true;
    // Whether the lines so far came in id order (id_less), as the SQL's ORDER BY customer_id
    // writes them: then finish() has nothing to sort (out of order, it is sorted in slices).
    bool in_id_order_ = true;
    // finish_step: the file's last line, then (out of order only) the sort and the rows placed in
    // id order, slice by slice.
    enum class FinishPhase { tail, sort, place, done };
    FinishPhase finish_phase_ = FinishPhase::tail;
    struct IdOrder;
    struct Sorting;
    std::unique_ptr<Sorting> sorting_;
};

}  // namespace clv
