// The SQL route (docs/SCALE.md): sql/summary_duckdb.sql, run by native DuckDB (npm
// @duckdb/node-api), must give the core's per-customer summary (`scripts/clv summary`) for every
// customer — frequency exactly, recency, T and monetary_value within 1e-9 relative — on CDNOW
// master, on a file of edge cases (returns, free items, same-day lines, odd ids, implausible
// dates), on Online Retail (cancellations, negative quantities, free lines, float ids) and on the
// generated 1M-customer file. sql/summary_spark.sql cannot run here: it is checked to be the
// DuckDB file under a fixed table of dialect rewrites (the same table docs/SCALE.md shows).
// The 1M file is generated (seeded) when missing: scripts/bench-data --customers 1000000.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const DATA = process.env.CLV_SHARED_DATA || path.join(ROOT, '../shared/data');
const CDNOW = path.join(DATA, 'CDNOW_master.txt');
const RETAIL = path.join(DATA, 'online_retail_2010_2011.csv.gz');
const BENCH_1M = path.join(ROOT, 'build/bench/orders-1000000.csv');
const DUCKDB_SQL = path.join(ROOT, 'sql/summary_duckdb.sql');
const SPARK_SQL = path.join(ROOT, 'sql/summary_spark.sql');
const SCALE_MD = path.join(ROOT, 'docs/SCALE.md');
// The native CLI: scripts/test.d/sql.sh builds it once (scripts/clv); scripts/clv itself would
// rebuild on every call while core sources are newer than the binary.
const CLV = process.env.CLV_BIN || (fs.existsSync(path.join(ROOT, 'build/native/clv')) ? path.join(ROOT, 'build/native/clv') : path.join(ROOT, 'scripts/clv'));
const REL = 1e-9;

