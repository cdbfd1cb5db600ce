# The fault scenarios of ./demo.sh --faults, sourced by it: what breaks, how each configuration is
# set, how the load runs, and what happens while it runs. One function per fault sets:
#   fault_description, fault_expect (failures | no-failures | bounded), fault_timeout_ms (beyond it a
#   request hung), service_args[<service>] (extra arguments), orchestration_to_backend_delay,
#   link_faults (link emulator --fault options), load_* (the Gatling load) and fault_actions
#   ("SECOND command" lines run while the load runs, SECOND counted from the start of the measured phase).
# service_stack[<service>] (netty or tomcat) is set before: a server setting is given in its stack's property.
# The hardened configuration is the reuse profile with its idle rule kept against the 1 s limits these
# faults set (max-idle-time 500 ms, retry on, as by default); the misconfigured one is what a naive
# client does: keep idle connections longer than the server or the network does, and never retry.

FAULTS=(idle-timeout idle-drop freeze storm backend-restart slow-backend)
FAULTS_WITH_MISCONFIGURATION=(idle-timeout idle-drop freeze)

NAIVE_CLIENT="--keepalive-lab.client.pool.max-idle-time=20s --keepalive-lab.client.retry-dead-connections=false"
HARDENED_CLIENT="--keepalive-lab.client.pool.max-idle-time=500ms --keepalive-lab.client.pool.eviction-interval=250ms"

# Every run starts from the chain's defaults (with 4 users for 12 s in a fault run).
reset_fault() {
  fault_description="" fault_expect="" fault_timeout_ms=""
  service_args=([backend-api]="" [orchestration-api]="" [public-api]="")
  orchestration_to_backend_delay=$internal_delay
  link_faults=()
  load_target=public-api load_path="" load_pause_ms=0 load_pause_jitter_ms=0
  fault_actions=()
}

# The backend server's idle timeout, in the property of the stack it runs on.
backend_idle_timeout() { # duration
  if [[ ${service_stack[backend-api]} == tomcat ]]; then
    echo "--server.tomcat.keep-alive-timeout=$1"
  else
    echo "--server.netty.idle-timeout=$1"
  fi
}

# The orchestration's client: the naive one must show the failure, the hardened one lose nothing.
client_configuration() { # misconfigured|hardened
  if [[ $1 == misconfigured ]]; then
    fault_expect=failures service_args[orchestration-api]+=" $NAIVE_CLIENT"
  else
    fault_expect=no-failures service_args[orchestration-api]+=" $HARDENED_CLIENT"
  fi
}

# 1. The backend closes connections idle for 1 s; the client keeps them 20 s. A request sent while the
# server's FIN is on its way dies ("Connection prematurely closed BEFORE response"). A 25 ms link
# widens that window to 50 ms, as a cross-zone hop would; paced users land idle times around 1 s.
fault_idle-timeout() { # configuration
  fault_description="backend idle timeout 1 s, shorter than the client's max-idle-time"
  service_args[backend-api]=$(backend_idle_timeout 1s)
  local declared="--keepalive-lab.downstreams.backend-api.idle-timeout=1s"
  orchestration_to_backend_delay=25
  load_pause_ms=920 load_pause_jitter_ms=120
  fault_timeout_ms=3000
  service_args[orchestration-api]="$declared --keepalive-lab.downstreams.backend-api.response-timeout=2s"
  client_configuration "$1"
}

# 2. A NAT on the orchestration -> backend hop forgets connections idle for 1 s: no FIN, no RST, the
# next request on one vanishes and ends in the 2 s response timeout.
fault_idle-drop() { # configuration
  fault_description="NAT idle-drop after 1 s on orchestration -> backend, silent"
  link_faults=(--fault orchestration-to-backend=idle-drop:1000)
  load_pause_ms=900 load_pause_jitter_ms=300
  fault_timeout_ms=3000
  service_args[orchestration-api]="--keepalive-lab.downstreams.backend-api.idle-drop=1s --keepalive-lab.downstreams.backend-api.response-timeout=2s"
  client_configuration "$1"
}

# 3. The orchestration hop freezes for 2.5 s, twice, as a frozen function would: requests wait in the
# link while the backend, seeing nothing, closes the connections idle for 1 s. On thaw each request
# reaches a closed socket: the zombie connection.
fault_freeze() { # configuration
  fault_description="orchestration -> backend frozen 2.5 s, past the backend's 1 s idle timeout"
  service_args[backend-api]=$(backend_idle_timeout 1s)
  fault_timeout_ms=6000
  service_args[orchestration-api]="--keepalive-lab.downstreams.backend-api.idle-timeout=1s --keepalive-lab.downstreams.backend-api.response-timeout=5s"
  fault_actions=("3 freeze orchestration-to-backend 2500" "8 freeze orchestration-to-backend 2500")
  client_configuration "$1"
}

# 4. 32 clients, each holding a kept-alive connection to the backend and idle between requests,
# against a soft limit of 8 and a hard limit of 16: the server evicts idle connections, then refuses.
# Netty only: Tomcat has no such limits (at server.tomcat.max-connections it stops accepting, and the
# kernel queues up to accept-count more), so demo.sh runs it only with a netty backend.
fault_storm() {
  fault_description="32 clients holding idle connections, backend soft limit 8, hard limit 16"
  fault_expect=bounded fault_timeout_ms=2000
  service_args[backend-api]="--keepalive-lab.server.connections.soft-limit=8 --keepalive-lab.server.connections.hard-limit=16"
  load_target=backend-api load_path="/work?workMs=10" load_users=32 load_pause_ms=500 load_pause_jitter_ms=250
}

# 5. The backend is killed (kill -9) under load and started again: calls fail fast while it is down,
# none waits past its timeout, and the chain recovers once it is back.
fault_backend-restart() {
  fault_description="backend killed with kill -9 at 3 s, started again at 6 s"
  fault_expect=bounded fault_timeout_ms=3000
  service_args[orchestration-api]="--keepalive-lab.downstreams.backend-api.response-timeout=2s"
  load_pause_ms=100 load_duration=25
  fault_actions=("3 kill-backend" "6 start-backend")
}

# 6. Every backend call takes 1.5 s and the pool has 4 connections and room for 4 waiting calls: the
# rest is answered 503 at once instead of queueing.
fault_slow-backend() {
  fault_description="backend calls of 1.5 s, pool of 4 connections and 4 waiting calls, 16 users"
  fault_expect=bounded fault_timeout_ms=4500
  service_args[orchestration-api]="--keepalive-lab.client.pool.max-connections=4 --keepalive-lab.client.pool.pending-acquire-max-count=4 --keepalive-lab.client.pool.pending-acquire-timeout=2s"
  load_path="/api/chain?calls=1&workMs=1500" load_users=16 load_pause_ms=100
}
