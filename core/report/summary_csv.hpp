// The per-customer summary as CSV with lifetimes' column names, so analysts can load it in
// Python (lifetimes, PyMC-Marketing) or R (CLVTools) and compare.
#pragma once
#include <ostream>

#include "summary/customers.hpp"

namespace clv {

// customer_id,frequency,recency,T,monetary_value
void write_summary_csv(std::ostream& out, const TransactionLog& log, const Customers& customers);

// Shortest text that reads back within 1e-10 relative (no trailing zeros, no exponent for
// ordinary magnitudes).
std::string format_number(double v);

}  // namespace clv
