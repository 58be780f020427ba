"""The eduaid grouped report, computed by Spark from an `eduaid export` directory.

Same semantics as `eduaid report` (and the library's `report`):

- the statistics month of a date closes on the cutoff day (25 by default; a
  cutoff of 29 to 31 closes short months on their last day): 26 May to
  25 June is June, 26 December is January of the next year;
- flows (`kind = 'flow'`) are summed, corrections included, each entry in
  the group of its own date;
- a stock series (the same project, area, school, pairing, breakdown and
  source) takes, in each group, its latest snapshot: an original entry plus
  every correction in its chain of corrections, wherever they lie; on one
  day the later entry of the ledger (`seq`) wins; series are summed; a
  stock's entries are its originals in the group;
- values are exact: `value` is `decimal(38,2)`, sums stay decimal.

Usage (see scripts/spark-compare.sh):

    spark-submit examples/spark/report.py --data DIR \
        --query 'by-month.csv=--by project,area,month' \
        --query 'stocks.csv=--by year --cutoff 20 --from 2018-01-01 --measure schools-equipped'

Each `--query OUT.csv=ARGS` writes one report, all from one Spark session;
ARGS are those of `eduaid report`: `--by DIMS`, `--cutoff DAY`, `--from
DATE`, `--to DATE`, `--project CODE`, `--area CODE`, `--measure CODE`.
The output is the CSV of `eduaid report --format csv`: the grouping columns
in the order asked, `measure` if it was not among them, `value`, `entries`;
rows sorted by the grouping columns; money with 2 fraction digits, counts
whole.
"""

import argparse
import csv
import shlex
import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import DecimalType

DIMS = ["project", "area", "school", "pairing", "measure", "breakdown", "source", "month", "year"]
SERIES = ["project", "area", "school", "pairing", "breakdown", "source"]


def query_parser():
    p = argparse.ArgumentParser(prog="query", add_help=False, exit_on_error=False)
    p.add_argument("--by", default="", help="grouping dimensions, comma-separated")
    p.add_argument("--cutoff", type=int, default=25, help="statistics cutoff day (1 to 31)")
    p.add_argument("--from", dest="date_from", help="only entries on or after this date")
    p.add_argument("--to", dest="date_to", help="only entries on or before this date")
    p.add_argument("--project", action="append", default=[])
    p.add_argument("--area", action="append", default=[])
    p.add_argument("--measure", action="append", default=[])
    return p


def parse_query(text):
    """`OUT.csv=ARGS` into the output path and the query."""
    out, sep, args = text.partition("=")
    if not sep or not out:
        raise SystemExit(f"--query {text!r}: expected OUT.csv=ARGS")
    q = query_parser().parse_args(shlex.split(args))
    q.output = out
    q.by = [d.strip() for d in q.by.split(",") if d.strip()]
    for d in q.by:
        if d not in DIMS or q.by.count(d) > 1:
            raise SystemExit(f"--query {text!r}: bad grouping {q.by}")
    if not 1 <= q.cutoff <= 31:
        raise SystemExit(f"--query {text!r}: the cutoff day is 1 to 31")
    return q


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", required=True, help="the directory `eduaid export` wrote")
    p.add_argument("--query", action="append", required=True, metavar="OUT.csv=ARGS")
    a = p.parse_args(argv)
    a.queries = [parse_query(q) for q in a.query]
    return a


def with_period(df, cutoff):
    """Adds `month` (`YYYY-MM`, the statistics month) and `year` from `date`."""
    close = F.least(F.lit(cutoff), F.dayofmonth(F.last_day("date")))
    ordinal = (
        F.year("date") * 12
        + F.month("date")
        - 1
        + F.when(F.dayofmonth("date") > close, 1).otherwise(0)
    )
    y = F.floor(ordinal / 12).cast("int")
    m = (ordinal - y * 12 + 1).cast("int")
    return (
        df.drop("month")
        .withColumn("month", F.format_string("%04d-%02d", y, m))
        .withColumn("year", y)
    )


