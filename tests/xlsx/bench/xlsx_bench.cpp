// .xlsx read throughput beside CSV on the same rows (issue 10). Not a test: built on demand as
// clv_xlsx_bench (native, and under emcmake for Node), driven by scripts/bench-xlsx.
//   clv_xlsx_bench generate ROWS PREFIX [inline]  writes PREFIX.csv and PREFIX.xlsx with the same orders
//                                         (text as shared strings like Excel; `inline`: inline strings)
//   clv_xlsx_bench read PREFIX [REPEAT]   reads both through FileAnalysis; prints MB/s and rows/s
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "pipeline/file_analysis.hpp"
#include "xlsx/xlsx_import.hpp"
#include "xlsx/xlsx_writer.hpp"

namespace {

using clv::xlsx::Style;

uint64_t g_state = 0x9E3779B97F4A7C15ULL;  // the bench's own RNG state (a tool, not the core)
uint64_t next() { return (g_state = g_state * 6364136223846793005ULL + 1442695040888963407ULL) >> 33; }

const char* kProducts[] = {"T-shirt", "Mug", "Notebook", "Backpack", "Headphones", "Water bottle", "Socks", "Lamp"};
const char* kStatus[] = {"paid", "paid", "paid", "paid", "paid", "paid", "shipped", "refunded"};

int generate(long rows, const std::string& prefix, bool inline_strings) {
    std::ofstream csv(prefix + ".csv", std::ios::binary);
    csv << "order_id,customer_id,customer_name,order_date,product,quantity,amount,status\n";
    clv::xlsx::WorkbookWriter w;
    if (!w.open(prefix + ".xlsx", {}, inline_strings)) return 1;
    w.add_sheet("Orders");
    const char* header[] = {"order_id", "customer_id", "customer_name", "order_date", "product", "quantity", "amount", "status"};
    for (int c = 0; c < 8; ++c) w.text(0, c, header[c], Style::header);
    const clv::DayNumber start = clv::days_from_civil(2021, 1, 1);
    char line[256], id[32], customer[32], name[48], date[16], amount[32];
    for (long i = 0; i < rows; ++i) {
        const unsigned long c = next() % 200000;
        std::snprintf(id, sizeof id, "SO%08ld", i + 1);
        std::snprintf(customer, sizeof customer, "CU%06lu", c);
        std::snprintf(name, sizeof name, "Customer %lu", c);
        const clv::DayNumber day = start + static_cast<clv::DayNumber>(next() % 1000);
        const clv::CivilDate d = clv::civil_from_days(day);
        std::snprintf(date, sizeof date, "%04d-%02u-%02u", d.year, d.month, d.day);
        const int quantity = 1 + static_cast<int>(next() % 4);
        const double value = static_cast<double>(next() % 50000) / 100.0 + 1;
        std::snprintf(amount, sizeof amount, "%.2f", value);
        const char* product = kProducts[next() % 8];
        const char* status = kStatus[next() % 8];
        std::snprintf(line, sizeof line, "%s,%s,%s,%s,%s,%d,%s,%s\n", id, customer, name, date, product, quantity, amount, status);
        csv << line;
        const int r = static_cast<int>(i) + 1;
        w.text(r, 0, id);
        w.text(r, 1, customer);
        w.text(r, 2, name);
        w.date(r, 3, day);
        w.text(r, 4, product);
        w.number(r, 5, quantity, Style::integer);
        w.number(r, 6, std::strtod(amount, nullptr), Style::money);
        w.text(r, 7, status);
    }
    std::string error;
    if (!w.close(error)) {
        std::fprintf(stderr, "%s\n", error.c_str());
        return 1;
    }
    return 0;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

int read(const std::string& prefix, int repeat) {
    std::string csv, book;
    if (!clv::xlsx::read_whole_file(prefix + ".csv", csv) || !clv::xlsx::read_whole_file(prefix + ".xlsx", book)) {
        std::fprintf(stderr, "cannot read %s.csv / .xlsx (generate them first)\n", prefix.c_str());
        return 1;
    }
    double best_csv = 1e9, best_xlsx = 1e9, cpu_csv = 1e9, cpu_xlsx = 1e9;  // wall and CPU seconds
    uint64_t rows = 0;
    clv::XlsxStats stats;
    for (int k = 0; k < repeat; ++k) {
        auto t0 = std::chrono::steady_clock::now();
        std::clock_t c0 = std::clock();
        {
            clv::FileAnalysis a;
            a.begin("bench.csv", csv.size());
            for (size_t i = 0; i < csv.size(); i += 8u << 20) a.feed(csv.data() + i, std::min<size_t>(8u << 20, csv.size() - i));
            a.finish(clv::SummaryOptions{});
            if (a.state() != clv::AnalysisState::done) return std::fprintf(stderr, "%s\n", a.error().c_str()), 1;
            rows = a.accounting().used + a.accounting().returns;
        }
        best_csv = std::min(best_csv, seconds_since(t0));
        cpu_csv = std::min(cpu_csv, static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC);
        t0 = std::chrono::steady_clock::now();
        c0 = std::clock();
        {
            clv::FileAnalysis a;
            std::string error;
            if (!clv::analyse_xlsx(book, "bench.xlsx", "", clv::SummaryOptions{}, a, error, nullptr, &stats) ||
                a.state() != clv::AnalysisState::done)
                return std::fprintf(stderr, "%s %s\n", error.c_str(), a.error().c_str()), 1;
            if (a.accounting().used + a.accounting().returns != rows) return std::fprintf(stderr, "row counts differ\n"), 1;
        }
        best_xlsx = std::min(best_xlsx, seconds_since(t0));
        cpu_xlsx = std::min(cpu_xlsx, static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC);
    }
    const double mb = 1024.0 * 1024.0;
    std::printf("rows: %llu (best of %d)\n", static_cast<unsigned long long>(rows), repeat);
    std::printf("csv : %7.1f MB file  %6.2f s wall %6.2f s CPU  %7.1f MB/s  %9.0f rows/s (per CPU second)\n", csv.size() / mb,
                best_csv, cpu_csv, csv.size() / mb / cpu_csv, rows / cpu_csv);
    std::printf("xlsx: %7.1f MB file  %6.2f s wall %6.2f s CPU  %7.1f MB/s  %9.0f rows/s (per CPU second; sheet XML %.1f MB: %.1f MB/s)\n",
                book.size() / mb, best_xlsx, cpu_xlsx, book.size() / mb / cpu_xlsx, rows / cpu_xlsx, stats.xml_bytes / mb,
                stats.xml_bytes / mb / cpu_xlsx);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string cmd = argc > 1 ? argv[1] : "";
    if (cmd == "generate" && (argc == 4 || argc == 5)) return generate(std::atol(argv[2]), argv[3], argc == 5);
    if (cmd == "read" && (argc == 3 || argc == 4)) return read(argv[2], argc == 4 ? std::atoi(argv[3]) : 3);
    std::fprintf(stderr, "usage: clv_xlsx_bench generate ROWS PREFIX [inline] | read PREFIX [REPEAT]\n");
    return 2;
}
