#!/usr/bin/env python3
"""Compare `eduaid report` with DuckDB end to end over a matrix of ledger shapes.

Needs DuckDB's Python package, which this script does not install:

    pip install duckdb

Usage (from the repository root):

    python3 benches/compare_duckdb.py [--entries 5000000] [--seed 2019]
                                      [--cells baseline,undeclared75,...]
                                      [--dir /tmp/eduaid-duckdb] [--repeat 3]
                                      [--threads N] [--cli PATH] [--keep]
                                      [--duckdb-interchange]
                                      [--markdown] [--detail] [--list]

The matrix: a baseline cell (`eduaid generate`'s default shape) and one cell
for each extreme of each generator knob, the other knobs at their defaults
(a one-knob-at-a-time design), plus `combined`, every knob at its bad
extreme at once, plus two cells of the forms an office's file takes
(docs/ledger-format.md, "Names for codes", "Spreadsheet habits",
"Encodings"): the canonical cell's ledger rewritten with the Chinese
header, Chinese names instead of the project, measure, breakdown and
source codes, dates as Excel on Chinese Windows writes them (2019/5/20:
W008 on every row), CRLF line ends and values of a thousand or more with
thousands separators, quoted (W011 on those rows), saved as Excel saves
"CSV UTF-8" (BOM) or plain "CSV" on Chinese Windows (GB18030); and
`remarks`, the canonical ledger with a remarks column (备注) that eduaid is
told to ignore, one row in 50 with a remark, some on two lines or with
doubled quotes. In every cell both sides read the same file, as the
issue's comparison asks: in the office cells DuckDB's query maps the
project and measure names back to codes (a join), reads the dates with
`dateformat` and the values with `thousands`; in `remarks` it reads the
extra column. DuckDB decodes GB18030 only with its `encodings` extension,
which it downloads on first use, so in `office-gb18030` it reads the same
office form saved as "CSV UTF-8" (the same text). The two answers must be
identical. `--duckdb-interchange` has DuckDB read the ledger as generated
in every cell instead (the easier file, which the matrix used until the
sixteenth session). `--list` prints the cells and their `eduaid generate`
flags.

Steps: builds the `eduaid` CLI (release; skipped with --cli PATH); then for
each cell generates the ledger CSV and its programme JSON with
`eduaid generate` into --dir, runs --repeat rounds of three child
processes, the file read through before each of the first two so both
sides start with it in the page cache, and deletes the cell's files
(unless --keep):

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

Printed: one table, worst cell (highest eduaid/DuckDB time ratio) first: per
cell eduaid's median wall time, DuckDB's median query time, their ratio,
each side's max peak RSS and their ratio (gross), eduaid's ns per ledger
row, and the cliff ratio (the cell's ns per row over the fastest cell's);
whether the two answers are identical (every group, exact decimals and
counts); then the issue's targets, met or missed: every cell at most 0.5x
DuckDB's time and at most 1.0x its peak RSS, no cell above 2x the fastest
per row. --markdown prints the table as Markdown (for benches/README.md).
Exit status 1 if a cell's results differ, 2 if a child fails.

--detail also runs `eduaid-bench report` (built unless --bench PATH) on each
cell for the load/report split, `Ledger::heap_bytes()` per entry and its
own peak RSS.

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

def month_of(date):
    """The statistics month of DuckDB column `date`, as YYYY-MM."""
    return (f"strftime(CASE WHEN day({date}) > 25 THEN {date} + INTERVAL 1 MONTH "
            f"ELSE {date} END, '%Y-%m')")


GROUPED = f"""
SELECT project, area, {month_of("date")} AS month, measure,
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


def detail(args, root, ledger, cli_report):
    """eduaid-bench's load/report split and heap bytes, for diagnosis."""
    bench = build(root, "eduaid-benches", "eduaid-bench", args.bench)
    out_csv = ledger + ".eduaid-bench-report.csv"
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
    print(f"  same report as the CLI (bytes): {digest(out_csv) == digest(cli_report)}")
    os.remove(out_csv)


