#!/usr/bin/env bash
# Installs kubectl, with its built-in kustomize, for deploy-tests (deploy/k8s rendered offline) on a Debian
# machine without it: /usr/bin/kubectl of Debian trixie's `kubectl` package (1.32, kustomize v5.5; bookworm
# has only kubernetes-client 1.20, whose kustomize v2 knows no components), unpacked into /usr/local/bin
# without touching the system's apt sources. Its only dependency is libc6 (>= 2.34): bookworm's will do.
# Debian's archive is the one the system's apt sources name (DEBIAN_MIRROR overrides it).
# Needs root. Does nothing when kubectl is on the PATH.
# Usage: scripts/kubectl-tools.sh   (KUBECTL_INSTALL_DIR: another folder than /usr/local/bin)
set -euo pipefail
# shellcheck source=scripts/debian-packages.sh
source "$(dirname "$0")/debian-packages.sh"

SUITE=trixie
DIR=${KUBECTL_INSTALL_DIR:-/usr/local/bin}
log() { printf '[kubectl-tools %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { echo "kubectl-tools: $*" >&2; exit 1; }

if command -v kubectl >/dev/null; then
  log "$(kubectl version --client 2>/dev/null | tr '\n' ' ')"
  exit 0
fi
((EUID == 0)) || die "run as root (apt-get, and it writes $DIR)"

log "installing kubectl from Debian $SUITE's kubectl package..."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
unpack_debian_package "$SUITE" kubectl "$work/x" || die "kubectl is not installed"
install -D -m 0755 "$work/x/usr/bin/kubectl" "$DIR/kubectl"
"$DIR/kubectl" kustomize --help >/dev/null 2>&1 || die "$DIR/kubectl does not run"
log "$("$DIR/kubectl" version --client 2>/dev/null | tr '\n' ' ')in $DIR"
