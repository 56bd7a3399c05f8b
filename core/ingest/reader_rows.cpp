// Reader, second half: one record's fields → a staged row (or a Rejection), and at the end the
// staged rows → the TransactionLog, one hash partition at a time (see row_partitions.hpp).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <type_traits>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "ingest/reader.hpp"

namespace clv {
namespace {

constexpr size_t kMaxIdBytes = 255;
constexpr size_t kMaxRejectionText = 120, kMaxRejectionRaw = 200;

// Unambiguous formats a line may fall back to when the column's format does not fit it (a file
// whose later rows were written by another system).
constexpr DateFormat kFallbackFormats[] = {DateFormat::iso, DateFormat::ymd_slash, DateFormat::ymd_chinese,
                                           DateFormat::ymd_compact};

bool ieq_prefix(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != prefix[i]) return false;
    }
    return true;
}

}  // namespace

// "C536379": Online Retail marks a cancelled invoice with a C before the invoice number.
bool Reader::is_cancelled_invoice(std::string_view order) {
    return order.size() >= 2 && (order[0] == 'C' || order[0] == 'c') && order[1] >= '0' && order[1] <= '9';
}

bool Reader::is_return_status(std::string_view s) const {
    s = trim(s);
    if (s.empty()) return false;
    static constexpr std::string_view words[] = {"cancel", "refund", "return", "void", "chargeback", "reversed",
                                                 "yes", "true", "y"};
    for (std::string_view w : words)
        if (ieq_prefix(s, w) && (w.size() > 1 || s.size() == 1)) return true;
    if (s == "1") return true;  // a return flag column
    // 退货 退款 已退款 取消 已取消 作废 交易关闭 (UTF-8)
    static constexpr std::string_view zh[] = {"\xE9\x80\x80", "\xE5\x8F\x96\xE6\xB6\x88", "\xE4\xBD\x9C\xE5\xBA\x9F",
                                              "\xE5\x85\xB3\xE9\x97\xAD"};
    for (std::string_view w : zh)
        if (s.find(w) != std::string_view::npos) return true;
    return false;
}

void Reader::reject(uint64_t line, int column, RejectReason reason, std::string_view text, std::string_view raw) {
    ++accounting_.rejected;
    ++accounting_.rejected_by_reason[static_cast<int>(reason)];
    if (rejections_.size() >= kMaxKeptRejections && !sink_) return;
    Rejection r;
    r.line = line;
    r.column = column;
    r.reason = reason;
    r.text = sanitise_utf8(text.substr(0, kMaxRejectionText));
    r.raw = sanitise_utf8(raw.substr(0, kMaxRejectionRaw));
    if (sink_) sink_(r);
    if (rejections_.size() < kMaxKeptRejections) rejections_.push_back(std::move(r));
}

