// Reading reference files in tests: ../shared/data (real data sets with published figures) and
// the app's assets/. Works natively and under Node (the wasm tests link with NODERAWFS).
#pragma once
#include <fstream>
#include <sstream>
#include <string>

namespace clv::testing {

inline std::string read_text_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

inline std::string shared_data(const std::string& name) { return read_text_file(std::string(CLV_SHARED_DATA) + "/" + name); }

}  // namespace clv::testing
