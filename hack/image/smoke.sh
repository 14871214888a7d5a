#!/usr/bin/env bash
# `make image-smoke`: runs the built image with podman the way the chart's pod runs it, on loopback:
#   - three echo backends (the image's `echo` role),
#   - the dataplane on the chart's bootstrap config (the ConfigMap in deploy/breakwater.yaml, its
#     listeners moved to free ports on 127.0.0.1), its Runtime API socket in a host directory that
#     stands for the pod's emptyDir,
#   - the controller on deploy/examples/manifests (their ports rewritten to the echo servers'),
#     talking to the dataplane through that socket,
# every container as the chart runs it: read-only root filesystem, all capabilities dropped, no new
# privileges, and every shell of the image masked by /dev/null, so nothing can run through one.
# Then it checks: the image's entrypoint and user, the processes' uid on the host, /healthz and
# /readyz, a request through the proxy to the echo servers, the controller's health. Each check
# prints ok/FAIL; the script fails if one does. Every wait is a poll with a deadline.
# Env: IMAGE (required), SMOKE_TIMEOUT (seconds per wait, default 90), KEEP=1 keeps the containers.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=podman.sh
. hack/image/podman.sh

: "${IMAGE:?IMAGE=name:tag is required}"
TIMEOUT=${SMOKE_TIMEOUT:-90}
UID_EXPECTED=65532
say() { echo "smoke: $*" >&2; }

podman image exists "$IMAGE" || { say "no image $IMAGE in podman's storage; run make image first"; exit 1; }
podman_init "$IMAGE"

work=$(mktemp -d /tmp/breakwater-smoke.XXXXXX)
prefix="breakwater-smoke-$$"
started=()
failed=0
cleanup() {
  local c
  if ((failed)) || [[ ${KEEP:-0} == 1 ]]; then
    for c in "${started[@]}"; do
      echo "--- logs of $c (last 30 lines)" >&2
      podman logs --tail 30 "$c" >&2 2>&1 || true
    done
  fi
  if [[ ${KEEP:-0} != 1 ]]; then
    for c in "${started[@]}"; do podman rm -f -t 5 "$c" >/dev/null 2>&1 || true; done
    rm -rf "$work"
  fi
}
trap cleanup EXIT

check() { # check NAME CONDITION...: runs the condition, prints ok/FAIL
  local name=$1
  shift
  if "$@"; then
    echo "ok    $name"
  else
    echo "FAIL  $name"
    failed=1
  fi
}

await() { # await SECONDS COMMAND...: polls the command until it succeeds or the deadline passes
  local deadline=$((SECONDS + $1))
  shift
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 0.25
  done
}

free_ports() { # free_ports N: N distinct free TCP ports on 127.0.0.1
  python3 - "$1" <<'PY'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
PY
}

read -r HTTP STATS METRICS ECHO_A ECHO_B ECHO_C <<<"$(free_ports 6)"

# The pod's emptyDir, the dataplane's ConfigMap, the manifests the controller reads.
mkdir -p "$work/run" "$work/config" "$work/manifests"
chown "$UID_EXPECTED:$UID_EXPECTED" "$work/run"
awk '/^  dataplane.yaml: \|/ {on=1; next} on && /^    / {print substr($0, 5); next} on {exit}' \
  deploy/breakwater.yaml \
  | sed -e "s/0\.0\.0\.0:8080/127.0.0.1:$HTTP/" -e "s/0\.0\.0\.0:8404/127.0.0.1:$STATS/" \
    >"$work/config/dataplane.yaml"
grep -q "127.0.0.1:$HTTP" "$work/config/dataplane.yaml" \
  || { say "no dataplane.yaml ConfigMap with listen 0.0.0.0:8080 in deploy/breakwater.yaml"; exit 1; }
