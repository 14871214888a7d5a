#!/usr/bin/env bash
# How long a Prometheus scrape of a big dataplane takes: 1,000 servers (50 backends x 20), the
# built jar, curl on loopback. Prints the median and p90 of SCRAPES timed scrapes after WARMUP
# untimed ones, and the size of the answer. The target (issue 4) is a median under 50 ms.
#
#   make bench-scrape                       # or: SCRAPES=100 bash hack/bench/scrape.sh
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BACKENDS=${BACKENDS:-50}
SERVERS=${SERVERS:-20}
WARMUP=${WARMUP:-50}
SCRAPES=${SCRAPES:-50}
JAVA_OPTS=${JAVA_OPTS:-"-Xms256m -Xmx256m -XX:+UseParallelGC"}
export JAVA_OPTS

command -v curl >/dev/null || { echo "scrape.sh needs curl (apt-get install curl)" >&2; exit 1; }
[[ -f $ROOT/controller/target/breakwater.jar ]] || make -C "$ROOT" build

DIR=$(mktemp -d)
PID=
cleanup() {
  [[ -n $PID ]] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
  rm -rf "$DIR"
}
trap cleanup EXIT

port=20000
free_port() { # prints a loopback port nothing listens on, starting after the last one
  while (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo $port
  port=$((port + 1))
}
HTTP_PORT=$(free_port)
port=$((HTTP_PORT + 1))
STATS_PORT=$(free_port)

{
  echo "global: {workers: 1, stats: {listen: \"127.0.0.1:$STATS_PORT\"}}"
  echo "frontends:"
  echo "  - {name: http, listen: \"127.0.0.1:$HTTP_PORT\", defaultBackend: ns-0/svc/80}"
  echo "backends:"
  for ((b = 0; b < BACKENDS; b++)); do
    echo "  - name: ns-$b/svc/80"
    echo "    servers:"
    for ((s = 0; s < SERVERS; s++)); do
      # Nothing listens there and nothing is sent: the servers only need to exist.
      echo "      - {name: pod-$s, address: \"127.0.0.1:$((10000 + s))\"}"
    done
  done
} >"$DIR/config.yaml"

"$ROOT/bin/breakwater" dataplane --config "$DIR/config.yaml" >"$DIR/dataplane.log" 2>&1 &
PID=$!
for ((i = 0; i < 300; i++)); do
  curl -fs -o /dev/null "http://127.0.0.1:$STATS_PORT/readyz" && break
  kill -0 "$PID" 2>/dev/null || { cat "$DIR/dataplane.log" >&2; exit 1; }
  sleep 0.1
done

URL="http://127.0.0.1:$STATS_PORT/metrics"
for ((i = 0; i < WARMUP; i++)); do curl -fs -o /dev/null "$URL"; done
curl -fs -o "$DIR/scrape.txt" "$URL"
samples=$(grep -vc '^#' "$DIR/scrape.txt")
bytes=$(wc -c <"$DIR/scrape.txt")
times=()
for ((i = 0; i < SCRAPES; i++)); do
  times+=("$(curl -fs -o /dev/null -w '%{time_total}' "$URL")")
done
printf '%s\n' "${times[@]}" | sort -n | awk -v n="$SCRAPES" -v servers=$((BACKENDS * SERVERS)) \
  -v samples="$samples" -v bytes="$bytes" '
  { t[NR] = $1 * 1000 }
  END {
    printf "scrape of %d servers: %d samples, %d KiB; %d scrapes: median %.1f ms, p90 %.1f ms, max %.1f ms\n",
      servers, samples, bytes / 1024, n, t[int((n + 1) / 2)], t[int(n * 0.9)], t[n]
  }'
