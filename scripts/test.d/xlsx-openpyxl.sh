#!/usr/bin/env bash
# The report workbook opened by an independent reader: `clv analyze --xlsx` on the bundled GBK
# sample, in English and 中文, checked with Debian's python3-openpyxl against the CSV export of
# the same analysis (tests/xlsx/check_report_openpyxl.py). Uses the native build of scripts/test.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${CLV_XLSX_BUILD:-$here/build/native}"
[ -f "$build/CMakeCache.txt" ] || cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j2 --target clv >/dev/null
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
sample="$here/assets/samples/orders_gbk.csv"
status=0
for lang in en zh; do
  "$build/clv" analyze "$sample" --xlsx "$out/report_$lang.xlsx" --lang "$lang" --customers "$out/customers.csv" >/dev/null 2>&1
  echo "-- $lang"
  /usr/bin/python3 "$here/tests/xlsx/check_report_openpyxl.py" "$out/report_$lang.xlsx" "$out/customers.csv" "$lang" || status=1
done
# The CLI reads workbooks too: each edge workbook gives the same summary as its CSV twin.
for book in chinese_inline dates_1904 title_rows_merged; do
  if diff <("$build/clv" summary "$here/tests/xlsx/data/$book.xlsx" 2>/dev/null) \
          <("$build/clv" summary "$here/tests/xlsx/data/$book.csv" 2>/dev/null) >/dev/null; then
    echo "ok clv summary $book.xlsx = $book.csv"
  else
    echo "FAILED clv summary $book.xlsx differs from $book.csv"; status=1
  fi
done
exit $status
