"""Compares two report CSVs value for value (`eduaid report --format csv`
and `examples/spark/report.py`): the same header, the same rows in the same
order, each value equal as an exact decimal. Prints a summary; exits 1 with
the differing rows otherwise."""

import csv
import sys
from decimal import Decimal


def read(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def main(ours_path, theirs_path):
    ours_head, ours = read(ours_path)
    theirs_head, theirs = read(theirs_path)
    if ours_head != theirs_head:
        sys.exit(f"headers differ: {ours_head} vs {theirs_head}")
    keys = len(ours_head) - 2
    bad = []
    for k in range(max(len(ours), len(theirs))):
        a = ours[k] if k < len(ours) else None
        b = theirs[k] if k < len(theirs) else None
        same = (
            a is not None
            and b is not None
            and a[:keys] == b[:keys]
            and Decimal(a[keys]) == Decimal(b[keys])
            and a[keys] == b[keys]
            and int(a[keys + 1]) == int(b[keys + 1])
        )
        if not same:
            bad.append((k + 2, a, b))
    total = sum(Decimal(r[keys]) for r in ours)
    entries = sum(int(r[keys + 1]) for r in ours)
    if bad:
        for line, a, b in bad[:20]:
            print(f"row {line}: eduaid {a} / spark {b}")
        sys.exit(f"{len(bad)} of {len(ours)} rows differ")
    print(
        f"identical: {len(ours)} rows, {len(ours_head) - 2} key columns, "
        f"every value and entry count equal (values sum to {total}, {entries} entries)"
    )


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: compare_reports.py EDUAID.csv SPARK.csv")
    main(sys.argv[1], sys.argv[2])