let tmp, instance, conn;

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'clv-sql-'));
  instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  conn = await instance.connect();
});
after(() => {
  conn?.closeSync?.();
  instance?.closeSync?.();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const q = (s) => `'${String(s).replace(/'/g, "''")}'`;

// The core's summary of an order file, through the CLI (a child process, so it runs beside
// DuckDB); resolves to the CSV's path.
async function coreSummary(file, { calibrationEnd, unit } = {}) {
  const out = path.join(tmp, `core-${path.basename(file)}-${calibrationEnd || 'auto'}-${unit || 'week'}.csv`);
  const args = ['summary', file, '-o', out];
  if (calibrationEnd) args.push('--calibration-end', calibrationEnd);
  if (unit) args.push('--unit', unit);
  await promisify(execFile)(CLV, args, { maxBuffer: 1 << 24 });
  return out;
}

// Runs sql/summary_duckdb.sql over `ordersSql` (a SELECT giving customer_id, order_date, amount)
// with the parameters set as a user would (SET VARIABLE): the view clv_summary, its rows in sql_summary.
async function runDuckdbSummary(ordersSql, { calibrationEnd, unit } = {}) {
  await conn.run(`CREATE OR REPLACE TEMPORARY VIEW orders AS ${ordersSql}`);
  await conn.run(calibrationEnd ? `SET VARIABLE calibration_end = ${q(calibrationEnd)}` : 'RESET VARIABLE calibration_end');
  await conn.run(unit ? `SET VARIABLE unit = ${q(unit)}` : 'RESET VARIABLE unit');
  await conn.run(fs.readFileSync(DUCKDB_SQL, 'utf8'));
  // Evaluated once: the comparison and any COPY read this table.
  await conn.run('CREATE OR REPLACE TEMPORARY TABLE sql_summary AS SELECT * FROM clv_summary');
}

// Compares sql_summary with the core's CSV customer by customer, inside DuckDB.
async function compareWithCore(coreCsv) {
  await conn.run(`CREATE OR REPLACE TEMPORARY TABLE core_summary AS SELECT * FROM read_csv(${q(coreCsv)}, header = true,
      columns = {'customer_id': 'VARCHAR', 'frequency': 'BIGINT', 'recency': 'DOUBLE', 'T': 'DOUBLE', 'monetary_value': 'DOUBLE'})`);
  const close = (c) => `(abs(c.${c} - s.${c}) <= ${REL} * greatest(abs(c.${c}), abs(s.${c})))`;
  const differs = `c.customer_id IS NULL OR s.customer_id IS NULL OR c.frequency <> s.frequency
      OR NOT ${close('recency')} OR NOT ${close('T')} OR NOT ${close('monetary_value')}`;
  const counts = (await conn.runAndReadAll(`SELECT
      (SELECT count(*) FROM core_summary), (SELECT count(*) FROM sql_summary),
      (SELECT count(*) - count(DISTINCT customer_id) FROM sql_summary),
      count(*) FILTER (WHERE s.customer_id IS NULL), count(*) FILTER (WHERE c.customer_id IS NULL),
      count(*) FILTER (WHERE ${differs})
    FROM core_summary c FULL OUTER JOIN sql_summary s ON c.customer_id = s.customer_id`)).getRows()[0].map(Number);
  const [core, sql, duplicates, onlyCore, onlySql, mismatched] = counts;
  const examples = mismatched
    ? (await conn.runAndReadAll(`SELECT c.*, s.* FROM core_summary c FULL OUTER JOIN sql_summary s
        ON c.customer_id = s.customer_id WHERE ${differs} LIMIT 5`)).getRows()
    : [];
  return { core, sql, duplicates, onlyCore, onlySql, mismatched, examples };
}

function assertSame(r, expectCustomers) {
  const detail = JSON.stringify(r, (k, v) => (typeof v === 'bigint' ? Number(v) : v));
  assert.ok(r.core > 0, `the core summarised no customer: ${detail}`);
  if (expectCustomers !== undefined) assert.equal(r.core, expectCustomers, detail);
  assert.equal(r.duplicates, 0, `duplicate customer ids in the SQL summary: ${detail}`);
  assert.equal(r.onlyCore + r.onlySql + r.mismatched, 0, `SQL and core differ: ${detail}`);
  assert.equal(r.sql, r.core, detail);
}

async function check(file, ordersSql, params, expectCustomers) {
  const core = coreSummary(file, params);
  await runDuckdbSummary(ordersSql, params);
  const r = await compareWithCore(await core);
  assertSame(r, expectCustomers);
  return r;
}

// CDNOW_master.txt: runs of spaces between fields, a leading space, CRLF: each line read whole
// and split on whitespace (read_csv's single-character delimiter cannot take runs of spaces).
const CDNOW_ORDERS = `SELECT f[1] AS customer_id, strptime(f[2], '%Y%m%d')::DATE AS order_date, CAST(f[4] AS DOUBLE) AS amount
  FROM (SELECT regexp_split_to_array(trim(line), '[ \\t]+') AS f
        FROM read_csv(${q(CDNOW)}, columns = {'line': 'VARCHAR'}, delim = '|', quote = '', escape = '', header = true))`;

test('CDNOW master, calibration to 1997-09-30 in weeks: SQL = core for all 23,570 customers', async () => {
  await check(CDNOW, CDNOW_ORDERS, { calibrationEnd: '1997-09-30', unit: 'week' }, 23570);
  // The literature's split: 1997-01-01 buyers have T = 272 days = 38.86 weeks.
  const rows = (await conn.runAndReadAll(`SELECT T FROM sql_summary WHERE customer_id = '00001'`)).getRows();
  assert.ok(Math.abs(rows[0][0] - 272 / 7) < 1e-12);
});

test('CDNOW master, default calibration end (last purchase day), in days: SQL = core', async () => {
  await check(CDNOW, CDNOW_ORDERS, { unit: 'day' }, 23570);
});

// Edge cases, read by both sides from one CSV. Expected values are asserted as well, so a change
// in either side is noticed even if both changed together.
const EDGE_CSV = `customer_id,date,amount
A,2024-01-01,10.00
A,2024-01-01,5.00
A,2024-01-08,20.00
A,2024-01-08,-20.00
A,2024-02-01,0.00
  B  ,2024-01-03,7.25
B,2024-01-17,3.10
B,2024-01-17,0.20
B,2024-03-02,-3.00
17850.0,2024-01-05,12.00
17850,2024-02-05,8.00
007,2024-01-06,1.00
7,2024-01-06,2.00
7,2024-03-06,3.00
C,2024-01-10,-5.00
C,2024-02-10,-6.00
D,2024-03-20,40.00
D,2024-03-25,60.00
E,2024-01-10,9.99
E,2024-03-31,1.01
E,2024-04-15,-1.01
F,2099-01-01,100.00
F,2024-02-29,30.00
G,1899-12-31,50.00
G,2024-02-01,1.00
G,2024-02-02,2.00
,2024-01-05,3.00
H,2024-01-02,-0.00
H,2024-01-09,-0.00
I,2024-01-04,0.10
I,2024-01-05,0.20
I,2024-01-05,0.10
I,2024-01-06,0.70
`;

function edgeFile() {
  const file = path.join(tmp, 'edge-orders.csv');
  if (!fs.existsSync(file)) fs.writeFileSync(file, EDGE_CSV);
  return file;
}
const edgeOrders = (file) => `SELECT customer_id, TRY_CAST(date AS DATE) AS order_date, TRY_CAST(amount AS DOUBLE) AS amount
  FROM read_csv(${q(file)}, header = true, all_varchar = true)`;

test('edge cases (returns, free items, same-day lines, ids, implausible dates): SQL = core, several splits', async () => {
  const file = edgeFile();
  for (const params of [{}, { unit: 'day' }, { calibrationEnd: '2024-03-01', unit: 'week' }, { calibrationEnd: '2024-03-01', unit: 'day' }])
    await check(file, edgeOrders(file), params);

  // Default end, days: explicit expectations.
  await runDuckdbSummary(edgeOrders(file), { unit: 'day' });
  const got = Object.fromEntries((await conn.runAndReadAll('SELECT * FROM sql_summary')).getRows()
    .map(([id, f, r, T, m]) => [id, [Number(f), r, T, m]]));
  // The last purchase day is E's 2024-03-31: neither E's later return nor F's 2099 order moves it.
  assert.deepEqual(got.A, [2, 31, 90, 10]);          // 2024-01-01 (15) | 01-08 (20; the return ignored) | 02-01 (0)
  assert.deepEqual(got.B, [1, 14, 88, 3.3000000000000003]); // "  B  " is B; 3.10 + 0.20 on one day; the return ignored
  assert.deepEqual(got['17850'], [1, 31, 86, 8]);    // "17850.0" is 17850
  assert.deepEqual(got['007'], [0, 0, 85, 0]);       // "007" and "7" are two customers
  assert.deepEqual(got['7'], [1, 60, 85, 3]);
  assert.equal(got.C, undefined);                     // returns only: not a customer of the summary
  assert.deepEqual(got.E, [1, 81, 81, 1.01]);
  assert.deepEqual(got.F, [0, 0, 31, 0]);             // 2099 is after today: left out as the core rejects it
  assert.deepEqual(got.G, [1, 1, 59, 2]);             // 1899 is before 1900: left out
  assert.deepEqual(got.H, [1, 7, 89, 0]);             // "-0.00" is a purchase worth 0, not a return
  assert.ok(Object.is(got.H[3], 0), 'monetary_value -0 for H');
  assert.equal(Object.keys(got).length, 11);          // A B 17850 007 7 D E F G H I; not C, not the empty id
  // With the calibration end before D's first purchase, D drops out.
  await runDuckdbSummary(edgeOrders(file), { calibrationEnd: '2024-03-01' });
  const ids = (await conn.runAndReadAll('SELECT customer_id FROM sql_summary ORDER BY customer_id')).getRows().map((r) => r[0]);
  assert.ok(!ids.includes('D') && ids.includes('A'));
});

test('bad parameters stop the query with a message', async () => {
  const file = edgeFile();
  await assert.rejects(runDuckdbSummary(edgeOrders(file), { unit: 'month' }).then(() => conn.runAndReadAll('SELECT * FROM clv_summary')),
    /unit must be week or day/);
  await assert.rejects(runDuckdbSummary(edgeOrders(file), { calibrationEnd: '2024-02-30' }).then(() => conn.runAndReadAll('SELECT * FROM clv_summary')),
    /calibration_end must be a date/);
  await runDuckdbSummary(edgeOrders(file), { calibrationEnd: 'auto', unit: 'weeks' });
  await conn.runAndReadAll('SELECT * FROM clv_summary');
});

// Online Retail: the orders view says which lines are purchases the way the core's reader does
// (a "C…" invoice or a negative quantity is a return: left out; quantity x price; a line at
// price 0 that is not a return is a free item the core rejects).
const RETAIL_ORDERS = `SELECT CustomerID AS customer_id, CAST(TRY_CAST(InvoiceDate AS TIMESTAMP) AS DATE) AS order_date,
    TRY_CAST(Quantity AS DOUBLE) * TRY_CAST(UnitPrice AS DOUBLE) AS amount
  FROM read_csv(${q(RETAIL)}, header = true, all_varchar = true)
  WHERE NOT regexp_matches(trim(InvoiceNo), '^[Cc][0-9]')
    AND TRY_CAST(Quantity AS DOUBLE) >= 0
    AND TRY_CAST(UnitPrice AS DOUBLE) <> 0`;

test('Online Retail (cancellations, negative quantities, free lines, "17850.0" ids): SQL = core', { skip: !fs.existsSync(RETAIL) && 'no Online Retail file' }, async () => {
  await check(RETAIL, RETAIL_ORDERS, {}, 4338);
});

test('generated 1M-customer file: SQL = core for every customer', { timeout: 120000 }, async () => {
  if (!fs.existsSync(BENCH_1M)) execFileSync(path.join(ROOT, 'scripts/bench-data'), ['--customers', '1000000'], { stdio: 'inherit' });
  const orders = `SELECT customer_id, date AS order_date, amount FROM read_csv(${q(BENCH_1M)}, header = true,
      columns = {'customer_id': 'VARCHAR', 'date': 'DATE', 'amount': 'DOUBLE'})`;
  const t0 = performance.now();
  let t1;
  const core = coreSummary(BENCH_1M, {}).then((f) => ((t1 = performance.now()), f));
  await runDuckdbSummary(orders, {});
  await conn.run(`COPY sql_summary TO ${q(path.join(tmp, 'sql-1m.csv'))} (HEADER)`);
  const t2 = performance.now();
  const r = await compareWithCore(await core);
  assertSame(r);
  assert.ok(r.core > 900000, `only ${r.core} customers`);
  console.log(`1M file: ${r.core} customers; core CLI summary ${((t1 - t0) / 1000).toFixed(2)} s, ` +
    `DuckDB (1 thread) summary to CSV ${((t2 - t0) / 1000).toFixed(2)} s (side by side), comparison ` +
    `${((performance.now() - Math.max(t1, t2)) / 1000).toFixed(2)} s`);
});

// The CSV the SQL writes is a summary file the core loads as it is (what a user drops into the app).
test('the DuckDB summary CSV loads into the core unchanged', async () => {
  await runDuckdbSummary(CDNOW_ORDERS, { calibrationEnd: '1997-09-30' });
  const sqlCsv = path.join(tmp, 'cdnow-sql-summary.csv');
  await conn.run(`COPY (SELECT * FROM sql_summary ORDER BY customer_id) TO ${q(sqlCsv)} (HEADER)`);
  const reloaded = path.join(tmp, 'cdnow-sql-reloaded.csv');
  execFileSync(CLV, ['summary', sqlCsv, '-o', reloaded], { stdio: ['ignore', 'ignore', 'pipe'] });
  assertSame(await compareWithCore(reloaded), 23570);
});

// Fitting the SQL summary gives the published CDNOW master BG/NBD (the data README's figures).
test('clv fit bgnbd on the DuckDB summary CSV reproduces the CDNOW master fit', async () => {
  await runDuckdbSummary(CDNOW_ORDERS, { calibrationEnd: '1997-09-30' });
  const sqlCsv = path.join(tmp, 'cdnow-sql-fit.csv');
  await conn.run(`COPY sql_summary TO ${q(sqlCsv)} (HEADER)`);
  const run = spawnSync(CLV, ['fit', 'bgnbd', sqlCsv, '--json'], { encoding: 'utf8' });
  assert.equal(run.signal, null, `clv fit crashed (${run.signal}) on a summary file`);
  assert.equal(run.status, 0, run.stderr);
  const fit = JSON.parse(run.stdout);
  const want = { r: 0.2516, alpha: 4.7889, a: 0.7234, b: 2.1611 };
  for (const [k, v] of Object.entries(want)) assert.ok(Math.abs(fit.params[k] / v - 1) < 1e-3, `${k} ${fit.params[k]} vs ${v}`);
  assert.ok(Math.abs(fit.loglik - -95368.44) < 0.01, `loglik ${fit.loglik}`);
});

// ---- Spark parity --------------------------------------------------------------------------
// The rewrites that turn the DuckDB dialect into Spark SQL's. Applied to the DuckDB file's query,
// they must give the Spark file's query token for token; each must be used, so none is stale.
export const DIALECT_REWRITES = [
  { what: 'parameter', duckdb: "getvariable('NAME')", spark: "'${NAME}'", from: /getvariable\('(\w+)'\)/g, to: "'$${$1}'" },
  { what: 'text type', duckdb: 'VARCHAR', spark: 'STRING', from: /\bVARCHAR\b/g, to: 'STRING' },
  { what: 'stop with a message', duckdb: "error('…')", spark: "raise_error('…')", from: /\berror\('/g, to: "raise_error('" },
  { what: 'replace every match', duckdb: "regexp_replace(s, p, r, 'g')", spark: 'regexp_replace(s, p, r)', from: /, 'g'\)/g, to: ')' },
  { what: 'regex back-reference', duckdb: "'\\1'", spark: "'$1'", from: /'\\1'/g, to: "'$$1'" },
  { what: 'byte length', duckdb: 'strlen(s)', spark: 'octet_length(s)', from: /\bstrlen\(/g, to: 'octet_length(' },
  {
    what: 'days between dates', duckdb: "datediff('day', a, b)", spark: 'datediff(b, a)',
    from: /datediff\('day', ((?:[^(),]|\([^()]*\))+), ((?:[^(),]|\([^()]*\))+)\)/g, to: 'datediff($2, $1)',
  },
];

// The query of a file: from CREATE to the end, without comments, whitespace collapsed.
function normalisedQuery(file) {
  const text = fs.readFileSync(file, 'utf8');
  const start = text.search(/^CREATE OR REPLACE TEMPORARY VIEW clv_summary AS/m);
  assert.ok(start >= 0, `${file}: no CREATE OR REPLACE TEMPORARY VIEW clv_summary`);
  return text.slice(start).split('\n').map((l) => l.replace(/--.*$/, '')).join(' ').replace(/\s+/g, ' ').trim();
}

test('Spark SQL file = DuckDB file under the dialect rewrites, expression for expression', () => {
  let duck = normalisedQuery(DUCKDB_SQL);
  const spark = normalisedQuery(SPARK_SQL);
  for (const rule of DIALECT_REWRITES) {
    const uses = (duck.match(rule.from) || []).length;
    assert.ok(uses > 0, `rewrite '${rule.what}' is not used by the DuckDB file any more`);
    duck = duck.replace(rule.from, rule.to);
  }
  if (duck !== spark) {
    const a = duck.split(/(?<=[,(])\s*/), b = spark.split(/(?<=[,(])\s*/);
    let i = 0;
    while (i < a.length && a[i] === b[i]) ++i;
    assert.fail(`the files differ after the rewrites at:\n  duckdb→spark: ${a.slice(i, i + 4).join(' ')}\n  spark:        ${b.slice(i, i + 4).join(' ')}`);
  }
  // Nothing DuckDB-only is left in the Spark file, nothing Spark-only in the DuckDB file.
  for (const w of ['getvariable', 'VARCHAR', 'strlen', "'g')", "datediff('day'", '::'])
    assert.ok(!spark.includes(w), `Spark file contains DuckDB's ${w}`);
  for (const w of ['${', 'raise_error', 'octet_length', 'STRING'])
    assert.ok(!normalisedQuery(DUCKDB_SQL).includes(w), `DuckDB file contains Spark's ${w}`);
});

test('docs/SCALE.md shows the same dialect table the parity check uses', () => {
  const md = fs.readFileSync(SCALE_MD, 'utf8');
  const rows = md.split('\n').filter((l) => /^\|\s*`/.test(l)).map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
  for (const rule of DIALECT_REWRITES) {
    const row = rows.find((r) => r[0] === '`' + rule.duckdb + '`');
    assert.ok(row, `docs/SCALE.md has no table row for DuckDB \`${rule.duckdb}\``);
    assert.equal(row[1], '`' + rule.spark + '`', `docs/SCALE.md: Spark column for ${rule.duckdb}`);
  }
});
