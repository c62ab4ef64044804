#!/usr/bin/env bash
# Data service benchmark: starts CityBrain with the demo city (H2 file in a temporary directory by default; PostgreSQL
# when CITYBRAIN_DB_URL is set) and the bench-only baseline route, waits for the demo's housing register to load, and
# runs bench/SharingLoad.java: p99 at RATE requests/s (500 by default) of the data service with grant checks, signed
# receipts and audit, and of the same query without them, in the same run.
#   bench/sharing.sh [seconds]               # default 60 s a phase; RATE=500
#   CITYBRAIN_DB_URL=jdbc:postgresql://localhost:5432/bench CITYBRAIN_DB_USER=… CITYBRAIN_DB_PASSWORD=… bench/sharing.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/citybrain.sh
port=${PORT:-18083}
HEAP=2g start_citybrain "$port" "${RESIDENTS:-30000}" CITYBRAIN_SIMULATOR_RATE=0 CITYBRAIN_DATAHUB_SHARING_BENCHBASELINE=true
until curl -sf -u bigdata:citybrain "http://localhost:$port/api/datahub/v1/runs?source=housing-registry" \
    | grep -q '"status":"SUCCEEDED"'; do
  sleep 1
done
"$JAVA_HOME/bin/java" bench/SharingLoad.java "http://localhost:$port" "${RATE:-500}" "${1:-60}"
