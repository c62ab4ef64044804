#!/usr/bin/env bash
# Generates a city of N residents into an empty database and prints the generator's progress and rate.
#   bench/generate.sh 1000000                  # into a fresh H2 file under a temporary directory
#   bench/generate.sh 10000000 postgres        # into the empty PostgreSQL database named by CITYBRAIN_DB_URL
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[ -f target/citybrain.jar ] || ./mvnw -q -B package -DskipTests
residents=${1:-1000000}
if [ "${2:-h2}" = "h2" ]; then
  dir=$(mktemp -d)
  export CITYBRAIN_DB_URL="jdbc:h2:file:$dir/city"
  echo "H2 file: $dir"
fi
/usr/bin/time -f "wall %e s, max RSS %M KiB" "$JAVA_HOME/bin/java" -Xmx6g -jar target/citybrain.jar generate --residents="$residents"
[ -n "${dir:-}" ] && du -sh "$dir"
