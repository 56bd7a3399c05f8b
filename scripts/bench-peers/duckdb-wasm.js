// Peer for scripts/bench: DuckDB-WASM (npm @duckdb/duckdb-wasm, its mvp bundle: the eh bundle
// fails under Node 20 with a WebAssembly.Tag link error) reading the CSV and grouping by customer,
// the result brought to JS. Prints {"seconds", "start_seconds", "customers"}.
'use strict';
const path = require('path');
const file = path.resolve(process.argv[2]);
const duckdb = require('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs');
const dist = path.dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm'));

(async () => {
  const t0 = performance.now();
  const bundles = {
    mvp: { mainModule: path.join(dist, 'duckdb-mvp.wasm'), mainWorker: path.join(dist, 'duckdb-node-mvp.worker.cjs') },
  };
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate(() => {});
  const conn = db.connect();
  db.registerFileURL('orders.csv', file, duckdb.DuckDBDataProtocol.NODE_FS, false);
  const t1 = performance.now();
  const result = conn.query(`
    SELECT customer_id, count(DISTINCT date) AS purchase_days, min(date) AS first_day, max(date) AS last_day,
           sum(amount) AS total
    FROM read_csv('orders.csv', header = true, columns = {'customer_id': 'VARCHAR', 'date': 'DATE', 'amount': 'DOUBLE'})
    GROUP BY customer_id`);
  const rows = result.toArray();
  const t2 = performance.now();
  console.log(JSON.stringify({ seconds: (t2 - t1) / 1000, start_seconds: (t1 - t0) / 1000, customers: rows.length }));
  conn.close();
})().catch((e) => { console.error(e); process.exit(1); });