# Each cell: its name and its `eduaid generate` flags (beyond entries and seed).
CELLS = {
    "baseline": [],
    "years1": ["--years", "1"],
    "years10": ["--years", "10"],
    "areas10": ["--areas", "10"],
    "areas300": ["--areas", "300"],
    "schools100": ["--schools", "100"],
    "schools5000": ["--schools", "5000"],
    "undeclared75": ["--undeclared", "75"],
    "text-ids": ["--ids", "text"],
    "date-sorted": ["--ids", "date-sorted"],
    "reversals0": ["--corrections", "0"],
    "reversals5": ["--reversals", "5"],
    "canonical": ["--canonical"],
    "combined": ["--years", "10", "--areas", "300", "--schools", "5000", "--undeclared", "75",
                 "--ids", "date-sorted", "--reversals", "5"],
}

# Cells whose ledger eduaid reads in an office's form (see the top): the
# encoding Excel saves it in. Their flags are the canonical cell's.
OFFICE = {"office-utf8": "utf-8-sig", "office-gb18030": "gb18030"}
# A cell whose ledger gains a remarks column (备注), which eduaid is told to
# ignore, as offices keep one: see write_remarks.
REMARKS = "remarks"
CELLS.update({name: CELLS["canonical"] for name in [*OFFICE, REMARKS]})

# The Chinese names of the columns (docs/ledger-format.md, "Columns").
CHINESE_HEADER = {
    "id": "编号", "date": "日期", "project": "项目", "area": "区县", "school": "学校",
    "pairing": "结对", "measure": "指标", "breakdown": "分类", "value": "数值",
    "source": "资金来源", "corrects": "更正",
}


def office_names(root, programme):
    """The Chinese names an office writes for codes: project, measure and
    source names by code, breakdown names by (measure, breakdown)."""
    with open(programme, encoding="utf-8") as f:
        prog = json.load(f)
    with open(os.path.join(root, "crates", "eduaid", "data", "catalogue-1215.json"),
              encoding="utf-8") as f:
        catalogue = json.load(f)
    project = {p["code"]: p["name"]["zh"] for p in prog["projects"]}
    measures = prog["measures"] or catalogue["measures"]
    measure = {m["code"]: m["name"]["zh"] for m in measures}
    source = {x["code"]: x["name"]["zh"] for x in prog["sources"]}
    breakdown = {(m, b): names[0] for m, table in prog["aliases"].get("breakdowns", {}).items()
                 for b, names in table.items()}
    return project, measure, source, breakdown


def office_query(root, programme, path):
    """DuckDB's grouping read from an office's form of a ledger (UTF-8):
    Chinese header, names mapped back to codes (a code an office kept as
    it is stays), dates as 2019/5/20, values with thousands separators."""
    project, measure, _, _ = office_names(root, programme)

    def codes_by_name(names, what):
        by_name = {}
        for code, name in names.items():
            if by_name.setdefault(name, code) != code:
                raise ChildFailed(f"two {what} codes share the name {name!r}: "
                                  "DuckDB's query could not map it back")
        quote = lambda x: "'" + x.replace("'", "''") + "'"
        return "(VALUES " + ", ".join(f"({quote(n)}, {quote(c)})" for n, c in by_name.items()) + ")"

    types = {CHINESE_HEADER[k]: v for k, v in COLUMNS.items()}
    cols = "{" + ", ".join(f"'{k}': '{v}'" for k, v in types.items()) + "}"
    return f"""
SELECT COALESCE(pn.code, t.项目) AS project, t.区县 AS area, {month_of("t.日期")} AS month,
       COALESCE(mn.code, t.指标) AS measure, SUM(t.数值) AS value, COUNT(*) AS entries
FROM read_csv('{path}', header = true, columns = {cols},
              dateformat = '%Y/%-m/%-d', thousands = ',') AS t
LEFT JOIN {codes_by_name(project, "project")} AS pn(name, code) ON t.项目 = pn.name
LEFT JOIN {codes_by_name(measure, "measure")} AS mn(name, code) ON t.指标 = mn.name
GROUP BY ALL
"""


