#!/bin/sh
# Entry point and readiness check of every service image (docker/service.Dockerfile):
#   service-entrypoint [ARG...]        starts the service (arguments go to Spring Boot)
#   service-entrypoint --ready URL     exits 0 when URL answers 2xx (compose's healthcheck)
# The transport is a Spring profile, and the URL scheme follows it as in the lab's runner (lab's Chain): when
# SPRING_PROFILES_ACTIVE names a TLS transport (tls12, tls13 or h2), the http:// URLs of the chain, the
# downstreams' BACKEND_API_URL and ORCHESTRATION_API_URL and the --ready URL, become https://, so one switch,
# the profile, changes both. The certificates are read from KEEPALIVE_LAB_TLS_DIR (server.p12, trust.p12 and
# ca.pem, as scripts/make-certs.sh lays them out), which compose's `certs` service fills.
set -eu

tls=false
case ",${SPRING_PROFILES_ACTIVE:-}," in
  *,tls12,* | *,tls13,* | *,h2,*) tls=true ;;
esac
secure() { # URL: https://... for an http:// URL under a TLS transport, else the URL unchanged
  case $1 in
    http://*) if $tls; then echo "https://${1#http://}"; else echo "$1"; fi ;;
    *) echo "$1" ;;
  esac
}

if [ "${1-}" = --ready ]; then
  [ $# -eq 2 ] || { echo "usage: $0 --ready URL" >&2; exit 2; }
  if $tls; then
    exec curl -fsS -o /dev/null --max-time 2 --cacert "$KEEPALIVE_LAB_TLS_DIR/ca.pem" "$(secure "$2")"
  fi
  exec curl -fsS -o /dev/null --max-time 2 "$2"
fi

if $tls; then
  for file in server.p12 trust.p12 ca.pem; do
    [ -r "$KEEPALIVE_LAB_TLS_DIR/$file" ] || {
      echo "service-entrypoint: profiles '$SPRING_PROFILES_ACTIVE' need $KEEPALIVE_LAB_TLS_DIR/$file" \
        "(scripts/make-certs.sh DIR backend-api orchestration-api public-api makes the folder; compose's certs service fills it)" >&2
      exit 1
    }
  done
  if [ -n "${BACKEND_API_URL-}" ]; then BACKEND_API_URL=$(secure "$BACKEND_API_URL"); export BACKEND_API_URL; fi
  if [ -n "${ORCHESTRATION_API_URL-}" ]; then ORCHESTRATION_API_URL=$(secure "$ORCHESTRATION_API_URL"); export ORCHESTRATION_API_URL; fi
fi

# The heap follows the container's memory limit; JAVA_TOOL_OPTIONS adds options without a rebuild.
exec java -XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError org.springframework.boot.loader.launch.JarLauncher "$@"
