#!/usr/bin/env bash
# Runs the chain once per reuse scenario under the same Gatling load and compares the runs.
# ./demo.sh --help tells how.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")" && pwd)
VERSION=0.1.0-SNAPSHOT
SERVICES=(backend-api orchestration-api public-api)
ALL_SCENARIOS=(reuse no-reuse client-per-request no-reuse+client-per-request)

scenarios=(reuse no-reuse)
users=4
duration=20
warmup=5
calls=2
work_ms=10
client_keepalive=true
base_port=8080
out=""
rebuild=false

usage() {
  cat <<EOF
Usage: ./demo.sh [options]

Starts public-api -> orchestration-api -> backend-api as local JVMs once per scenario, loads them
with Gatling, reads every service's connection counters, and prints a comparison.

Scenarios (each is a Spring profile set on every service; "+" joins two profiles):
  reuse                         one pooled client per downstream, keep-alive on
  no-reuse                      keep-alive off: a new connection per call
  client-per-request            a new client and pool per call, disposed after it
  no-reuse+client-per-request   both

Options:
  --scenarios LIST      comma-separated scenarios to run, in order (default: reuse,no-reuse)
  --all                 run the four scenarios
  --users N             concurrent Gatling users, 1..64 (default: $users)
  --duration SECONDS    measured phase per scenario, 1..600 (default: $duration)
  --warmup SECONDS      unmeasured warm-up per scenario, 0..120 (default: $warmup)
  --calls N             sequential backend calls per request, 1..50 (default: $calls)
  --work-ms N           simulated backend work per call, 0..10000 (default: $work_ms)
  --no-client-keepalive the load generator opens a new connection per request too
  --base-port N         public-api on N, orchestration-api on N+1, backend-api on N+2 (default: $base_port)
  --out DIR             where runs are written (default: target/demo/<timestamp>)
  --rebuild             rebuild the jars even if they exist
  -h, --help            this text
EOF
}

