#!/usr/bin/env bash
# Data hub benchmark: a department's CSV of N rows (bench/HubRows.java) loaded through `citybrain.jar datahub load`
# with validation (GB 11643, mobile, GB/T 2260 by name), transformation, matching by key and lineage, in a heap of
# HEAP (512m by default: memory must stay flat whatever the file's size). On PostgreSQL the baseline is measured in the
# same run: PostgreSQL's own COPY of the same file into a table of the same columns with a primary key on the ID number.
#   bench/datahub.sh 1000000                                   # H2 file in a temporary directory
#   CITYBRAIN_DB_URL=jdbc:postgresql://localhost:5432/hubbench CITYBRAIN_DB_USER=… CITYBRAIN_DB_PASSWORD=… bench/datahub.sh 1000000
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[ -f target/citybrain.jar ] || ./mvnw -q -B package -DskipTests
rows=${1:-1000000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CITYBRAIN_DB_URL="${CITYBRAIN_DB_URL:-jdbc:h2:file:$work/city;WRITE_DELAY=0}"
export CITYBRAIN_HUB_INBOX="$work/inbox" CITYBRAIN_HUB_SPOOL="$work/spool"
"$JAVA_HOME/bin/java" bench/HubRows.java "$rows" > "$work/rows.csv"
echo "database: $CITYBRAIN_DB_URL; file: $rows rows, $(du -h "$work/rows.csv" | cut -f1)"
"$JAVA_HOME/bin/java" -jar target/citybrain.jar datahub declare bench/hub-feed.json
start=$(date +%s.%N)
"$JAVA_HOME/bin/java" -Xmx${HEAP:-512m} -jar target/citybrain.jar datahub load bench-register "$work/rows.csv" | tr '\r' '\n' | grep -v '^\[' || true
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" -v n="$rows" 'BEGIN { printf "data hub: %d rows in %.1f s (with JVM start) = %.0f rows/s\n", n, e - s, n / (e - s) }'
if [[ $CITYBRAIN_DB_URL == jdbc:postgresql:* ]]; then
  url=${CITYBRAIN_DB_URL#jdbc:}
  psql_() { PGPASSWORD=${CITYBRAIN_DB_PASSWORD:-} psql -q -v ON_ERROR_STOP=1 "${url%%\?*}" -U "${CITYBRAIN_DB_USER:-citybrain}" -c "$1"; }
  psql_ "drop table if exists bench_copy; create table bench_copy (id_number char(18) primary key, name varchar(50), mobile varchar(11), district varchar(20), since varchar(10), allowance integer, kind varchar(8))"
  start=$(date +%s.%N)
  psql_ "\\copy bench_copy from '$work/rows.csv' csv header"
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" -v n="$rows" 'BEGIN { printf "COPY baseline: %d rows in %.1f s = %.0f rows/s\n", n, e - s, n / (e - s) }'
  psql_ "drop table bench_copy"
fi
