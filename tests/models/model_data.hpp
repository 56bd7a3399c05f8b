// Reference data for the model tests: the CDNOW sample and master files read through the real
// reader and summarise() with the published conventions (calibration to 1997-09-30, weeks).
#pragma once
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "ingest/reader.hpp"
#include "ingest/sniffer.hpp"
#include "summary/customers.hpp"
#include "support/test_files.hpp"

namespace clv::testing {

struct CdnowData {
    TransactionLog log;
    Customers customers;
};

inline CdnowData read_cdnow_sample() {
    ReadOptions o;
    o.delimiter = kWhitespaceDelimiter;
    o.has_header = false;
    o.customer_column = 1;  // the sample id 1..2357
    o.date_column = 2;
    o.amount_column = 4;
    o.date_format = DateFormat::ymd_compact;
    Reader r(o);
    r.feed(shared_data("CDNOW_sample.txt"));
    r.finish();
    EXPECT_EQ(r.accounting().rejected, 0u);
    CdnowData d;
    d.log = r.take_log();
    SummaryOptions so;
    so.calibration_end = days_from_civil(1997, 9, 30);
    so.unit = TimeUnit::week;
    d.customers = summarise(d.log, so);
    return d;
}

inline CdnowData read_cdnow_master() {
    const std::string text = shared_data("CDNOW_master.txt");
    const SniffResult s = sniff(text.substr(0, 65536), false);
    EXPECT_TRUE(s.problem.empty());
    Reader r(s.options);
    r.feed(text);
    r.finish();
    CdnowData d;
    d.log = r.take_log();
    SummaryOptions so;
    so.calibration_end = days_from_civil(1997, 9, 30);
    so.unit = TimeUnit::week;
    d.customers = summarise(d.log, so);
    return d;
}

// |actual - expected| <= rel * |expected|
inline ::testing::AssertionResult near_rel(double actual, double expected, double rel) {
    if (std::fabs(actual - expected) <= rel * std::fabs(expected)) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << actual << " is not within " << rel << " (relative) of " << expected;
}

}  // namespace clv::testing
