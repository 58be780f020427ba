#!/usr/bin/env bash
# The report of an exported Parquet directory computed by Spark, compared
# value for value with `eduaid report` on the same ledger.
#
# Generates a ledger (ENTRIES rows, default 100000) whose programme declares
# stock measures, exports it, checks that `eduaid report DIR` equals
# `eduaid report LEDGER.csv`, installs pyspark (pinned) in a virtual
# environment, starts a standalone Spark master and one worker from that
# package on 127.0.0.1, submits examples/spark/report.py for several
# groupings, compares each with eduaid's, and stops what it started (also
# on failure). Needs python3 with venv and Java 17 or later (installed with
# apt-get when `java` is missing and apt-get is there).
#
# Everything it writes goes under WORK (default target/spark-compare):
# the virtual environment, the ledger, the reports, Spark's logs and work
# directories. Usage: scripts/spark-compare.sh [ENTRIES]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ENTRIES=${1:-${ENTRIES:-100000}}
WORK=${SPARK_COMPARE_DIR:-$ROOT/target/spark-compare}
PYSPARK_VERSION=4.3.0
# Each Spark step is bounded: a hung cluster fails the run, it does not hang it.
STEP_TIMEOUT=${SPARK_STEP_TIMEOUT:-1800}
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
say() { printf '[spark-compare %s] %s\n' "$(date +%T)" "$*"; }
started=$(date +%s)

# --- Java ---------------------------------------------------------------
if ! command -v java >/dev/null 2>&1; then
    say "java is missing: installing a JRE with apt-get"
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
    $SUDO apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless \
        || $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless
fi
java -version 2>&1 | head -1

# --- pyspark in a virtual environment -------------------------------------
VENV="$WORK/venv"
if ! "$VENV/bin/python" -c "import pyspark, sys; sys.exit(pyspark.__version__ != '$PYSPARK_VERSION')" 2>/dev/null; then
    say "installing pyspark $PYSPARK_VERSION in $VENV"
    python3 -m venv "$VENV"
    timeout "$STEP_TIMEOUT" "$VENV/bin/pip" install --quiet --disable-pip-version-check "pyspark==$PYSPARK_VERSION"
fi
SPARK_HOME=$("$VENV/bin/python" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))')
export SPARK_HOME PYSPARK_PYTHON="$VENV/bin/python" PYSPARK_DRIVER_PYTHON="$VENV/bin/python"
say "pip and pyspark ready after $(( $(date +%s) - started )) s"

# --- the ledger, its export and eduaid's reports ---------------------------
cargo build --quiet --locked -p eduaid-cli
EDUAID="$ROOT/target/debug/eduaid"
DATA="$WORK/data"
rm -rf "$DATA"
mkdir -p "$DATA"
# Three measures declared stocks: one in persons, one in schools, one with
# breakdowns; the generator corrects about 1% of rows, stocks among them.
"$EDUAID" generate --entries "$ENTRIES" --seed 7 --output "$DATA/ledger.csv" \
    --program-output "$DATA/programme.json" \
    --stock teachers-sent --stock schools-equipped --stock placements
P=(--program "$DATA/programme.json")
"$EDUAID" validate "$DATA/ledger.csv" "${P[@]}" | tail -1
"$EDUAID" export "$DATA/ledger.csv" "${P[@]}" --format parquet --output "$DATA/ledger.parquet"
python3 - "$DATA/ledger.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
stocks = {"teachers-sent", "schools-equipped", "placements"}
fixes = [r for r in rows if r["corrects"]]
print(f"{len(rows)} rows, {sum(r['measure'] in stocks for r in rows)} of stock measures, "
      f"{len(fixes)} corrections ({sum(r['measure'] in stocks for r in fixes)} of stocks)")
PY

# Each comparison: a name, then the report's arguments.
QUERIES=(
    "by-project-area-month|--by project,area,month"
    "by-series-year-cutoff-20|--by area,school,pairing,breakdown,source,year --cutoff 20"
    "stocks-2018-by-month|--by month,area --measure teachers-sent --measure schools-equipped --measure placements --from 2018-01-01 --to 2018-12-25"
)
for q in "${QUERIES[@]}"; do
    name=${q%%|*}
    read -r -a args <<<"${q#*|}"
    "$EDUAID" report "$DATA/ledger.csv" "${P[@]}" "${args[@]}" --format csv --output "$DATA/$name.eduaid.csv"
    "$EDUAID" report "$DATA/ledger.parquet" "${P[@]}" "${args[@]}" --format csv --output "$DATA/$name.dir.csv"
    cmp "$DATA/$name.eduaid.csv" "$DATA/$name.dir.csv"
