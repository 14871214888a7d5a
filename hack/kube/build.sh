#!/usr/bin/env bash
# Builds kube-apiserver and etcd from the Go modules in this directory into
#   <repo>/.cache/kube-bins/<kubernetes version>/   (or $1)
# once: when both binaries are there, it does nothing. They are built as upstream builds them
# (CGO_ENABLED=0, stripped) with the version variables set, so that `kube-apiserver --version` and
# the server's /version report the release rather than v0.0.0-master.
#
# Exit status 3: no usable Go on PATH (the message says how to get one).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
cd "$here"

# Never download a toolchain; the module downloads themselves come from the Go module proxy.
export GOTOOLCHAIN=local CGO_ENABLED=0
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-mod=readonly -trimpath"

need_go=$(awk '$1 == "go" { print $2; exit }' go.mod)
if ! command -v go >/dev/null 2>&1; then
  echo "kube-bins: Go is not installed. The end-to-end tests need Go $need_go or newer to build" >&2
  echo "  kube-apiserver and etcd: install it (https://go.dev/doc/install), put it on PATH and run" >&2
  echo "  'make kube-bins' (about 15 minutes the first time on 2 cores, cached after)." >&2
  exit 3
fi
have_go=$(go env GOVERSION | sed 's/^go//')
if [[ $(printf '%s\n%s\n' "$need_go" "$have_go" | sort -V | head -1) != "$need_go" ]]; then
  echo "kube-bins: Go $have_go is too old; go.mod needs Go $need_go or newer (https://go.dev/doc/install)." >&2
  exit 3
fi

version=$(go list -m -f '{{.Version}}' k8s.io/kubernetes)
out=${1:-$repo/.cache/kube-bins/$version}
if [[ -x $out/kube-apiserver && -x $out/etcd ]]; then
  echo "kube-bins: kube-apiserver $version and etcd already in $out"
  exit 0
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

echo "kube-bins: building kube-apiserver $version and etcd into $out (the first build takes long; Go caches it)"
mkdir -p "${out%/*}"
tmp=$(mktemp -d "$out.tmp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
go build -ldflags "$ldflags" -o "$tmp/kube-apiserver" ./cmd/kube-apiserver
go build -ldflags "-s -w" -o "$tmp/etcd" ./cmd/etcd
"$tmp/kube-apiserver" --version
"$tmp/etcd" --version | head -1
# Publish both at once: a half-built directory never counts as present.
rm -rf "$out"
mv "$tmp" "$out"
trap - EXIT
echo "kube-bins: done, $out"
