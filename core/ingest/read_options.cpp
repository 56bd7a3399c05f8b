#include "ingest/read_options.hpp"

namespace clv {

std::string ReadOptions::check() const {
    if (customer_column == kNoColumn) return "no customer id column: choose which column identifies the customer";
    if (date_column == kNoColumn) return "no date column: choose which column holds the order date";
    if (amount_column == kNoColumn && (quantity_column == kNoColumn || unit_price_column == kNoColumn))
        return "no amount column: choose the order value column, or both quantity and unit price";
    if (date_format == DateFormat::unknown) return "the date format is unknown: choose one";
    if (delimiter == '\n' || delimiter == '\r' || (quote != '\0' && delimiter == quote))
        return "the delimiter cannot be a line break or the quote character";
    const int cols[] = {customer_column, date_column, amount_column, quantity_column, unit_price_column};
    for (int c : cols)
        if (c < kNoColumn) return "a column number is negative";
    return {};
}

}  // namespace clv