die() { echo "demo: $*" >&2; exit 2; }
log() { printf '[demo %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

bounded() { # name value min max
  [[ $2 =~ ^[0-9]+$ ]] && (( 10#$2 >= $3 && 10#$2 <= $4 )) || die "$1 must be an integer in $3..$4, got '$2'"
}

while (($#)); do
  case $1 in
    --scenarios) [[ $# -ge 2 ]] || die "--scenarios needs a value"; IFS=, read -r -a scenarios <<< "$2"; shift 2 ;;
    --all) scenarios=("${ALL_SCENARIOS[@]}"); shift ;;
    --users) users=${2-}; bounded --users "$users" 1 64; shift 2 ;;
    --duration) duration=${2-}; bounded --duration "$duration" 1 600; shift 2 ;;
    --warmup) warmup=${2-}; bounded --warmup "$warmup" 0 120; shift 2 ;;
    --calls) calls=${2-}; bounded --calls "$calls" 1 50; shift 2 ;;
    --work-ms) work_ms=${2-}; bounded --work-ms "$work_ms" 0 10000; shift 2 ;;
    --no-client-keepalive) client_keepalive=false; shift ;;
    --base-port) base_port=${2-}; bounded --base-port "$base_port" 1024 65533; shift 2 ;;
    --out) [[ $# -ge 2 ]] || die "--out needs a value"; out=$2; shift 2 ;;
    --rebuild) rebuild=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option '$1'" ;;
  esac
done

((${#scenarios[@]} > 0)) || die "--scenarios is empty"
for s in "${scenarios[@]}"; do
  [[ " ${ALL_SCENARIOS[*]} " == *" $s "* ]] || die "unknown scenario '$s' (known: ${ALL_SCENARIOS[*]})"
done
command -v java >/dev/null || die "java 17 or newer is needed on the PATH"
command -v curl >/dev/null || die "curl is needed on the PATH"

declare -A port=([public-api]=$base_port [orchestration-api]=$((base_port + 1)) [backend-api]=$((base_port + 2)))
out=${out:-$ROOT/target/demo/$(date +%Y%m%d-%H%M%S)}

# ---- processes: every JVM this script starts is stopped on success, failure or Ctrl-C ----
pids=()
stop_services() {
  ((${#pids[@]})) || return 0
  kill -TERM "${pids[@]}" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "${pids[@]}" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
  pids=()
}
gatling_pid=""
cleanup() {
  [[ -n $gatling_pid ]] && kill -TERM "$gatling_pid" 2>/dev/null
  stop_services
}
trap cleanup EXIT
trap 'echo; log "interrupted"; exit 130' INT TERM

# ---- build what is missing ----
jar() { echo "$ROOT/$1/target/$1-$VERSION-exec.jar"; }
gatling_classpath_file=$ROOT/load-tests/target/gatling-classpath.txt
needs_build=$rebuild
for s in "${SERVICES[@]}"; do [[ -f $(jar "$s") ]] || needs_build=true; done
[[ -f $gatling_classpath_file && -d $ROOT/load-tests/target/test-classes ]] || needs_build=true
if $needs_build; then
  log "building (./mvnw package -DskipTests)..."
  (cd "$ROOT" && ./mvnw -q -B package -DskipTests) || die "the build failed"
fi

for s in "${SERVICES[@]}"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/${port[$s]}") 2>/dev/null; then
    die "port ${port[$s]} (for $s) is already in use: stop what runs there or pass --base-port"
  fi
done

# ---- one scenario ----
start_services() { # profiles logdir
  local s
  for s in backend-api orchestration-api public-api; do
    SPRING_PROFILES_ACTIVE=$1 \
    BACKEND_API_URL=http://127.0.0.1:${port[backend-api]} \
    ORCHESTRATION_API_URL=http://127.0.0.1:${port[orchestration-api]} \
      java -Xmx256m -jar "$(jar "$s")" --server.address=127.0.0.1 --server.port="${port[$s]}" > "$2/$s.log" 2>&1 &
    pids+=($!)
  done
}

await_healthy() { # logdir
  local s deadline=$((SECONDS + 90))
  for s in "${SERVICES[@]}"; do
    until curl -fs -o /dev/null "http://127.0.0.1:${port[$s]}/actuator/health"; do
      ((SECONDS < deadline)) || die "$s was not healthy within 90 s; see $1/$s.log"
      for pid in "${pids[@]}"; do
        kill -0 "$pid" 2>/dev/null || die "a service exited during startup; see the logs in $1"
      done
      sleep 0.5
    done
  done
}

run_gatling() { # scenario dir
  "$ROOT/load-tests/run-simulation.sh" "$1" \
    -DbaseUrl="http://127.0.0.1:${port[public-api]}" -Dusers="$users" -DdurationSeconds="$duration" \
    -DwarmupSeconds="$warmup" -Dcalls="$calls" -DworkMs="$work_ms" -DkeepAlive="$client_keepalive" \
    > "$1/gatling.log" 2>&1 &
  gatling_pid=$!
  local started=$SECONDS total=$((warmup + duration)) elapsed
  while kill -0 "$gatling_pid" 2>/dev/null; do
    elapsed=$((SECONDS - started))
    if [[ -t 1 ]]; then
      printf '\r[demo %s]   load: %3ds of ~%ds' "$(date +%H:%M:%S)" "$elapsed" "$total"
    elif ((elapsed % 10 == 0)); then
      log "  load: ${elapsed}s of ~${total}s"
    fi
    sleep 1
  done
  [[ -t 1 ]] && printf '\n'
  local rc=0
  wait "$gatling_pid" || rc=$?
  gatling_pid=""
  return $rc
}

mkdir -p "$out"
log "writing to $out"
log "scenarios: ${scenarios[*]}; $users users, ${warmup}s warm-up + ${duration}s measured, calls=$calls workMs=$work_ms, client keep-alive $client_keepalive"
failed=()
n=0
for scenario in "${scenarios[@]}"; do
  n=$((n + 1))
  dir=$out/$scenario
  mkdir -p "$dir/logs" "$dir/connections"
  log "[$n/${#scenarios[@]}] $scenario: starting the services (profiles ${scenario//+/,})"
  start_services "${scenario//+/,}" "$dir/logs"
  await_healthy "$dir/logs"
  log "[$n/${#scenarios[@]}] $scenario: healthy; running Gatling (log: $dir/gatling.log)"
  if ! run_gatling "$dir"; then
    failed+=("$scenario")
    log "[$n/${#scenarios[@]}] $scenario: Gatling failed; see $dir/gatling.log"
  fi
  for s in "${SERVICES[@]}"; do
    curl -fs "http://127.0.0.1:${port[$s]}/actuator/connections" > "$dir/connections/$s.json" \
      || log "could not read $s's connections"
  done
  stop_services
done

log "comparison:"
report_rc=0
java -cp "$ROOT/load-tests/target/classes:$(cat "$gatling_classpath_file")" \
  io.keepalivelab.load.ComparisonReport "$out" "${scenarios[@]}" || report_rc=$?
log "report: $out/report.html"
if ((${#failed[@]})); then
  log "failed scenarios: ${failed[*]}"
  exit 1
fi
exit $report_rc