def admitted(df, a):
    """The query's filters, on an entry's own date and codes."""
    if a.date_from:
        df = df.where(F.col("date") >= F.to_date(F.lit(a.date_from)))
    if a.date_to:
        df = df.where(F.col("date") <= F.to_date(F.lit(a.date_to)))
    for name, codes in (("project", a.project), ("area", a.area), ("measure", a.measure)):
        if codes:
            df = df.where(F.col(name).isin(codes))
    return df


def stock_roots(corrections, max_steps=64):
    """Each stock correction with the original at the root of its chain."""
    links = corrections.select(F.col("id").alias("link_id"), F.col("corrects").alias("link_to"))
    cur = corrections.select("id", "value", F.col("corrects").alias("root"))
    for _ in range(max_steps):
        step = cur.join(links, cur.root == links.link_id, "left")
        if step.where(F.col("link_id").isNotNull()).limit(1).count() == 0:
            return cur
        cur = step.select("id", "value", F.coalesce("link_to", "root").alias("root")).localCheckpoint()
    raise SystemExit(f"a chain of corrections is longer than {max_steps}")


def report(data, a):
    df = with_period(data, a.cutoff)
    keys = a.by + ([] if "measure" in a.by else ["measure"])

    flows = admitted(df.where(F.col("kind") == "flow"), a)
    flow_rows = flows.groupBy(*keys).agg(F.sum("value").alias("value"), F.count(F.lit(1)).alias("entries"))

    stocks = df.where(F.col("kind") == "stock")
    roots = stock_roots(stocks.where(F.col("corrects").isNotNull()))
    adjust = roots.groupBy("root").agg(F.sum("value").alias("adjust"))
    originals = admitted(stocks.where(F.col("corrects").isNull()), a)
    snaps = originals.join(adjust, originals.id == adjust.root, "left").withColumn(
        "net", (F.col("value") + F.coalesce(F.col("adjust"), F.lit(0))).cast(DecimalType(38, 2))
    )
    # Each series' latest snapshot in each group: the greatest (date, seq),
    # an aggregate that Spark partially computes before the shuffle.
    part = keys + [s for s in SERIES if s not in keys]
    series = snaps.groupBy(*part).agg(
        F.max(F.struct("date", "seq", "net")).alias("latest"), F.count(F.lit(1)).alias("n")
    ).withColumn("net", F.col("latest.net"))
    stock_rows = series.groupBy(*keys).agg(F.sum("net").alias("value"), F.sum("n").alias("entries"))

    units = df.select("measure", "unit").distinct()
    rows = flow_rows.unionByName(stock_rows).join(units, "measure").collect()
    return keys, rows


def text(v):
    return "" if v is None else str(v)


def value_text(value, unit):
    """Money with 2 fraction digits, counts whole (their `.00` is exact)."""
    if unit == "yuan":
        return f"{value:.2f}"
    whole = value.to_integral_value()
    if whole != value:
        raise SystemExit(f"a count total {value} is not whole")
    return str(int(whole))


def sort_key(keys, row):
    # Absent codes sort first, as in eduaid; years sort as numbers.
    out = []
    for k in keys:
        v = row[k]
        out.append((v is not None, v if v is not None else ""))
    return out


def write(keys, rows, path):
    rows.sort(key=lambda r: sort_key(keys, r))
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(keys + ["value", "entries"])
        for r in rows:
            w.writerow([text(r[k]) for k in keys] + [value_text(r["value"], r["unit"]), r["entries"]])
    print(f"{path}: {len(rows)} rows", file=sys.stderr)


def main(argv):
    a = parse_args(argv)
    spark = SparkSession.builder.appName("eduaid-report").getOrCreate()
    try:
        # The files' own columns only: the directory names' year= and month=
        # would otherwise be read as columns too, and `month` clash.
        data = spark.read.option("recursiveFileLookup", "true").parquet(a.data).cache()
        for q in a.queries:
            keys, rows = report(data, q)
            write(keys, rows, q.output)
    finally:
        spark.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
