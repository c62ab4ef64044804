#!/usr/bin/env bash
# Twin benchmark: starts CityBrain on an empty database (H2 file by default; PostgreSQL when CITYBRAIN_DB_URL is
# set), waits for it, runs bench/TwinLoad.java (batch upsert, query latencies, notification latency) and stops it.
#   bench/twin.sh [entities]            # H2 in a temporary directory; PHASES=notify bench/twin.sh runs one phase
#   CITYBRAIN_DB_URL=jdbc:postgresql://localhost:5432/bench CITYBRAIN_DB_USER=… CITYBRAIN_DB_PASSWORD=… bench/twin.sh 1000000
# On PostgreSQL the tables are vacuumed and analysed after the upsert (with psql, when it is installed), as a city's
# database is between its nightly load and the day's queries: right after writing 3.5 GB, autovacuum would otherwise
# be measured along with the queries.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/citybrain.sh
entities=${1:-1000000}
port=${PORT:-18081}
phases=${PHASES:-upsert,queries,notify}
start_citybrain "$port" 3000
load() { "$JAVA_HOME/bin/java" bench/TwinLoad.java "http://localhost:$port" "$entities" "$1"; }
if [[ ,$phases, == *,upsert,* ]]; then
  load upsert
  if [[ $CITYBRAIN_DB_URL == jdbc:postgresql:* ]] && command -v psql > /dev/null; then
    url=${CITYBRAIN_DB_URL#jdbc:}
    start=$(date +%s)
    PGPASSWORD=${CITYBRAIN_DB_PASSWORD:-} psql -q "${url%%\?*}" -U "${CITYBRAIN_DB_USER:-citybrain}" -c "vacuum analyze twin_entity, twin_property, twin_history"
    echo "   (vacuum analyze after the load: $(( $(date +%s) - start )) s)"
  fi
fi
rest=$(echo ",$phases," | sed 's/,upsert,/,/; s/^,//; s/,$//')
[ -z "$rest" ] || load "$rest"
