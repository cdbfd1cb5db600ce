#!/usr/bin/env bash
# Runs the chain once per scenario (reuse mode x transport) behind emulated network links, under the
# same Gatling load, and compares the runs with what the round trips predict; with --faults, provokes
# the failures pools meet instead. ./demo.sh --help tells how.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/fault-scenarios.sh
source "$ROOT/scripts/fault-scenarios.sh"
VERSION=0.1.0-SNAPSHOT
SERVICES=(backend-api orchestration-api public-api)
ALL_MODES=(reuse no-reuse client-per-request no-reuse+client-per-request)
ALL_TRANSPORTS=(plain tls12 tls13 h2 h2c)
MATRIX_TRANSPORTS=(plain tls12 tls13 h2)
# The server stacks, each a Spring profile set per service: Spring WebFlux on Reactor Netty, or Spring MVC
# on Tomcat.
ALL_STACKS=(netty tomcat)
# Serial GC: on 2 cores a 256 MB heap needs no concurrent collector, whose threads and barriers cost
# every request CPU that the measurement is about.
SERVICE_JVM_OPTIONS=(-Xmx256m -XX:+UseSerialGC)
# The services' JIT: c2 is a long-running server's steady state, reached after a few thousand requests;
# c1 alone reaches its lower speed sooner, so the 16 runs of the matrix fit in 12 minutes.
declare -A JIT_OPTIONS=([c1]=-XX:TieredStopAtLevel=1 [c2]=-XX:TieredStopAtLevel=4)
declare -A JIT_WARMUP_REQUESTS=([c1]=1000 [c2]=6000)
# Fault runs count failures, not milliseconds: a short warm-up is enough.
FAULT_JIT_WARMUP_REQUESTS=200

modes=(reuse no-reuse)
transports=(plain)
stacks=(netty)
matrix=false
users="" duration="" warmup=""
calls=2
work_ms=10
client_keepalive=auto
customer_delay=15
internal_delay=0.5
jitter=0
tls_resumption=on
links=true
base_port=8080
out=""
rebuild=false
faults=()
jit=""

usage() {
  cat <<EOF
Usage: ./demo.sh [options]

Starts public-api -> orchestration-api -> backend-api as local JVMs once per scenario, each hop behind a
link emulator that adds a one-way network delay (handshakes included), loads the chain with Gatling,
reads every service's connection counters, and prints a comparison with the predicted latency.

A scenario is a reuse mode and a transport, each a Spring profile set on every service, run on a server
stack, a Spring profile set on each service on its own:
  modes:       reuse, no-reuse, client-per-request, no-reuse+client-per-request ("+" joins two profiles)
  transports:  plain (HTTP/1.1), tls12, tls13, h2 (HTTP/2 over TLS 1.3), h2c (clear-text HTTP/2)
  stacks:      netty (Spring WebFlux on Reactor Netty: no request limit per connection), tomcat (Spring
               MVC on Tomcat: Connection: close after a connection's 100th request), or a mixed chain
               PUBLIC/ORCHESTRATION/BACKEND, e.g. tomcat/netty/netty (public-api on Tomcat, the rest on
               Netty)

Options:
  --modes LIST            comma-separated modes, in order (default: reuse,no-reuse); --scenarios is the same
  --all                   the four modes
  --transports LIST       comma-separated transports (default: plain)
  --stacks LIST           comma-separated stacks (default: netty): every scenario runs once on each,
                          e.g. --stacks netty,tomcat,tomcat/netty/netty; with more than one, the stack
                          ends the scenario's name (reuse.plain.tomcat, reuse.plain.tomcat-netty-netty);
                          once a service runs on tomcat, the report shows each scenario's stacks and
                          each hop's server stack and the connections it closed at its request limit
  --matrix                the four modes x plain, tls12, tls13, h2, at a light load (~10 min)
  --users N               concurrent Gatling users, 1..64 (default: 4; 2 with --matrix)
  --duration SECONDS      measured phase per scenario, 1..600 (default: 20; 8 with --matrix)
  --warmup SECONDS        unmeasured warm-up per scenario, 0..120 (default: 5; 3 with --matrix)
  --calls N               sequential backend calls per request, 1..50 (default: $calls)
  --work-ms N             simulated backend work per call, 0..10000 (default: $work_ms)
  --customer-delay MS     one-way delay of the load generator -> public-api link (default: $customer_delay)
  --internal-delay MS     one-way delay of the links between services (default: $internal_delay)
  --jitter MS             jitter on every link, at most the smallest delay (default: $jitter)
  --no-links              no link emulator: services talk over bare loopback
  --client-keepalive WHEN auto|on|off: does the load generator keep its connections? auto: only in
                          the reuse mode, so that the customer hop follows the scenario (default: auto);
                          without, every request is a new Gatling user: new connection, full handshake
  --tls-resumption WHEN   on|off: may the services' new TLS connections resume a session (TLS 1.2:
                          one round trip instead of two)? (default: on, as the JDK does)
  --jit c1|c2             the services' JIT compiler: c2 is a long-running server's steady state
                          (6000 warm-up requests, about 35 s more per scenario); c1 alone warms up in
                          1000 and leaves 1-3 ms more CPU per request on the chain (default: c2;
                          c1 with --matrix and --faults)
  --base-port N           public-api on N, orchestration-api on N+1, backend-api on N+2, the links
                          on N+10..N+12 and the link admin on N+19 (default: $base_port)
  --faults LIST|all       instead of the scenarios above, provoke failures and compare a misconfigured
                          client with the hardened default: ${FAULTS[*]}
                          (the first three in both configurations; about 45 s per run; each fault
                          sets its own load, links and settings: --users, --duration and --modes do
                          not apply; --stacks does: each fault runs once per stack, but storm only
                          with a netty backend, the stack whose soft and hard limits it provokes)
  --out DIR               where runs are written (default: target/demo/<timestamp>)
  --rebuild               rebuild the jars even if they exist
  -h, --help              this text
EOF
}

