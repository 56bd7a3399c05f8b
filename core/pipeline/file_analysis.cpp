#include "pipeline/file_analysis.hpp"

#include <algorithm>

namespace clv {

namespace {
const RowAccounting kNoAccounting{};
const std::vector<Rejection> kNoRejections{};
}  // namespace

void FileAnalysis::begin(std::string source_name, uint64_t total_bytes, std::optional<ReadOptions> options) {
    auto sink = std::move(sink_);  // the sink is a setting of the caller's, kept from file to file
    *this = FileAnalysis();
    sink_ = std::move(sink);
    source_name_ = std::move(source_name);
    total_bytes_ = total_bytes;
    given_options_ = std::move(options);
    state_ = AnalysisState::reading;
}

void FileAnalysis::set_overrides(ReadOverrides overrides) {
    if (state_ == AnalysisState::reading && !reader_ && !summary_reader_) overrides_ = std::move(overrides);
}

void FileAnalysis::fail(std::string message) {
    state_ = AnalysisState::failed;
    error_ = source_name_ + ": " + message;
    reader_.reset();
    summary_reader_.reset();
    summary_builder_.reset();
    finish_stage_ = FinishStage::done;
    head_.clear();
    head_.shrink_to_fit();
}

uint64_t FileAnalysis::bytes_read() const {
    if (reader_) return reader_->bytes_consumed();
    if (summary_reader_) return summary_reader_->bytes_consumed();
    return head_.size();
}

void FileAnalysis::start_reading(std::string_view head, bool whole_file) {
    if (given_options_) {
        sniffed_ = SniffResult();
        sniffed_.options = *given_options_;
    } else {
        sniffed_ = sniff(head, whole_file);
        if (sniffed_.unreadable) return fail(sniffed_.problem);
    }
    if (overrides_) {
        const bool had_header = sniffed_.options.has_header;
        std::string error;
        if (!apply_overrides(*overrides_, sniffed_.options, error)) return fail(error);
        // Saying whether the first line is a header renames the columns.
        ReadOptions& o = sniffed_.options;
        if (o.has_header != had_header && !sniffed_.preview.empty()) {
            for (size_t c = 0; c < o.column_names.size(); ++c)
                o.column_names[c] = o.has_header && c < sniffed_.preview[0].size() ? std::string(trim(sniffed_.preview[0][c]))
                                                                                   : "column " + std::to_string(c + 1);
        }
    }
    if (sniffed_.kind == FileKind::customer_summary) {
        summary_reader_ = std::make_unique<SummaryFileReader>(sniffed_.options, sniffed_.summary, TimeUnit::week);
        summary_reader_->reserve_for(total_bytes_, head);
        return;
    }
    sniffed_.problem = sniffed_.options.check();  // after the corrections: what is still missing
    if (!sniffed_.problem.empty()) return fail(sniffed_.problem);
    if (sniffed_.options.encoding != Encoding::utf8 && !Decoder(sniffed_.options.encoding).ok())
        return fail(std::string("this system cannot convert from ") + encoding_name(sniffed_.options.encoding));
    reader_ = std::make_unique<Reader>(sniffed_.options);
    if (sink_) reader_->set_rejection_sink(sink_);
}

bool FileAnalysis::has_amounts() const {
    const ReadOptions& o = sniffed_.options;
    return kind() == FileKind::customer_summary || o.amount_column != kNoColumn ||
           (o.quantity_column != kNoColumn && o.unit_price_column != kNoColumn);
}

void FileAnalysis::feed(const char* data, size_t size) {
    if (state_ != AnalysisState::reading) return;
    if (!reader_ && !summary_reader_) {
        // Hold chunks back until there is enough to sniff, so tiny first chunks do not mislead it.
        head_.append(data, size);
        const bool whole = head_.size() >= total_bytes_;
        if (head_.size() < kSniffBytes && !whole) return;
        start_reading(head_, whole);
        if (state_ != AnalysisState::reading) return;
        const std::string held = std::move(head_);
        head_.clear();
        head_.shrink_to_fit();
        feed_reader(held.data(), held.size());
        return;
    }
    feed_reader(data, size);
}

void FileAnalysis::feed_reader(const char* data, size_t size) {
    for (size_t at = 0; at < size; at += kFeedPieceBytes) {
        const size_t piece = std::min(kFeedPieceBytes, size - at);
        if (reader_) reader_->feed(data + at, piece);
        else summary_reader_->feed(data + at, piece);
    }
}

void FileAnalysis::finish(const SummaryOptions& summary_options) {
    while (!finish_step(summary_options, kFinishRowsPerCall)) {
    }
}

// Sniffs a file shorter than kSniffBytes now that it is complete, and reads what was held back.
// A per-customer summary file is then ended by finish_summary_file_step.
bool FileAnalysis::end_of_input() {
    if (!reader_ && !summary_reader_) {
        if (head_.empty() && !given_options_) {
            fail("the file is empty");
            return false;
        }
        start_reading(head_, true);
        if (state_ != AnalysisState::reading) return false;
        const std::string held = std::move(head_);
        head_.clear();
        feed_reader(held.data(), held.size());
    }
    return true;
}

// A per-customer summary file's end, a slice per call (a file out of id order is sorted); true
// once done or failed.
bool FileAnalysis::finish_summary_file_step(uint64_t budget) {
    if (!summary_reader_->finish_step(budget)) return false;
    if (summary_reader_->accounting().used == 0) {
        std::string why = "no customer line could be used";
        if (!summary_reader_->rejections().empty()) why += "; the first problem: " + summary_reader_->rejections().front().message(sniffed_.options.column_names);
        fail(why);
        return true;
    }
    log_ = summary_reader_->take_log();
    customers_ = summary_reader_->take_customers();
    customers_.unit = finish_options_.unit;
    state_ = AnalysisState::done;
    return true;
}

// After the reader finished: a file without a single purchase fails with the reason.
bool FileAnalysis::check_reader_result() {
    const RowAccounting& acc = reader_->accounting();
    if (acc.used > 0) return true;
    std::string why;
    if (acc.lines_read == acc.header_lines + acc.blank) why = acc.header_lines ? "the file has a header line but no data lines" : "the file has no data lines";
    else if (acc.returns > 0 && acc.rejected == 0) why = "every line is a return or cancellation: there are no purchases";
    else why = "no line could be used";
    if (!reader_->rejections().empty()) why += "; the first problem: " + reader_->rejections().front().message(sniffed_.options.column_names);
    fail(why);
    return false;
}

bool FileAnalysis::finish_step(const SummaryOptions& summary_options, uint64_t budget) {
    if (state_ != AnalysisState::reading) return true;
    if (finish_stage_ == FinishStage::none) {
        finish_options_ = summary_options;
        if (!end_of_input() || state_ != AnalysisState::reading) {
            finish_stage_ = FinishStage::done;
            return true;
        }
        finish_stage_ = summary_reader_ ? FinishStage::summary_file : FinishStage::log;
        if (reader_) reader_->leave_room_for_summary(kSummaryBytesPerCustomer);
    }
    if (finish_stage_ == FinishStage::summary_file) {
        if (!finish_summary_file_step(budget)) return false;
        finish_stage_ = FinishStage::done;
        return true;
    }
    if (finish_stage_ == FinishStage::log) {
        if (!reader_->finish_step(budget)) return false;
        if (!check_reader_result()) {
            finish_stage_ = FinishStage::done;
            return true;
        }
        log_ = reader_->take_log();
        take_totals();
        summary_builder_ = std::make_unique<SummaryBuilder>(log_, finish_options_);
        finish_stage_ = FinishStage::summary;
        return false;  // the rest in the next call: the partitions may have used this one's budget
    }
    if (finish_stage_ == FinishStage::summary) {
        if (!summary_builder_->step(budget)) return false;
        customers_ = summary_builder_->take();
        summary_builder_.reset();
        finish_stage_ = FinishStage::done;
        state_ = AnalysisState::done;
    }
    return true;
}

double FileAnalysis::finish_progress() const {
    // The reader's partitions and the summary take about the same time.
    switch (finish_stage_) {
        case FinishStage::none: return state_ == AnalysisState::reading ? 0.0 : 1.0;
        case FinishStage::summary_file: return summary_reader_->finish_progress();
        case FinishStage::log: return 0.45 * (reader_ ? reader_->finish_progress() : 1.0);
        case FinishStage::summary: return 0.45 + 0.55 * (summary_builder_ ? summary_builder_->progress() : 1.0);
        case FinishStage::done: break;
    }
    return 1.0;
}

void FileAnalysis::take_totals() {
    const Reader::LogTotals& t = reader_->log_totals();
    totals_ = IngestTotals();
    totals_.gross_value = t.purchase_value;
    totals_.returned_value = t.returned_value;
    totals_.customers_with_returns = t.customers_with_returns;
    totals_.customers_with_returns_only = t.customers_with_returns_only;
    totals_.net_value = totals_.gross_value - totals_.returned_value;
    totals_.return_lines = log_.returns.size();
    totals_.distinct_orders = log_.orders.size();
    totals_.lines_without_customer = reader_->accounting().rejected_by_reason[static_cast<int>(RejectReason::empty_customer_id)];
}

std::vector<CustomerReturns> FileAnalysis::returns_by_customer() const {
    std::vector<ReturnRow> r = log_.returns;
    std::sort(r.begin(), r.end(), [](const ReturnRow& a, const ReturnRow& b) {
        return a.customer != b.customer ? a.customer < b.customer : a.day < b.day;
    });
    std::vector<CustomerReturns> out;
    for (size_t i = 0; i < r.size(); ++i) {
        if (out.empty() || out.back().customer != r[i].customer) out.push_back(CustomerReturns{r[i].customer, 0, 0, 0});
        CustomerReturns& c = out.back();
        ++c.lines;
        c.return_days += i == 0 || r[i - 1].customer != r[i].customer || r[i - 1].day != r[i].day;
        c.value -= r[i].amount;
    }
    return out;
}

void FileAnalysis::cancel() {
    if (state_ == AnalysisState::reading) fail("reading was cancelled");
}

double FileAnalysis::progress() const {
    if (state_ == AnalysisState::done) return 1.0;
    if (total_bytes_ == 0) return 0.0;
    return std::min(1.0, static_cast<double>(bytes_read()) / static_cast<double>(total_bytes_));
}

const RowAccounting& FileAnalysis::accounting() const {
    if (reader_) return reader_->accounting();
    if (summary_reader_) return summary_reader_->accounting();
    return kNoAccounting;
}

const std::vector<Rejection>& FileAnalysis::rejections() const {
    if (reader_) return reader_->rejections();
    if (summary_reader_) return summary_reader_->rejections();
    return kNoRejections;
}

std::string FileAnalysis::accounting_line() const {
    const RowAccounting& a = accounting();
    std::string s = source_name_ + ": " + with_thousands(a.lines_read) + " lines = " + with_thousands(a.header_lines) +
                    " header + " + with_thousands(a.used) + (summary_reader_ ? " customers" : " purchases") + " + " +
                    with_thousands(a.returns) + " returns + " + with_thousands(a.rejected) + " rejected + " +
                    with_thousands(a.blank) + " blank";
    if (state_ == AnalysisState::done) s += "; " + with_thousands(customers_.rows.size()) + " customers";
    if (!a.adds_up()) s += " (DOES NOT ADD UP: a bug, please report it)";
    return s;
}

std::string FileAnalysis::describe(const Rejection& r) const {
    return source_name_ + ": " + r.message(sniffed_.options.column_names);
}

std::vector<std::string> FileAnalysis::warnings() const {
    std::vector<std::string> w;
    const RowAccounting& a = accounting();
    if (sniffed_.date_order_assumed)
        w.push_back(std::string("every date fits both M/D and D/M; read as ") + date_format_name(sniffed_.options.date_format) +
                    ": flip the date order if that is wrong");
    if (state_ != AnalysisState::done) return w;
    if (!has_amounts()) w.push_back("the file has no amount column: purchases are counted, spend is not analysed");
    if (kind() == FileKind::orders && has_amounts() && a.used > 0 && a.zero_amount == a.used)
        w.push_back("every amount is 0: spend cannot be analysed (is the amount column right?)");
    else if (a.zero_amount > 0)
        w.push_back(with_thousands(a.zero_amount) + " purchases are worth 0 (free items); they count as purchase occasions");
    if (customers_.rows.size() == 1) w.push_back("the file holds one customer only: the models need many customers");
    if (a.other_date_format > 0)
        w.push_back(with_thousands(a.other_date_format) + " lines wrote their date in another format; each was read as it says");
    if (a.invalid_characters > 0)
        w.push_back(with_thousands(a.invalid_characters) + " bytes were not valid " + encoding_name(sniffed_.options.encoding) +
                    " and were read as U+FFFD (is the encoding right?)");
    const uint64_t no_id = a.rejected_by_reason[static_cast<int>(RejectReason::empty_customer_id)];
    if (no_id > 0) w.push_back(with_thousands(no_id) + " lines have no customer id (guest orders?) and are left out");
    if (a.rejected - no_id > 0 && (a.rejected - no_id) * 10 > a.lines_read)
        w.push_back("more than a tenth of the lines were rejected: check the detected columns");
    return w;
}

void FileAnalysis::write_rejections_csv(std::ostream& out) const {
    clv::write_rejections_csv(out, rejections(), sniffed_.options.column_names);
}

}  // namespace clv
