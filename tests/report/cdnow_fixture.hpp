// Shared by the report tests: CDNOW_master read through the real sniffer, reader and summary
// (tests/models/model_data.hpp: calibration end 1997-09-30, weeks), once per test executable.
#pragma once
#include "models/model_data.hpp"

namespace clv::testing {

using Cdnow = CdnowData;

inline const Cdnow& cdnow() {
    static const Cdnow c = read_cdnow_master();
    return c;
}

}  // namespace clv::testing
