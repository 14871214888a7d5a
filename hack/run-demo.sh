#!/usr/bin/env bash
# `make run`: two echo backends and the dataplane on deploy/examples/dataplane.yaml, on loopback.
# `make run-controller` (--controller): the dataplane on deploy/examples/bootstrap.yaml instead,
# and the controller feeding it deploy/examples/manifests/ through the Runtime API.
# Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
controller=false
if [[ "${1:-}" == "--controller" ]]; then controller=true; fi
pids=()
cleanup() {
  trap - INT TERM EXIT
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "demo stopped"
}
trap cleanup INT TERM EXIT

bin/breakwater echo --listen 127.0.0.1:9001 --name echo-a & pids+=($!)
bin/breakwater echo --listen 127.0.0.1:9002 --name echo-b & pids+=($!)
if $controller; then
  bin/breakwater dataplane --config deploy/examples/bootstrap.yaml & pids+=($!)
  bin/breakwater controller --manifests deploy/examples/manifests --runtime-api 127.0.0.1:9999 \
    & pids+=($!)
else
  bin/breakwater dataplane --config deploy/examples/dataplane.yaml & pids+=($!)
fi

for _ in $(seq 1 100); do
  if curl -fsS -o /dev/null http://127.0.0.1:8080/ -H 'Host: echo.local' 2>/dev/null; then break; fi
  sleep 0.1
done
if $controller; then
  cat <<'MSG'

The controller reads deploy/examples/manifests/ and drives the dataplane through its Runtime API.
Edit the manifests while it runs; for instance delete the echo-b EndpointSlice from echo.yaml and
every request goes to echo-a. Also:

  bin/breakwater translate --manifests deploy/examples/manifests      # what the controller makes of them
  bin/breakwater ctl -s 127.0.0.1:9999 show config                    # what the dataplane runs
MSG
fi
cat <<'MSG'

Breakwater is proxying on 127.0.0.1:8080 to echo-a (:9001) and echo-b (:9002). Try:

  curl -s http://127.0.0.1:8080/hello -H 'Host: echo.local'          # alternates echo-a / echo-b
  curl -s http://127.0.0.1:8080/api/users                             # the /api route, any host
  curl -s 'http://127.0.0.1:8080/x?status=503' -H 'Host: echo.local'  # backend answers 503
  curl -s 'http://127.0.0.1:8080/x?delay=300ms' -H 'Host: echo.local' # slow backend
  curl -si http://127.0.0.1:8080/ -H 'Host: nowhere.test'             # default backend
  bin/breakwater check --config deploy/examples/dataplane.yaml        # validate a config

Press Ctrl-C to stop.
MSG
wait
