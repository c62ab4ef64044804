#!/usr/bin/env bash
# School enrollment's August rush: starts CityBrain with the demo city (H2 file by default; PostgreSQL when
# CITYBRAIN_DB_URL is set), then bench/EnrollmentRush.java: FAMILIES (150,000) submissions at RATE (2,000/s) from the
# window's opening, status pages meanwhile, every application read back. With KILL_AFTER=seconds the server is killed
# with SIGKILL that long into the rush and started again on the same database; the families' apps retry with the
# same idempotency keys, and the read-back shows whether an acknowledged application was lost or doubled.
#   bench/enrollment.sh
#   WARMUP=30000 bench/enrollment.sh     (a warm node: a first rush of 30,000 at half the rate, then the measured one)
#   CITYBRAIN_DB_URL=jdbc:postgresql://localhost:5432/bench_rush CITYBRAIN_DB_USER=… CITYBRAIN_DB_PASSWORD=… KILL_AFTER=30 bench/enrollment.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/citybrain.sh
port=${PORT:-18085}
key=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
export CITYBRAIN_IDENTITY_APP_TOKEN_KEY=$key
# the checks run in the background at their own pace; the rush only writes
HEAP=${HEAP:-2g} start_citybrain "$port" "${RESIDENTS:-30000}" CITYBRAIN_SIMULATOR_RATE=0
# WARMUP=families: a first rush of that many (in a campaign of its own, at half the rate) compiles the node's hot paths
# before the measured one, as a node that has served the evening's sign-ins would have
if [ "${WARMUP:-0}" -gt 0 ]; then
  echo "== warm-up: $WARMUP families at $(( ${RATE:-2000} / 2 ))/s"
  "$JAVA_HOME/bin/java" bench/EnrollmentRush.java "http://localhost:$port" "$WARMUP" "$(( ${RATE:-2000} / 2 ))"
  echo "== the measured rush"
fi
"$JAVA_HOME/bin/java" bench/EnrollmentRush.java "http://localhost:$port" "${FAMILIES:-150000}" "${RATE:-2000}" &
rush=$!
if [ -n "${KILL_AFTER:-}" ]; then
  sleep $((15 + KILL_AFTER))
  echo "== kill -9 the server ($pid) $KILL_AFTER s into the rush"
  kill -9 "$pid"
  wait "$pid" 2>/dev/null || true
  started=$(date +%s)
  (cd "$work" && exec env CITYBRAIN_PORT="$port" CITYBRAIN_MQTT_PORT=0 CITYBRAIN_DEMO_RESIDENTS="${RESIDENTS:-30000}" CITYBRAIN_NOTIFY_ALLOW=127.0.0.1/32 \
    CITYBRAIN_SIMULATOR_RATE=0 "$JAVA_HOME/bin/java" -Xmx${HEAP:-2g} ${JVM_OPTS:-} -jar "$OLDPWD/target/citybrain.jar" > "$work/app2.log" 2>&1) &
  pid=$!
  trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
  until curl -sf "http://localhost:$port/actuator/health" > /dev/null; do sleep 0.5; done
  echo "== the server answers again after $(( $(date +%s) - started )) s"
fi
wait $rush
