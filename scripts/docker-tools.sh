#!/usr/bin/env bash
# Installs what the compose path needs on a bare Debian 12 machine, each part only when it is missing:
#   - Docker's engine and CLI (Debian's docker.io),
#   - Compose v2 as a Docker CLI plugin, taken from Debian trixie's docker-compose package (bookworm
#     only has Compose v1), unpacked without touching the system's apt sources (from the Debian archive
#     they name; DEBIAN_MIRROR overrides it),
#   - debootstrap, which scripts/base-image.sh needs to build the Java base image locally.
# Needs root. Starts no daemon: scripts/compose-smoke.sh starts dockerd itself.
# Usage: scripts/docker-tools.sh
set -euo pipefail
# shellcheck source=scripts/debian-packages.sh
source "$(dirname "$0")/debian-packages.sh"

PLUGIN_DIR=/usr/local/lib/docker/cli-plugins

log() { printf '[docker-tools %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { echo "docker-tools: $*" >&2; exit 1; }

((EUID == 0)) || die "run as root (apt-get and the Docker daemon need it)"

packages=()
command -v dockerd >/dev/null || packages+=(docker.io)
command -v debootstrap >/dev/null || packages+=(debootstrap)
command -v curl >/dev/null || packages+=(curl)
command -v jq >/dev/null || packages+=(jq)
if ((${#packages[@]})); then
  log "installing ${packages[*]} (apt-get)..."
  # Without an init system the package's service start fails or, worse, starts a daemon nobody stops:
  # keep apt from starting services while it installs.
  policy=/usr/sbin/policy-rc.d
  added_policy=false
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && added_policy=true
  fi
  trap '$added_policy && rm -f "$policy"' EXIT
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
  $added_policy && rm -f "$policy"
  trap - EXIT
fi

if docker compose version >/dev/null 2>&1; then
  log "$(docker compose version)"
else
  log "installing Compose v2 from Debian trixie's docker-compose package..."
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  unpack_debian_package trixie docker-compose "$work/x" || die "Compose v2 is not installed"
  install -D -m 0755 "$work/x/usr/libexec/docker/cli-plugins/docker-compose" "$PLUGIN_DIR/docker-compose"
  docker compose version >/dev/null 2>&1 || die "docker compose does not run after installing $PLUGIN_DIR/docker-compose"
  log "$(docker compose version) in $PLUGIN_DIR"
fi
