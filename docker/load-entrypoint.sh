#!/bin/sh
# Entry point of the compose `load` service (docker/load.Dockerfile): runs ChainSimulation once against
# the chain and leaves, in /results (the host's target/compose-load by default), one folder per reuse
# scenario laid out like a ./demo.sh scenario (summary.json, latency.hlog, connections/<service>.json,
# metrics/<service>.prom, gatling/<run>/index.html), then compares every scenario found there in
# /results/report.html.
# The scenario is the mode the running chain reports, so a rerun replaces only that scenario's folder.
# It loads the chain as it runs, whatever its profile, and waits up to LOAD_WAIT_SECONDS for it to be ready.
# A chain on a TLS transport (tls12, tls13, h2) answers over HTTPS only: then every URL turns to https://, the
# clients trust the CA in KEEPALIVE_LAB_TLS_DIR (/certs, compose's certs volume), Gatling speaks the chain's
# TLS version (and HTTP/2 under h2), and the scenario is named <mode>.<transport>, e.g. reuse.tls13.
# Settings: LOAD_USERS, LOAD_DURATION, LOAD_WARMUP, LOAD_CALLS, LOAD_WORK_MS, LOAD_KEEPALIVE; arguments
# are extra system properties for the simulation (e.g. -Dusers=8).
set -eu

