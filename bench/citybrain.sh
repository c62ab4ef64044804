# Sourced by the benchmark scripts: start_citybrain PORT RESIDENTS [extra env...] starts target/citybrain.jar on an
# empty database (an H2 file in a temporary directory unless CITYBRAIN_DB_URL names another), waits until the demo
# city is projected into the twin, and stops it when the script exits. Sets $work (its directory) and $pid.
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[ -f target/citybrain.jar ] || ./mvnw -q -B package -DskipTests

start_citybrain() {
  local port=$1 residents=$2
  shift 2
  work=$(mktemp -d)
  export CITYBRAIN_DB_URL="${CITYBRAIN_DB_URL:-jdbc:h2:file:$work/city;WRITE_DELAY=0${H2_OPTS:-}}"
  # The benchmarks' notification receivers listen on 127.0.0.1: the one internal address CityBrain may notify here.
  (cd "$work" && exec env CITYBRAIN_PORT="$port" CITYBRAIN_MQTT_PORT=0 CITYBRAIN_DEMO_RESIDENTS="$residents" CITYBRAIN_NOTIFY_ALLOW=127.0.0.1/32 "$@" \
    "$JAVA_HOME/bin/java" -Xmx${HEAP:-4g} ${JVM_OPTS:-} -jar "$OLDPWD/target/citybrain.jar" > "$work/app.log" 2>&1) &
  pid=$!
  trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
  until grep -q "projected into the twin" "$work/app.log" 2>/dev/null; do
    sleep 0.5
    kill -0 $pid 2>/dev/null || { tail -50 "$work/app.log"; exit 1; }
  done
  # The demo's device secrets, for the harnesses that drive its gates.
  export CITYBRAIN_DEVICE_SECRETS="$work/data/demo-device-credentials.properties"
  echo "database: $CITYBRAIN_DB_URL"
}