void Reader::process_record(std::string_view record, uint64_t line, bool may_have_quotes) {
    const auto record_begin = reinterpret_cast<uintptr_t>(record.data()), record_end = record_begin + record.size();
    if (!record.empty() && record.back() == '\r') record.remove_suffix(1);
    ++accounting_.lines_read;
    if (trim(record).empty()) {
        ++accounting_.blank;
        return;
    }
    if (options_.has_header && accounting_.header_lines == 0) {
        accounting_.header_lines = 1;
        return;
    }
    if (chunk_has_nul_ && std::memchr(record.data(), '\0', record.size())) {
        reject(line, 0, RejectReason::nul_byte, {}, record);
        return;
    }
    const Fields& f = may_have_quotes ? splitter_.split(record) : splitter_.split_unquoted(record);
    if (static_cast<int>(f.size()) < min_fields_) {
        reject(line, static_cast<int>(f.size()) + 1, RejectReason::too_few_fields, record, record);
        return;
    }
    auto field = [&](int column) { return f[static_cast<size_t>(column)]; };

    const std::string_view id = canonical_id(field(options_.customer_column));
    if (id.empty()) return reject(line, options_.customer_column + 1, RejectReason::empty_customer_id, {}, record);
    if (id.size() > kMaxIdBytes) return reject(line, options_.customer_column + 1, RejectReason::id_too_long, id, record);

    DayNumber day;
    const std::string_view date_text = field(options_.date_column);
    if (!parse_date(date_text, options_.date_format, day)) {
        bool found = false;
        for (DateFormat other : kFallbackFormats)
            if (other != options_.date_format && parse_date(date_text, other, day)) {
                found = true;
                break;
            }
        if (!found) return reject(line, options_.date_column + 1, RejectReason::bad_date, date_text, record);
        ++accounting_.other_date_format;
    }
    if (day < options_.earliest_day || day > options_.latest_day)
        return reject(line, options_.date_column + 1, RejectReason::date_out_of_range, date_text, record);

    double amount = 0;  // stays 0 when the file has no amount at all (dates and ids only)
    bool is_return = false;
    if (options_.amount_column != kNoColumn) {
        const std::string_view a = field(options_.amount_column);
        if (!parse_amount(a, options_.decimal_comma, amount))
            return reject(line, options_.amount_column + 1, RejectReason::bad_amount, a, record);
    } else if (options_.quantity_column != kNoColumn && options_.unit_price_column != kNoColumn) {
        double quantity, price;
        const std::string_view q = field(options_.quantity_column), u = field(options_.unit_price_column);
        if (!parse_amount(q, options_.decimal_comma, quantity))
            return reject(line, options_.quantity_column + 1, RejectReason::bad_quantity, q, record);
        if (!parse_amount(u, options_.decimal_comma, price))
            return reject(line, options_.unit_price_column + 1, RejectReason::bad_unit_price, u, record);
        amount = quantity * price;
        is_return = quantity < 0;
        // Order-line exports (Online Retail) list items given away at price 0 beside the sold ones:
        // they are no sale, and the literature's counts leave them out.
        if (price == 0 && !is_return)
            return reject(line, options_.unit_price_column + 1, RejectReason::free_line, u, record);
    }
    is_return = is_return || amount < 0;

    std::string_view order;
    if (options_.order_column != kNoColumn && options_.order_column < static_cast<int>(f.size())) {
        order = trim(field(options_.order_column));
        if (order.size() > kMaxIdBytes)
            return reject(line, options_.order_column + 1, RejectReason::id_too_long, order, record);
        is_return = is_return || (options_.cancel_prefix && is_cancelled_invoice(order));
    }
    if (options_.status_column != kNoColumn && options_.status_column < static_cast<int>(f.size()))
        is_return = is_return || is_return_status(field(options_.status_column));

    // A line worth 0 is still a purchase occasion (the CDNOW papers count them); it is counted so
    // that a file whose amounts are all 0 (a wrong amount column) can be pointed out.
    StagedRow row;
    if (options_.channel_column != kNoColumn && options_.channel_column < static_cast<int>(f.size()))
        row.channel = channel_code(trim(field(options_.channel_column)));
    row.day = day;
    row.id = id;
    // An unescaped id lives in the splitter's storage, not in the record: no over-read then.
    const auto id_at = reinterpret_cast<uintptr_t>(id.data());
    row.id_readable8 = id_at >= record_begin && id_at + 8 <= record_end;
    row.order = order;
    stage_row(row, amount, is_return);
}

uint16_t Reader::channel_code(std::string_view name) {
    if (name.empty()) return 0;
    if (name == channel_names_[last_channel_]) return last_channel_;
    std::string key(name);
    const auto it = channel_index_.find(key);
    if (it != channel_index_.end()) return last_channel_ = it->second;
    // Full: every further name shares the last code, "(other channels)".
    constexpr auto kOther = static_cast<uint16_t>(kMaxChannels - 1);
    if (channel_names_.size() == kOther) channel_names_.emplace_back(kOtherChannels);
    if (channel_names_.size() > kOther) return last_channel_ = kOther;
    const auto code = static_cast<uint16_t>(channel_names_.size());
    channel_names_.push_back(sanitise_utf8(name));
    channel_index_.emplace(std::move(key), code);
    return last_channel_ = code;
}

