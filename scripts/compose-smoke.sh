#!/usr/bin/env bash
# Runs the compose path of the README for real on this machine and checks what a user would see:
# the chain comes up healthy, REUSE_PROFILE reaches every container (reuse, then the switch to no-reuse,
# told apart by their connection counts), BACKEND_API_STACK=tomcat puts backend-api alone on Tomcat (its
# account names the stack and Tomcat's limits, and the chain keeps its reuse counts through it),
# REUSE_PROFILE=reuse,tls13 puts every hop on TLS 1.3 with the certificates compose's certs service made for
# the services' names (each answers over HTTPS only, to curl trusting that CA, and the hops reuse their
# connections), the `load` profile leaves a Gatling report on the host, and the observability profile's
# configuration is sound (its images are not built here: no registry).
# Installs Docker, Compose v2 and the base image when missing (scripts/docker-tools.sh,
# scripts/base-image.sh), starts dockerd when none runs and stops it again; a running one is left alone.
# Needs root. Every wait is bounded; exits non-zero on the first failed check.
#
# Usage: scripts/compose-smoke.sh [--skip-package]
#   --skip-package   use the jars in */target (e.g. right after ./mvnw verify) instead of ./mvnw package
# Environment: SMOKE_PORT_BASE (default 18080): public-api on it, orchestration-api +1, backend-api +2,
# all on 127.0.0.1, away from ./demo.sh's 8080-8082.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
OUT=$ROOT/target/compose-smoke
REQUESTS=10

skip_package=false
case ${1-} in
  --skip-package) skip_package=true ;;
  "") ;;
  -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "compose-smoke: unknown argument '$1' (see --help)" >&2; exit 2 ;;
esac

# The smoke's own compose project and ports: a user's `docker compose up` in this folder is not touched.
unset REUSE_PROFILE SERVER_STACK PUBLIC_API_STACK ORCHESTRATION_API_STACK BACKEND_API_STACK COMPOSE_FILE \
  COMPOSE_PROFILES LOAD_USERS LOAD_DURATION LOAD_WARMUP LOAD_CALLS LOAD_WORK_MS LOAD_KEEPALIVE LOAD_WAIT_SECONDS
export COMPOSE_PROJECT_NAME=keepalive-lab-smoke COMPOSE_ANSI=never
port_base=${SMOKE_PORT_BASE:-18080}
export PUBLIC_API_PORT=$port_base ORCHESTRATION_API_PORT=$((port_base + 1)) BACKEND_API_PORT=$((port_base + 2))
export LOAD_RESULTS_DIR=./target/compose-smoke/load
declare -A port=([public-api]=$PUBLIC_API_PORT [orchestration-api]=$ORCHESTRATION_API_PORT
  [backend-api]=$BACKEND_API_PORT)
declare -A container_port=([public-api]=8080 [orchestration-api]=8081 [backend-api]=8082)
SERVICES=(backend-api orchestration-api public-api)
DASHBOARD=docker/grafana/dashboards/keepalive-lab.json

started_at=$SECONDS
passed=0
failed=0
log() { printf '[smoke %s +%ss] %s\n' "$(date +%H:%M:%S)" "$((SECONDS - started_at))" "$*"; }
pass() { passed=$((passed + 1)); printf '  ok   %s\n' "$*"; }
fail() { failed=$((failed + 1)); printf '  FAIL %s\n' "$*" >&2; exit 1; }
check() { # description command...: passes when the command succeeds
  local what=$1
  shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}

# ---- cleanup on any exit: the smoke's containers, volumes and network, and a dockerd it started ----
dockerd_pid=""
compose_used=false
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if ((rc != 0)) && $compose_used; then
    log "failure: state of the chain, then the last lines of each service's log"
    timeout 20 docker compose ps -a 2>&1 | sed 's/^/    /' || true
    for s in "${SERVICES[@]}"; do
      timeout 20 docker compose logs --no-color --tail 20 "$s" 2>&1 | sed 's/^/    /' || true
    done
  fi
  if $compose_used; then
    log "docker compose down -v"
    timeout 90 docker compose --profile load down -v --remove-orphans --timeout 10 >/dev/null 2>&1 \
      || log "warning: docker compose down did not finish"
  fi
  if [[ -n $dockerd_pid ]]; then
    log "stopping the dockerd this script started (pid $dockerd_pid)"
    kill -TERM "$dockerd_pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$dockerd_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$dockerd_pid" 2>/dev/null || true
  fi
  log "done in $((SECONDS - started_at)) s"
  echo "compose-smoke: $passed passed, $failed failed"
  exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

