// A small made-up order file (customer_id,date,amount; ISO dates) for warming the browser's
// code up before the user's file comes: Chromium compiles wasm functions lazily on their first
// call and runs them on its baseline compiler (Liftoff) until they have run enough to be
// recompiled by the optimising one (TurboFan) on a background thread. A 1M-customer load in a
// fresh page therefore parses its first megabytes, and starts its summary and analysis, in
// baseline code while the optimising compiler competes for the cores (web/load_warm_up.hpp).
// Running the same code once on this file in the idle page moves that work before the load.
//
// The customers follow a buy-till-you-die process (repeat purchases at a per-customer rate, a
// per-customer chance to drop out after each), so the model fits on the file are well posed and
// take the same path as on real order files; the values are fixed (a seeded generator), so the
// warm-up does the same work on every page.
#pragma once
#include <cstdint>
#include <string>

namespace clv {

// About 2.5 lines per customer over two years (2023-01-01 .. 2024-12-31), shuffled like a real
// export would be (not grouped by customer); ~60 KB per thousand customers.
std::string make_warm_up_orders(uint32_t customers, uint64_t seed = 7);

}  // namespace clv