def write_office_form(root, ledger, programme, out, encoding):
    """Rewrites `ledger` as an office keeps it (see the top) into `out`."""
    project, measure, source, breakdown = office_names(root, programme)
    with open(ledger, encoding="utf-8") as f, \
            open(out, "w", encoding=encoding, newline="") as o:
        header = f.readline().rstrip("\n").split(",")
        col = {name: i for i, name in enumerate(header)}
        o.write(",".join(CHINESE_HEADER[h] for h in header) + "\r\n")
        for line in f:
            r = line.rstrip("\n").split(",")
            year, month, day = r[col["date"]].split("-")
            r[col["date"]] = f"{year}/{int(month)}/{int(day)}"
            m, b = r[col["measure"]], r[col["breakdown"]]
            r[col["project"]] = project.get(r[col["project"]], r[col["project"]])
            r[col["measure"]] = measure.get(m, m)
            r[col["breakdown"]] = breakdown.get((m, b), b)
            r[col["source"]] = source.get(r[col["source"]], r[col["source"]])
            value = r[col["value"]]
            sign, digits = ("-", value[1:]) if value.startswith("-") else ("", value)
            whole, point, fraction = digits.partition(".")
            if len(whole) > 3:
                grouped = f"{int(whole):,}"
                r[col["value"]] = f'"{sign}{grouped}{point}{fraction}"'
            o.write(",".join(r) + "\r\n")


def write_remarks(ledger, out):
    """Rewrites `ledger` with a remarks column (备注) into `out`: a remark on
    one row in 50, half of them on two lines (a line break typed in the
    cell, which Excel writes quoted, CRLF inside), one in five of those
    with doubled quotes; the other rows' remarks empty."""
    with open(ledger, encoding="utf-8") as f, open(out, "w", encoding="utf-8", newline="") as o:
        o.write(f.readline().rstrip("\n") + ",备注\n")
        for i, line in enumerate(f):
            k = i % 50
            remark = ('"已核对\r\n见附件第2页"' if k == 7 else '"说明：""补录"""' if k == 17
                      else '"已核对\r\n""补录"""' if k == 27 else "已核对" if k in (37, 47) else "")
            o.write(line.rstrip("\n") + "," + remark + "\n")


def rewrite(root, name, ledger, programme, read):
    """Writes the form of `ledger` that eduaid reads in cell `name` (an
    office's form, or with remarks) into `read`, and says so."""
    t0 = time.perf_counter()
    if name in OFFICE:
        write_office_form(root, ledger, programme, read, OFFICE[name])
        form = f"the office's form ({OFFICE[name]})"
    else:
        write_remarks(ledger, read)
        form = "the ledger with remarks"
    print(f"{name}: wrote {form}, {os.path.getsize(read) / 1e6:.0f} MB "
          f"in {time.perf_counter() - t0:.1f} s", flush=True)


TIME_TARGET, RSS_TARGET, CLIFF_TARGET = 0.5, 1.0, 2.0


