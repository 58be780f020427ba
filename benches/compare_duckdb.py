#!/usr/bin/env python3
"""Compare `eduaid report` with DuckDB end to end on one seeded ledger file.

Needs DuckDB's Python package, which this script does not install:

    pip install duckdb

Usage (from the repository root):

    python3 benches/compare_duckdb.py [--entries 1000000] [--seed 2019]
                                      [--dir /tmp/eduaid-duckdb] [--repeat 3]
                                      [--threads N] [--cli PATH] [--detail]

Steps: builds the `eduaid` CLI (release; skipped with --cli PATH), generates
the ledger CSV and its programme JSON once with `eduaid generate` (kept in
--dir for later runs), then --repeat times runs, each as its own child
process, the file read through before each of the first two so both sides
start with it in the page cache:

  eduaid    `eduaid report LEDGER --program LEDGER.programme.json
            --by project,area,month --format csv --output OUT.csv`: the whole
            CLI, every row validated against the programme, report written.
            Measured: wall time around the child (perf_counter), exit code,
            peak RSS (ru_maxrss from os.wait4).
  duckdb    a Python child that imports duckdb, connects, sets threads if
            asked, runs the same grouping on `read_csv` of the file, writes the
            groups as JSON lines (values as strings, so decimals stay exact)
            and prints its own query wall time (execute + fetchall; the
            groups are sorted after it, for the repeat check). Measured:
            that query time, the child's wall time, its peak RSS.
  baseline  a Python child that only imports duckdb and connects: its peak
            RSS is subtracted from DuckDB's to show the query's net memory.

Reported: median wall time and max peak RSS of each side; eduaid/duckdb ratios
of wall time (eduaid's whole process against DuckDB's query alone, so the
Python start-up and import are not counted against DuckDB) and of peak RSS
(gross, and against DuckDB's RSS net of the baseline); whether every group is
identical (exact decimals and counts); and whether issue 4's target is met:
eduaid's wall time at most 0.5x DuckDB's and its peak RSS at most 1.0x
DuckDB's (gross). Exit status 1 if the results differ, 2 if a child fails.

--detail also runs `eduaid-bench report` (built unless --bench PATH) for the
load/report split, `Ledger::heap_bytes()` per entry and its own peak RSS.

The statistics month closes on the 25th: a date after the 25th belongs to the
next month (26 December to January of the next year). eduaid always groups by
measure too (units are never mixed), so DuckDB groups by
project, area, month, measure. Set RAYON_NUM_THREADS for eduaid's threads
and --threads for DuckDB's.
"""

import argparse
import decimal
import hashlib
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
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

REPORT_HEADER = "project,area,month,measure,value,entries"

# The DuckDB child: argv is mode (query|baseline), threads, then for a query
# the SQL and the JSON-lines output path. It prints `key value` lines.
DUCK_CHILD = r"""
import json, sys, time
mode, threads = sys.argv[1], int(sys.argv[2])
import duckdb
con = duckdb.connect()
# Its bar would print to our stdout (mixing with the lines below) and cost time.
con.execute("SET enable_progress_bar = false")
if threads:
    con.execute(f"SET threads = {threads}")
print("threads", con.execute("SELECT current_setting('threads')").fetchone()[0])
if mode == "query":
    sql, out = sys.argv[3], sys.argv[4]
    t0 = time.perf_counter()
    rows = con.execute(sql).fetchall()
    seconds = time.perf_counter() - t0
    rows.sort(key=lambda r: r[:4])  # untimed; groups come in any order
    with open(out, "w", encoding="utf-8") as f:
        for p, a, m, ms, v, n in rows:
            f.write(json.dumps([p, a, m, ms, str(v), n]) + "\n")
    print("query_seconds", repr(seconds))
    print("groups", len(rows))
"""


class ChildFailed(Exception):
    """A child process exited non-zero."""


def run_child(cmd, env=None):
    """Runs cmd; returns (wall seconds, peak RSS in bytes, stdout).

    stdout and stderr go to temporary files (not pipes), so waiting with
    os.wait4 cannot deadlock on a full pipe.

    Linux keeps the largest RSS a process had across exec, and a child
    spawned with vfork (as subprocess does) starts from this process's peak
    RSS, so a child's ru_maxrss is never below ours. main() keeps this
    process small until the last child has run, and reports that floor.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        code = os.waitstatus_to_exitcode(status)
        proc.returncode = code  # reaped here; keep Popen from waiting again
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    if code != 0:
        shown = " ".join(str(c) if len(str(c)) < 200 else "<sql>" for c in cmd)
        raise ChildFailed(f"exit status {code}: {shown}\n{stderr.strip()}")
    return wall, usage.ru_maxrss * 1024, stdout  # ru_maxrss is KiB on Linux


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
        if header != REPORT_HEADER:
            raise ChildFailed(f"unexpected report header {header!r} in {path}, wanted {REPORT_HEADER!r}")
        for line in f:
            project, area, month, measure, value, entries = line.rstrip("\n").split(",")
            groups[(project, area, month, measure)] = (
                decimal.Decimal(value),
                int(entries),
            )
    return groups


def read_duck_groups(path):
    groups = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            p, a, m, ms, v, n = json.loads(line)
            groups[(p, a, m, ms)] = (decimal.Decimal(v), int(n))
    return groups


def warm(path):
    """Reads the file once so neither side pays for a cold page cache.

    Through one small reused buffer: this process's peak RSS is the floor of
    every child's ru_maxrss (see run_child), so it must stay small.
    """
    buf = bytearray(1 << 20)
    with open(path, "rb", buffering=0) as f:
        while f.readinto(buf):
            pass


def same_as_before(previous, path, what):
    """The digest of `path`, which must equal the previous run's (if any)."""
    now = digest(path)
    if previous not in (None, now):
        raise ChildFailed(f"{what} on different runs")
    return now