for f in deploy/examples/manifests/*.yaml; do
  sed -e "s/port: 9001}/port: $ECHO_A}/" -e "s/port: 9002}/port: $ECHO_B}/" \
    -e "s/port: 9003}/port: $ECHO_C}/" "$f" >"$work/manifests/$(basename "$f")"
done

# Every shell the image has (its /etc/shells), masked: a container that tried to run one would fail.
masks=()
if shells=$("${PODMAN[@]}" run --rm "${LIMITS[@]}" --network=none --entrypoint cat "$IMAGE" /etc/shells); then
  for sh in $(grep '^/' <<<"$shells"); do
    masks+=(-v "/dev/null:$sh:ro")
  done
else
  say "the image has no /etc/shells (or no cat): no shell to mask"
fi

run() { # run NAME ARGS...: starts a container of the image as the chart's securityContext would
  local name="$prefix-$1"
  shift
  podman_args=("${LIMITS[@]}" --network=host --read-only --cap-drop=ALL
    --security-opt=no-new-privileges "${masks[@]}")
  "${PODMAN[@]}" run -d --name "$name" "${podman_args[@]}" "$@" >/dev/null
  started+=("$name")
}

url() { curl -fsS --max-time 2 "$@"; }

# ---- the image itself
entrypoint=$(podman image inspect --format '{{json .Config.Entrypoint}}' "$IMAGE")
user=$(podman image inspect --format '{{.Config.User}}' "$IMAGE")
check "entrypoint is exec form, no shell: $entrypoint" \
  test "$entrypoint" == '["java","-jar","/opt/breakwater/breakwater.jar"]'
check "image user is $user" test "$user" == "$UID_EXPECTED:$UID_EXPECTED"
check "$IMAGE controller --help, with its $((${#masks[@]} / 2)) shells masked" \
  bash -c '"$@" 2>&1 | grep -q "Usage: breakwater controller"' _ \
  "${PODMAN[@]}" run --rm "${LIMITS[@]}" --network=none --read-only --cap-drop=ALL "${masks[@]}" \
  "$IMAGE" controller --help
if ((${#masks[@]})); then
  check "a masked shell does not run (so the roles above and below need none)" \
    bash -c '! "$@" >/dev/null 2>&1' _ "${PODMAN[@]}" run --rm "${LIMITS[@]}" --network=none \
    "${masks[@]}" --entrypoint /bin/sh "$IMAGE" -c true
fi

# ---- the pod: echo servers, dataplane, controller
run echo-a "$IMAGE" echo --listen "127.0.0.1:$ECHO_A" --name echo-a
run echo-b "$IMAGE" echo --listen "127.0.0.1:$ECHO_B" --name echo-b
run echo-canary "$IMAGE" echo --listen "127.0.0.1:$ECHO_C" --name echo-canary
run dataplane -v "$work/run:/var/run/breakwater" -v "$work/config:/etc/breakwater:ro" \
  "$IMAGE" dataplane --config=/etc/breakwater/dataplane.yaml --wait-for-config
check "dataplane /healthz answers (stats 127.0.0.1:$STATS)" \
  await "$TIMEOUT" url "http://127.0.0.1:$STATS/healthz"
check "dataplane made its Runtime API socket in the shared directory" \
  await "$TIMEOUT" test -S "$work/run/runtime.sock"
run controller -v "$work/run:/var/run/breakwater" -v "$work/manifests:/manifests:ro" \
  "$IMAGE" controller --manifests=/manifests --dataplane-socket=/var/run/breakwater/runtime.sock \
  --metrics-listen="127.0.0.1:$METRICS"
check "controller /healthz answers (127.0.0.1:$METRICS)" \
  await "$TIMEOUT" url "http://127.0.0.1:$METRICS/healthz"
check "dataplane /readyz after the controller's first config" \
  await "$TIMEOUT" url "http://127.0.0.1:$STATS/readyz"
check "a request through the proxy reaches echo-a or echo-b" \
  await "$TIMEOUT" bash -c 'curl -fsS --max-time 2 -H "Host: echo.local" "$1" | grep -qE "echo-(a|b)"' \
  _ "http://127.0.0.1:$HTTP/hello"
check "X-Canary: always reaches echo-canary" \
  await "$TIMEOUT" bash -c 'curl -fsS --max-time 2 -H "Host: echo.local" -H "X-Canary: always" "$1" \
  | grep -q echo-canary' _ "http://127.0.0.1:$HTTP/"

uids_ok() {
  local c pid uid
  for c in "${started[@]}"; do
    pid=$(podman inspect --format '{{.State.Pid}}' "$c")
    uid=$(ps -o uid= -p "$pid" | tr -d ' ')
    echo "      $c: host pid $pid, uid $uid ($(podman top "$c" user group | tail -n +2 | xargs))"
    [[ $uid == "$UID_EXPECTED" ]] || return 1
  done
}
check "every container's process runs as uid $UID_EXPECTED" uids_ok
check "all containers still running" bash -c \
  'for c in "$@"; do [[ $(podman inspect --format "{{.State.Running}}" "$c") == true ]] || exit 1; done' \
  _ "${started[@]}"

if ((failed)); then
  say "FAILED (containers' logs follow)"
  exit 1
fi
say "all checks passed for $IMAGE"
