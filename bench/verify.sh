#!/usr/bin/env bash
# Code verification benchmark: CityBrain's verification of a health code token against the raw JCA ECDSA check on
# the same machine (in-process, no server). bench/verify.sh [seconds-per-round]
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
"$JAVA_HOME/bin/java" -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  org.citybrain.health.internal.CodeVerificationBenchmark "${1:-2}"