def run_cell(args, cli, name, flags):
    """Generates one cell's ledger, runs both sides --repeat times, checks
    the answers; returns a dict of its measures. Deletes its files unless
    --keep."""
    stem = os.path.join(args.dir, f"{name}-{args.entries}-{args.seed}")
    ledger, programme = stem + ".csv", stem + ".programme.json"
    report_csv, duck_out = stem + ".eduaid-report.csv", stem + ".duckdb-groups.jsonl"
    # What eduaid reads: the ledger, or an office's form of it.
    rewritten = name in OFFICE or name == REMARKS
    read = stem + (".office.csv" if name in OFFICE else ".remarks.csv") if rewritten else ledger
    # What DuckDB reads: the same file, or the UTF-8 office form of the same
    # ledger where it cannot decode the file (GB18030: its `encodings`
    # extension is downloaded on first use), or with --duckdb-interchange
    # the ledger as generated.
    duck_reads = ledger if args.duckdb_interchange or not rewritten else read
    if name in OFFICE and OFFICE[name] != "utf-8-sig" and not args.duckdb_interchange:
        duck_reads = stem + ".office-utf8.csv"
    made = [ledger, programme, report_csv, duck_out, read, duck_reads]
    try:
        if not (os.path.exists(ledger) and os.path.exists(programme)) or args.fresh:
            t0 = time.perf_counter()
            subprocess.run([cli, "generate", "--entries", str(args.entries), "--seed", str(args.seed),
                            *flags, "--output", ledger, "--program-output", programme], check=True)
            print(f"{name}: generated {os.path.getsize(ledger) / 1e6:.0f} MB "
                  f"in {time.perf_counter() - t0:.1f} s ({' '.join(flags) or 'defaults'})", flush=True)
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        if rewritten and (not os.path.exists(read) or args.fresh):
            rewrite(root, name, ledger, programme, read)
        if duck_reads not in (ledger, read) and (not os.path.exists(duck_reads) or args.fresh):
            t0 = time.perf_counter()
            write_office_form(root, ledger, programme, duck_reads, "utf-8-sig")
            print(f"{name}: wrote the office's form in UTF-8 for DuckDB, "
                  f"{os.path.getsize(duck_reads) / 1e6:.0f} MB in {time.perf_counter() - t0:.1f} s",
                  flush=True)
        eduaid_cmd = [cli, "report", read, "--program", programme, "--by", "project,area,month",
                      "--format", "csv", "--output", report_csv]
        if name == REMARKS:
            eduaid_cmd += ["--ignore-column", "备注"]
        if duck_reads != ledger and name in OFFICE:
            sql = office_query(root, programme, duck_reads)
        else:
            # The ledger as generated, or with its remarks column.
            columns = dict(COLUMNS, **({"备注": "VARCHAR"} if duck_reads != ledger else {}))
            cols = "{" + ", ".join(f"'{k}': '{v}'" for k, v in columns.items()) + "}"
            sql = GROUPED.format(source=f"read_csv('{duck_reads}', header = true, columns = {cols})")
        duck_cmd = [sys.executable, "-c", DUCK_CHILD, "query", str(args.threads), sql, duck_out]
        base_cmd = [sys.executable, "-c", DUCK_CHILD, "baseline", str(args.threads)]

        e_wall, e_rss, d_query, d_rss, b_rss = [], [], [], [], []
        e_digest = d_digest = None
        threads = "?"
        for i in range(args.repeat):
            # Interleaved, so load from other jobs hits both sides alike.
            # Outputs are only hashed here and parsed after the last child,
            # so that this process stays small while the children run.
            # This machine pages out page-cache pages left unread for about a
            # minute (DAMON reclaim): each side starts from a warm cache.
            warm(read)
            wall, rss, _ = run_child(eduaid_cmd)
            e_wall.append(wall)
            e_rss.append(rss)
            e_digest = same_as_before(e_digest, report_csv, "eduaid wrote a different report")

            warm(duck_reads)
            _, rss, out = run_child(duck_cmd)
            kv = parse_keyvalues(out)
            if "query_seconds" not in kv:
                raise ChildFailed(f"the DuckDB child printed no query_seconds:\n{out.strip()}")
            threads = kv["threads"]
            d_query.append(float(kv["query_seconds"]))
            d_rss.append(rss)
            d_digest = same_as_before(d_digest, duck_out, "DuckDB gave different groups")

            _, rss, _ = run_child(base_cmd)
            b_rss.append(rss)
            print(f"  run {i + 1}/{args.repeat}: eduaid {e_wall[-1]:.3f} s {e_rss[-1] / 1e6:.0f} MB, "
                  f"duckdb query {d_query[-1]:.3f} s {d_rss[-1] / 1e6:.0f} MB", flush=True)
        cell = {"name": name, "flags": " ".join(flags), "threads": threads,
                "mb": os.path.getsize(ledger) / 1e6,
                "e_time": statistics.median(e_wall), "d_time": statistics.median(d_query),
                "e_rss": max(e_rss), "d_rss": max(d_rss), "b_rss": max(b_rss),
                "e_times": e_wall, "d_times": d_query}
        cell["e_digest"], cell["d_digest"] = e_digest, d_digest
        cell["report_csv"], cell["duck_out"] = report_csv, duck_out
        cell["ledger"] = ledger
        compare_groups(cell)
        # A line a cell, so that an interrupted matrix still says what it measured.
        print(f"  {name}: eduaid {cell['e_time']:.3f} s, duckdb {cell['d_time']:.3f} s "
              f"(ratio {cell['e_time'] / cell['d_time']:.2f}), peak RSS {cell['e_rss'] / 1e6:.0f} / "
              f"{cell['d_rss'] / 1e6:.0f} MB, {cell['rows']} rows, {cell['groups']} groups, "
              f"identical: {cell['identical']}", flush=True)
        if args.detail:
            detail(args, os.path.dirname(os.path.dirname(os.path.abspath(__file__))), ledger,
                   report_csv)
        return cell
    finally:
        if not args.keep:
            for path in made:
                if os.path.exists(path):
                    os.remove(path)


