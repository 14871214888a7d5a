#!/usr/bin/env bash
# Builds the two base images of deploy/Dockerfile from Debian packages, for machines where no
# container registry is reachable but a Debian mirror is:
#   localhost/breakwater-base/jre:17    debootstrap minbase (bookworm) + openjdk-17-jre-headless
#   localhost/breakwater-base/maven:17  the jre image + openjdk-17-jdk-headless + maven
# Needs root, podman and debootstrap. An image whose tag exists is kept (REBUILD=1 rebuilds).
# Env: MIRROR (default: the first deb.debian.org-style URI in /etc/apt/sources*), SUITE (bookworm).
set -euo pipefail

BASE_REPO=${BASE_REPO:-localhost/breakwater-base}
JRE_IMAGE="$BASE_REPO/jre:17"
MAVEN_IMAGE="$BASE_REPO/maven:17"
SUITE=${SUITE:-bookworm}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=podman.sh
. "$here/podman.sh"

say() { echo "base.sh: $*" >&2; }

mirror() {
  if [[ -n ${MIRROR:-} ]]; then
    echo "$MIRROR"
    return
  fi
  local uri
  uri=$(grep -hoE '^(URIs:[[:space:]]*|deb[[:space:]]+(\[[^]]*\][[:space:]]+)?)https?://[^[:space:]]+/debian/?([[:space:]]|$)' \
    /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2>/dev/null \
    | grep -oE 'https?://[^[:space:]]+' | head -n1 || true)
  echo "${uri:-http://deb.debian.org/debian}"
}

exists() { podman image exists "$1"; }

if [[ ${REBUILD:-0} != 1 ]] && exists "$JRE_IMAGE" && exists "$MAVEN_IMAGE"; then
  say "$JRE_IMAGE and $MAVEN_IMAGE exist (REBUILD=1 rebuilds them)"
  exit 0
fi
[[ $(id -u) == 0 ]] || { say "debootstrap needs root"; exit 1; }
command -v debootstrap >/dev/null || { say "debootstrap is not installed (apt-get install debootstrap)"; exit 1; }

if [[ ${REBUILD:-0} == 1 ]] || ! exists "$JRE_IMAGE"; then
  url=$(mirror)
  root=$(mktemp -d /var/tmp/breakwater-rootfs.XXXXXX)
  trap 'rm -rf "$root"' EXIT
  say "debootstrap --variant=minbase $SUITE from $url (a few minutes)"
  debootstrap --variant=minbase --include=openjdk-17-jre-headless "$SUITE" "$root" "$url" \
    >"$root.log" 2>&1 || { tail -n 20 "$root.log" >&2; say "debootstrap failed (log: $root.log)"; exit 1; }
  rm -f "$root.log"
  # What the image need not carry: apt's lists and downloaded packages, docs, man pages.
  # (Files only: dpkg and update-alternatives expect the directories.)
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb
  find "$root"/usr/share/doc "$root"/usr/share/man "$root"/var/log -xdev ! -type d -delete
  printf 'deb %s %s main\n' "$url" "$SUITE" >"$root/etc/apt/sources.list"
  say "importing as $JRE_IMAGE"
  tar --numeric-owner --xattrs -C "$root" -c . | podman import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'CMD ["/bin/bash"]' \
    - "$JRE_IMAGE" >/dev/null
  rm -rf "$root"
  trap - EXIT
fi

if [[ ${REBUILD:-0} == 1 ]] || ! exists "$MAVEN_IMAGE"; then
  say "building $MAVEN_IMAGE from $JRE_IMAGE"
  podman_init "$JRE_IMAGE"
  "${PODMAN[@]}" build "${LIMITS[@]}" --network=host --build-arg "FROM=$JRE_IMAGE" -t "$MAVEN_IMAGE" \
    -f "$here/maven-base.Containerfile" "$here" >&2
fi
say "ready: $JRE_IMAGE $MAVEN_IMAGE"
