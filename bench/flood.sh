#!/usr/bin/env bash
# Flood engine benchmark: starts CityBrain on an empty H2 database (its demo city designs its drainage network),
# fetches that model as an EPA SWMM 5 file, stops it, and times the engine on it (bench/FloodEngine.java): one 24 h
# storm with 1-minute results by the kinematic and by the dynamic wave, and an ensemble of 100 design storms on all cores.
#   bench/flood.sh            # or: bench/flood.sh MODEL.inp to time any SWMM 5 model the engine takes
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[ -f target/citybrain.jar ] || ./mvnw -q -B package -DskipTests
math=$(find "${HOME}/.m2/repository/org/apache/commons/commons-math3" -name 'commons-math3-*.jar' | sort | tail -1)
model=${1:-}
if [ -z "$model" ]; then
  . bench/citybrain.sh
  port=${PORT:-18086}
  start_citybrain "$port" 3000
  model="${SAVE_MODEL:-$work/demo-drainage.inp}"
  curl -sf -u bigdata:citybrain "http://localhost:$port/api/flood/v1/model" -o "$model"
  # stopped before the engine is timed, so that it has the cores to itself
  kill $pid; wait $pid 2>/dev/null || true
  trap 'rm -rf "$work"' EXIT
fi
"$JAVA_HOME/bin/java" -Xmx${HEAP:-2g} -cp "target/classes:$math" bench/FloodEngine.java "$model" "${RUNS:-5}"
