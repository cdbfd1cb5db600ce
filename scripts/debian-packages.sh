# Sourced by the scripts that take a package from another Debian suite than the machine's (bookworm
# lacks Compose v2 and a kubectl with kustomize v5): the Debian archive the machine's own apt sources
# name, and a package from another suite unpacked without touching the system's apt sources or state.
# DEBIAN_MIRROR overrides the archive.

# Prints the archive that the apt sources name for the machine's release.
debian_archive() {
  local codename archive
  codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
  archive=${DEBIAN_MIRROR:-$(apt-get indextargets --format '$(RELEASE) $(SITE)' 'Identifier: Packages' \
    | awk -v c="$codename" '$1 == c { print $2; exit }')}
  if [[ -z $archive ]]; then
    echo "no Debian archive for '$codename' in the apt sources: set DEBIAN_MIRROR" >&2
    return 1
  fi
  echo "$archive"
}

# Unpacks PACKAGE of SUITE (its files, as they would be installed) into DIR.
unpack_debian_package() { # suite package dir
  local suite=$1 package=$2 dir=$3 archive work
  archive=$(debian_archive) || return 1
  work=$(mktemp -d)
  mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/deb"
  echo "deb $archive $suite main" > "$work/sources.list"
  # A private list, cache and (empty) package state: the system's apt sources and state stay as they are.
  local apt_suite=(-o "Dir::Etc::SourceList=$work/sources.list" -o Dir::Etc::SourceParts=/nonexistent
    -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache" -o Dir::State::status=/dev/null
    -o APT::Sandbox::User=root)
  if apt-get "${apt_suite[@]}" update -qq && (cd "$work/deb" && apt-get "${apt_suite[@]}" download -qq "$package") \
      && dpkg-deb -x "$work"/deb/"${package}"_*.deb "$dir"; then
    rm -rf "$work"
  else
    rm -rf "$work"
    echo "could not unpack $suite's $package from $archive" >&2
    return 1
  fi
}
