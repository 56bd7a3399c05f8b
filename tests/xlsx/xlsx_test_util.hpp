// Helpers shared by the .xlsx tests: files next to the tests, CSV and workbook reading through
// FileAnalysis, and per-customer summary comparison.
#pragma once
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "pipeline/file_analysis.hpp"
#include "xlsx/xlsx_import.hpp"

namespace clv::xlsx_test {

inline std::string data_path(const std::string& name) {
    std::string here = __FILE__;
    return here.substr(0, here.rfind('/')) + "/data/" + name;
}

inline std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

inline void analyse_csv_text(const std::string& text, FileAnalysis& a, const std::string& name = "orders.csv") {
    a.begin(name, text.size());
    for (size_t i = 0; i < text.size(); i += 1000) a.feed(text.data() + i, std::min<size_t>(1000, text.size() - i));
    a.finish(SummaryOptions{});
}

// The two summaries hold the same customers with the same x, t_x, T and spend.
inline void expect_same_summary(const FileAnalysis& csv, const FileAnalysis& xlsx) {
    ASSERT_EQ(csv.state(), AnalysisState::done) << csv.error();
    ASSERT_EQ(xlsx.state(), AnalysisState::done) << xlsx.error();
    const Customers& a = csv.customers();
    const Customers& b = xlsx.customers();
    ASSERT_EQ(a.rows.size(), b.rows.size());
    EXPECT_EQ(a.calibration_end, b.calibration_end);
    for (size_t i = 0; i < a.rows.size(); ++i) {
        const CustomerRow &x = a.rows[i], &y = b.rows[i];
        EXPECT_EQ(csv.log().customers.name(x.customer), xlsx.log().customers.name(y.customer)) << "row " << i;
        EXPECT_EQ(x.first_day, y.first_day) << "row " << i;
        EXPECT_EQ(x.purchase_days, y.purchase_days) << "row " << i;
        EXPECT_DOUBLE_EQ(x.x(), y.x()) << "row " << i;
        EXPECT_DOUBLE_EQ(x.t_x, y.t_x) << "row " << i;
        EXPECT_DOUBLE_EQ(x.T, y.T) << "row " << i;
        EXPECT_NEAR(x.total_value, y.total_value, 1e-9) << "row " << i;
        EXPECT_NEAR(x.monetary_value, y.monetary_value, 1e-9) << "row " << i;
    }
}

}  // namespace clv::xlsx_test
