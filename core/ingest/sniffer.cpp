// The sniffer's driver: runs the numbered steps (see sniffer.hpp) over the head of the file and
// collects what they found, with a note for each guess the user may want to check.
#include "ingest/sniffer.hpp"

#include <algorithm>

#include "ingest/decoder.hpp"
#include "ingest/field_splitter.hpp"
#include "ingest/sniff_steps.hpp"

namespace clv {

using namespace sniff_detail;

namespace {
constexpr size_t kMaxSampleRecords = 200;
constexpr size_t kPreviewRows = 20;
// The sniffer decides from at most this much of the file's start, however large the first chunk
// the caller holds (the browser reads 8 MiB at a time): the sample is kMaxSampleRecords records,
// and the encoding step decodes its input twice (as GBK and as Big5) to compare them.
constexpr size_t kMaxSniffBytes = 512 * 1024;
}  // namespace

SniffResult sniff(std::string_view head, bool is_whole_file) {
    if (head.size() > kMaxSniffBytes) {
        head = head.substr(0, kMaxSniffBytes);
        is_whole_file = false;  // the cut may split a character or a record: the steps allow for that
    }
    SniffResult result;
    ReadOptions& o = result.options;
    if (head.empty()) {
        result.problem = "the file is empty";
        result.unreadable = true;
        return result;
    }
    // Step 0: not text at all.
    if (std::string p = non_text_problem(head); !p.empty()) {
        result.kind = FileKind::not_text;
        result.problem = std::move(p);
        result.unreadable = true;
        return result;
    }
    // Step 1: encoding; everything after works on UTF-8.
    std::string note;
    o.encoding = detect_encoding(head, is_whole_file, note);
    result.notes.push_back("encoding: " + note);
    std::string text = o.encoding == Encoding::utf8 ? std::string(head) : decode_to_utf8(head, o.encoding, is_whole_file);
    if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
    if (text.find('\n') == std::string::npos && text.find('\r') != std::string::npos) {
        o.cr_line_ends = true;
        std::replace(text.begin(), text.end(), '\r', '\n');
        result.notes.push_back("line ends: CR only (old Mac format)");
    }
    if (!is_whole_file && text.find('\n') == std::string::npos) {
        result.problem = "the first " + std::to_string(head.size() / 1024) +
                         " KB hold no line break: this is not a file of orders, one per line";
        result.unreadable = true;
        return result;
    }

    // Step 2: records and delimiter.
    const std::vector<std::string_view> records = sample_records(text, is_whole_file, kMaxSampleRecords);
    if (records.empty()) {
        result.problem = "the file has no data lines (it is empty or blank)";
        result.unreadable = true;
        return result;
    }
    o.delimiter = detect_delimiter(records);
    FieldSplitter splitter(o.delimiter, o.quote);
    std::vector<std::vector<std::string>> rows;
    size_t width = 0;
    for (std::string_view r : records) {
        const auto& f = splitter.split(r);
        rows.emplace_back(f.begin(), f.end());
        width = std::max(width, f.size());
    }
    for (auto& r : rows) r.resize(width);

    // Step 3: column profiles (over the lines after the first, which may be a header) and header.
    std::vector<ColumnProfile> profile = profile_columns(rows, rows.size() > 1 ? 1 : 0);
    o.has_header = detect_header(rows, profile);
    for (size_t c = 0; c < width; ++c)
        o.column_names.push_back(o.has_header ? std::string(trim(rows[0][c])) : "column " + std::to_string(c + 1));
    result.preview.assign(rows.begin(), rows.begin() + static_cast<long>(std::min(rows.size(), kPreviewRows)));

    if (o.has_header && detect_summary_file(o.column_names, result.summary)) {
        result.kind = FileKind::customer_summary;
        result.notes.push_back("a per-customer summary (frequency, recency, T): loaded directly, without orders");
        if (rows.size() < 2) result.problem = "the summary file has a header line but no customers";
        return result;
    }

    // Step 4: roles.
    assign_roles(rows, profile, result);

    // Step 5: formats.
    if (o.date_column != kNoColumn) {
        const ColumnProfile& p = profile[static_cast<size_t>(o.date_column)];
        o.date_format = p.date;
        if ((o.date_format == DateFormat::mdy_slash || o.date_format == DateFormat::dmy_slash) &&
            date_order_ambiguous(p.values.data(), p.values.size())) {
            result.date_order_assumed = true;
            result.notes.push_back("dates: every sampled date fits both M/D and D/M; assumed M/D/YYYY (US) — flip it if wrong");
        }
    }
    std::vector<std::string_view> numbers;
    for (int c : {o.amount_column, o.quantity_column, o.unit_price_column})
        if (c != kNoColumn) numbers.insert(numbers.end(), profile[static_cast<size_t>(c)].values.begin(),
                                           profile[static_cast<size_t>(c)].values.end());
    o.decimal_comma = detect_decimal_comma(numbers);
    if (o.decimal_comma) result.notes.push_back("numbers: decimal comma (12,50)");
    if (o.cancel_prefix) result.notes.push_back("order ids starting with C (C536379) are read as cancellations");

    result.problem = o.check();
    if (o.has_header && rows.size() < 2 && is_whole_file) {
        result.problem = "the file has a header line but no data lines";
        result.unreadable = true;
    }
    return result;
}

}  // namespace clv