die() { echo "demo: $*" >&2; exit 2; }
log() { printf '[demo %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

bounded() { # name value min max
  [[ $2 =~ ^[0-9]+$ ]] && (( 10#$2 >= $3 && 10#$2 <= $4 )) || die "$1 must be an integer in $3..$4, got '$2'"
}
milliseconds() { # name value
  [[ $2 =~ ^(0|[1-9][0-9]{0,3})(\.[0-9]{1,3})?$ ]] && awk -v v="$2" 'BEGIN { exit !(v <= 1000) }' \
    || die "$1 must be a number of milliseconds in 0..1000, got '$2'"
}
one_of() { # name value allowed...
  local name=$1 value=$2; shift 2
  [[ " $* " == *" $value "* ]] || die "unknown $name '$value' (known: $*)"
}
value() { [[ $# -ge 2 && -n $2 ]] || die "$1 needs a value"; echo "$2"; }

while (($#)); do
  case $1 in
    --modes|--scenarios) IFS=, read -r -a modes <<< "$(value "$@")"; shift 2 ;;
    --all) modes=("${ALL_MODES[@]}"); shift ;;
    --transports) IFS=, read -r -a transports <<< "$(value "$@")"; shift 2 ;;
    --stacks) IFS=, read -r -a stacks <<< "$(value "$@")"; shift 2 ;;
    --matrix) matrix=true; modes=("${ALL_MODES[@]}"); transports=("${MATRIX_TRANSPORTS[@]}"); shift ;;
    --users) users=$(value "$@"); bounded --users "$users" 1 64; shift 2 ;;
    --duration) duration=$(value "$@"); bounded --duration "$duration" 1 600; shift 2 ;;
    --warmup) warmup=$(value "$@"); bounded --warmup "$warmup" 0 120; shift 2 ;;
    --calls) calls=$(value "$@"); bounded --calls "$calls" 1 50; shift 2 ;;
    --work-ms) work_ms=$(value "$@"); bounded --work-ms "$work_ms" 0 10000; shift 2 ;;
    --customer-delay) customer_delay=$(value "$@"); milliseconds "$1" "$customer_delay"; shift 2 ;;
    --internal-delay) internal_delay=$(value "$@"); milliseconds "$1" "$internal_delay"; shift 2 ;;
    --jitter) jitter=$(value "$@"); milliseconds "$1" "$jitter"; shift 2 ;;
    --no-links) links=false; shift ;;
    --client-keepalive) client_keepalive=$(value "$@"); one_of "$1" "$client_keepalive" auto on off; shift 2 ;;
    --tls-resumption) tls_resumption=$(value "$@"); one_of "$1" "$tls_resumption" on off; shift 2 ;;
    --jit) jit=$(value "$@"); one_of "$1" "$jit" c1 c2; shift 2 ;;
    --base-port) base_port=$(value "$@"); bounded --base-port "$base_port" 1024 65500; shift 2 ;;
    --out) out=$(value "$@"); shift 2 ;;
    --rebuild) rebuild=true; shift ;;
    --faults)
      IFS=, read -r -a faults <<< "$(value "$@")"
      [[ ${faults[*]} == all ]] && faults=("${FAULTS[@]}")
      for f in "${faults[@]}"; do one_of fault "$f" "${FAULTS[@]}"; done
      shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option '$1'" ;;
  esac