// The log is built from the staged rows one partition at a time: the partition's ids are
// interned into its own small table and numbered contiguously, its rows grouped by customer with
// a counting sort over that small range and ordered by day, then appended. Every step stays
// within a few hundred KB. finish_step does a few partitions per call.
Reader::~Reader() = default;
Reader::Reader(Reader&&) noexcept = default;
Reader& Reader::operator=(Reader&&) noexcept = default;

// Distinct customers and their id text, estimated from a few partitions: the hash spreads ids
// evenly over them, so 4 of 256 partitions (~1.6% of the ids) give the total within about 1%.
Reader::CustomerEstimate Reader::estimate_customers() const {
    constexpr unsigned kSamples = 4, kStride = IdInterner::kPartitions / kSamples;
    CustomerEstimate e;
    std::vector<uint64_t> seen;
    for (unsigned p = 0; p < IdInterner::kPartitions; p += kStride) {
        size_t size = 16;
        while (size < 2 * staged_.rows_in(p)) size *= 2;
        seen.assign(size, 0);  // 0 marks an empty slot: a hash of 0 is counted as distinct each time
        staged_.visit(p, [&](const StagedRow& r) {
            const uint64_t h = IdInterner::hash_of(r.id);  // all 64 bits: fewer false repeats than the staged key
            for (size_t i = h & (size - 1);; i = (i + 1) & (size - 1)) {
                if (seen[i] == h) return;
                if (seen[i] == 0) {
                    seen[i] = h;
                    ++e.customers;
                    e.id_bytes += r.id.size();
                    return;
                }
            }
        });
    }
    e.customers *= kStride;
    e.id_bytes *= kStride;
    return e;
}

void Reader::start_log() {
    // The room for the summary first: it must lie right after the staging blocks, and before the
    // log and the id tables, which live on.
    const CustomerEstimate estimate = estimate_customers();
    const uint64_t customers = estimate.customers + estimate.customers / 25 + 64;  // + 4% against an estimate too low
    // + 6% and 8 MiB more: small blocks that outlive the staging (the app's own) may sit in it.
    if (room_per_customer_ > 0 && staged_.rows() >= (1u << 16))
        staged_.reserve_region(static_cast<size_t>(customers * room_per_customer_ * 53 / 50) + (8u << 20));
    build_ = std::make_unique<LogBuild>();
    build_->total_rows = staged_.rows();
    const uint64_t purchases = accounting_.used;
    log_.customer.reserve(purchases);
    log_.day.reserve(purchases);
    log_.amount.reserve(purchases);
    if (options_.order_column != kNoColumn) log_.order.reserve(purchases);
    if (options_.channel_column != kNoColumn) {
        log_.channel.reserve(purchases);
        log_.channel_names = channel_names_;
    }
    log_.returns.reserve(accounting_.returns);
    log_.customers.reserve(static_cast<size_t>(customers),
                           static_cast<size_t>(estimate.id_bytes + estimate.id_bytes / 25 + 256));
}