def digest(path):
    h = hashlib.sha256()
    buf = bytearray(1 << 20)
    with open(path, "rb", buffering=0) as f:
        while n := f.readinto(buf):
            h.update(memoryview(buf)[:n])
    return h.hexdigest()


def build(root, package, binary, given):
    if given is not None:
        return given
    subprocess.run(
        ["cargo", "build", "--release", "-q", "-p", package, "--bin", binary],
        cwd=root,
        check=True,
    )
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(root, "target"))
    return os.path.join(target, "release", binary)


def detail(args, root, ledger, cli_groups):
    """eduaid-bench's load/report split and heap bytes, for diagnosis."""
    bench = build(root, "eduaid-benches", "eduaid-bench", args.bench)
    out_csv = os.path.join(args.dir, f"eduaid-bench-report-{args.entries}-{args.seed}.csv")
    _, rss, out = run_child([bench, "report", ledger, "--csv", out_csv, "--repeat", str(args.repeat)])
    e = parse_keyvalues(out)
    n = int(e["entries"])
    print(f"detail (eduaid-bench report, in-process medians of {args.repeat}):")
    for key, label in (
        ("load_seconds", "load (read_csv, every row checked)"),
        ("report_seconds", "report (rayon)"),
        ("report_1t_seconds", "report (one thread)"),
    ):
        s = float(e[key])
        print(f"  {label:40}{s:10.4f} s{s * 1e9 / n:10.1f} ns/entry")
    print(f"  heap {float(e['heap_bytes_per_entry']):.1f} B/entry, "
          f"peak RSS {int(e['peak_rss_bytes']) / 1e6:.0f} MB (wait4: {rss / 1e6:.0f} MB), "
          f"checksum {e['checksum']}")
    print(f"  same groups as the CLI: {read_eduaid_report(out_csv) == cli_groups}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    ap.add_argument("--entries", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=2019)
    ap.add_argument("--dir", default="/tmp/eduaid-duckdb")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each side (median time, max RSS)")
    ap.add_argument("--threads", type=int, default=0, help="DuckDB threads (0: its default)")
    ap.add_argument("--cli", default=None, help="a built eduaid CLI (skips cargo build)")
    ap.add_argument("--detail", action="store_true",
                    help="also run eduaid-bench for the load/report split and heap bytes")
    ap.add_argument("--bench", default=None, help="a built eduaid-bench for --detail (skips cargo build)")
    ap.add_argument("--fresh", action="store_true",
                    help="regenerate the ledger even if --dir has one (after a generator change)")
    args = ap.parse_args()
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")

    # Not imported here: it would raise this process's RSS, the floor of
    # every child's ru_maxrss (see run_child). The runs are children.
    if importlib.util.find_spec("duckdb") is None:
        sys.exit("DuckDB is not installed: pip install duckdb")

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    cli = build(root, "eduaid-cli", "eduaid", args.cli)

    os.makedirs(args.dir, exist_ok=True)
    ledger = os.path.join(args.dir, f"ledger-{args.entries}-{args.seed}.csv")
    programme = ledger + ".programme.json"
    if args.fresh or not (os.path.exists(ledger) and os.path.exists(programme)):
        print(f"generating {ledger} ...", flush=True)
        t0 = time.perf_counter()
        subprocess.run([cli, "generate", "--entries", str(args.entries), "--seed", str(args.seed),
                        "--output", ledger, "--program-output", programme], check=True)
        print(f"  in {time.perf_counter() - t0:.2f} s")
    size_mb = os.path.getsize(ledger) / 1e6

    report_csv = os.path.join(args.dir, f"eduaid-report-{args.entries}-{args.seed}.csv")
    duck_out = os.path.join(args.dir, f"duckdb-groups-{args.entries}-{args.seed}.jsonl")
    eduaid_cmd = [cli, "report", ledger, "--program", programme, "--by", "project,area,month",
                  "--format", "csv", "--output", report_csv]
    cols = "{" + ", ".join(f"'{k}': '{v}'" for k, v in COLUMNS.items()) + "}"
    sql = GROUPED.format(source=f"read_csv('{ledger}', header = true, columns = {cols})")
    duck_cmd = [sys.executable, "-c", DUCK_CHILD, "query", str(args.threads), sql, duck_out]
    base_cmd = [sys.executable, "-c", DUCK_CHILD, "baseline", str(args.threads)]

    e_wall, e_rss, d_query, d_wall, d_rss, b_rss = [], [], [], [], [], []
    e_digest = d_digest = None
    threads = "?"
    try:
        _, floor, _ = run_child(["true"])
        for i in range(args.repeat):
            # Interleaved, so load from the other engineers' jobs hits both sides alike.
            # Outputs are only hashed here; they are parsed after the last child,
            # so that this process stays small while the children run.
            # This machine pages out page-cache pages left unread for about a
            # minute (DAMON reclaim): each side starts from a warm cache.
            warm(ledger)
            wall, rss, _ = run_child(eduaid_cmd)
            e_wall.append(wall)
            e_rss.append(rss)
            e_digest = same_as_before(e_digest, report_csv, "eduaid wrote a different report")

            warm(ledger)
            wall, rss, out = run_child(duck_cmd)
            kv = parse_keyvalues(out)
            if "query_seconds" not in kv:
                raise ChildFailed(f"the DuckDB child printed no query_seconds:\n{out.strip()}")
            threads = kv["threads"]
            d_query.append(float(kv["query_seconds"]))
            d_wall.append(wall)
            d_rss.append(rss)
            d_digest = same_as_before(d_digest, duck_out, "DuckDB gave different groups")

            _, rss, _ = run_child(base_cmd)
            b_rss.append(rss)
            print(f"run {i + 1}/{args.repeat}: eduaid {e_wall[-1]:.3f} s {e_rss[-1] / 1e6:.0f} MB, "
                  f"duckdb query {d_query[-1]:.3f} s (process {d_wall[-1]:.3f} s) "
                  f"{d_rss[-1] / 1e6:.0f} MB, baseline {b_rss[-1] / 1e6:.0f} MB", flush=True)
        _, floor_after, _ = run_child(["true"])
        floor = max(floor, floor_after)
        eduaid_groups = read_eduaid_report(report_csv)
    except ChildFailed as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    duck_groups = read_duck_groups(duck_out)

    # Exact comparison of every group (Decimal equality: 240 == 240.00).
    missing = eduaid_groups.keys() - duck_groups.keys()
    extra = duck_groups.keys() - eduaid_groups.keys()
    differ = [k for k in eduaid_groups.keys() & duck_groups.keys() if eduaid_groups[k] != duck_groups[k]]
    identical = not (missing or extra or differ)

    n = sum(entries for _, entries in duck_groups.values())  # rows in the file
    e_time, d_time, d_proc = statistics.median(e_wall), statistics.median(d_query), statistics.median(d_wall)
    e_peak, d_peak, b_peak = max(e_rss), max(d_rss), max(b_rss)
    d_net = d_peak - b_peak
    time_ratio = e_time / d_time
    rss_ratio = e_peak / d_peak
    net_ratio = e_peak / d_net if d_net > 0 else float("inf")

    print()
    print(f"ledger: {n} rows, {size_mb:.0f} MB, seed {args.seed}; {len(duck_groups)} groups; "
          f"{args.repeat} run(s) each, median time, max peak RSS")
    print(f"{'':46}{'seconds':>10}{'ns/entry':>10}{'peak RSS MB':>13}")

    def line(label, s, rss):
        print(f"{label:46}{s:10.3f}{s * 1e9 / n:10.1f}{rss / 1e6:13.1f}")

    line("eduaid report, whole CLI process", e_time, e_peak)
    line(f"duckdb query ({threads} threads; RSS of its process)", d_time, d_peak)
    line("duckdb process (python start, import, query)", d_proc, d_peak)
    print(f"{'duckdb baseline (import + connect only)':46}{'':20}{b_peak / 1e6:13.1f}")
    print(f"{'duckdb query net of baseline':46}{'':20}{d_net / 1e6:13.1f}")
    print(f"{'floor of ru_maxrss here (a child running true)':46}{'':20}{floor / 1e6:13.1f}")
    if min(e_peak, b_peak) < 1.5 * floor:
        print("warning: a peak RSS is near the floor; it may be this script's, not the child's")
    print(f"ratio wall time, eduaid process / duckdb query: {time_ratio:.2f}")
    print(f"ratio peak RSS, eduaid / duckdb (gross): {rss_ratio:.2f}")
    print(f"ratio peak RSS, eduaid / duckdb net of baseline: {net_ratio:.2f}")
    print(f"results identical: {identical}"
          + ("" if identical else f" (missing {len(missing)}, extra {len(extra)}, differ {len(differ)})"))

    if args.detail:
        try:
            detail(args, root, ledger, eduaid_groups)
        except ChildFailed as err:
            print(f"error: {err}", file=sys.stderr)
            return 2

    met = identical and time_ratio <= 0.5 and rss_ratio <= 1.0
    print(f"target (<= 0.5x time, <= 1.0x peak RSS): {'met' if met else 'missed'}")
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
