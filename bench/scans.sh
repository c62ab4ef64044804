#!/usr/bin/env bash
# Scan-point benchmark: starts CityBrain on an empty database (H2 file in a temporary directory by default; PostgreSQL
# when CITYBRAIN_DB_URL is set), waits for the demo city, runs bench/ScanLoad.java (durable ingestion, gate decision
# latency at 1,000 requests/s) and stops it. Then the code-verification benchmark (in-process, no server).
# Leave the machine otherwise idle while it runs: client, server and database share its cores.
#   bench/scans.sh [scans]                    # default 200,000 scans; PHASES=gate RATE=500 bench/scans.sh
#   CITYBRAIN_DB_URL=jdbc:postgresql://localhost:5432/bench?reWriteBatchedInserts=true CITYBRAIN_DB_USER=… CITYBRAIN_DB_PASSWORD=… bench/scans.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/citybrain.sh
scans=${1:-200000}
port=${PORT:-18082}
gclog=$(mktemp)
JVM_OPTS="-Xlog:gc:file=$gclog:uptime ${EXTRA_JVM_OPTS:-}" HEAP=2g start_citybrain "$port" "${RESIDENTS:-30000}" CITYBRAIN_SIMULATOR_RATE=0
rss() { awk '/VmRSS/ { printf "%d MB", $2 / 1024 }' /proc/$pid/status; }
echo "server RSS before the load: $(rss)"
"$JAVA_HOME/bin/java" bench/ScanLoad.java "http://localhost:$port" "$scans" "${PHASES:-ingest,gate}" "${RATE:-1000}"
echo "server RSS after the load: $(rss)"
# The collector's pauses during the run (GC log with uptime): how many, the longest, and those over 50 ms.
awk '/Pause/ { ms = $NF; sub(/ms/, "", ms); n++; if (ms + 0 > max) max = ms + 0; if (ms + 0 > 50) long++ }
     END { printf "GC pauses: %d, longest %.1f ms, %d over 50 ms\n", n, max, long }' "$gclog"
kill $pid; wait $pid 2>/dev/null || true
rm -f "$gclog"
if [ "${VERIFY:-1}" = 1 ]; then bench/verify.sh; fi
