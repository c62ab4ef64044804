#!/usr/bin/env bash
# Scan-point benchmark: starts CityBrain on an empty database (H2 file in a temporary directory by default; PostgreSQL
# when CITYBRAIN_DB_URL is set), waits for the demo city, runs bench/ScanLoad.java (durable ingestion, gate decision
# latency at 1,000 requests/s) and stops it. Then the code-verification benchmark (in-process, no server).
#   bench/scans.sh [scans]                    # default 200,000 scans; PHASES=gate bench/scans.sh runs one phase
#   CITYBRAIN_DB_URL=jdbc:postgresql://localhost:5432/bench?reWriteBatchedInserts=true CITYBRAIN_DB_USER=… CITYBRAIN_DB_PASSWORD=… bench/scans.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[ -f target/citybrain.jar ] || ./mvnw -q -B package -DskipTests
scans=${1:-200000}
port=${PORT:-18082}
work=$(mktemp -d)
export CITYBRAIN_DB_URL="${CITYBRAIN_DB_URL:-jdbc:h2:file:$work/city}"
(cd "$work" && exec env CITYBRAIN_PORT=$port CITYBRAIN_MQTT_PORT=0 CITYBRAIN_DEMO_RESIDENTS=${RESIDENTS:-30000} CITYBRAIN_SIMULATOR_RATE=0 \
  "$JAVA_HOME/bin/java" -Xmx2g -jar "$OLDPWD/target/citybrain.jar" > "$work/app.log" 2>&1) &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
until grep -q "projected into the twin" "$work/app.log" 2>/dev/null; do
  sleep 0.5
  kill -0 $pid 2>/dev/null || { tail -50 "$work/app.log"; exit 1; }
done
echo "database: $CITYBRAIN_DB_URL"
"$JAVA_HOME/bin/java" bench/ScanLoad.java "http://localhost:$port" "$scans" "${PHASES:-ingest,gate}" "${RATE:-1000}"
kill $pid; wait $pid 2>/dev/null || true
bench/verify.sh