bool Reader::finish_step(uint64_t row_budget) {
    if (finished_) return true;
    if (!build_) {  // a step of its own: reserving the log's columns grows the heap (~20 ms at 10M in wasm)
        end_input();
        start_log();
        return false;
    }
    // A partition in two halves (its ids interned, then its rows sorted into the columns), each
    // counted as half its rows; a half is not begun when it would pass the budget of a call that
    // did something already. At 10M customers a partition holds ~118k rows and was a 26-43 ms
    // step in wasm.
    uint64_t moved = 0;
    LogBuild& b = *build_;
    while (b.next_partition < IdInterner::kPartitions) {
        const unsigned p = b.next_partition;
        if (!b.interned) {
            const uint64_t n = staged_.rows_in(p);
            if (n == 0) {
                ++b.next_partition;
                continue;
            }
            if (moved > 0 && moved + n / 2 > row_budget) break;
            b.partition_rows = n;
            intern_partition(p);
            b.interned = true;
            moved += n / 2;
        } else {
            const uint64_t half = b.partition_rows - b.partition_rows / 2;
            if (moved > 0 && moved + half > row_budget) break;
            sort_partition_into_log();
            b.interned = false;
            ++b.next_partition;
            moved += half;
            b.moved_rows += b.partition_rows;
        }
    }
    if (b.next_partition < IdInterner::kPartitions) return false;
    build_.reset();
    // The id tables are not needed once every row has its index (find() rebuilds them); freed here,
    // their 16 MB (at 1M customers) hold the summary's sort scratch instead of new memory.
    log_.customers.release_lookup();
    log_.orders.release_lookup();
    staged_.release();
#if defined(__GLIBC__)
    // Natively the rows of a large summary are mapped afresh rather than put in the freed staging
    // region (glibc maps big blocks); hand the staging pages back so they do not add to the peak.
    malloc_trim(0);
#endif
    channel_index_.clear();
    finished_ = true;
    return true;
}

double Reader::finish_progress() const {
    if (finished_) return 1.0;
    if (!build_ || build_->total_rows == 0) return 0.0;
    return static_cast<double>(build_->moved_rows) / static_cast<double>(build_->total_rows);
}

void Reader::intern_partition(unsigned p) {
    LogBuild& b = *build_;
    if (options_.order_column != kNoColumn || options_.channel_column != kNoColumn)
        intern_rows(p, b.rows_with_extras);
    else
        intern_rows(p, b.rows);
}

void Reader::sort_partition_into_log() {
    LogBuild& b = *build_;
    if (options_.order_column != kNoColumn || options_.channel_column != kNoColumn)
        sort_rows_into_log(b.rows_with_extras, b.sorted_with_extras);
    else
        sort_rows_into_log(b.rows, b.sorted);
}

// The partition's staged rows with their customer (and order) ids interned; returns set aside.
template <class Local>
void Reader::intern_rows(unsigned p, std::vector<Local>& rows) {
    constexpr bool kExtras = std::is_same_v<Local, LogBuild::LocalWithExtras>;
    LogBuild& b = *build_;
    const bool with_orders = options_.order_column != kNoColumn;
    b.base = static_cast<uint32_t>(log_.customers.size());
    b.returns_before = log_.returns.size();
    rows.clear();
    staged_.drain(p, [&](const StagedRow& r) {
        const uint32_t c = log_.customers.intern_key(r.id.data(), r.id.size(), r.id_key);
        if constexpr (kExtras) {
            const uint32_t o = with_orders && !r.order.empty() ? log_.orders.intern(r.order) : UINT32_MAX;
            if (std::signbit(r.amount)) log_.returns.push_back(ReturnRow{c, r.day, r.amount});
            else rows.push_back(Local{c, r.day, r.amount, o, r.channel});
        } else {
            if (std::signbit(r.amount)) log_.returns.push_back(ReturnRow{c, r.day, r.amount});
            else rows.push_back(Local{c, r.day, r.amount});
        }
    });
}