public_api=${PUBLIC_API_URL:-http://public-api:8080}
orchestration_api=${ORCHESTRATION_API_URL:-http://orchestration-api:8081}
backend_api=${BACKEND_API_URL:-http://backend-api:8082}
results=/results
classpath=$(cat /load/classpath.txt)
ca=${KEEPALIVE_LAB_TLS_DIR:-/certs}/ca.pem

# The CA, when there is one, for https:// URLs; curl ignores it for http:// ones.
get() { if [ -r "$ca" ]; then curl -fsS --cacert "$ca" "$@"; else curl -fsS "$@"; fi; }
connections() { get --max-time 5 "$1/actuator/connections"; }
secure() { case $1 in http://*) echo "https://${1#http://}" ;; *) echo "$1" ;; esac; }
# The chain's scheme is that of its transport: try public-api's URL as given, then over https.
ready() {
  get --max-time 3 -o /dev/null "$public_api/actuator/health/readiness" 2>/dev/null && return 0
  [ -r "$ca" ] && get --max-time 3 -o /dev/null "$(secure "$public_api")/actuator/health/readiness" 2>/dev/null \
    && public_api=$(secure "$public_api") orchestration_api=$(secure "$orchestration_api") \
      backend_api=$(secure "$backend_api")
}

# public-api is ready only once the whole chain is (compose starts each service after its downstream
# is healthy); `docker compose --profile load up` starts them together.
wait_seconds=${LOAD_WAIT_SECONDS:-180}
deadline=$(($(date +%s) + wait_seconds))
waiting=false
until ready; do
  $waiting || echo "load: waiting up to $wait_seconds s for $public_api (is the chain up? docker compose up -d --wait)"
  waiting=true
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "load: $public_api is not ready after $wait_seconds s; start the chain first: docker compose up -d --wait" >&2
    exit 1
  fi
  sleep 1
done

account=$(connections "$public_api") || { echo "load: cannot read $public_api/actuator/connections" >&2; exit 1; }
mode=$(echo "$account" | sed -n 's/.*"mode":{"name":"\([^"]*\)".*/\1/p')
[ -n "$mode" ] || { echo "load: cannot read the reuse mode from $public_api/actuator/connections" >&2; exit 1; }
profiles=$(echo "$account" | sed -n 's/.*"profiles":\[\([^]]*\)\].*/\1/p' | tr -d '"')
transport=plain
for t in tls12 tls13 h2 h2c; do
  case ",$profiles," in *,$t,*) transport=$t ;; esac
done
tls=""
case $transport in
  tls12) tls=TLSv1.2 ;;
  tls13 | h2) tls=TLSv1.3 ;;
esac
if [ -n "$tls" ]; then
  case $public_api in https://*) ;; *) echo "load: the chain runs $transport but $public_api is no https:// URL" >&2; exit 1 ;; esac
  set -- -Dgatling.ssl.trustStore.file="${KEEPALIVE_LAB_TLS_DIR:-/certs}/trust.p12" \
    -Dgatling.ssl.trustStore.password=changeit -Dgatling.ssl.trustStore.type=PKCS12 \
    -Dgatling.ssl.enabledProtocols.0="$tls" -Dhttp2="$([ "$transport" = h2 ] && echo true || echo false)" "$@"
fi
scenario=$mode
[ "$transport" = plain ] || scenario=$mode.$transport
dir=$results/$scenario
rm -rf "$dir"
mkdir -p "$dir/connections"
echo "load: the chain runs '$mode' over $transport ($public_api); results in ${RESULTS_HOST_DIR:-$results}/$scenario"

# The JVM options of load-tests/run-simulation.sh (the first --add-opens is needed on Java 17+).
rc=0
java -Xmx512m -XX:MaxInlineLevel=20 -XX:MaxTrivialSize=12 \
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED \
  -cp "/load/test-classes:/load/classes:$classpath" \
  -DbaseUrl="$public_api" -Dusers="${LOAD_USERS:-4}" -DdurationSeconds="${LOAD_DURATION:-20}" \
  -DwarmupSeconds="${LOAD_WARMUP:-5}" -Dcalls="${LOAD_CALLS:-2}" -DworkMs="${LOAD_WORK_MS:-10}" \
  -DkeepAlive="${LOAD_KEEPALIVE:-true}" "$@" -DresultsDir="$dir" \
  io.gatling.app.Gatling -s io.keepalivelab.load.ChainSimulation -rf "$dir/gatling" || rc=$?

# Counters since each container started: a profile switch recreates the containers, so they start at 0.
# The callers' metrics let the report split new-connection time into connect and TLS handshake.
mkdir -p "$dir/metrics"
for service in public-api=$public_api orchestration-api=$orchestration_api backend-api=$backend_api; do
  connections "${service#*=}" > "$dir/connections/${service%%=*}.json" || rc=1
  get --max-time 10 "${service#*=}/actuator/prometheus" > "$dir/metrics/${service%%=*}.prom" || rc=1
done

# reuse first, the report's baseline; each mode on plain HTTP/1.1, then on the other transports.
complete=""
for m in reuse no-reuse client-per-request no-reuse+client-per-request; do
  for d in "$results/$m" "$results/$m".*; do
    if [ -f "$d/summary.json" ] && [ -f "$d/latency.hlog" ] && [ -f "$d/connections/backend-api.json" ] \
        && [ -f "$d/connections/orchestration-api.json" ] && [ -f "$d/connections/public-api.json" ] \
        && ls "$d"/gatling/*/index.html >/dev/null 2>&1; then
      complete="$complete ${d##*/}"
    fi
  done
done
if [ -n "$complete" ]; then
  # shellcheck disable=SC2086 # one argument per scenario
  java -cp "/load/classes:$classpath" io.keepalivelab.load.ComparisonReport "$results" $complete \
    || echo "load: the comparison report had problems (see above)" >&2
fi

# Files written here belong to root; hand them to whoever owns the mounted folder on the host.
chown -R "$(stat -c %u:%g "$results")" "$results" 2>/dev/null || true
# Paths as the host sees them (compose passes the mounted folder in RESULTS_HOST_DIR).
host=${RESULTS_HOST_DIR:-$results}
index=$(ls -d "$dir"/gatling/*/index.html 2>/dev/null | head -n 1)
echo "load: exit $rc; Gatling report: ${index:+$host${index#"$results"}}"
echo "load: comparison of the scenarios run so far: $host/report.html"
exit "$rc"
