// Streaming reader: feed(chunk) ... finish(). Turns bytes into the columnar TransactionLog and a
// list of rejections, holding only the current partial line between chunks plus the parsed rows
// (about 22 bytes each), so a file of any size is read in bounded memory. Chunk boundaries may
// fall anywhere, also inside a quoted field or a multi-byte character: the result does not
// depend on them. Lines are assembled in reader.cpp; fields become rows in reader_rows.cpp.
#pragma once
#include <cmath>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ingest/decoder.hpp"
#include "ingest/field_splitter.hpp"
#include "ingest/read_options.hpp"
#include "ingest/rejection.hpp"
#include "ingest/row_partitions.hpp"
#include "ingest/transaction_log.hpp"

namespace clv {

struct RowAccounting {
    uint64_t lines_read = 0;    // records seen (a quoted field may span lines), header and blank ones included
    uint64_t header_lines = 0;
    uint64_t used = 0;          // became a purchase row of the TransactionLog
    uint64_t rejected = 0;      // became a Rejection (all of them, even past the detail cap)
    uint64_t rejected_by_reason[kRejectReasonCount] = {};
    uint64_t returns = 0;       // returns and cancellations (TransactionLog::returns)
    uint64_t blank = 0;         // empty lines
    uint64_t zero_amount = 0;   // purchases worth 0 (free items; CDNOW has them): used, and counted here
    uint64_t other_date_format = 0;   // used lines whose date had another (unambiguous) format than the column's
    uint64_t invalid_characters = 0;  // bytes not valid in the file's encoding, read as U+FFFD

    // Every line is accounted for: lines_read == header + used + returns + blank + rejected.
    bool adds_up() const { return lines_read == header_lines + used + returns + blank + rejected; }
};

class Reader {
public:
    // Distinct channel names kept; the lines of any further channel share the last code, named
    // kOtherChannels (a column with thousands of "channels" is not one the user meant).
    static constexpr size_t kMaxChannels = 1024;
    static constexpr const char* kOtherChannels = "(other channels)";
    // Rejections beyond this many are counted (per reason) but their details are not kept.
    static constexpr size_t kMaxKeptRejections = 10000;
    // A record longer than this is not a line of an order file (a binary file, a missing quote):
    // it is rejected instead of growing without bound.
    static constexpr size_t kMaxRecordBytes = 1 << 20;

    explicit Reader(ReadOptions options);
    ~Reader();
    Reader(Reader&&) noexcept;
    Reader& operator=(Reader&&) noexcept;

    void feed(const char* data, size_t size);
    void feed(std::string_view chunk) { feed(chunk.data(), chunk.size()); }
    // Ends the input: processes a last line without a line break, then builds the log. All at once.
    void finish();

    // The same end in slices, for a UI that must keep drawing frames while a big file finishes
    // (the log of 3M rows takes a few hundred ms in wasm). Call finish_step until it returns true;
    // then finished() is true and the results are complete, exactly as after finish().
    //  - The first call ends the input (last line, the decoder's tail); every call then moves whole
    //    staged partitions into the log (there are 256, about rows/256 each) until at least
    //    `row_budget` staged rows were moved in this call: at least one partition per call, so
    //    every call makes progress. Small files finish in the first call.
    //  - finish_progress() is the share of the staged rows already moved: 0 before the first
    //    call, 1 once finished. finish() may be called after some steps: it does the rest.
    // Typical use, once per frame: `while (!r.finish_step(1 << 16) && ms_left()) {}`.
    bool finish_step(uint64_t row_budget);
    double finish_progress() const;