done

((${#modes[@]} > 0)) || die "--modes is empty"
((${#transports[@]} > 0)) || die "--transports is empty"
((${#stacks[@]} > 0)) || die "--stacks is empty"
for m in "${modes[@]}"; do one_of mode "$m" "${ALL_MODES[@]}"; done
for t in "${transports[@]}"; do one_of transport "$t" "${ALL_TRANSPORTS[@]}"; done
# Each --stacks item as the stacks of public-api, orchestration-api and backend-api; a chain on one stack
# is named by it alone (tomcat/tomcat/tomcat is tomcat), and no chain runs twice.
declare -A chain_of_stack
for i in "${!stacks[@]}"; do
  item=${stacks[$i]}
  [[ $item =~ ^[a-z]+(/[a-z]+/[a-z]+)?$ ]] \
    || die "--stacks item '$item' is neither a stack nor PUBLIC/ORCHESTRATION/BACKEND (e.g. tomcat/netty/netty)"
  IFS=/ read -r -a chain <<< "$item"
  ((${#chain[@]} == 1)) && chain=("$item" "$item" "$item")
  for s in "${chain[@]}"; do one_of stack "$s" "${ALL_STACKS[@]}"; done
  [[ ${chain[0]} == "${chain[1]}" && ${chain[1]} == "${chain[2]}" ]] && item=${chain[0]}
  [[ -z ${chain_of_stack[$item]:-} ]] || die "--stacks names the chain '$item' twice"
  chain_of_stack[$item]="${chain[*]}"
  stacks[$i]=$item
done
if $matrix; then users=${users:-2} duration=${duration:-8} warmup=${warmup:-3} jit=${jit:-c1}; fi
((${#faults[@]})) && jit=${jit:-c1}
jit=${jit:-c2}
users=${users:-4} duration=${duration:-20} warmup=${warmup:-5}
$links || customer_delay=0 internal_delay=0 jitter=0
awk -v j="$jitter" -v c="$customer_delay" -v i="$internal_delay" 'BEGIN { exit !(j <= c && j <= i) }' \
  || die "--jitter ($jitter ms) must not exceed a link's delay ($customer_delay / $internal_delay ms)"
command -v java >/dev/null || die "java 17 or newer is needed on the PATH"
command -v curl >/dev/null || die "curl is needed on the PATH"

declare -A port=([public-api]=$base_port [orchestration-api]=$((base_port + 1)) [backend-api]=$((base_port + 2)))
declare -A link_port=([customer]=$((base_port + 10)) [public-to-orchestration]=$((base_port + 11))
  [orchestration-to-backend]=$((base_port + 12)))
admin_port=$((base_port + 19))
out=${out:-$ROOT/target/demo/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"
out=$(cd "$out" && pwd)

# ---- processes: every JVM this script starts is stopped on success, failure or Ctrl-C ----
pids=()
stop_processes() {
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
  stop_processes
}
trap cleanup EXIT
trap 'echo; log "interrupted"; exit 130' INT TERM

# ---- build what is missing ----
jar() { echo "$ROOT/$1/target/$1-$VERSION-exec.jar"; }
needs_build=$rebuild
for module in "${SERVICES[@]}" link-emulator; do [[ -f $(jar "$module") ]] || needs_build=true; done
[[ -f $ROOT/load-tests/target/gatling-classpath.txt && -d $ROOT/load-tests/target/test-classes ]] || needs_build=true
if $needs_build; then
  log "building (./mvnw package -DskipTests)..."
  (cd "$ROOT" && ./mvnw -q -B package -DskipTests) || die "the build failed"
fi

for p in "${port[@]}" "${link_port[@]}" "$admin_port"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
    die "port $p is already in use: stop what runs there or pass --base-port"
  fi
done

tls_dir=$out/tls
if [[ " ${transports[*]} " =~ " "(tls12|tls13|h2)" " ]]; then
  "$ROOT/scripts/make-certs.sh" "$tls_dir" > /dev/null || die "could not make the throwaway certificates"
fi

# ---- one scenario ----
scheme_of() { case $1 in tls12|tls13|h2) echo https ;; *) echo http ;; esac; }

start_links() { # logdir
  local spec=() name target
  declare -A target_of=([customer]=public-api [public-to-orchestration]=orchestration-api
    [orchestration-to-backend]=backend-api)
  for name in customer public-to-orchestration orchestration-to-backend; do
    target=${target_of[$name]}
    local delay=$internal_delay
    [[ $name == customer ]] && delay=$customer_delay
    [[ $name == orchestration-to-backend ]] && delay=$orchestration_to_backend_delay
    spec+=(--link "$name=${link_port[$name]}:127.0.0.1:${port[$target]}:$delay:$jitter")
  done
  java -Xmx128m -jar "$(jar link-emulator)" --admin-port "$admin_port" "${spec[@]}" "${link_faults[@]}" \
    > "$1/link-emulator.log" 2>&1 &
  pids+=($!)
}

# Where a caller reaches a service: through its link, or directly without links.
address_of() { # service link
  if $links; then echo "127.0.0.1:${link_port[$2]}"; else echo "127.0.0.1:${port[$1]}"; fi
}

declare -A service_pid service_args service_stack
start_service() { # service profiles scheme logdir; the service's stack is added to its profiles
  local args=() # service_args are space-separated options without spaces inside
  read -r -a args <<< "${service_args[$1]:-}"
  if [[ $3 == https ]]; then
    args+=(--keepalive-lab.client.tls.session-resumption="$([[ $tls_resumption == on ]] && echo true || echo false)")
  fi
  SPRING_PROFILES_ACTIVE=$2,${service_stack[$1]} KEEPALIVE_LAB_TLS_DIR=$tls_dir \
  BACKEND_API_URL="$3://$(address_of backend-api orchestration-to-backend)" \
  ORCHESTRATION_API_URL="$3://$(address_of orchestration-api public-to-orchestration)" \
    java "${SERVICE_JVM_OPTIONS[@]}" "${JIT_OPTIONS[$jit]}" -jar "$(jar "$1")" --server.address=127.0.0.1 --server.port="${port[$1]}" "${args[@]}" \
      >> "$4/$1.log" 2>&1 &
  pids+=($!)
  service_pid[$1]=$!
}

start_services() { # profiles scheme logdir
  local s
  for s in "${SERVICES[@]}"; do start_service "$s" "$@"; done
}

curl_service() { # scheme url [curl options]
  local scheme=$1 url=$2; shift 2
  if [[ $scheme == https ]]; then curl -fs --cacert "$tls_dir/ca.pem" "$@" "$url"; else curl -fs "$@" "$url"; fi
}

await_healthy() { # scheme logdir
  local s pid deadline=$((SECONDS + 120))
  for s in "${SERVICES[@]}"; do
    until curl_service "$1" "$1://127.0.0.1:${port[$s]}/actuator/health" -o /dev/null; do
      ((SECONDS < deadline)) || die "$s was not healthy within 120 s; see $2/$s.log"
      for pid in "${pids[@]}"; do
        kill -0 "$pid" 2>/dev/null || die "a process exited during startup; see the logs in $2"
      done
      sleep 0.5
    done
  done
}

# A cold JVM interprets the code that the measurement is about: a burst of requests straight to
# public-api (not through the customer link, so it is quick) lets the JIT compile it first.
warm_up_jit() { # scheme
  local args=(-fs --no-progress-meter --parallel --parallel-max 4) i
  [[ $1 == https ]] && args+=(--cacert "$tls_dir/ca.pem")
  for i in $(seq 1 "$jit_warmup_requests"); do
    args+=(-o /dev/null "$1://127.0.0.1:${port[public-api]}/api/chain?calls=$calls&workMs=0")
  done
  curl "${args[@]}" 2> /dev/null || log "  JIT warm-up: some requests failed (the measurement will tell)"
}

run_gatling() { # dir scheme transport keepalive
  local tls_options=()
  if [[ $2 == https ]]; then
    local version=TLSv1.3
    [[ $3 == tls12 ]] && version=TLSv1.2
    tls_options=(-Dgatling.ssl.trustStore.file="$tls_dir/trust.p12" -Dgatling.ssl.trustStore.password=changeit
      -Dgatling.ssl.trustStore.type=PKCS12 -Dgatling.ssl.enabledProtocols.0="$version")
  fi
  local http2=false load_options=()
  [[ $3 == h2 ]] && http2=true
  [[ -n $load_path ]] && load_options+=(-Dpath="$load_path")
  local target=$2://$(address_of public-api customer)
  [[ $load_target == backend-api ]] && target=$2://127.0.0.1:${port[backend-api]}
  "$ROOT/load-tests/run-simulation.sh" "$1" "${tls_options[@]}" "${load_options[@]}" \
    -DbaseUrl="$target" -Dusers="$load_users" -DdurationSeconds="$load_duration" \
    -DwarmupSeconds="$load_warmup" -Dcalls="$calls" -DworkMs="$work_ms" -DkeepAlive="$4" -Dhttp2="$http2" \
    -DpauseMs="$load_pause_ms" -DpauseJitterMs="$load_pause_jitter_ms" > "$1/gatling.log" 2>&1 &
  gatling_pid=$!
  local started=$SECONDS total=$((load_warmup + load_duration)) elapsed measured_from="" pending=("${fault_actions[@]}")
  while kill -0 "$gatling_pid" 2>/dev/null; do
    elapsed=$((SECONDS - started))
    # The measured phase starts a warm-up after the simulation says it started (the JVM takes a while).
    if [[ -z $measured_from ]] && grep -q '^ChainSimulation: ' "$1/gatling.log" 2>/dev/null; then
      measured_from=$((SECONDS + load_warmup))
    fi
    if [[ -n $measured_from ]] && ((${#pending[@]})); then
      run_due_actions $((SECONDS - measured_from)) "$1" "$2"
    fi
    if [[ -t 1 ]]; then
      printf '\r[demo %s]   load: %3ds of ~%ds' "$(date +%H:%M:%S)" "$elapsed" "$total"
    elif ((elapsed > 0 && elapsed % 10 == 0)); then
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

# Runs the fault actions due at second $1 of the measured phase and drops them from `pending`.
run_due_actions() { # second dir scheme
  local action rest=() second command
  for action in "${pending[@]}"; do
    read -r second command <<< "$action"
    if (($1 < second)); then rest+=("$action"); continue; fi
    [[ -t 1 ]] && printf '\n'
    log "  at ${1}s: $command"
    fault_action "$2" "$3" $command || log "  $command failed"
  done
  pending=("${rest[@]}")
}

fault_action() { # dir scheme action [args]
  local dir=$1 scheme=$2; shift 2
  case $1 in
    freeze) curl -fs -X POST "http://127.0.0.1:$admin_port/links/$2/freeze?forMs=$3" -o /dev/null ;;
    kill-backend) kill -KILL "${service_pid[backend-api]}" ;;
    start-backend) start_service backend-api reuse "$scheme" "$dir/logs" ;;
    *) log "unknown fault action '$1'"; return 1 ;;
  esac
}

write_fault() { # dir fault configuration
  cat > "$1/fault.json" <<EOF
{"fault":"$2","configuration":"$3","description":"$fault_description","expect":"$fault_expect","timeoutMs":$fault_timeout_ms}
EOF
}

write_scenario() { # dir mode transport keepalive
  cat > "$1/scenario.json" <<EOF
{"name":"$(basename "$1")","mode":"$2","transport":"$3","customerDelayMs":$customer_delay,"internalDelayMs":$internal_delay,"jitterMs":$jitter,"calls":$calls,"workMs":$work_ms,"clientKeepAlive":$4,"jit":"$jit","tlsResumption":$([[ $tls_resumption == on ]] && echo true || echo false),"stacks":{"public-api":"${service_stack[public-api]}","orchestration-api":"${service_stack[orchestration-api]}","backend-api":"${service_stack[backend-api]}"}}
EOF
}

# Every service's counters, its metrics after the load, and the links' counters: read once just
# before the load (into connections/before and links-before.json, which the report subtracts, so the
# JIT warm-up does not count) and once after it.
collect() { # dir scheme when(before|after)
  local s connections=$1/connections links_file=$1/links.json
  [[ $3 == before ]] && connections=$1/connections/before links_file=$1/links-before.json
  mkdir -p "$connections"
  for s in "${SERVICES[@]}"; do
    curl_service "$2" "$2://127.0.0.1:${port[$s]}/actuator/connections" -o "$connections/$s.json" \
      || log "could not read $s's connections"
    if [[ $3 == after ]]; then
      curl_service "$2" "$2://127.0.0.1:${port[$s]}/actuator/prometheus" -o "$1/metrics/$s.prom" \
        || log "could not read $s's metrics"
    fi
  done
  if $links; then
    curl -fs "http://127.0.0.1:$admin_port/links" -o "$links_file" || log "could not read the links' counters"
  fi
}

# Fault runs are named fault.configuration, the others mode.transport; with more than one stack, the
# stack ends the name (tomcat/netty/netty as tomcat-netty-netty), each scenario's stacks side by side.
scenarios=()
declare -A scenario_first scenario_second scenario_stack
add_scenario() { # first second stack
  local name=$1.$2
  ((${#stacks[@]} > 1)) && name+=.${3//\//-}
  scenarios+=("$name")
  scenario_first[$name]=$1 scenario_second[$name]=$2 scenario_stack[$name]=$3
}
if ((${#faults[@]})); then
  $links || die "--faults needs the links (they carry the faults): drop --no-links"
  for f in "${faults[@]}"; do
    configurations=(hardened)
    [[ " ${FAULTS_WITH_MISCONFIGURATION[*]} " == *" $f "* ]] && configurations=(misconfigured hardened)
    for c in "${configurations[@]}"; do
      for s in "${stacks[@]}"; do
        read -r _ _ backend_stack <<< "${chain_of_stack[$s]}"
        if [[ $f == storm && $backend_stack != netty ]]; then
          log "storm skipped on $s: the soft and hard limits it provokes are the netty stack's; Tomcat stops accepting at server.tomcat.max-connections instead"
          continue
        fi
        add_scenario "$f" "$c" "$s"
      done
    done
  done
  ((${#scenarios[@]})) || die "no fault scenario left to run on --stacks ${stacks[*]}"
else
  for t in "${transports[@]}"; do for m in "${modes[@]}"; do for s in "${stacks[@]}"; do
    add_scenario "$m" "$t" "$s"
  done; done; done
fi
log "writing to $out"
link_text="links: customer ${customer_delay} ms, internal ${internal_delay} ms one-way, jitter ${jitter} ms"
$links || link_text="no links (bare loopback)"
log "${#scenarios[@]} scenario(s): ${scenarios[*]}"
if ((${#faults[@]})); then
  log "faults: reuse profile, plain HTTP/1.1; $link_text"
else
  log "$users users, ${warmup}s warm-up + ${duration}s measured, calls=$calls workMs=$work_ms, services on $jit; $link_text"
fi
if [[ ${stacks[*]} != netty ]]; then
  printf -v stack_list '%s, ' "${stacks[@]}"
  log "server stacks, one chain each (public-api/orchestration-api/backend-api): ${stack_list%, }"
fi
# What the log says of the scenario's stacks: the profile every service adds, or each one's.
stack_text() {
  local stack=${scenario_stack[$scenario]}
  if [[ $stack == */* ]]; then echo " + stack per service $stack"; else echo ",$stack"; fi
}
failed=()
n=0
for scenario in "${scenarios[@]}"; do
  n=$((n + 1))
  reset_fault
  load_users=$users load_duration=$duration load_warmup=$warmup jit_warmup_requests=${JIT_WARMUP_REQUESTS[$jit]}
  dir=$out/$scenario
  mkdir -p "$dir/logs" "$dir/connections" "$dir/metrics"
  read -r 'service_stack[public-api]' 'service_stack[orchestration-api]' 'service_stack[backend-api]' \
    <<< "${chain_of_stack[${scenario_stack[$scenario]}]}"
  if ((${#faults[@]})); then
    fault=${scenario_first[$scenario]} configuration=${scenario_second[$scenario]}
    load_users=4 load_duration=12
    "fault_$fault" "$configuration"
    load_warmup=2 jit_warmup_requests=$FAULT_JIT_WARMUP_REQUESTS
    mode=reuse transport=plain profiles=reuse scheme=http keepalive=true
    write_fault "$dir" "$fault" "$configuration"
    log "[$n/${#scenarios[@]}] $scenario: $fault_description$([[ ${stacks[*]} == netty ]] || echo " (stacks ${scenario_stack[$scenario]})")"
  else
    mode=${scenario_first[$scenario]} transport=${scenario_second[$scenario]}
    profiles=${mode//+/,}
    [[ $transport == plain ]] || profiles+=",$transport"
    scheme=$(scheme_of "$transport")
    keepalive=$client_keepalive
    [[ $keepalive == auto ]] && { [[ $mode == reuse ]] && keepalive=on || keepalive=off; }
    [[ $keepalive == on ]] && keepalive=true || keepalive=false
    write_scenario "$dir" "$mode" "$transport" "$keepalive"
    log "[$n/${#scenarios[@]}] $scenario: starting (profiles $profiles$(stack_text), load generator keep-alive $keepalive)"
  fi
  $links && start_links "$dir/logs"
  start_services "$profiles" "$scheme" "$dir/logs"
  await_healthy "$scheme" "$dir/logs"
  log "[$n/${#scenarios[@]}] $scenario: healthy; $jit_warmup_requests requests to warm up the JIT"
  warm_up_jit "$scheme"
  collect "$dir" "$scheme" before
  log "[$n/${#scenarios[@]}] $scenario: running Gatling (log: $dir/gatling.log)"
  rc=0
  run_gatling "$dir" "$scheme" "$transport" "$keepalive" || rc=$?
  # Exit status 2: requests failed, which a fault run provokes on purpose; the report judges it.
  if ((rc != 0)) && ! ((${#faults[@]} && rc == 2)); then
    failed+=("$scenario")
    log "[$n/${#scenarios[@]}] $scenario: Gatling failed; see $dir/gatling.log"
  fi
  collect "$dir" "$scheme" after
  stop_processes
done

log "comparison:"
report_rc=0
java -cp "$ROOT/load-tests/target/classes:$(cat "$ROOT/load-tests/target/gatling-classpath.txt")" \
  io.keepalivelab.load.ComparisonReport "$out" "${scenarios[@]}" || report_rc=$?
log "report: $out/report.html"
if ((${#failed[@]})); then
  log "failed scenarios: ${failed[*]}"
  exit 1
fi
exit $report_rc