die() { failed=$((failed + 1)); echo "compose-smoke: $*" >&2; exit 1; }

((EUID == 0)) || die "run as root (it installs packages and runs dockerd)"
mkdir -p "$OUT"

# ---- 1. tools ----
log "1/8 tools: Docker engine, Compose v2, debootstrap"
timeout 600 "$ROOT/scripts/docker-tools.sh" || die "installing the Docker tools failed"

# ---- 2. configuration, including what CI cannot run (Prometheus and Grafana images) ----
log "2/8 compose configuration and observability files"
check "docker compose config -q" timeout 30 docker compose config -q
check "docker compose --profile load config -q" timeout 30 docker compose --profile load config -q
check "docker compose --profile observability config -q" timeout 30 docker compose --profile observability config -q
config_json=$(timeout 30 docker compose --profile observability --profile load config --format json)
mounts_exist() {
  local src ok=0
  while read -r src; do
    [[ -e $src ]] || { echo "    missing bind-mount source $src" >&2; ok=1; }
  done < <(jq -r '.services.prometheus.volumes[], .services.grafana.volumes[] | select(.type == "bind") | .source' <<< "$config_json")
  return $ok
}
check "Prometheus' and Grafana's mounted files exist" mounts_exist
profiles_configured() { # expected-backend expected-orchestration expected-public, then VAR=value... for compose
  local expected=("$1" "$2" "$3") i=0 s actual ok=0
  shift 3
  for s in backend-api orchestration-api public-api; do
    actual=$(env "$@" timeout 30 docker compose config --format json \
      | jq -r --arg s "$s" '.services[$s].environment.SPRING_PROFILES_ACTIVE')
    [[ $actual == "${expected[i]}" ]] || { echo "    $* $s: SPRING_PROFILES_ACTIVE '$actual', not '${expected[i]}'" >&2; ok=1; }
    i=$((i + 1))
  done
  return $ok
}
check "SPRING_PROFILES_ACTIVE is the reuse profile and the stack: netty by default" \
  profiles_configured reuse,netty reuse,netty reuse,netty
check "SERVER_STACK=tomcat puts every service on Tomcat, PUBLIC_API_STACK=netty takes one back" \
  profiles_configured no-reuse,tomcat no-reuse,tomcat no-reuse,netty \
  REUSE_PROFILE=no-reuse SERVER_STACK=tomcat PUBLIC_API_STACK=netty
check "BACKEND_API_STACK=tomcat moves backend-api alone; ORCHESTRATION_API_STACK too" \
  profiles_configured reuse,tomcat reuse,tomcat reuse,netty BACKEND_API_STACK=tomcat ORCHESTRATION_API_STACK=tomcat
check "REUSE_PROFILE=reuse,tls13 adds the transport on every service, before the stack" \
  profiles_configured reuse,tls13,netty reuse,tls13,netty reuse,tls13,netty REUSE_PROFILE=reuse,tls13
certs_wired() { # every service starts after the certs service completed and reads its volume at /certs
  jq -e --argjson services "$(printf '%s\n' "${SERVICES[@]}" | jq -R . | jq -sc .)" '
    . as $c | all($services[]; . as $s | $c.services[$s]
      | .depends_on.certs.condition == "service_completed_successfully"
        and any(.volumes[]; .type == "volume" and .source == "certs" and .target == "/certs" and .read_only))
    and any($c.services.load.volumes[]; .source == "certs" and .read_only)' <<< "$config_json" >/dev/null
}
check "every service and the load read the certs volume at /certs, read-only, once the certs service completed" \
  certs_wired