    const ReadOptions& options() const { return options_; }
    // Complete after finish(); empty before.
    const TransactionLog& log() const { return log_; }
    TransactionLog take_log() { return std::move(log_); }
    const std::vector<Rejection>& rejections() const { return rejections_; }
    const RowAccounting& accounting() const { return accounting_; }
    // Sums over the log, made while it is built (a pass of their own over 3M rows was ~17 ms in
    // wasm); complete after finish(). The values are summed in the log's row order, and the
    // returns in theirs.
    struct LogTotals {
        double purchase_value = 0;  // every purchase row's amount
        double returned_value = 0;  // every return row's amount, positive
        uint64_t customers_with_returns = 0;
        uint64_t customers_with_returns_only = 0;  // a return but no purchase row
    };
    const LogTotals& log_totals() const { return log_totals_; }
    uint64_t bytes_consumed() const { return bytes_consumed_; }
    bool finished() const { return finished_; }
    // Asks the end of the file to leave a free region of this many bytes per customer behind (the
    // staging memory, padded when it is smaller), where the summary's rows then fit without
    // growing the heap; FileAnalysis passes kSummaryBytesPerCustomer. Call before finish.
    void leave_room_for_summary(size_t bytes_per_customer) { room_per_customer_ = bytes_per_customer; }
    // The parsed rows waiting for finish(): memory in use, for the benchmarks and the UI.
    size_t staged_bytes() const { return staged_.memory_bytes(); }
    // Called with every rejection as it happens, also past kMaxKeptRejections (the CLI streams
    // them to --rejects FILE this way).
    void set_rejection_sink(std::function<void(const Rejection&)> sink) { sink_ = std::move(sink); }
    // Whether plain lines (see reader_plain_lines.cpp) may take the fused path; on by default where
    // the options allow it. The results are the same either way: the tests compare the two paths.
    void set_plain_line_path(bool on) { plain_lines_ = on && plain_lines_possible(); }
    bool plain_line_path() const { return plain_lines_; }
    uint64_t plain_lines_taken() const { return plain_lines_taken_; }  // lines the fused path staged

private:
    // reader.cpp: bytes → records
    void feed_text(const char* data, size_t size);
    void end_record(std::string_view record, bool may_have_quotes = true);
    void recover_unterminated_quote();
    int scan_quotes(const char* begin, const char* end, int state) const;
    // reader_plain_lines.cpp: the fused path for the common line (id, ISO date, plain amount)
    bool plain_lines_possible() const;
    const char* stage_plain_lines(const char* p, const char* end);
    bool stage_plain_record(const char* chunk_end, const char* const* begins, const char* const* ends, int fields);
    static bool is_cancelled_invoice(std::string_view order);
    // The end both line paths share: `row` (id, day, order, channel filled) takes the line's amount
    // (negative for a return), is staged in its id's partition and counted. Always inlined: the
    // fused path runs it once per line, and a call would pass the row's views through memory.
    [[gnu::always_inline]] void stage_row(StagedRow& row, double amount, bool is_return) {
        if (amount == 0 && !is_return && has_amount_) ++accounting_.zero_amount;
        row.amount = is_return ? -std::abs(amount) : amount + 0.0;  // + 0.0: a purchase "-0" must not read as a return
        const uint64_t hash = IdInterner::hash_of(row.id.data(), row.id.size());
        row.id_key = IdInterner::key_of(hash);
        staged_.add(IdInterner::partition_of(hash), row);
        ++(is_return ? accounting_.returns : accounting_.used);
    }
    // reader_rows.cpp: record → staged row or rejection; staged rows → log
    void process_record(std::string_view record, uint64_t line, bool may_have_quotes = true);
    void reject(uint64_t line, int column, RejectReason reason, std::string_view text, std::string_view raw);
    bool is_return_status(std::string_view status) const;
    void end_input();
    void start_log();
    struct CustomerEstimate {
        uint64_t customers = 0, id_bytes = 0;
    };
    CustomerEstimate estimate_customers() const;
    // A staged partition into the log in two halves (finish_step): its ids interned, then its
    // rows sorted into the columns.
    void intern_partition(unsigned partition);
    void sort_partition_into_log();
    template <class Local>
    void intern_rows(unsigned partition, std::vector<Local>& rows);
    template <class Local>
    void sort_rows_into_log(std::vector<Local>& rows, std::vector<Local>& sorted);
    uint16_t channel_code(std::string_view name);

    ReadOptions options_;
    FieldSplitter splitter_;
    std::unique_ptr<Decoder> decoder_;
    std::string decoded_;         // the current chunk converted to UTF-8 (non-UTF-8 files only)
    RowPartitions staged_;
    TransactionLog log_;
    std::vector<Rejection> rejections_;
    RowAccounting accounting_;
    std::string carry_;           // an incomplete record carried over to the next chunk
    int quote_state_ = 0;         // CSV state at the end of carry_ (see scan_quotes)
    uint64_t next_line_ = 1;      // physical line number of the next record's first line
    uint64_t carry_lines_ = 0;    // line breaks inside the carried record
    uint64_t bytes_consumed_ = 0;
    bool at_start_ = true;        // a UTF-8 byte order mark may still come
    bool skipping_long_line_ = false;
    bool chunk_has_nul_ = false;
    bool finished_ = false;
    int min_fields_ = 1;          // fields needed to reach every role column
    std::string bom_;             // bytes of a possible BOM split over chunks
    std::function<void(const Rejection&)> sink_;
    size_t room_per_customer_ = 0;  // leave_room_for_summary
    bool has_amount_ = true;      // false: a file of dates and ids only (counts, no spend)
    bool plain_lines_ = false;    // stage_plain_lines may run (plain_lines_possible, unless turned off)
    uint64_t plain_lines_taken_ = 0;
    // The channel dictionary while reading (the log's channel_names at the end).
    std::vector<std::string> channel_names_;
    std::unordered_map<std::string, uint16_t> channel_index_;
    uint16_t last_channel_ = 0;   // most files repeat a channel many lines in a row
    // The incremental build of the log (finish_step): scratch space for one partition, reused.
    struct LogBuild {
        // A purchase row between interning and the counting sort into the log's columns: 16
        // bytes for a file without order ids and channels (most), 24 with them. `sorted` is the
        // scratch for a customer with 32 rows or more, sorted by day with std::stable_sort.
        struct Local {
            uint32_t customer;
            DayNumber day;
            double amount;
        };
        struct LocalWithExtras {
            uint32_t customer;
            DayNumber day;
            double amount;
            uint32_t order;
            uint16_t channel;
        };
        std::vector<Local> rows, sorted;
        std::vector<LocalWithExtras> rows_with_extras, sorted_with_extras;
        std::vector<uint32_t> start;
        std::vector<uint8_t> returned;  // per customer of the partition: has a return row
        unsigned next_partition = 0;
        uint64_t total_rows = 0, moved_rows = 0;
        // Between the two halves of next_partition: interned, its rows in `rows`; the customer
        // count and the returns before it; its row count.
        bool interned = false;
        uint32_t base = 0;
        size_t returns_before = 0;
        uint64_t partition_rows = 0;
    };
    LogTotals log_totals_;
    std::unique_ptr<LogBuild> build_;
};

}  // namespace clv
