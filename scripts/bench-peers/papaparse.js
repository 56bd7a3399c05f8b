// Peer for scripts/bench: PapaParse (header, dynamicTyping, fastMode) over the whole file, then a
// JS group-by per customer (purchase days, first/last day, total). Prints {"seconds", "parse_seconds", "customers"}.
'use strict';
const fs = require('fs');
const Papa = require('papaparse');
const t0 = performance.now();
const text = fs.readFileSync(process.argv[2], 'utf8');
const parsed = Papa.parse(text, { header: true, dynamicTyping: true, fastMode: true, skipEmptyLines: true });
const t1 = performance.now();
const groups = new Map();
for (const r of parsed.data) {
  let g = groups.get(r.customer_id);
  if (!g) groups.set(r.customer_id, (g = { days: new Set(), first: r.date, last: r.date, total: 0 }));
  g.days.add(r.date);
  if (r.date < g.first) g.first = r.date;
  if (r.date > g.last) g.last = r.date;
  g.total += r.amount;
}
const t2 = performance.now();
console.log(JSON.stringify({ seconds: (t2 - t0) / 1000, parse_seconds: (t1 - t0) / 1000, customers: groups.size }));
