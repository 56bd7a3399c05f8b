// The browser's warm-up file (core/pipeline/warm_up_orders.hpp; web/load_warm_up.hpp runs it in
// the idle page): it must take the path a real order file takes (read without a rejection, every
// customer summarised, model fits that converge inside their bounds), or the warm-up would
// optimise error paths instead of the load's. Counts are checked against the text itself.
#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <string>

#include "pipeline/file_analysis.hpp"
#include "pipeline/warm_up_orders.hpp"
#include "report/analyze.hpp"

namespace clv {
namespace {

TEST(WarmUpOrders, IsReadWithoutRejectionsAndFitsConverge) {
    const std::string csv = make_warm_up_orders(3000);
    // Independent counts: lines after the header and distinct ids in the first column.
    std::istringstream in(csv);
    std::string line;
    std::getline(in, line);
    EXPECT_EQ(line, "customer_id,date,amount");
    uint64_t lines = 0;
    std::set<std::string> ids;
    while (std::getline(in, line)) {
        ++lines;
        ids.insert(line.substr(0, line.find(',')));
    }
    EXPECT_EQ(ids.size(), 3000u);
    EXPECT_GT(lines, 2 * 3000u);  // repeat buyers, so that the models have something to fit

    FileAnalysis a;
    a.begin("warm-up.csv", csv.size());
    for (size_t off = 0; off < csv.size(); off += 4096) a.feed(csv.data() + off, std::min<size_t>(4096, csv.size() - off));
    a.finish(SummaryOptions{});
    ASSERT_EQ(a.state(), AnalysisState::done) << a.error();
    EXPECT_EQ(a.accounting().rejected, 0u);
    EXPECT_EQ(a.accounting().used, lines);
    EXPECT_EQ(a.customers().rows.size(), ids.size());

    const Report r = analyze(a.log(), a.customers(), AnalysisSettings{});
    ASSERT_TRUE(r.ok()) << r.status;
    ASSERT_TRUE(r.models.fitted) << r.models.message;
    EXPECT_TRUE(r.models.counting.converged);
    EXPECT_TRUE(r.models.counting.diagnosis.empty()) << r.models.counting.diagnosis;
    ASSERT_TRUE(r.models.spend_fitted);
    EXPECT_TRUE(r.models.spend.converged);
}

TEST(WarmUpOrders, IsTheSameForTheSameSeed) {
    EXPECT_EQ(make_warm_up_orders(500), make_warm_up_orders(500));
    EXPECT_NE(make_warm_up_orders(500, 1), make_warm_up_orders(500, 2));
}

}  // namespace
}  // namespace clv
