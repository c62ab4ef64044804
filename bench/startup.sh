#!/usr/bin/env bash
# Measures the first start of the demo: from `java -jar` on an empty data directory until the demo city is
# generated and the overview answers. Prints seconds. Usage: bench/startup.sh [residents]
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[ -f target/citybrain.jar ] || ./mvnw -q -B package -DskipTests
work=$(mktemp -d)
port=${PORT:-18080}
start=$(date +%s.%N)
(cd "$work" && exec env CITYBRAIN_PORT=$port CITYBRAIN_DEMO_RESIDENTS="${1:-30000}" "$JAVA_HOME/bin/java" -jar "$OLDPWD/target/citybrain.jar" > "$work/out.log" 2>&1) &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$work"' EXIT
until grep -q "demo city generated" "$work/out.log" 2>/dev/null; do
  sleep 0.1
  kill -0 $pid 2>/dev/null || { cat "$work/out.log"; exit 1; }
done
until curl -sf -u commander:citybrain "http://localhost:$port/api/city/districts" > /dev/null; do sleep 0.1; done
end=$(date +%s.%N)
grep -E "Started CityBrainApplication|demo city generated" "$work/out.log" | sed 's/.*\] //'
awk -v s="$start" -v e="$end" 'BEGIN { printf "first start with demo city generation: %.1f s\n", e - s }'
