#!/usr/bin/env bash
# Runs the chain once per scenario (reuse mode x transport) behind emulated network links, under the same
# Gatling load, and compares the runs with what the round trips predict; with --faults, provokes the
# failures pools meet instead. The lab module does the work; this builds what is missing, then runs it.
# ./demo.sh --help tells how.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")" && pwd)
die() { echo "demo: $*" >&2; exit 2; }

command -v java >/dev/null || die "java 17 or newer is needed on the PATH"
java_version=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')
[[ ${java_version%%.*} =~ ^[0-9]+$ ]] && ((${java_version%%.*} >= 17)) \
  || die "java 17 or newer is needed on the PATH; $(command -v java) is ${java_version:-of an unknown version}"

# The version in the runnable jars' names, as the build wrote it.
build_properties=$ROOT/lab/target/classes/io/keepalivelab/lab/build.properties
version=$(sed -n 's/^version=//p' "$build_properties" 2>/dev/null || true)
needs_build=false
[[ " $* " == *" --rebuild "* || -z $version || ! -f $ROOT/lab/target/lab-cli.jar ]] && needs_build=true
for module in backend-api orchestration-api public-api link-emulator; do
  [[ -f $ROOT/$module/target/$module-$version-exec.jar ]] || needs_build=true
done
[[ -f $ROOT/load-tests/target/gatling-classpath.txt && -d $ROOT/load-tests/target/test-classes ]] || needs_build=true
if $needs_build; then
  echo "[demo $(date +%H:%M:%S)] building (./mvnw package -DskipTests)..."
  (cd "$ROOT" && ./mvnw -q -B package -DskipTests) || die "the build failed"
fi

exec java -Dkeepalive-lab.root="$ROOT" -jar "$ROOT/lab/target/lab-cli.jar" "$@"
