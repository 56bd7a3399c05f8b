#!/usr/bin/env bash
# libFuzzer (clang, ASan + UBSan) on the sniffer + reader and on the .xlsx reader, 60 s each by
# default (CLV_FUZZ_SECONDS). Each runner prints executions and crashes and fails on a crash.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
seconds="${CLV_FUZZ_SECONDS:-60}"
export CXX="${CXX:-$(command -v clang++ || command -v clang++-14)}"
export CC="${CC:-$(command -v clang || command -v clang-14)}"
status=0 passed=0 failed=0
for runner in run-fuzz run-fuzz-xlsx; do
  if "$here/tests/fuzz/$runner" "$seconds"; then passed=$((passed + 1)); else failed=$((failed + 1)); status=1; fi
done
echo "fuzz: $passed passed, $failed failed"
exit $status
