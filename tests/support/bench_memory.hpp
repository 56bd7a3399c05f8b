// Peak memory figures for the benchmark drivers (tests/*/bench), natively and under Node.
#pragma once
#include <cstdint>
#include <fstream>
#include <string>
#ifdef __EMSCRIPTEN__
#include <unistd.h>  // sbrk
#endif

namespace clv::bench {

// The process's high-water mark of resident memory (VmHWM), in MiB; 0 where /proc is missing.
inline double peak_rss_mb() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
    return 0;
}

// The wasm linear memory size in MiB (0 natively).
inline double wasm_memory_mb() {
#ifdef __EMSCRIPTEN__
    return static_cast<double>(__builtin_wasm_memory_size(0)) * 65536.0 / (1024.0 * 1024.0);
#else
    return 0;
#endif
}

// The top of the malloc heap (the program break) in wasm: what the program actually used. The
// linear memory above is that plus the headroom Emscripten adds when it grows memory (up to 20%).
inline double wasm_heap_top_mb() {
#ifdef __EMSCRIPTEN__
    return static_cast<double>(reinterpret_cast<uintptr_t>(sbrk(0))) / (1024.0 * 1024.0);
#else
    return 0;
#endif
}

}  // namespace clv::bench
