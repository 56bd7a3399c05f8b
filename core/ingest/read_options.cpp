#include "ingest/read_options.hpp"

#include <cctype>

namespace clv {

const char* encoding_name(Encoding e) {
    switch (e) {
        case Encoding::utf8: return "UTF-8";
        case Encoding::utf16le: return "UTF-16LE";
        case Encoding::utf16be: return "UTF-16BE";
        case Encoding::gb18030: return "GB18030";
        case Encoding::big5: return "BIG5";
        case Encoding::windows1252: return "WINDOWS-1252";
    }
    return "UTF-8";
}

bool encoding_from_name(std::string_view name, Encoding& e) {
    std::string n;
    for (char c : name)
        if (c != '-' && c != '_' && c != ' ') n.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    struct Alias {
        const char* name;
        Encoding encoding;
    };
    // GBK and GB2312 are subsets of GB18030, so one decoder serves all three.
    static constexpr Alias aliases[] = {
        {"utf8", Encoding::utf8}, {"utf16le", Encoding::utf16le}, {"utf16", Encoding::utf16le},
        {"utf16be", Encoding::utf16be}, {"gb18030", Encoding::gb18030}, {"gbk", Encoding::gb18030},
        {"gb2312", Encoding::gb18030}, {"cp936", Encoding::gb18030}, {"big5", Encoding::big5},
        {"cp950", Encoding::big5}, {"windows1252", Encoding::windows1252}, {"cp1252", Encoding::windows1252},
        {"latin1", Encoding::windows1252}, {"iso88591", Encoding::windows1252},
    };
    for (const Alias& a : aliases)
        if (n == a.name) return e = a.encoding, true;
    return false;
}

std::string ReadOptions::check() const {
    if (customer_column == kNoColumn) return "no customer id column: choose which column identifies the customer";
    if (date_column == kNoColumn) return "no date column: choose which column holds the order date";
    if (amount_column == kNoColumn && (quantity_column == kNoColumn) != (unit_price_column == kNoColumn))
        return "an amount needs both a quantity and a unit price column (or an order value column)";
    if (date_format == DateFormat::unknown) return "the date format is unknown: choose one";
    if (delimiter == '\n' || delimiter == '\r' || (quote != '\0' && delimiter == quote))
        return "the delimiter cannot be a line break or the quote character";
    if (earliest_day > latest_day) return "the earliest plausible date is after the latest one";
    const int cols[] = {customer_column, date_column,   amount_column, quantity_column, unit_price_column,
                        order_column,    status_column, product_column, channel_column, country_column};
    for (int c : cols)
        if (c < kNoColumn) return "a column number is negative";
    const int roles[] = {customer_column, date_column, amount_column, quantity_column, unit_price_column};
    for (int i = 0; i < 5; ++i)
        for (int j = i + 1; j < 5; ++j)
            if (roles[i] != kNoColumn && roles[i] == roles[j])
                return "one column cannot play two roles (customer, date, amount, quantity, price)";
    return {};
}

bool ReadOverrides::empty() const {
    return !encoding && !delimiter && !has_header && !customer_column && !date_column && !amount_column &&
           !quantity_column && !unit_price_column && !order_column && !status_column && !channel_column && !date_format &&
           !decimal_comma && !latest_day;
}

int resolve_column(const ReadOptions& options, std::string_view name_or_number) {
    if (name_or_number.empty()) return kNoColumn;
    bool digits = true;
    for (char c : name_or_number) digits = digits && c >= '0' && c <= '9';
    if (digits && name_or_number.size() < 6) {
        const int n = std::stoi(std::string(name_or_number));
        return n >= 1 ? n - 1 : kNoColumn;
    }
    auto lower = [](std::string_view s) {
        std::string o;
        for (char c : s) o.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        return o;
    };
    const std::string want = lower(trim(name_or_number));
    for (size_t c = 0; c < options.column_names.size(); ++c)
        if (lower(trim(options.column_names[c])) == want) return static_cast<int>(c);
    return kNoColumn;
}

bool apply_overrides(const ReadOverrides& o, ReadOptions& options, std::string& error) {
    if (o.encoding && !encoding_from_name(*o.encoding, options.encoding)) {
        error = "unknown encoding '" + *o.encoding + "' (try utf-8, gbk, gb18030, big5, utf-16le, utf-16be, windows-1252)";
        return false;
    }
    if (o.delimiter) options.delimiter = *o.delimiter;
    if (o.has_header) options.has_header = *o.has_header;
    if (o.decimal_comma) options.decimal_comma = *o.decimal_comma;
    if (o.latest_day) options.latest_day = *o.latest_day;
    if (o.date_format && !date_format_from_name(*o.date_format, options.date_format)) {
        error = "unknown date format '" + *o.date_format + "' (try iso, compact, ymd/, mdy, dmy, chinese, excel, unix, unix-ms)";
        return false;
    }
    const std::pair<const std::optional<std::string>*, int*> columns[] = {
        {&o.customer_column, &options.customer_column}, {&o.date_column, &options.date_column},
        {&o.amount_column, &options.amount_column},     {&o.quantity_column, &options.quantity_column},
        {&o.unit_price_column, &options.unit_price_column}, {&o.order_column, &options.order_column},
        {&o.status_column, &options.status_column},     {&o.channel_column, &options.channel_column},
    };
    for (auto [given, column] : columns) {
        if (!*given) continue;
        if (**given == "none" || **given == "-") {
            *column = kNoColumn;
            continue;
        }
        const int c = resolve_column(options, **given);
        if (c == kNoColumn) {
            error = "no column '" + **given + "' (give a header name or a number from 1)";
            return false;
        }
        // A column taken for this role leaves any other role it had.
        for (auto [other_given, other] : columns)
            if (other != column && *other == c) *other = kNoColumn;
        *column = c;
    }
    // An explicit amount replaces quantity × price, and the other way round.
    if (o.amount_column && options.amount_column != kNoColumn) options.quantity_column = options.unit_price_column = kNoColumn;
    if ((o.quantity_column || o.unit_price_column) && !o.amount_column && options.quantity_column != kNoColumn &&
        options.unit_price_column != kNoColumn)
        options.amount_column = kNoColumn;
    return true;
}

}  // namespace clv
