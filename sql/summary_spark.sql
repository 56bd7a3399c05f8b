-- CLV Studio: orders → per-customer summary, in Spark SQL (>= 3.2; Databricks SQL works the
-- same). The twin of sql/summary_duckdb.sql, expression for expression:
-- tests/sql/summary_sql.test.mjs checks that mechanically (Spark cannot run in the project's test
-- environment; DuckDB can, and the DuckDB file is compared with the core customer by customer).
-- Produces lifetimes' columns
--   customer_id, frequency, recency, T, monetary_value
-- exactly as the core computes them; the CSV of it loads straight into the app or
-- `scripts/clv fit …`. Conventions: see docs/SCALE.md and the head of sql/summary_duckdb.sql.
--
-- INPUT: a table or (temporary) view named `orders` with the columns
--   customer_id  any type; keep ids as STRING so that "00042" stays "00042"
--   order_date   DATE or TIMESTAMP (the time of day is dropped)
--   amount       number: the line's value; a NEGATIVE amount is a return or cancellation
--                (map returns flagged by a status or a "C…" invoice to a negative amount, or
--                leave those rows out: both give the same summary)
--
-- PARAMETERS: Spark's variable substitution (spark.sql.variable.substitute, on by default)
-- replaces ${calibration_end} and ${unit} below before parsing. Set both, e.g. in the session:
--   SET calibration_end = 1997-09-30;   -- inclusive; auto = the last purchase day in the data
--   SET unit = week;                    -- week (days / 7) or day
-- or on the command line: spark-sql --hivevar calibration_end=auto --hivevar unit=week …
-- A variable left unset stays as the literal text "${…}" and stops the query with
-- "calibration_end must be a date YYYY-MM-DD or auto" / "unit must be week or day".
--
-- RUN (spark-sql over a CSV of orders; a file job.sql):
--   CREATE OR REPLACE TEMPORARY VIEW orders_csv
--     USING csv OPTIONS (path '/data/orders.csv', header 'true');   -- every column a STRING
--   CREATE OR REPLACE TEMPORARY VIEW orders AS
--     SELECT customer_id, CAST(date AS DATE) AS order_date, CAST(amount AS DOUBLE) AS amount
--     FROM orders_csv;
--   SET calibration_end = auto;
--   SET unit = week;
--   <the text of this file>
--   INSERT OVERWRITE DIRECTORY '/out/clv_summary' USING csv OPTIONS (header 'true')
--     SELECT * FROM clv_summary;
-- (`cat head.sql sql/summary_spark.sql tail.sql > job.sql && spark-sql -f job.sql`), or
-- from PySpark: spark.conf.set("calibration_end", "auto"); spark.conf.set("unit", "week");
--   spark.sql(open("sql/summary_spark.sql").read()); spark.table("clv_summary")
--     .coalesce(1).write.option("header", True).csv("/out/clv_summary")
-- then drop the part-*.csv file into the app (or scripts/clv fit bgnbd part-….csv --json).

CREATE OR REPLACE TEMPORARY VIEW clv_summary AS
WITH
params AS (
  SELECT
    CASE
      WHEN coalesce(CAST('${calibration_end}' AS STRING), 'auto') IN ('', 'auto') THEN NULL
      WHEN TRY_CAST(CAST('${calibration_end}' AS STRING) AS DATE) IS NULL
        THEN raise_error('calibration_end must be a date YYYY-MM-DD or auto')
      ELSE CAST(CAST('${calibration_end}' AS STRING) AS DATE)
    END AS calibration_end,
    CASE lower(coalesce(CAST('${unit}' AS STRING), 'week'))
      WHEN 'week' THEN CAST(7 AS DOUBLE)
      WHEN 'weeks' THEN CAST(7 AS DOUBLE)
      WHEN 'day' THEN CAST(1 AS DOUBLE)
      WHEN 'days' THEN CAST(1 AS DOUBLE)
      ELSE raise_error('unit must be week or day')
    END AS days_per_unit
),
-- Order lines as the core reads them: trimmed ids, "17850.0" → "17850", the day of the order.
order_lines AS (
  SELECT
    regexp_replace(regexp_replace(CAST(customer_id AS STRING), '^[ \t\r]+|[ \t\r]+$', ''), '^([0-9]+)[.]0+$', '$1') AS customer_id,
    CAST(order_date AS DATE) AS day,
    CAST(amount AS DOUBLE) + CAST(0 AS DOUBLE) AS amount  -- + 0: a "-0" is a purchase worth 0, not a return
  FROM orders
  WHERE customer_id IS NOT NULL AND order_date IS NOT NULL AND amount IS NOT NULL
),
-- Purchases only: a negative amount is a return (kept apart by the core, not a purchase).
purchases AS (
  SELECT customer_id, day, amount
  FROM order_lines
  WHERE customer_id <> '' AND octet_length(customer_id) <= 255
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
  CAST(datediff(max(ranked_days.day), min(ranked_days.first_day)) AS DOUBLE) / min(bounds.days_per_unit) AS recency,
  CAST(datediff(min(bounds.calibration_end), min(ranked_days.first_day)) AS DOUBLE) / min(bounds.days_per_unit) AS T,
  CASE
    WHEN count(*) > 1
      THEN sum(CASE WHEN ranked_days.day > ranked_days.first_day THEN ranked_days.value ELSE CAST(0 AS DOUBLE) END) / CAST(count(*) - 1 AS DOUBLE)
    ELSE CAST(0 AS DOUBLE)
  END AS monetary_value
FROM ranked_days CROSS JOIN bounds
GROUP BY ranked_days.customer_id;
