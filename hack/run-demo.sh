#!/usr/bin/env bash
# `make run`: the whole product on loopback, with no cluster: three echo backends, the dataplane on
# deploy/examples/bootstrap.yaml (global settings, defaults, a listener, no routes) and the
# controller feeding it deploy/examples/manifests/ through the Runtime API.
# `make run-dataplane` (--dataplane-only): two echo backends and the dataplane alone on its static
# config, deploy/examples/dataplane.yaml.
# Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
controller=true
if [[ "${1:-}" == "--dataplane-only" ]]; then controller=false; fi
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
  bin/breakwater echo --listen 127.0.0.1:9003 --name echo-canary & pids+=($!)
  bin/breakwater dataplane --config deploy/examples/bootstrap.yaml & pids+=($!)
  bin/breakwater controller --manifests deploy/examples/manifests --runtime-api 127.0.0.1:9999 \
    & pids+=($!)
else
  bin/breakwater dataplane --config deploy/examples/dataplane.yaml & pids+=($!)
fi

# The controller needs a few seconds to start (the JVM, the first read, the first apply).
ready=false
for _ in $(seq 1 300); do
  if curl -fsS -o /dev/null http://127.0.0.1:8080/ -H 'Host: echo.local' 2>/dev/null; then
    ready=true
    break
  fi
  sleep 0.1
done
if ! $ready; then echo "(echo.local does not answer yet; the output above says why)"; fi
if $controller; then
  cat <<'MSG'

The controller reads deploy/examples/manifests/ and drives the dataplane through its Runtime API.
Edit the manifests while it runs; for instance delete the echo-b EndpointSlice from echo.yaml and
every request goes to echo-a, or change canary-weight in canary.yaml. Try:

  curl -s http://127.0.0.1:8080/hello -H 'Host: echo.local'          # echo-a / echo-b, 1 in 5 echo-canary
  curl -s http://127.0.0.1:8080/ -H 'Host: echo.local' -H 'X-Canary: always'   # always echo-canary
  curl -s http://127.0.0.1:8080/api/users                             # the /api route, any host
  curl -s 'http://127.0.0.1:8080/x?status=503' -H 'Host: echo.local'  # backend answers 503
  curl -si http://127.0.0.1:8080/ -H 'Host: nowhere.test'             # default backend
  bin/breakwater translate --manifests deploy/examples/manifests      # what the controller makes of them
  bin/breakwater ctl -s 127.0.0.1:9999 show config                    # what the dataplane runs

Breakwater is proxying on 127.0.0.1:8080 to echo-a (:9001), echo-b (:9002) and echo-canary (:9003).
MSG
else
  cat <<'MSG'

Breakwater is proxying on 127.0.0.1:8080 to echo-a (:9001) and echo-b (:9002). Try:

  curl -s http://127.0.0.1:8080/hello -H 'Host: echo.local'          # alternates echo-a / echo-b
  curl -s http://127.0.0.1:8080/api/users                             # the /api route, any host
  curl -s 'http://127.0.0.1:8080/x?status=503' -H 'Host: echo.local'  # backend answers 503
  curl -s 'http://127.0.0.1:8080/x?delay=300ms' -H 'Host: echo.local' # slow backend
  curl -si http://127.0.0.1:8080/ -H 'Host: nowhere.test'             # default backend
  bin/breakwater check --config deploy/examples/dataplane.yaml        # validate a config
MSG
fi
cat <<'MSG'

Press Ctrl-C to stop.
MSG
wait
