// Streaming reader: feed(chunk) ... finish(). Turns bytes into the columnar TransactionLog and a
// list of rejections, holding only the current partial line between chunks, so a file of any size
// is read in bounded memory (beyond the log itself). Chunk boundaries may fall anywhere, also
// inside a quoted field or a multi-byte character: the result does not depend on them.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/field_splitter.hpp"
#include "ingest/read_options.hpp"
#include "ingest/rejection.hpp"
#include "ingest/transaction_log.hpp"

namespace clv {

struct RowAccounting {
    uint64_t lines_read = 0;    // records seen, header included
    uint64_t header_lines = 0;
    uint64_t used = 0;          // became a transaction
    uint64_t rejected = 0;      // became a Rejection (all of them, even past the detail cap)
    uint64_t rejected_by_reason[kRejectReasonCount] = {};
};

class Reader {
public:
    // Rejections beyond this many are counted (per reason) but their details are not kept.
    static constexpr size_t kMaxKeptRejections = 10000;

    explicit Reader(ReadOptions options);

    void feed(const char* data, size_t size);
    void feed(std::string_view chunk) { feed(chunk.data(), chunk.size()); }
    void finish();  // processes a last line without a line break

    const ReadOptions& options() const { return options_; }
    const TransactionLog& log() const { return log_; }
    TransactionLog take_log() { return std::move(log_); }
    const std::vector<Rejection>& rejections() const { return rejections_; }
    const RowAccounting& accounting() const { return accounting_; }
    uint64_t bytes_consumed() const { return bytes_consumed_; }

private:
    void process_record(std::string_view record, uint64_t first_line);
    void reject(uint64_t line, int column, RejectReason reason, std::string_view text);
    size_t count_quotes(const char* begin, const char* end) const;

    ReadOptions options_;
    FieldSplitter splitter_;
    TransactionLog log_;
    std::vector<Rejection> rejections_;
    RowAccounting accounting_;
    std::string carry_;           // an incomplete record carried over to the next chunk
    bool inside_quotes_ = false;  // the carried record has an open quoted field
    uint64_t next_line_ = 1;      // physical line number of the next record's first line
    uint64_t carry_lines_ = 0;    // line breaks inside the carried record
    uint64_t bytes_consumed_ = 0;
    bool at_start_ = true;        // a UTF-8 byte order mark may still come
    int min_fields_ = 1;          // fields needed to reach every role column
};

}  // namespace clv
