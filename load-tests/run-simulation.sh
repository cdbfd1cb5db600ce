#!/usr/bin/env bash
# Runs ChainSimulation once with plain java, without Maven's start-up on every run.
# Usage: load-tests/run-simulation.sh RESULTS_DIR [-Dproperty=value ...]
# Writes RESULTS_DIR/summary.json, RESULTS_DIR/latency.hlog and Gatling's report under RESULTS_DIR/gatling.
# Exit status: 0; 1 when the run crashed; 2 when requests failed. Needs `./mvnw package` first.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
(($# >= 1)) || { sed -n '3,5p' "$0" | sed 's/^# //' >&2; exit 2; }
results=$(mkdir -p "$1" && cd "$1" && pwd)
shift
classpath_file=$here/target/gatling-classpath.txt
[[ -f $classpath_file ]] || { echo "run-simulation: $classpath_file is missing: run ./mvnw package first" >&2; exit 2; }

# The JVM options the Gatling Maven plugin passes; without the first --add-opens Gatling 3.15 fails on
# Java 17 before its first request.
exec java -Xmx1G -XX:MaxInlineLevel=20 -XX:MaxTrivialSize=12 \
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED \
  -cp "$here/target/test-classes:$here/target/classes:$(cat "$classpath_file")" \
  -DresultsDir="$results" "$@" \
  io.gatling.app.Gatling -s io.keepalivelab.load.ChainSimulation -rf "$results/gatling"
