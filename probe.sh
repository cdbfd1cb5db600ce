#!/usr/bin/env bash
# Find out a server's keep-alive policy and the Reactor Netty pool settings that survive it.
# Usage: ./probe.sh <url> [options]   (./probe.sh --help lists the options)
# Builds probe/target/probe.jar first if it is missing.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="$root/probe/target/probe.jar"

if [[ ! -f "$jar" ]]; then
  echo "probe.sh: building $jar" >&2
  (cd "$root" && ./mvnw -q -f probe/pom.xml package -DskipTests) >&2
fi
exec java -jar "$jar" "$@"
