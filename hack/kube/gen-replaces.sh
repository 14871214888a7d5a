#!/usr/bin/env bash
# Points go.mod at one Kubernetes release: requires k8s.io/kubernetes at that version and replaces
# every k8s.io staging module its go.mod lists (there as `=> ./staging/src/...`, which a module
# that depends on k8s.io/kubernetes cannot use) with the published v0.Y.Z tag of the same release.
# The list changes between releases, so it is read from that release's go.mod, never typed here.
# etcd's server module is pinned to the version that release itself requires.
#
#   hack/kube/gen-replaces.sh [vX.Y.Z]    (default: the version go.mod requires now)
#
# Then commit go.mod and go.sum. Never `go get -u` here: newer indirect dependencies than the
# release was tested with break the API server's storage code.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export GOTOOLCHAIN=local GOFLAGS=-mod=mod

version=${1:-$(go list -m -f '{{.Version}}' k8s.io/kubernetes)}
[[ $version =~ ^v1\.([0-9]+)\.([0-9]+)$ ]] || { echo "not a Kubernetes release: '$version'" >&2; exit 1; }
staging="v0.${BASH_REMATCH[1]}.${BASH_REMATCH[2]}"

upstream_mod=$(go mod download -json "k8s.io/kubernetes@$version" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')
[[ -s $upstream_mod ]] || { echo "no go.mod for k8s.io/kubernetes@$version" >&2; exit 1; }

mapfile -t modules < <(awk '$2 == "=>" && $3 ~ /^\.\/staging\// { print $1 }' "$upstream_mod" | sort -u)
(( ${#modules[@]} > 0 )) || { echo "no staging replace directives in $upstream_mod" >&2; exit 1; }
etcd=$(awk '$1 == "go.etcd.io/etcd/server/v3" { print $2; exit }' "$upstream_mod")
go_directive=$(awk '$1 == "go" { print $2; exit }' "$upstream_mod")
godebug=$(awk '$1 == "godebug" { print $2; exit }' "$upstream_mod")

edits=(-go="$go_directive" -require="k8s.io/kubernetes@$version" -require="go.etcd.io/etcd/server/v3@$etcd")
[[ -z $godebug ]] || edits+=(-godebug="$godebug")
# Drop every k8s.io replacement first so that modules a release no longer has do not linger.
while read -r old; do edits+=(-dropreplace="$old"); done < <(awk '$0 ~ /=>/ { sub(/^replace[[:space:]]+/, ""); if ($1 ~ /^k8s\.io\//) print $1 }' go.mod)
for m in "${modules[@]}"; do edits+=(-replace="$m=$m@$staging"); done
go mod edit "${edits[@]}"
go mod tidy

echo "k8s.io/kubernetes $version: ${#modules[@]} staging modules at $staging, etcd $etcd, go $go_directive"