def compare_groups(cell):
    """Compares the two answers in a child process (parsing them here would
    raise this process's RSS, the floor of every later child's)."""
    _, _, out = run_child([sys.executable, os.path.abspath(__file__), "--compare-child",
                           cell["report_csv"], cell["duck_out"]])
    kv = parse_keyvalues(out)
    cell["identical"] = kv["identical"] == "True"
    cell["difference"] = kv["difference"]
    cell["rows"] = int(kv["rows"])
    cell["groups"] = int(kv["groups"])


def compare_child(report_csv, duck_out):
    """Every group identical (exact Decimal equality: 240 == 240.00)."""
    eduaid_groups = read_eduaid_report(report_csv)
    duck_groups = read_duck_groups(duck_out)
    missing = eduaid_groups.keys() - duck_groups.keys()
    extra = duck_groups.keys() - eduaid_groups.keys()
    differ = [k for k in eduaid_groups.keys() & duck_groups.keys() if eduaid_groups[k] != duck_groups[k]]
    print("identical", not (missing or extra or differ))
    print("difference", f"missing {len(missing)}, extra {len(extra)}, differ {len(differ)}")
    print("rows", sum(entries for _, entries in duck_groups.values()))
    print("groups", len(duck_groups))


def table(cells, markdown):
    """The matrix as lines of text, worst time ratio first."""
    fastest = min(c["e_time"] * 1e9 / c["rows"] for c in cells)
    head = ["cell", "eduaid s", "DuckDB s", "time ratio", "eduaid MB", "DuckDB MB", "memory ratio",
            "eduaid ns/entry", "cliff", "identical"]
    rows = []
    for c in sorted(cells, key=lambda c: c["e_time"] / c["d_time"], reverse=True):
        ns = c["e_time"] * 1e9 / c["rows"]
        rows.append([c["name"], f"{c['e_time']:.3f}", f"{c['d_time']:.3f}",
                     f"{c['e_time'] / c['d_time']:.2f}", f"{c['e_rss'] / 1e6:.0f}",
                     f"{c['d_rss'] / 1e6:.0f}", f"{c['e_rss'] / c['d_rss']:.2f}", f"{ns:.1f}",
                     f"{ns / fastest:.2f}", "yes" if c["identical"] else "NO"])
    if markdown:
        out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        out += ["| " + " | ".join(r) + " |" for r in rows]
    else:
        widths = [max(len(x) for x in col) for col in zip(head, *rows)]
        fmt = lambda r: "  ".join(x.ljust(w) if i == 0 else x.rjust(w)
                                  for i, (x, w) in enumerate(zip(r, widths)))
        out = [fmt(head)] + [fmt(r) for r in rows]
    return out


