#!/usr/bin/env bash
# Builds the Dockerfiles' base image, eclipse-temurin:21-jre, on a machine that reaches Debian's
# packages but no container registry: a minimal Debian trixie (debootstrap) with openjdk-21-jre-headless
# and curl, Java linked at /opt/java/openjdk as in the Temurin image, imported with `docker import`.
# Does nothing when an image with that tag exists (pulled from a registry or built before).
# The root file system is cached as a tarball in $KEEPALIVE_LAB_CACHE (default /var/cache/keepalive-lab),
# so a rerun after `docker image rm` or a new Docker data root only imports it (~10 s instead of ~2 min).
# Debian's archive is the one the system's apt sources name (DEBIAN_MIRROR overrides it).
# Needs root, debootstrap and a running Docker engine (scripts/docker-tools.sh installs the tools).
# Usage: scripts/base-image.sh [--rebuild]   (--rebuild: debootstrap again and replace the image)
set -euo pipefail
# shellcheck source=scripts/debian-packages.sh
source "$(dirname "$0")/debian-packages.sh"

TAG=eclipse-temurin:21-jre
SUITE=trixie
CACHE=${KEEPALIVE_LAB_CACHE:-/var/cache/keepalive-lab}
ROOTFS=$CACHE/$SUITE-openjdk-21-jre-rootfs.tar

log() { printf '[base-image %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { echo "base-image: $*" >&2; exit 1; }

rebuild=false
case ${1-} in
  --rebuild) rebuild=true ;;
  "") ;;
  *) die "unknown argument '$1' (usage: scripts/base-image.sh [--rebuild])" ;;
esac

((EUID == 0)) || die "run as root (debootstrap and docker import need it)"
docker info >/dev/null 2>&1 || die "no Docker engine answers; start dockerd first"

if ! $rebuild && docker image inspect "$TAG" >/dev/null 2>&1; then
  log "$TAG is present; nothing to do"
  exit 0
fi

if $rebuild || [[ ! -s $ROOTFS ]]; then
  command -v debootstrap >/dev/null || die "debootstrap is missing: run scripts/docker-tools.sh"
  mkdir -p "$CACHE"
  root=$(mktemp -d "$CACHE/rootfs.XXXXXX")
  cleanup() {
    # debootstrap may leave /proc, /sys or a bind-mounted /dev behind when it fails: unmount them, and
    # never let rm cross into a mounted file system.
    local m
    for m in dev/pts dev proc sys; do
      if mountpoint -q "$root/$m" 2>/dev/null; then umount -l "$root/$m" || true; fi
    done
    rm -rf --one-file-system "$root" "$ROOTFS.partial"
  }
  trap cleanup EXIT
  archive=$(debian_archive) || die "no Debian archive to debootstrap from"
  log "debootstrap $SUITE with openjdk-21-jre-headless and curl into $root (about 2 minutes)..."
  started=$SECONDS
  if ! debootstrap --variant=minbase --include=openjdk-21-jre-headless,curl,ca-certificates \
      "$SUITE" "$root" "$archive" > "$CACHE/debootstrap.log" 2>&1; then
    tail -n 20 "$CACHE/debootstrap.log" >&2
    die "debootstrap failed; full log in $CACHE/debootstrap.log"
  fi
  jvm=$(cd "$root/usr/lib/jvm" && ls -d java-21-openjdk-* | head -n 1)
  [[ -x $root/usr/lib/jvm/$jvm/bin/java ]] || die "no Java 21 in the new root file system"
  mkdir -p "$root/opt/java"
  ln -s "/usr/lib/jvm/$jvm" "$root/opt/java/openjdk"
  # Smaller image: no package cache, lists, manuals or translations.
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* \
    "$root"/usr/share/man/* "$root"/usr/share/locale/* "$root"/var/log/*.log
  tar -C "$root" --numeric-owner --one-file-system -cf "$ROOTFS.partial" .
  mv "$ROOTFS.partial" "$ROOTFS"
  log "root file system cached in $ROOTFS ($(du -h "$ROOTFS" | cut -f1)) after $((SECONDS - started)) s"
fi

log "importing $ROOTFS as $TAG..."
docker import \
  --change 'ENV JAVA_HOME=/opt/java/openjdk' \
  --change 'ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --change 'LABEL io.keepalivelab.base-image="debootstrap '"$SUITE"' + openjdk-21-jre-headless, built by scripts/base-image.sh"' \
  "$ROOTFS" "$TAG" >/dev/null
# sed reads all of java -version's lines: head would close the pipe early, and pipefail would turn the
# SIGPIPE that docker run may then get (exit 141) into a failed build
docker run --rm --pull never "$TAG" java -version 2>&1 | sed -n '1s/^/[base-image] /p'
