#!/usr/bin/env bash
# Twin benchmark: starts CityBrain on an empty database (H2 file by default; PostgreSQL when CITYBRAIN_DB_URL is
# set), waits for it, runs bench/TwinLoad.java (batch upsert, query latencies, notification latency) and stops it.
#   bench/twin.sh [entities]            # H2 in a temporary directory; PHASES=notify bench/twin.sh runs one phase
#   CITYBRAIN_DB_URL=jdbc:postgresql://localhost:5432/bench CITYBRAIN_DB_USER=… CITYBRAIN_DB_PASSWORD=… bench/twin.sh 1000000
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/citybrain.sh
entities=${1:-1000000}
port=${PORT:-18081}
start_citybrain "$port" 3000
"$JAVA_HOME/bin/java" bench/TwinLoad.java "http://localhost:$port" "$entities" "${PHASES:-upsert,queries,notify}"