def targets(cells):
    """Which of the issue's targets hold on every cell."""
    fastest = min(c["e_time"] / c["rows"] for c in cells)
    worst_time = max(cells, key=lambda c: c["e_time"] / c["d_time"])
    worst_rss = max(cells, key=lambda c: c["e_rss"] / c["d_rss"])
    worst_cliff = max(cells, key=lambda c: c["e_time"] / c["rows"])
    checks = [
        (f"time <= {TIME_TARGET}x DuckDB on every cell", worst_time["e_time"] / worst_time["d_time"],
         TIME_TARGET, worst_time["name"]),
        (f"peak RSS <= {RSS_TARGET}x DuckDB on every cell", worst_rss["e_rss"] / worst_rss["d_rss"],
         RSS_TARGET, worst_rss["name"]),
        (f"no cell above {CLIFF_TARGET}x the fastest per entry",
         worst_cliff["e_time"] / worst_cliff["rows"] / fastest, CLIFF_TARGET, worst_cliff["name"]),
    ]
    return [f"{what}: {'met' if worst <= bound else 'missed'} (worst {worst:.2f}, {name})"
            for what, worst, bound, name in checks]


def main():
    if sys.argv[1:2] == ["--compare-child"]:
        compare_child(*sys.argv[2:4])
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    ap.add_argument("--entries", type=int, default=5_000_000, help="rows of every cell's ledger")
    ap.add_argument("--seed", type=int, default=2019)
    ap.add_argument("--cells", default="all",
                    help="comma-separated cells to run (default all; --list shows them)")
    ap.add_argument("--list", action="store_true", help="print the cells and their flags, and stop")
    ap.add_argument("--dir", default="/tmp/eduaid-duckdb")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each side (median time, max RSS)")
    ap.add_argument("--threads", type=int, default=0, help="DuckDB threads (0: its default)")
    ap.add_argument("--cli", default=None, help="a built eduaid CLI (skips cargo build)")
    ap.add_argument("--keep", action="store_true",
                    help="keep each cell's ledger and outputs in --dir (by default deleted after the cell)")
    ap.add_argument("--fresh", action="store_true",
                    help="regenerate a kept ledger (after a generator change)")
    ap.add_argument("--duckdb-interchange", action="store_true",
                    help="DuckDB reads every cell's ledger as generated, not the office's form "
                         "or the remarks that eduaid reads")
    ap.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    ap.add_argument("--detail", action="store_true",
                    help="also run eduaid-bench on each cell for the load/report split and heap bytes")
    ap.add_argument("--bench", default=None, help="a built eduaid-bench for --detail (skips cargo build)")
    args = ap.parse_args()
    if args.list:
        for name, flags in CELLS.items():
            form = (f", read in an office's form ({OFFICE[name]})" if name in OFFICE
                    else ", read with a remarks column (备注), ignored" if name == REMARKS else "")
            print(f"{name:16}{' '.join(flags) or '(eduaid generate defaults)'}{form}")
        return 0
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")
    names = list(CELLS) if args.cells == "all" else args.cells.split(",")
    unknown = [n for n in names if n not in CELLS]
    if unknown:
        ap.error(f"unknown cell(s) {', '.join(unknown)}; --list shows them")

    # Not imported here: it would raise this process's RSS, the floor of
    # every child's ru_maxrss (see run_child). The runs are children.
    if importlib.util.find_spec("duckdb") is None:
        sys.exit("DuckDB is not installed: pip install duckdb")

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    cli = build(root, "eduaid-cli", "eduaid", args.cli)
    os.makedirs(args.dir, exist_ok=True)

    cells = []
    try:
        _, floor, _ = run_child(["true"])
        for name in names:
            cells.append(run_cell(args, cli, name, CELLS[name]))
    except ChildFailed as err:
        print(f"error: {err}", file=sys.stderr)
        return 2

    first = cells[0]
    load = os.getloadavg()
    print()
    print(f"{first['rows']} rows a cell, seed {args.seed}, {args.repeat} run(s) a side, median time, "
          f"max peak RSS; DuckDB {first['threads']} threads; load average now "
          f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; floor of a child's RSS {floor / 1e6:.0f} MB")
    for line in table(cells, args.markdown):
        print(line)
    print()
    for line in targets(cells):
        print(line)
    differing = [c for c in cells if not c["identical"]]
    for c in differing:
        print(f"results differ in {c['name']}: {c['difference']}")
    print(f"results identical in every cell: {not differing}")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
