#!/usr/bin/env python3
"""Opens the workbook `clv analyze --xlsx` wrote with an independent reader (openpyxl, Debian's
python3-openpyxl) and checks its sheets, headers, formats and a few values against the CSV
export of the same analysis (`clv analyze --customers`).

usage: check_report_openpyxl.py REPORT.xlsx CUSTOMERS.csv en|zh
Prints one line per check and a count of the checks passed; exits 1 on any failure.
"""
import csv
import math
import sys

import openpyxl

SHEETS = {
    "en": ["Overview", "Customers", "Segments", "Tiers", "Lifecycle", "Cohorts", "Watch-list", "Playbook", "Budget"],
    "zh": ["概览", "客户", "客户细分", "价值分层", "生命周期", "同期群", "流失预警", "行动方案", "预算分配"],
}
CUSTOMER_HEADER = {
    "en": ["Customer", "First purchase", "Last purchase", "Purchase days", "Revenue"],
    "zh": ["客户", "首次购买", "最近购买", "购买天数", "消费金额"],
}

passed = failed = 0


def check(ok, what):
    global passed, failed
    print(("ok     " if ok else "FAILED ") + what)
    if ok:
        passed += 1
    else:
        failed += 1


def main():
    path, customers_csv, lang = sys.argv[1], sys.argv[2], sys.argv[3]
    wb = openpyxl.load_workbook(path)
    check(wb.sheetnames == SHEETS[lang], f"sheets {wb.sheetnames}")
    ws = wb[SHEETS[lang][1]]
    header = [c.value for c in ws[1]]
    check(header[:5] == CUSTOMER_HEADER[lang], f"customers header {header[:5]}")
    check(len(header) == 24, f"24 customer columns ({len(header)})")
    check(ws.freeze_panes == "B2", f"frozen header and id column ({ws.freeze_panes})")
    check(ws.auto_filter.ref is not None and ws.auto_filter.ref.startswith("A1:X"), f"autofilter {ws.auto_filter.ref}")
    check(ws["B2"].number_format == "yyyy-mm-dd", f"date format {ws['B2'].number_format}")
    check(ws["E2"].number_format == "#,##0.00", f"money format {ws['E2'].number_format}")
    check(ws["R2"].number_format == "0.0%", f"percent format {ws['R2'].number_format}")

    with open(customers_csv, encoding="utf-8") as f:
        expected = {r["customer_id"]: r for r in csv.DictReader(f)}
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    check(len(rows) == len(expected), f"{len(rows)} customers in the sheet, {len(expected)} in the CSV export")
    sample = sorted(expected)[:: max(1, len(expected) // 25)]
    bad = []
    for cid in sample:
        r, e = rows.get(cid), expected[cid]
        if r is None:
            bad.append(cid)
            continue
        same = (math.isclose(r[4], float(e["revenue"]), rel_tol=1e-9, abs_tol=1e-9)
                and r[3] == int(e["purchase_days"])
                and (r[20] is None if e["clv"] in ("", "nan") else math.isclose(r[20], float(e["clv"]), rel_tol=1e-6)))
        if not same:
            bad.append(cid)
    check(not bad, f"revenue, purchase days and CLV of {len(sample)} sampled customers match the CSV export {bad[:3]}")

    ov = wb[SHEETS[lang][0]]
    formulas = [c.value for row in ov.iter_rows(min_col=2, max_col=2) for c in row if isinstance(c.value, str) and c.value.startswith("=")]
    check(any("COUNTA(" in f for f in formulas) and any("SUM(" in f for f in formulas),
          f"Overview has live formulas {formulas[:3]}")
    explained = [c.value for row in ov.iter_rows(min_col=3, max_col=3) for c in row if c.value]
    check(len(explained) >= 8, f"{len(explained)} KPI formulas explained")
    seg = wb[SHEETS[lang][2]]
    counts = [r[1] for r in seg.iter_rows(min_row=2, max_row=12, values_only=True)]
    check(sum(counts) == len(expected), f"segment sizes add up to the customers ({sum(counts)})")
    print(f"{passed} of {passed + failed} checks passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
