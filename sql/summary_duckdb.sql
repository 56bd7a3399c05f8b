-- CLV Studio: orders → per-customer summary, in DuckDB (>= 1.1). The SQL route for order
-- histories too large for a browser tab (docs/SCALE.md). Produces exactly what the core computes
-- (`scripts/clv summary`, the app's Customers table) in lifetimes' columns
--   customer_id, frequency, recency, T, monetary_value
-- and the CSV of it loads straight into the app or `scripts/clv fit …`.
--
-- INPUT: a table or view named `orders` with the columns
--   customer_id  any type; read ids as text (VARCHAR) so that "00042" stays "00042"
--   order_date   DATE or TIMESTAMP (the time of day is dropped)
--   amount       number: the line's value; a NEGATIVE amount is a return or cancellation
--                (map returns flagged by a status or a "C…" invoice to a negative amount, or
--                leave those rows out: both give the same summary)
--
-- PARAMETERS (DuckDB variables, set before running this file; both optional):
--   SET VARIABLE calibration_end = '1997-09-30';  -- inclusive; 'auto' or unset: the last purchase day
--   SET VARIABLE unit = 'week';                   -- 'week' (days / 7) or 'day'; unset: week
--
-- CONVENTIONS (the core's, core/summary/customers.cpp and core/ingest/reader_rows.cpp):
--   * rows with a negative amount are returns: no purchase occasion, no value, and they do not
--     move the calibration end; a customer with only returns is not in the summary. Amount 0 is a
--     purchase occasion (a free item).
--   * ids are trimmed (spaces, tabs, CR) and "17850.0" reads as "17850"; empty ids, ids over 255
--     bytes and dates before 1900-01-01 or after today are left out (the core rejects those lines).
--   * all purchases of a customer on one day are one purchase occasion (a "purchase day").
--   * calibration end: inclusive; default the last purchase day in the data.
--   * frequency = purchase days within calibration after the first; recency = first → last
--     purchase day within calibration; T = first purchase day → calibration end; in weeks
--     (days / 7) or days.
--   * monetary_value = mean value of the repeat purchase days (the first day excluded); 0 when
--     frequency = 0.
--   * customers whose first purchase is after the calibration end are left out.
--
-- RUN (DuckDB CLI over a CSV of orders):
--   duckdb <<'SQL'
--   CREATE VIEW orders AS SELECT customer_id, date AS order_date, amount
--     FROM read_csv('orders.csv', header = true,
--                   columns = {'customer_id': 'VARCHAR', 'date': 'DATE', 'amount': 'DOUBLE'});
--   SET VARIABLE calibration_end = '1997-09-30';
--   SET VARIABLE unit = 'week';
--   .read sql/summary_duckdb.sql
--   COPY (SELECT * FROM clv_summary ORDER BY customer_id) TO 'summary.csv' (HEADER);
--   SQL
-- Then open summary.csv in the app, or: scripts/clv fit bgnbd summary.csv --json
-- From Python or Node: run the same statements (this file's text as one statement).
-- Parquet, a database table or an S3 path work the same: only the `orders` view changes.
--
-- The Spark SQL twin is sql/summary_spark.sql; tests/sql/summary_sql.test.mjs checks that both
-- say the same thing expression by expression, and runs this file against the core.

CREATE OR REPLACE TEMPORARY VIEW clv_summary AS
WITH
params AS (
  SELECT
    CASE
      WHEN coalesce(CAST(getvariable('calibration_end') AS VARCHAR), 'auto') IN ('', 'auto') THEN NULL
      WHEN TRY_CAST(CAST(getvariable('calibration_end') AS VARCHAR) AS DATE) IS NULL
        THEN error('calibration_end must be a date YYYY-MM-DD or auto')
      ELSE CAST(CAST(getvariable('calibration_end') AS VARCHAR) AS DATE)
    END AS calibration_end,
    CASE lower(coalesce(CAST(getvariable('unit') AS VARCHAR), 'week'))
      WHEN 'week' THEN CAST(7 AS DOUBLE)
      WHEN 'weeks' THEN CAST(7 AS DOUBLE)
      WHEN 'day' THEN CAST(1 AS DOUBLE)
      WHEN 'days' THEN CAST(1 AS DOUBLE)
      ELSE error('unit must be week or day')
    END AS days_per_unit
),
-- Order lines as the core reads them: trimmed ids, "17850.0" → "17850", the day of the order.
order_lines AS (
  SELECT
    regexp_replace(regexp_replace(CAST(customer_id AS VARCHAR), '^[ \t\r]+|[ \t\r]+$', '', 'g'), '^([0-9]+)[.]0+$', '\1') AS customer_id,
    CAST(order_date AS DATE) AS day,
    CAST(amount AS DOUBLE) + CAST(0 AS DOUBLE) AS amount  -- + 0: a "-0" is a purchase worth 0, not a return
  FROM orders
  WHERE customer_id IS NOT NULL AND order_date IS NOT NULL AND amount IS NOT NULL
),
-- Purchases only: a negative amount is a return (kept apart by the core, not a purchase).
purchases AS (
  SELECT customer_id, day, amount
  FROM order_lines
  WHERE customer_id <> '' AND strlen(customer_id) <= 255
    AND day >= CAST('1900-01-01' AS DATE) AND day <= current_date
    AND amount >= 0
),
bounds AS (
  SELECT
    coalesce(params.calibration_end, (SELECT max(day) FROM purchases)) AS calibration_end,
    params.days_per_unit AS days_per_unit
  FROM params
),
-- Purchase days: all purchases of a customer on one day are one occasion; only days up to the
-- calibration end (a customer whose first purchase is later has none and drops out here).
purchase_days AS (
  SELECT purchases.customer_id AS customer_id, purchases.day AS day, sum(purchases.amount) AS value
  FROM purchases CROSS JOIN bounds
  WHERE purchases.day <= bounds.calibration_end
  GROUP BY purchases.customer_id, purchases.day
),
ranked_days AS (
  SELECT customer_id, day, value, min(day) OVER (PARTITION BY customer_id) AS first_day
  FROM purchase_days
)
SELECT
  ranked_days.customer_id AS customer_id,
  count(*) - 1 AS frequency,
  CAST(datediff('day', min(ranked_days.first_day), max(ranked_days.day)) AS DOUBLE) / min(bounds.days_per_unit) AS recency,
  CAST(datediff('day', min(ranked_days.first_day), min(bounds.calibration_end)) AS DOUBLE) / min(bounds.days_per_unit) AS T,
  CASE
    WHEN count(*) > 1
      THEN sum(CASE WHEN ranked_days.day > ranked_days.first_day THEN ranked_days.value ELSE CAST(0 AS DOUBLE) END) / CAST(count(*) - 1 AS DOUBLE)
    ELSE CAST(0 AS DOUBLE)
  END AS monetary_value
FROM ranked_days CROSS JOIN bounds
GROUP BY ranked_days.customer_id;
