#!/usr/bin/env bash
# Builds kube-apiserver and etcd from the Go modules in this directory into
#   <repo>/.cache/kube-bins/<kubernetes version>/   (or $BREAKWATER_KUBE_BINS)
# once: when both binaries are there, it does nothing (and needs neither Go nor the network). They are built as upstream builds them
# (CGO_ENABLED=0, stripped) with the version variables set, so that `kube-apiserver --version` and
# the server's /version report the release rather than v0.0.0-master.
#
#   hack/kube/build.sh            `make kube-bins`: exit status 3 without a usable Go (the message
#                                 says how to get one), 1 when the build fails
#   hack/kube/build.sh --if-go    `make test`: the same, but without Go, or when the build fails,
#                                 it says that the e2e tier will be skipped and exits 0 — unless
#                                 REQUIRE_KUBE_API=1 (CI), where a skipped e2e tier is a failure.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
cd "$here"

optional=false
[[ ${1:-} == --if-go ]] && optional=true
# Where a missing or failed build leaves `make test`: skipping the e2e tier, or failing under CI.
give_up() {
  local status=$1
  if $optional && [[ ${REQUIRE_KUBE_API:-} != 1 ]]; then
    echo "kube-bins: the e2e tier (*E2E) will be SKIPPED: no kube-apiserver and etcd in $out." >&2
    exit 0
  fi
  [[ ${REQUIRE_KUBE_API:-} != 1 ]] || echo "kube-bins: REQUIRE_KUBE_API=1: the e2e tier must run." >&2
  exit "$status"
}

version=$(awk '$1 == "k8s.io/kubernetes" && $2 ~ /^v/ { print $2; exit }' go.mod)
out=${BREAKWATER_KUBE_BINS:-$repo/.cache/kube-bins/$version}
if [[ -x $out/kube-apiserver && -x $out/etcd ]]; then
  echo "kube-bins: kube-apiserver $version and etcd already in $out"
  exit 0
fi

# Never download a toolchain; the module downloads themselves come from the Go module proxy.
export GOTOOLCHAIN=local CGO_ENABLED=0
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-mod=readonly -trimpath"

need_go=$(awk '$1 == "go" { print $2; exit }' go.mod)
if ! command -v go >/dev/null 2>&1; then
  echo "kube-bins: Go is not installed. The end-to-end tests need Go $need_go or newer to build" >&2
  echo "  kube-apiserver and etcd: install it (https://go.dev/doc/install), put it on PATH and run" >&2
  echo "  'make kube-bins' (about 15 minutes the first time on 2 cores, cached after)." >&2
  give_up 3
fi
have_go=$(go env GOVERSION | sed 's/^go//')
if [[ $(printf '%s\n%s\n' "$need_go" "$have_go" | sort -V | head -1) != "$need_go" ]]; then
  echo "kube-bins: Go $have_go is too old; go.mod needs Go $need_go or newer (https://go.dev/doc/install)." >&2
  give_up 3
fi

[[ $version =~ ^v([0-9]+)\.([0-9]+)\.[0-9]+ ]] || { echo "kube-bins: bad version '$version'" >&2; exit 1; }
major=${BASH_REMATCH[1]} minor=${BASH_REMATCH[2]}
# The release's publication time stands in for the build date: the same inputs give the same binary.
released=$(go list -m -f '{{.Time.UTC.Format "2006-01-02T15:04:05Z"}}' k8s.io/kubernetes)
ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X $pkg.gitVersion=$version -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor"
  ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=$released"
done

echo "kube-bins: building kube-apiserver $version and etcd into $out"
echo "  (the first build downloads ~550 MB of modules and compiles for 10-25 minutes on 2 cores; cached after)"
started=$SECONDS
mkdir -p "${out%/*}"
tmp=$(mktemp -d "$out.tmp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
if ! go build -ldflags "$ldflags" -o "$tmp/kube-apiserver" ./cmd/kube-apiserver ||
  ! go build -ldflags "-s -w" -o "$tmp/etcd" ./cmd/etcd ||
  ! "$tmp/kube-apiserver" --version ||
  ! "$tmp/etcd" --version; then
  echo "kube-bins: the build failed (see above)." >&2
  rm -rf "$tmp"
  trap - EXIT
  give_up 1
fi
chmod 755 "$tmp"
# Publish both at once: a half-built directory never counts as present.
rm -rf "$out"
mv "$tmp" "$out"
trap - EXIT
echo "kube-bins: done in $(( SECONDS - started ))s: $out"
