#!/usr/bin/env python3
"""Compare eduaid with DuckDB on one seeded ledger file.

Needs DuckDB's Python package, which this script does not install:

    pip install duckdb

Usage (from the repository root):

    python3 benches/compare_duckdb.py [--entries 1000000] [--seed 2019]
                                      [--dir /tmp/eduaid-duckdb] [--repeat 5]
                                      [--threads N]

Steps: builds `eduaid-bench` (release), generates the ledger CSV once (kept in
--dir for later runs), runs `eduaid-bench report` (load with every row checked,
then totals by project, area and statistics month), runs the same grouping in
DuckDB, checks that every group's value (exact decimals) and entry count are
identical, and prints both times and their ratios.

The statistics month closes on the 25th: a date after the 25th belongs to the
next month (26 December to January of the next year). eduaid always groups by
measure too (units are never mixed), so DuckDB groups by
project, area, month, measure.
"""

import argparse
import decimal
import os
import statistics
import subprocess
import sys
import time

COLUMNS = {
    "id": "VARCHAR",
    "date": "DATE",
    "project": "VARCHAR",
    "area": "VARCHAR",
    "school": "VARCHAR",
    "pairing": "VARCHAR",
    "measure": "VARCHAR",
    "breakdown": "VARCHAR",
    "value": "DECIMAL(38,2)",
    "source": "VARCHAR",
    "corrects": "VARCHAR",
}

MONTH = (
    "strftime(CASE WHEN day(date) > 25 THEN date + INTERVAL 1 MONTH "
    "ELSE date END, '%Y-%m')"
)

GROUPED = f"""
SELECT project, area, {MONTH} AS month, measure,
       SUM(value) AS value, COUNT(*) AS entries
FROM {{source}}
GROUP BY project, area, month, measure
"""


def run(cmd):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return out.stdout


def parse_keyvalues(text):
    kv = {}
    for line in text.splitlines():
        key, _, value = line.partition(" ")
        kv[key] = value
    return kv


def read_eduaid_report(path):
    groups = {}
    with open(path, encoding="utf-8") as f:
        header = f.readline().strip()
        expected = "project,area,month,measure,value,entries"
        if header != expected:
            sys.exit(f"unexpected report header {header!r}, wanted {expected!r}")
        for line in f:
            project, area, month, measure, value, entries = line.rstrip("\n").split(",")
            groups[(project, area, month, measure)] = (
                decimal.Decimal(value),
                int(entries),
            )
    return groups


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--entries", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=2019)
    ap.add_argument("--dir", default="/tmp/eduaid-duckdb")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--threads", type=int, default=0, help="DuckDB threads (0: its default)")
    ap.add_argument("--bin", default=None, help="a built eduaid-bench (skips cargo build)")
    ap.add_argument("--fresh", action="store_true",
                    help="regenerate the ledger even if --dir has one (after a generator change)")
    args = ap.parse_args()

    try:
        import duckdb
    except ImportError:
        sys.exit("DuckDB is not installed: pip install duckdb")

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    binary = args.bin
    if binary is None:
        subprocess.run(
            ["cargo", "build", "--release", "-q", "-p", "eduaid-benches", "--bin", "eduaid-bench"],
            cwd=root,
            check=True,
        )
        target = os.environ.get("CARGO_TARGET_DIR", os.path.join(root, "target"))
        binary = os.path.join(target, "release", "eduaid-bench")

    os.makedirs(args.dir, exist_ok=True)
    ledger = os.path.join(args.dir, f"ledger-{args.entries}-{args.seed}.csv")
    if args.fresh or not (os.path.exists(ledger) and os.path.exists(ledger + ".programme.json")):
        print(f"generating {ledger} ...", flush=True)
        gen = parse_keyvalues(run([binary, "generate", str(args.entries), str(args.seed), ledger]))
        print(f"  {gen['rows']} rows in {float(gen['generate_seconds']):.2f} s")
    size_mb = os.path.getsize(ledger) / 1e6

    # eduaid: load (every row checked against the programme), then report.
    report_csv = os.path.join(args.dir, f"eduaid-report-{args.entries}-{args.seed}.csv")
    t0 = time.perf_counter()
    out = run([binary, "report", ledger, "--csv", report_csv, "--repeat", str(args.repeat)])
    eduaid_wall = time.perf_counter() - t0
    e = parse_keyvalues(out)
    eduaid_groups = read_eduaid_report(report_csv)

    # DuckDB: straight from the CSV, then load once and group the table.
    con = duckdb.connect()
    if args.threads:
        con.execute(f"SET threads = {args.threads}")
    threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
    cols = "{" + ", ".join(f"'{k}': '{v}'" for k, v in COLUMNS.items()) + "}"
    source = f"read_csv('{ledger}', header = true, columns = {cols})"
    t0 = time.perf_counter()
    rows = con.execute(GROUPED.format(source=source)).fetchall()
    duck_csv = time.perf_counter() - t0
    t0 = time.perf_counter()
    con.execute(f"CREATE TABLE ledger AS SELECT * FROM {source}")
    duck_load = time.perf_counter() - t0
    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        table_rows = con.execute(GROUPED.format(source="ledger")).fetchall()
        times.append(time.perf_counter() - t0)
    duck_group = statistics.median(times)

    duck_groups = {(p, a, m, ms): (v, n) for p, a, m, ms, v, n in rows}
    duck_table = {(p, a, m, ms): (v, n) for p, a, m, ms, v, n in table_rows}
    if duck_groups != duck_table:
        sys.exit("DuckDB gave different groups from the CSV and from the table")

    # Exact comparison of every group (Decimal equality: 240 == 240.00).
    missing = eduaid_groups.keys() - duck_groups.keys()
    extra = duck_groups.keys() - eduaid_groups.keys()
    differ = [k for k in eduaid_groups.keys() & duck_groups.keys() if eduaid_groups[k] != duck_groups[k]]
    identical = not (missing or extra or differ)

    n = int(e["entries"])
    load = float(e["load_seconds"])
    rep = float(e["report_seconds"])
    rep1 = float(e["report_1t_seconds"])
    print(f"ledger: {n} entries, {size_mb:.0f} MB, seed {args.seed}; {len(eduaid_groups)} groups")
    print(f"results identical: {identical}"
          + ("" if identical else f" (missing {len(missing)}, extra {len(extra)}, differ {len(differ)})"))
    print(f"{'':42}{'seconds':>10}{'ns/entry':>10}")

    def line(label, s):
        print(f"{label:42}{s:10.4f}{s * 1e9 / n:10.1f}")

    line("eduaid load (read_csv, every row checked)", load)
    line("eduaid report (rayon)", rep)
    line("eduaid report (one thread)", rep1)
    line("eduaid load + report", load + rep)
    line("eduaid process wall (incl. startup, repeats)", eduaid_wall)
    line(f"duckdb csv -> groups ({threads} threads)", duck_csv)
    line("duckdb load into a table", duck_load)
    line("duckdb group-by on the table (median)", duck_group)
    print(f"ratio end to end, eduaid (load + report) / duckdb (csv -> groups): {(load + rep) / duck_csv:.2f}")
    print(f"ratio ingest, eduaid load / duckdb load: {load / duck_load:.2f}")
    print(f"ratio grouping, eduaid report / duckdb group-by: {rep / duck_group:.2f}")
    print(f"eduaid heap {float(e['heap_bytes_per_entry']):.1f} B/entry, "
          f"peak RSS {int(e['peak_rss_bytes']) / 1e6:.0f} MB, checksum {e['checksum']}")
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
