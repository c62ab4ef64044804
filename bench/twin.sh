#!/usr/bin/env bash
# Twin benchmark: starts CityBrain on an empty database (H2 file by default; PostgreSQL when CITYBRAIN_DB_URL is
# set), waits for it, runs bench/TwinLoad.java (batch upsert, query latencies, notification latency) and stops it.
#   bench/twin.sh [entities]            # H2 in a temporary directory; PHASES=notify bench/twin.sh runs one phase
#   CITYBRAIN_DB_URL=jdbc:postgresql://localhost:5432/bench CITYBRAIN_DB_USER=… CITYBRAIN_DB_PASSWORD=… bench/twin.sh 1000000
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[ -f target/citybrain.jar ] || ./mvnw -q -B package -DskipTests
entities=${1:-1000000}
port=${PORT:-18081}
work=$(mktemp -d)
export CITYBRAIN_DB_URL="${CITYBRAIN_DB_URL:-jdbc:h2:file:$work/city}"
(cd "$work" && exec env CITYBRAIN_PORT=$port CITYBRAIN_MQTT_PORT=0 CITYBRAIN_DEMO_RESIDENTS=3000 "$JAVA_HOME/bin/java" -Xmx4g -jar "$OLDPWD/target/citybrain.jar" > "$work/app.log" 2>&1) &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
until grep -q "projected into the twin" "$work/app.log" 2>/dev/null; do
  sleep 0.5
  kill -0 $pid 2>/dev/null || { tail -50 "$work/app.log"; exit 1; }
done
echo "database: $CITYBRAIN_DB_URL"
"$JAVA_HOME/bin/java" bench/TwinLoad.java "http://localhost:$port" "$entities" "${PHASES:-upsert,queries,notify}"