scrape_targets_match() { # every target in docker/prometheus.yml is a compose service on its container port
  local target service p ok=0 n=0
  while read -r target; do
    service=${target%:*} p=${target#*:} n=$((n + 1))
    jq -e --arg s "$service" --argjson p "$p" '.services[$s].ports[]? | select(.target == $p)' \
      <<< "$config_json" >/dev/null || { echo "    scrape target $target is no compose service port" >&2; ok=1; }
  done < <(grep -E '^ *- targets:' docker/prometheus.yml | grep -oE '"[a-z-]+:[0-9]+"' | tr -d '"')
  ((n == ${#SERVICES[@]})) || { echo "    $n scrape targets for ${#SERVICES[@]} services" >&2; ok=1; }
  return $ok
}
check "Prometheus scrapes every service on its port" scrape_targets_match
dashboard_sound() {
  jq -e '
    (.uid == "keepalive-lab")
    and (.panels | length >= 8)
    and ([.panels[] | .datasource.uid == "prometheus" and (.targets | length > 0)
          and all(.targets[]; (.expr | length > 0))] | all)' "$DASHBOARD" >/dev/null \
  && grep -q 'uid: prometheus' docker/grafana/provisioning/datasources/prometheus.yml \
  && [[ $(jq -r '.services.grafana.environment.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH' <<< "$config_json") \
        == /var/lib/grafana/dashboards/$(basename "$DASHBOARD") ]]
}
check "dashboard JSON parses, every panel queries the provisioned Prometheus" dashboard_sound

# ---- 3. jars ----
jars_present() {
  local s
  for s in "${SERVICES[@]}"; do [[ -f $s/target/$s-0.1.0-SNAPSHOT-exec.jar ]] || return 1; done
  [[ -d load-tests/target/gatling-lib && -f load-tests/target/gatling-classpath.txt && -d load-tests/target/test-classes ]]
}
if $skip_package; then
  log "3/8 jars: using those in */target (--skip-package)"
  jars_present || die "jars or load-tests/target/gatling-lib missing: run ./mvnw package -DskipTests"
else
  log "3/8 jars: ./mvnw package -DskipTests"
  timeout 600 ./mvnw -q -B -ntp package -DskipTests -pl backend-api,orchestration-api,public-api,load-tests -am \
    || die "./mvnw package failed"
fi
check "the services' jars and the load tests' classpath are built" jars_present

# ---- 4. engine and base image ----
log "4/8 Docker engine and base image"
if timeout 10 docker info >/dev/null 2>&1; then
  log "a Docker engine already runs: using it, and leaving it running"
else
  # Its own session: a Ctrl-C meant for this script must not reach the daemon before the cleanup needs it.
  setsid dockerd > "$OUT/dockerd.log" 2>&1 < /dev/null &
  dockerd_pid=$!
  for _ in $(seq 1 60); do
    timeout 5 docker info >/dev/null 2>&1 && break
    kill -0 "$dockerd_pid" 2>/dev/null || { tail -n 20 "$OUT/dockerd.log" >&2; dockerd_pid=""; die "dockerd exited; log: $OUT/dockerd.log"; }
    sleep 0.5
  done
  timeout 5 docker info >/dev/null 2>&1 || die "dockerd did not answer within 30 s; log: $OUT/dockerd.log"
  log "started dockerd (pid $dockerd_pid, log $OUT/dockerd.log)"
fi
timeout 600 "$ROOT/scripts/base-image.sh" || die "building the base image failed"

# ---- 5. build and start under the default profile ----
log "5/8 build the images (docker compose build)"
compose_used=true
# What an interrupted earlier run may have left (it would also hold the ports).
timeout 90 docker compose --profile load down -v --remove-orphans --timeout 5 >/dev/null 2>&1 || true
for s in "${SERVICES[@]}"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/${port[$s]}") 2>/dev/null; then
    die "port ${port[$s]} (for $s) is in use: stop what runs there or set SMOKE_PORT_BASE"
  fi
done
timeout 600 docker compose --profile load build -q || die "docker compose build failed"
pass "images built: $(docker compose --profile load config --images | sort | tr '\n' ' ')"

up() { # label [VAR=value...]: compose's progress goes to $OUT/up-<label>.log, shown when it fails
  local label=$1
  shift
  if ! env "$@" timeout 240 docker compose up -d --wait --wait-timeout 200 --pull never \
      > "$OUT/up-$label.log" 2>&1; then
    tail -n 15 "$OUT/up-$label.log" | sed 's/^/    /' >&2
    return 1
  fi
}

log "6/8 docker compose up -d --wait (REUSE_PROFILE and the stacks unset: reuse on Netty)"
up_started=$SECONDS
up reuse || die "the chain did not come up healthy"
pass "three services healthy in $((SECONDS - up_started)) s"

containers_as_declared() {
  local s id ok=0 published
  for s in "${SERVICES[@]}"; do
    id=$(docker compose ps -q "$s")
    [[ $(docker inspect -f '{{.State.Health.Status}}' "$id") == healthy ]] || { echo "    $s not healthy" >&2; ok=1; }
    [[ $(docker inspect -f '{{.HostConfig.Memory}}' "$id") == 536870912 ]] || { echo "    $s has no 512 MiB memory limit" >&2; ok=1; }
    published=$(docker compose port "$s" "${container_port[$s]}")
    [[ $published == "127.0.0.1:${port[$s]}" ]] || { echo "    $s published on '$published', not 127.0.0.1:${port[$s]}" >&2; ok=1; }
  done
  return $ok
}
check "healthchecks healthy, 512 MiB memory limits, ports published on 127.0.0.1 only" containers_as_declared

# ---- checks on the chain, reading the services' own account ----
# From the host the chain speaks $scheme; under a TLS transport curl trusts the CA of the certs volume alone.
scheme=http
curl_tls=()
chain_curl() { curl -fsS --max-time 10 "${curl_tls[@]}" "$@"; }
connections() { chain_curl "$scheme://127.0.0.1:${port[$1]}/actuator/connections"; }
snapshot() { # label: every service's /actuator/connections into $OUT/<label>-<service>.json
  local s
  for s in "${SERVICES[@]}"; do connections "$s" > "$OUT/$1-$s.json" || die "cannot read $s's /actuator/connections"; done
}
counter() { # label service jq-path
  jq -r "$3" "$OUT/$1-$2.json"
}
delta() { # before after service jq-path
  echo $(( $(counter "$2" "$3" "$4") - $(counter "$1" "$3" "$4") ))
}
send_requests() { # label: REQUESTS sequential requests through public-api, one response per line
  local i body
  : > "$OUT/$1-responses.jsonl"
  for i in $(seq 1 "$REQUESTS"); do
    body=$(chain_curl "$scheme://127.0.0.1:${port[public-api]}/api/chain?calls=2&workMs=5") \
      || die "request $i through public-api failed"
    jq -c . <<< "$body" >> "$OUT/$1-responses.jsonl" || die "request $i: not JSON: $body"
  done
}
runs_as() { # reuse-profiles mode-name backend-stack orchestration-stack public-stack: what each service says
  # it runs (its stack, its mode) and the profiles that chose them, the reuse profiles then the stack
  local stacks=("$3" "$4" "$5") i=0 s ok=0 expected actual
  for s in "${SERVICES[@]}"; do
    expected=$(jq -cn --arg p "$1" --arg m "$2" --arg st "${stacks[i]}" \
      '{stack: $st, mode: $m, profiles: (($p | split(",")) + [$st])}')
    actual=$(connections "$s" | jq -c '{stack, mode: .mode.name, profiles: .mode.profiles}')
    [[ $(jq -c --argjson e "$expected" '. == $e' <<< "$actual") == true ]] \
      || { echo "    $s reports $actual instead of $expected" >&2; ok=1; }
    i=$((i + 1))
  done
  return $ok
}
traces_are_well_formed() { # label mode: three hops per response, through the compose services' names, in $scheme
  jq -se --arg mode "$2" --arg scheme "$scheme" 'all(.[];
      (.trace | length == 3)
      and .trace[0].hop == "public-api -> orchestration-api"
      and (.trace[0].target | startswith("\($scheme)://orchestration-api:8081/"))
      and all(.trace[1:][]; .hop == "orchestration-api -> backend-api"
                            and (.target | startswith("\($scheme)://backend-api:8082/")))
      and all(.trace[]; .status == 200 and .mode == $mode))' "$OUT/$1-responses.jsonl" >/dev/null && return 0
  echo "    the hop calls seen (count, hop, target, status, mode, connection):" >&2
  jq -r '.trace[] | [.hop, (.target | sub("\\?.*"; "")), .status, .mode, .connection] | @tsv' \
    "$OUT/$1-responses.jsonl" | sort | uniq -c | sed 's/^/    /' >&2
  return 1
}

log "7/8 the chain under reuse, with backend-api on Tomcat, over TLS 1.3, then switched to no-reuse"
check "every service runs mode reuse on netty, from profiles [\"reuse\",\"netty\"] (SPRING_PROFILES_ACTIVE reached it)" \
  runs_as reuse reuse netty netty netty
reuse_run() { # label: REQUESTS through the chain under reuse, checked on the traces and on every service's counters
  local label=$1 reused later_calls=$(( (REQUESTS - 1) * 3 )) opened_po opened_ob carried_b sent_ob
  snapshot "$label-before"
  send_requests "$label"
  snapshot "$label-after"
  check "$label: $REQUESTS responses, each tracing public-api -> orchestration-api -> backend-api twice over $scheme, mode reuse" \
    traces_are_well_formed "$label" reuse
  reused=$(jq -s '[.[1:][].trace[] | select(.connection == "reused")] | length' "$OUT/$label-responses.jsonl")
  opened_po=$(delta "$label-before" "$label-after" public-api '.outbound["orchestration-api"].opened')
  opened_ob=$(delta "$label-before" "$label-after" orchestration-api '.outbound["backend-api"].opened')
  carried_b=$(delta "$label-before" "$label-after" backend-api '.inbound.carriedRequests')
  sent_ob=$(delta "$label-before" "$label-after" orchestration-api '.outbound["backend-api"].requests')
  # A pooled client doing sequential calls settles at 1-2 connections (its release is asynchronous).
  check "$label: $reused of $later_calls hop calls after the first request reused a connection; connections opened for $REQUESTS requests: public-api -> orchestration-api $opened_po, orchestration-api -> backend-api $opened_ob (backend-api: $carried_b connections with requests, for $sent_ob calls)" \
    test $((reused * 10 >= later_calls * 8 && opened_po <= 3 && opened_ob <= 4 && carried_b <= 4 && sent_ob == 2 * REQUESTS)) -eq 1
}
reuse_run reuse

log "one service on another stack: BACKEND_API_STACK=tomcat docker compose up -d --wait"
up_started=$SECONDS
# Compose recreates the services that depend on backend-api too, so every count starts again at 0.
up tomcat-backend BACKEND_API_STACK=tomcat || die "the chain did not come back healthy with backend-api on Tomcat"
pass "recreated with backend-api on Tomcat, healthy in $((SECONDS - up_started)) s"
check "backend-api runs on tomcat, from profiles [\"reuse\",\"tomcat\"]; orchestration-api and public-api on netty" \
  runs_as reuse reuse tomcat netty netty
tomcat_policy() { # backend-api reports Tomcat's own defaults, the others Reactor Netty's (no request limit)
  connections backend-api | jq -e '.inbound.policy
      | .maxKeepAliveRequests == 100 and .idleTimeout == "PT1M"
        and .settings["server.tomcat.max-keep-alive-requests"] == 100
        and .settings["server.tomcat.keep-alive-timeout"] == "PT1M"' >/dev/null \
    && connections orchestration-api | jq -e '.inbound.policy.maxKeepAliveRequests == null' >/dev/null \
    || { echo "    backend-api's policy: $(connections backend-api | jq -c .inbound.policy)" >&2; return 1; }
}
check "backend-api's inbound policy is Tomcat's: 100 requests per connection, keep-alive timeout 60 s (the connection timeout)" \
  tomcat_policy
reuse_run reuse-tomcat-backend

log "a TLS transport: REUSE_PROFILE=reuse,tls13 docker compose up -d --wait (every service back on netty)"
up_started=$SECONDS
# The healthchecks now ask over https, trusting the certs volume's CA: healthy means they answered.
up tls13 REUSE_PROFILE=reuse,tls13 || die "the chain did not come back healthy over TLS 1.3"
pass "recreated and healthy over TLS 1.3 (healthchecks over https) in $((SECONDS - up_started)) s"
timeout 30 docker compose cp public-api:/certs/ca.pem "$OUT/ca.pem" >/dev/null 2>&1 \
  || die "cannot copy the CA out of public-api's /certs"
scheme=https
curl_tls=(--cacert "$OUT/ca.pem")
https_only() { # each service answers TLS 1.3 for 127.0.0.1 and its own name, and neither plain HTTP nor TLS 1.2
  local s ok=0 url handshake
  for s in "${SERVICES[@]}"; do
    url=https://$s:${port[$s]}/actuator/health/readiness
    handshake=$(chain_curl -v --resolve "$s:${port[$s]}:127.0.0.1" -o /dev/null "$url" 2>&1) \
      && grep -q 'SSL connection using TLSv1.3' <<< "$handshake" \
      || { echo "    $url: no TLS 1.3 answer trusting the certs' CA" >&2; ok=1; }
    ! curl -sS --max-time 5 -o /dev/null "http://127.0.0.1:${port[$s]}/actuator/health/readiness" 2>/dev/null \
      || { echo "    $s answers plain HTTP" >&2; ok=1; }
    ! chain_curl --tlsv1.2 --tls-max 1.2 -o /dev/null "https://127.0.0.1:${port[$s]}/actuator/health/readiness" 2>/dev/null \
      || { echo "    $s accepts TLS 1.2" >&2; ok=1; }
  done
  return $ok
}
check "every service answers over HTTPS only, TLS 1.3, with a certificate for 127.0.0.1 and its service name signed by the certs volume's CA" \
  https_only
check "every service runs mode reuse on netty, from profiles [\"reuse\",\"tls13\",\"netty\"]" \
  runs_as reuse,tls13 reuse netty netty netty
reuse_run reuse-tls13
tls_hops() { # each caller's hop is TLS 1.3 (its account) and its client timed TLS handshakes (the dashboard's panels)
  local s transport metrics
  for s in public-api orchestration-api; do
    transport=$(counter reuse-tls13-after "$s" .mode.transport)
    [[ $transport == "HTTP/1.1 over TLSv1.3" ]] || { echo "    $s calls over '$transport'" >&2; return 1; }
    # Read whole, then searched: grep -q leaving a pipe early would fail curl, and with it the pipeline.
    metrics=$(chain_curl "https://127.0.0.1:${port[$s]}/actuator/prometheus") || return 1
    grep -qE '^reactor_netty_http_client_tls_handshake_time_seconds_count\{.*\} [1-9]' <<< "$metrics" \
      || { echo "    $s: no TLS handshake timed in /actuator/prometheus" >&2; return 1; }
  done
}
check "reuse-tls13: public-api and orchestration-api call over HTTP/1.1 over TLSv1.3 and time their TLS handshakes" tls_hops

log "switching: REUSE_PROFILE=no-reuse docker compose up -d --wait (back to plain HTTP)"
up_started=$SECONDS
up no-reuse REUSE_PROFILE=no-reuse || die "the chain did not come back healthy under no-reuse"
pass "recreated and healthy under no-reuse in $((SECONDS - up_started)) s"
scheme=http
curl_tls=()
check "every service runs mode no-reuse on netty, from profiles [\"no-reuse\",\"netty\"]" \
  runs_as no-reuse no-reuse netty netty netty
snapshot no-reuse-before
send_requests no-reuse
snapshot no-reuse-after
check "no-reuse: $REQUESTS responses, three hops each, mode no-reuse" traces_are_well_formed no-reuse no-reuse
new_calls=$(jq -s '[.[].trace[] | select(.connection == "new")] | length' "$OUT/no-reuse-responses.jsonl")
opened_po=$(delta no-reuse-before no-reuse-after public-api '.outbound["orchestration-api"].opened')
opened_ob=$(delta no-reuse-before no-reuse-after orchestration-api '.outbound["backend-api"].opened')
carried_o=$(delta no-reuse-before no-reuse-after orchestration-api '.inbound.carriedRequests')
carried_b=$(delta no-reuse-before no-reuse-after backend-api '.inbound.carriedRequests')
grows_with_requests() {
  ((new_calls == REQUESTS * 3 && opened_po == REQUESTS && carried_o == REQUESTS
    && opened_ob == 2 * REQUESTS && carried_b == 2 * REQUESTS))
}
check "no-reuse: connections grow with requests: $new_calls of $((REQUESTS * 3)) hop calls opened a new connection; for $REQUESTS requests public-api opened $opened_po (orchestration-api: $carried_o connections with requests), orchestration-api opened $opened_ob (backend-api: $carried_b)" \
  grows_with_requests

# Every metric the dashboard queries exists on the running services (TLS only once a hop speaks TLS,
# streams only over HTTP/2).
metrics_for_dashboard() {
  local s name ok=0
  for s in "${SERVICES[@]}"; do
    chain_curl "$scheme://127.0.0.1:${port[$s]}/actuator/prometheus" || return 1
  done > "$OUT/metrics.txt"
  for name in $(jq -r '.panels[].targets[].expr, (.annotations.list[].expr // empty)' "$DASHBOARD" \
      | grep -oE '\b(keepalive_lab|reactor_netty|http_server|process)_[a-z_]+' | sort -u); do
    [[ $name == *tls_handshake* || $name == *_streams* ]] && continue
    grep -qE "^${name}[{ ]" "$OUT/metrics.txt" || { echo "    $name: queried by the dashboard, served by no service" >&2; ok=1; }
  done
  return $ok
}
check "every metric the dashboard queries is served, percentile histograms included" metrics_for_dashboard

# ---- 8. the load profile ----
log "8/8 load: docker compose --profile load run --rm load (2 users, 1 s warm-up, 4 s measured)"
rm -rf "$LOAD_RESULTS_DIR"
chain_before=$(docker compose ps -q | sort | tr '\n' ' ')
# Without REUSE_PROFILE, as a user would type it: the load must leave the running no-reuse chain alone.
LOAD_USERS=2 LOAD_WARMUP=1 LOAD_DURATION=4 \
  timeout 240 docker compose --profile load run --rm load > "$OUT/load.log" 2>&1 \
  || { tail -n 30 "$OUT/load.log" >&2; die "the load run failed; log: $OUT/load.log"; }
pass "the load container ran Gatling against public-api and exited 0 (log: $OUT/load.log)"
check "the load run left the running chain alone (same containers, still no-reuse)" \
  test "$(docker compose ps -q | sort | tr '\n' ' ')" == "$chain_before"
load_results_complete() {
  local dir=$LOAD_RESULTS_DIR/no-reuse s
  jq -e '.requests > 0 and .failures == 0' "$dir/summary.json" >/dev/null || return 1
  [[ -s $dir/latency.hlog && -s $LOAD_RESULTS_DIR/report.html ]] || return 1
  ls "$dir"/gatling/*/index.html >/dev/null 2>&1 || return 1
  for s in "${SERVICES[@]}"; do
    jq -e .service "$dir/connections/$s.json" >/dev/null && grep -q '^keepalive_lab_server_connections_' "$dir/metrics/$s.prom" || return 1
  done
}
check "on the host: $LOAD_RESULTS_DIR/no-reuse/{summary.json ($(jq -r '"\(.requests) requests, \(.failures) failed"' "$LOAD_RESULTS_DIR/no-reuse/summary.json" 2>/dev/null)),latency.hlog,connections/,metrics/,gatling/*/index.html} and report.html" \
  load_results_complete

log "all checks passed"