// The interned rows of a partition scattered into the log's columns by customer, each customer's
// rows by day.
template <class Local>
void Reader::sort_rows_into_log(std::vector<Local>& rows, std::vector<Local>& sorted) {
    constexpr bool kExtras = std::is_same_v<Local, LogBuild::LocalWithExtras>;
    LogBuild& b = *build_;
    const bool with_orders = options_.order_column != kNoColumn;
    const bool with_channels = options_.channel_column != kNoColumn;
    const uint32_t base = b.base;
    const size_t returns_before = b.returns_before;
    std::vector<uint32_t>& start = b.start;
    const size_t n_local = log_.customers.size() - base;
    start.assign(n_local + 1, 0);
    for (const Local& r : rows) ++start[r.customer - base + 1];
    // The totals' returns (start[c + 1] is still c's row count here).
    if (log_.returns.size() > returns_before) {
        b.returned.assign(n_local, 0);
        for (size_t i = returns_before; i < log_.returns.size(); ++i) {
            const ReturnRow& r = log_.returns[i];
            log_totals_.returned_value -= r.amount;
            uint8_t& seen = b.returned[r.customer - base];
            if (seen) continue;
            seen = 1;
            ++log_totals_.customers_with_returns;
            log_totals_.customers_with_returns_only += start[r.customer - base + 1] == 0;
        }
    }
    for (size_t c = 0; c < n_local; ++c) start[c + 1] += start[c];
    // The columns grow by this partition's rows and the rows are scattered straight into them by
    // customer (a counting sort; the partition's part of the columns is a few hundred KB, so the
    // scattered stores stay in cache). resize() zero-fills only this part, right before it is
    // written (growing the whole columns once up front zero-filled 48 MB at 1M rows, and was
    // slower in wasm). A sorted copy of the partition and a copy into the columns after it cost
    // two more passes.
    const size_t at = log_.customer.size(), n = rows.size();
    log_.customer.resize(at + n);
    log_.day.resize(at + n);
    log_.amount.resize(at + n);
    uint32_t* const customer = log_.customer.data() + at;
    DayNumber* const day = log_.day.data() + at;
    double* const amount = log_.amount.data() + at;
    uint32_t* order = nullptr;
    uint16_t* channel = nullptr;
    if constexpr (kExtras) {
        if (with_orders) {
            log_.order.resize(at + n);
            order = log_.order.data() + at;
        }
        if (with_channels) {
            log_.channel.resize(at + n);
            channel = log_.channel.data() + at;
        }
    }
    for (const Local& r : rows) {
        const uint32_t k = start[r.customer - base]++;  // start[c] becomes the end of c
        customer[k] = r.customer;
        day[k] = r.day;
        amount[k] = r.amount;
        if constexpr (kExtras) {
            if (order) order[k] = r.order;
            if (channel) channel[k] = r.channel;
        }
    }
    // Each customer's rows by day, stable, so lines of one day keep their file order and sums do
    // not depend on chunking. The customer column is the same within a run and stays.
    size_t begin = 0;
    for (size_t c = 0; c < n_local; ++c) {
        const size_t e = start[c];
        if (e - begin < 32) {
            for (size_t i = begin + 1; i < e; ++i) {
                const DayNumber d = day[i];
                if (!(d < day[i - 1])) continue;
                const double a = amount[i];
                uint32_t o = 0;
                uint16_t ch = 0;
                if constexpr (kExtras) {
                    if (order) o = order[i];
                    if (channel) ch = channel[i];
                }
                size_t j = i;
                for (; j > begin && d < day[j - 1]; --j) {
                    day[j] = day[j - 1];
                    amount[j] = amount[j - 1];
                    if constexpr (kExtras) {
                        if (order) order[j] = order[j - 1];
                        if (channel) channel[j] = channel[j - 1];
                    }
                }
                day[j] = d;
                amount[j] = a;
                if constexpr (kExtras) {
                    if (order) order[j] = o;
                    if (channel) channel[j] = ch;
                }
            }
        } else {
            sorted.resize(e - begin);
            for (size_t i = begin; i < e; ++i) {
                Local& l = sorted[i - begin];
                l.customer = customer[i];
                l.day = day[i];
                l.amount = amount[i];
                if constexpr (kExtras) {
                    l.order = order ? order[i] : 0;
                    l.channel = channel ? channel[i] : 0;
                }
            }
            std::stable_sort(sorted.begin(), sorted.end(), [](const Local& x, const Local& y) { return x.day < y.day; });
            for (size_t i = begin; i < e; ++i) {
                const Local& l = sorted[i - begin];
                day[i] = l.day;
                amount[i] = l.amount;
                if constexpr (kExtras) {
                    if (order) order[i] = l.order;
                    if (channel) channel[i] = l.channel;
                }
            }
        }
        begin = e;
    }
    for (size_t i = 0; i < n; ++i) log_totals_.purchase_value += amount[i];  // in the log's order
}

}  // namespace clv
