#!/usr/bin/env bash
# Test stage: the SQL route (sql/summary_duckdb.sql with native DuckDB vs the core's summary on
# CDNOW, edge cases, Online Retail and the generated 1M file; Spark SQL parity). See docs/SCALE.md.
# Run by scripts/test (counted as one stage) or alone: bash scripts/test.d/sql.sh
# Ends with 'N passed, N failed'; exit 0 only when every test passed.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$here"
log_dir="$here/build/test-logs"
mkdir -p "$log_dir"
start=$SECONDS

# Native DuckDB from npm (its prebuilt binary comes as an npm optional dependency, nothing else).
if [ ! -d node_modules/@duckdb/node-api ]; then
  npm install --no-audit --no-fund --silent >"$log_dir/sql-npm.log" 2>&1 || { echo "sql: npm install failed (see $log_dir/sql-npm.log)"; echo "0 passed, 1 failed"; exit 1; }
fi
# The CLI the results are compared with, built once here (scripts/clv builds when sources changed).
build_start=$SECONDS
if ! scripts/clv --help >/dev/null 2>"$log_dir/sql-clv-build.log"; then
  echo "sql: the clv CLI did not build (see $log_dir/sql-clv-build.log)"; echo "0 passed, 1 failed"; exit 1
fi
[ $((SECONDS - build_start)) -lt 2 ] || echo "   (clv CLI rebuilt: $((SECONDS - build_start)) s)"
# The generated 1M-customer file (seeded), when a fresh clone does not have it yet.
if [ ! -f build/bench/orders-1000000.csv ]; then
  scripts/bench-data --customers 1000000 2>&1 | tail -1
fi
test_start=$SECONDS

CLV_BIN="$here/build/native/clv" node --test --test-reporter=tap tests/sql/ >"$log_dir/sql.log" 2>&1
status=$?
grep -E '^(not )?ok |1M file: |^# (todo|skip)' "$log_dir/sql.log" | grep -v '^# todo 0$\|^# skip 0$'
p=$(grep -E '^# pass [0-9]+' "$log_dir/sql.log" | awk '{print $3}')
f=$(grep -E '^# fail [0-9]+' "$log_dir/sql.log" | awk '{print $3}')
[ "$status" -eq 0 ] || [ "${f:-0}" -gt 0 ] || f=1  # the runner failed without a count
[ "${f:-0}" -eq 0 ] || grep -B2 -A25 '^not ok' "$log_dir/sql.log" | head -60
echo "   (tests $((SECONDS - test_start)) s, stage $((SECONDS - start)) s)"
echo "${p:-0} passed, ${f:-1} failed"
[ "$status" -eq 0 ] && [ "${f:-1}" -eq 0 ]
