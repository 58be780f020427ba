#!/usr/bin/env python3
"""Time `eduaid export --format parquet` against `eduaid report` on one
seeded ledger file, and weigh the Parquet directory against the CSV.

Usage (from the repository root):

    python3 benches/compare_parquet.py [--entries 10000000] [--seed 7]
                                       [--dir /tmp/eduaid-parquet] [--repeat 3]
                                       [--cli PATH]

Builds the `eduaid` CLI (release; skipped with --cli PATH), generates the
ledger CSV and its programme (three measures declared stocks) once with
`eduaid generate` (kept in --dir for later runs), then --repeat times, the
file read through before each so both start with it in the page cache:

  report   `eduaid report LEDGER --by project,area,month --format csv`
  export   `eduaid export LEDGER --format parquet --output DIR` (DIR removed
           before each run): reads and checks the ledger, keeps it, writes
  reread   `eduaid report DIR --by project,area,month --format csv`: the
           files totalled one by one and merged

Reported: the median wall time of each (the whole process, perf_counter
around the child), export/report (issue 13's target: at most 2), the CSV's
and the directory's bytes and their ratio (target: at most a third), bytes a
row, and whether the report of the directory is byte-identical to the CSV's.
Exit status 1 if a target is missed or the reports differ.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

STOCKS = ["teachers-sent", "schools-equipped", "placements"]


def run(cmd, **kw):
    t = time.perf_counter()
    subprocess.run(cmd, check=True, **kw)
    return time.perf_counter() - t


def read_through(path):
    with open(path, "rb") as f:
        while f.read(1 << 24):
            pass


def dir_bytes(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--entries", type=int, default=10_000_000)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--dir", default="/tmp/eduaid-parquet")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--cli")
    a = p.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    cli = a.cli
    if cli is None:
        subprocess.run(["cargo", "build", "--release", "--locked", "-p", "eduaid-cli"], cwd=root, check=True)
        cli = os.path.join(root, "target", "release", "eduaid")
    os.makedirs(a.dir, exist_ok=True)
    csv = os.path.join(a.dir, f"ledger-{a.entries}-{a.seed}.csv")
    prog = csv + ".programme.json"
    if not os.path.exists(csv):
        stock_args = [x for s in STOCKS for x in ("--stock", s)]
        run([cli, "generate", "--entries", str(a.entries), "--seed", str(a.seed), "--output", csv,
             "--program-output", prog] + stock_args)
    out = os.path.join(a.dir, "out")
    os.makedirs(out, exist_ok=True)
    pq = os.path.join(a.dir, "ledger.parquet")
    by = ["--by", "project,area,month", "--format", "csv"]
    times = {"report": [], "export": [], "reread": []}
    for _ in range(a.repeat):
        read_through(csv)
        times["report"].append(run([cli, "report", csv, "--program", prog, *by, "--output", f"{out}/csv.csv"]))
        shutil.rmtree(pq, ignore_errors=True)
        read_through(csv)
        times["export"].append(run([cli, "export", csv, "--program", prog, "--format", "parquet", "--output", pq],
                                   stdout=subprocess.DEVNULL))
        times["reread"].append(run([cli, "report", pq, "--program", prog, *by, "--output", f"{out}/dir.csv"]))
    med = {k: statistics.median(v) for k, v in times.items()}
    csv_bytes, pq_bytes = os.path.getsize(csv), dir_bytes(pq)
    same = open(f"{out}/csv.csv", "rb").read() == open(f"{out}/dir.csv", "rb").read()
    ratio, size = med["export"] / med["report"], pq_bytes / csv_bytes
    print(f"entries {a.entries}, seed {a.seed}, {a.repeat} runs, medians:")
    for k in ("report", "export", "reread"):
        print(f"  {k:<7} {med[k]:8.3f} s   (runs: {', '.join(f'{t:.3f}' for t in times[k])})")
    print(f"  export / report   {ratio:.2f}   (target: at most 2)")
    print(f"  CSV {csv_bytes} bytes ({csv_bytes / a.entries:.1f} a row), Parquet {pq_bytes} bytes "
          f"({pq_bytes / a.entries:.1f} a row): {size:.3f} of the CSV (target: at most 1/3)")
    print(f"  report of the directory {'identical to' if same else 'DIFFERS from'} the report of the CSV")
    sys.exit(0 if same and ratio <= 2 and size <= 1 / 3 else 1)


if __name__ == "__main__":
    main()