done
say "eduaid: the report of the directory equals the report of the CSV for ${#QUERIES[@]} queries"

# --- a standalone cluster on 127.0.0.1 --------------------------------------
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
MASTER_PORT=$(free_port)
export SPARK_LOG_DIR="$WORK/logs" SPARK_PID_DIR="$WORK/pids" SPARK_WORKER_DIR="$WORK/worker" \
    SPARK_LOCAL_DIRS="$WORK/local" SPARK_LOCAL_IP=127.0.0.1 SPARK_MASTER_HOST=127.0.0.1 \
    SPARK_IDENT_STRING="eduaid-$$"
rm -rf "$SPARK_LOG_DIR" "$SPARK_WORKER_DIR" "$SPARK_LOCAL_DIRS"
mkdir -p "$SPARK_LOG_DIR" "$SPARK_PID_DIR" "$SPARK_WORKER_DIR" "$SPARK_LOCAL_DIRS"
stop_cluster() {
    status=$?
    say "stopping the worker and the master"
    "$SPARK_HOME/sbin/spark-daemon.sh" stop org.apache.spark.deploy.worker.Worker 1 >/dev/null 2>&1 || true
    "$SPARK_HOME/sbin/spark-daemon.sh" stop org.apache.spark.deploy.master.Master 1 >/dev/null 2>&1 || true
    if [ $status -ne 0 ]; then
        say "failed (status $status); Spark's logs are in $SPARK_LOG_DIR"
        tail -n 20 "$SPARK_LOG_DIR"/*.out 2>/dev/null || true
    fi
    exit $status
}
trap stop_cluster EXIT
trap 'exit 130' INT TERM
MASTER="spark://127.0.0.1:$MASTER_PORT"
# The package has no start-master.sh / start-worker.sh: start both classes
# with its spark-daemon.sh, as those scripts do.
timeout 120 "$SPARK_HOME/sbin/spark-daemon.sh" start org.apache.spark.deploy.master.Master 1 \
    --host 127.0.0.1 --port "$MASTER_PORT" --webui-port "$(free_port)" >/dev/null
timeout 120 "$SPARK_HOME/sbin/spark-daemon.sh" start org.apache.spark.deploy.worker.Worker 1 \
    --host 127.0.0.1 --cores 2 --memory 1g --webui-port "$(free_port)" "$MASTER" >/dev/null
# Wait for the worker to register (bounded).
for _ in $(seq 1 300); do
    if grep -qs "Successfully registered with master" "$SPARK_LOG_DIR"/*Worker*.out; then break; fi
    sleep 1
done
grep -qs "Successfully registered with master" "$SPARK_LOG_DIR"/*Worker*.out \
    || { say "the worker did not register within 300 s"; exit 1; }
say "master $MASTER and one worker up after $(( $(date +%s) - started )) s"

# One job, one Spark session, every query.
JOB=()
for q in "${QUERIES[@]}"; do
    JOB+=(--query "$DATA/${q%%|*}.spark.csv=${q#*|}")
done
(cd "$WORK" && timeout "$STEP_TIMEOUT" "$SPARK_HOME/bin/spark-submit" --master "$MASTER" \
    --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1 \
    --conf spark.ui.enabled=false --conf spark.executor.memory=1g \
    --conf spark.sql.shuffle.partitions=8 --conf spark.sql.ansi.enabled=true \
    --conf "spark.sql.warehouse.dir=$WORK/warehouse" \
    "$ROOT/examples/spark/report.py" --data "$DATA/ledger.parquet" "${JOB[@]}" \
    2>>"$SPARK_LOG_DIR/submit.log")
say "spark-submit done after $(( $(date +%s) - started )) s"
for q in "${QUERIES[@]}"; do
    name=${q%%|*}
    printf '%-28s ' "$name:"
    python3 "$ROOT/scripts/compare_reports.py" "$DATA/$name.eduaid.csv" "$DATA/$name.spark.csv"
done
say "done in $(( $(date +%s) - started )) s"
