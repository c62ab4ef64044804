#!/usr/bin/env bash
# Provident fund withdrawal benchmark: starts CityBrain with the demo city (H2 file in a temporary directory by
# default; PostgreSQL when CITYBRAIN_DB_URL is set), waits until the demo has loaded the provident fund report and the
# real estate register, and runs bench/ServicesLoad.java: p99 from submission to decision and payment order at RATE
# submissions/s (20 by default).
#   bench/services.sh [seconds]               # default 60 s; RATE=20
#   CITYBRAIN_DB_URL=jdbc:postgresql://localhost:5432/bench CITYBRAIN_DB_USER=… CITYBRAIN_DB_PASSWORD=… bench/services.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/citybrain.sh
port=${PORT:-18084}
HEAP=2g start_citybrain "$port" "${RESIDENTS:-30000}" CITYBRAIN_SIMULATOR_RATE=0
for source in provident-fund housing-registry; do
  until curl -sf -u bigdata:citybrain "http://localhost:$port/api/datahub/v1/runs?source=$source" | grep -q '"status":"SUCCEEDED"'; do
    sleep 1
  done
done
until curl -sf -u 410105198805120019:citybrain "http://localhost:$port/api/services/v1/services/gjj-withdrawal" > /dev/null; do
  sleep 1
done
"$JAVA_HOME/bin/java" bench/ServicesLoad.java "http://localhost:$port" "${RATE:-20}" "${1:-60}"
