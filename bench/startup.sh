#!/usr/bin/env bash
# Measures CityBrain's start-up on 2 cores: the first start on an empty data directory (Spring Boot, migrations, the demo
# city generated and projected into the twin) and a restart on the database that start left, each until the city's
# API answers; prints wall-clock seconds and the CPU seconds the JVM used by then. PROFILE=1 records the restart with
# Java Flight Recorder and prints where its CPU went (jfr view hot-methods / top frames). AOT=1 also trains a JDK 25 AOT
# cache (JEP 483/514/515: classes loaded and linked, method profiles) and measures restarts with it.
# Usage: bench/startup.sh [residents]
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[ -f target/citybrain.jar ] || ./mvnw -q -B package -DskipTests
work=$(mktemp -d)
port=${PORT:-18080}
residents=${1:-30000}
trap 'kill $pid 2>/dev/null; rm -rf "$work"' EXIT
ticks=$(getconf CLK_TCK)

# run LABEL [java options...]: starts CityBrain in $work, waits until it answers, prints the figures, stops it.
run() {
  local label=$1
  shift
  local start end cpu
  start=$(date +%s.%N)
  (cd "$work" && exec env CITYBRAIN_PORT=$port CITYBRAIN_DEMO_RESIDENTS="$residents" CITYBRAIN_SIMULATOR_RATE=0 \
    "$JAVA_HOME/bin/java" "$@" -jar "$OLDPWD/target/citybrain.jar" > "$work/$label.log" 2>&1) &
  pid=$!
  until curl -sf -u commander:citybrain "http://localhost:$port/api/city/districts" > /dev/null 2>&1; do
    sleep 0.1
    kill -0 $pid 2>/dev/null || { tail -40 "$work/$label.log"; exit 1; }
  done
  end=$(date +%s.%N)
  cpu=$(awk -v t="$ticks" '{ printf "%.1f", ($14 + $15) / t }' /proc/$pid/stat)
  # CPU by kind of thread until then (the JIT compilers, the collector, class loading on main ...), from /proc.
  local threads
  threads=$(for t in /proc/$pid/task/*; do
      name=$(tr ' ' '_' < "$t/comm" 2>/dev/null) && awk -v n="$name" '{ print n, $14 + $15 }' "$t/stat" 2>/dev/null
    done | sed -E 's/^(C[12]_CompilerThre|GC_Thread|G1_|VM_Thread|tomcat-handler|HikariPool|notifications|citybrain|pool)[^ ]*/\1/' \
    | awk -v t="$ticks" '{ c[$1] += $2 } END { for (k in c) if (c[k] / t >= 0.3) printf "%s %.1f s, ", k, c[k] / t }')
  grep -E "Started CityBrainApplication|demo city generated|projected into the twin" "$work/$label.log" | sed 's/.*\] //; s/^[^:]*: //' | sed "s/^/  $label: /" || true
  awk -v s="$start" -v e="$end" -v c="$cpu" -v l="$label" 'BEGIN { printf "%s: %.1f s until the city answers, %s s of CPU\n", l, e - s, c }'
  echo "  $label, CPU by thread: $threads"
  kill $pid
  wait $pid 2>/dev/null || true
}

run "first start"
if [ "${PROFILE:-0}" = 1 ]; then
  run "restart" -XX:StartFlightRecording:filename="$work/restart.jfr",settings=profile,dumponexit=true
  sleep 1
  echo "== where the restart's CPU went (JFR execution samples, top frames)"
  "$JAVA_HOME/bin/jfr" view --width 160 hot-methods "$work/restart.jfr" | head -30
  "$JAVA_HOME/bin/jfr" print --events jdk.ExecutionSample --stack-depth 64 "$work/restart.jfr" > "$work/samples.txt"
  echo "== samples by CityBrain frame (the first org.citybrain frame of each stack)"
  awk '/jdk.ExecutionSample/ { if (f != "") c[f]++; f = "" } /org\.citybrain\./ && f == "" { sub(/^[ \t]+/, ""); sub(/line:.*/, ""); f = $0 }
       END { if (f != "") c[f]++; for (k in c) print c[k], k }' "$work/samples.txt" | sort -rn | head -15
else
  run "restart"
fi
run "second restart"
if [ "${AOT:-0}" = 1 ]; then
  # The training run: the context starts and stops at once (spring.context.exit=onRefresh), the JVM writes the cache.
  (cd "$work" && env CITYBRAIN_PORT=$port CITYBRAIN_SIMULATOR_RATE=0 "$JAVA_HOME/bin/java" -XX:AOTCacheOutput="$work/citybrain.aot" \
    -Dspring.context.exit=onRefresh -jar "$OLDPWD/target/citybrain.jar" > "$work/training.log" 2>&1)
  run "restart with AOT cache" -XX:AOTCache="$work/citybrain.aot"
  run "second restart with AOT cache" -XX:AOTCache="$work/citybrain.aot"
fi
