#!/usr/bin/env bash
# Compares Breakwater with HAProxy and nginx as reverse proxies in front of one nginx backend,
# on loopback, one worker thread each. What it measures and every knob: hack/bench/README.md.
#
#   PROXIES="haproxy nginx" ROUNDS=1 DURATION=3s bash hack/bench/bench.sh
#   CASES=tls PROXIES="haproxy breakwater" bash hack/bench/bench.sh   # the TLS cases alone
set -Eeuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE="$ROOT/hack/bench"

PROXIES=${PROXIES:-"haproxy nginx breakwater"}
CASES=${CASES:-"small close 64k"}
# "tls" stands for the three TLS cases: HTTP/1.1 keep-alive, a new TLS connection per request, h2.
CASES=$(echo " $CASES " | sed 's/ tls / tls-small tls-close tls-h2 /g' | xargs)
H2_STREAMS=${H2_STREAMS:-10}        # h2load -m: concurrent streams per connection in tls-h2
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
WRK_THREADS=${WRK_THREADS:-1}
# Breakwater: a discarded load run, so the JIT has compiled the hot path. 25 s, not 10: after 10 s
# the HTTP/2-over-TLS path still used 19-25 % more CPU per request than it did a few runs later.
WARMUP=${WARMUP:-25s}
WARMUP_NATIVE=${WARMUP_NATIVE:-1s}  # HAProxy, nginx: enough to open the backend connections
PIN=${PIN:-0}
BASE_PORT=${BASE_PORT:-18300}       # below the ephemeral range, so wrk's own ports never collide
OUT_DIR=${OUT_DIR:-"$ROOT/bench-results"}
KEEP_TMP=${KEEP_TMP:-0}
JAVA_OPTS=${JAVA_OPTS:-"-Xms256m -Xmx256m -XX:+UseParallelGC"}
TRANSPORT=${TRANSPORT:-auto}       # Breakwater's global.transport: auto, io_uring, epoll or nio
export JAVA_OPTS
BREAKWATER=${BREAKWATER:-"$ROOT/bin/breakwater"}  # the launcher: BREAKWATER dataplane --config FILE

CLK_TCK=$(getconf CLK_TCK)
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
TMP=""
PIDS=()

log() { printf '[bench] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# --- cleanup: every process this script started runs in its own process group -------------------

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  local pid
  for pid in "${PIDS[@]}"; do
    stop_group "$pid"
  done
  if [[ -n $TMP && -d $TMP ]]; then
    if [[ $KEEP_TMP == 1 || $status -ne 0 ]]; then
      log "logs and configs kept in $TMP"
    else
      rm -rf "$TMP"
    fi
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'log "failed at line $LINENO: $BASH_COMMAND"' ERR
trap 'exit 130' INT
trap 'exit 143' TERM

# Starts "$@" as the leader of a new process group, pinned to CPU $1 when PIN=1, output to
# $TMP/$2.log; sets STARTED to its pid, which is also its process group id. (No command
# substitution here or in callers: a subshell would lose PIDS, and the trap could not clean up.)
start_group() {
  local cpu=$1 name=$2
  shift 2
  local pin=()
  if [[ $PIN == 1 ]]; then
    pin=(taskset -c "$cpu")
  fi
  setsid "${pin[@]}" "$@" >>"$TMP/$name.log" 2>&1 </dev/null &
  STARTED=$!
  PIDS+=("$STARTED")
}

forget_pid() {
  local kept=() i
  for i in "${PIDS[@]}"; do
    [[ $i == "$1" ]] || kept+=("$i")
  done
  PIDS=("${kept[@]}")
}

# Stops a process group started by start_group: TERM, up to 5 s of grace, then KILL.
stop_group() {
  local pid=$1 i
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 50; i++)); do
    pgrep -g "$pid" >/dev/null || break
    sleep 0.1
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  forget_pid "$pid"
}

# --- tools -----------------------------------------------------------------------------------------

ensure_tools() {
  local missing=()
  command -v nginx >/dev/null || missing+=(nginx)
  command -v wrk >/dev/null || missing+=(wrk)
  if [[ " $CASES " == *" tls-"* ]]; then
    command -v openssl >/dev/null || missing+=(openssl)
    command -v curl >/dev/null || missing+=(curl)
  fi
  if [[ " $CASES " == *" tls-h2 "* ]]; then
    command -v h2load >/dev/null || missing+=(nghttp2-client)
  fi
  if [[ " $PROXIES " == *" haproxy "* ]] && ! command -v haproxy >/dev/null; then
    missing+=(haproxy)
  fi
  if [[ $PIN == 1 ]] && ! command -v taskset >/dev/null; then
    missing+=(util-linux)
  fi
  if ((${#missing[@]} > 0)); then
    local sudo=()
    if [[ $EUID -ne 0 ]]; then
      sudo=(sudo)
    fi
    log "installing ${missing[*]} from Debian"
    "${sudo[@]}" apt-get update -q >&2
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2
  fi
  if [[ " $PROXIES " == *" breakwater"* ]]; then
    [[ -x $BREAKWATER ]] || die "$BREAKWATER is missing: run with PROXIES=\"haproxy nginx\" until it lands"
    if [[ $BREAKWATER == "$ROOT/bin/breakwater" && ! -f $ROOT/controller/target/breakwater.jar ]]; then
      log "building controller/target/breakwater.jar"
      (cd "$ROOT" && mvn -q -B -DskipTests package)
    fi
  fi
  if [[ $PIN == 1 && $(nproc) -lt 2 ]]; then
    die "PIN=1 needs two CPUs (the proxy on CPU 1, wrk and the backend on CPU 0)"
  fi
}

# --- configs and readiness -------------------------------------------------------------------------

# render TEMPLATE OUT PORT: fills the @…@ placeholders of a template from hack/bench.
render() {
  local user=""
  if [[ $EUID -eq 0 ]]; then
    # nginx's workers would drop to "nobody", who cannot read this run's private temp dir.
    user="user root root;"
  fi
  sed -e "s|@DIR@|$TMP|g" -e "s|@PORT@|$3|g" -e "s|@BACKEND_PORT@|$BACKEND_PORT|g" \
    -e "s|@USER@|$user|g" -e "s|@TRANSPORT@|$TRANSPORT|g" -e "s|@STATS_PORT@|${STATS_PORT:-0}|g" \
    "$HERE/$1" >"$2"
}

NEXT_PORT=$BASE_PORT
# Sets PORT to a loopback port nothing listens on; each call moves on, so no port is reused.
free_port() {
  while (echo >"/dev/tcp/127.0.0.1/$NEXT_PORT") 2>/dev/null; do
    NEXT_PORT=$((NEXT_PORT + 1))
  done
  PORT=$NEXT_PORT
  NEXT_PORT=$((NEXT_PORT + 1))
}

# True when GET PATH on PORT answers 200 (over TLS while measure sets TLS_READY=1).
http_ok() {
  local port=$1 path=$2 line
  if [[ ${TLS_READY:-0} == 1 ]]; then
    [[ $(curl -sk -o /dev/null -w '%{http_code}' --max-time 5 "https://127.0.0.1:$port$path") == 200 ]]
    return
  fi
  exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
  printf 'GET %s HTTP/1.0\r\nHost: bench\r\n\r\n' "$path" >&3
  IFS= read -r -t 5 line <&3 || line=""
  exec 3<&- 3>&-
  [[ $line == HTTP/1.?" 200"* ]]
}

# Fails unless GET /64k through PORT returns the backend's 65536-byte file, so a proxy that
# truncates or errors cannot post a flattering number.
check_64k() {
  local name=$1 port=$2 got
  exec 3<>"/dev/tcp/127.0.0.1/$port"
  printf 'GET /64k HTTP/1.0\r\nHost: bench\r\n\r\n' >&3
  got=$(timeout 5 cat <&3 | sed '1,/^\r$/d' | tr -cd x | wc -c) || got=0
  exec 3<&- 3>&-
  ((got == 65536)) || die "$name returned $got of the 65536 bytes of /64k"
}

# wait_ready NAME PID PORT SECONDS: until PORT serves /small through the proxy, or fail with its log.
wait_ready() {
  local name=$1 pid=$2 port=$3 deadline=$((SECONDS + $4))
  until http_ok "$port" /small 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 30 "$TMP/$name.log" >&2 || true
      die "$name exited before serving on port $port"
    fi
    if ((SECONDS >= deadline)); then
      tail -n 30 "$TMP/$name.log" >&2 || true
      die "$name did not serve on port $port within $4 s"
    fi
    sleep 0.1
  done
}

# --- processes under test --------------------------------------------------------------------------

# One ECDSA P-256 certificate for every proxy in the TLS cases, made for this run: cert.pem and
# key.pem (Breakwater), both in haproxy.pem (HAProxy wants them in one file).
make_certificate() {
  mkdir -p "$TMP/tls"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
    -subj /CN=bench.local -addext subjectAltName=DNS:bench.local \
    -keyout "$TMP/tls/key.pem" -out "$TMP/tls/cert.pem" >"$TMP/tls/openssl.log" 2>&1 ||
    die "openssl could not make the certificate: $(cat "$TMP/tls/openssl.log")"
  cat "$TMP/tls/cert.pem" "$TMP/tls/key.pem" >"$TMP/tls/haproxy.pem"
  log "TLS certificate: $TMP/tls/cert.pem (ECDSA P-256, self-signed)"
}

# Proxies with a TLS template; the others are left out of the TLS cases.
has_tls() {
  [[ $1 == haproxy || $1 == breakwater ]]
}

start_backend() {
  mkdir -p "$TMP/backend" "$TMP/www"
  head -c 65536 /dev/zero | tr '\0' 'x' >"$TMP/www/64k"
  free_port
  BACKEND_PORT=$PORT
  render backend-nginx.conf "$TMP/backend/nginx.conf" "$BACKEND_PORT"
  start_group 0 backend nginx -p "$TMP/backend/" -c "$TMP/backend/nginx.conf" -e "$TMP/backend/error.log"
  wait_ready backend "$STARTED" "$BACKEND_PORT" 10
  log "backend nginx on 127.0.0.1:$BACKEND_PORT"
}

# start_proxy NAME PORT [tls]: sets STARTED to the pid (and process group) of the proxy.
start_proxy() {
  local name=$1 port=$2 tls=${3:-}
  mkdir -p "$TMP/$name"
  if [[ -n $tls ]]; then
    case $name in
      haproxy)
        render haproxy-tls.cfg "$TMP/haproxy/haproxy.cfg" "$port"
        start_group 1 haproxy haproxy -db -f "$TMP/haproxy/haproxy.cfg"
        ;;
      breakwater)
        render breakwater-tls.yaml "$TMP/breakwater/breakwater.yaml" "$port"
        start_group 1 breakwater "$BREAKWATER" dataplane --config "$TMP/breakwater/breakwater.yaml"
        ;;
      *) die "no TLS template for $name" ;;
    esac
    return
  fi
  case $name in
    haproxy)
      render haproxy.cfg "$TMP/haproxy/haproxy.cfg" "$port"
      start_group 1 haproxy haproxy -db -f "$TMP/haproxy/haproxy.cfg"
      ;;
    nginx)
      render nginx-proxy.conf "$TMP/nginx/nginx.conf" "$port"
      start_group 1 nginx nginx -p "$TMP/nginx/" -c "$TMP/nginx/nginx.conf" -e "$TMP/nginx/error.log"
      ;;
    breakwater)
      render breakwater.yaml "$TMP/breakwater/breakwater.yaml" "$port"
      start_group 1 breakwater "$BREAKWATER" dataplane --config "$TMP/breakwater/breakwater.yaml"
      ;;
    breakwater-ops)
      # With the access log and the stats listener on, scraped every second while it runs.
      free_port
      STATS_PORT=$PORT
      render breakwater-ops.yaml "$TMP/breakwater-ops/breakwater.yaml" "$port"
      start_group 1 breakwater-ops "$BREAKWATER" dataplane --config "$TMP/breakwater-ops/breakwater.yaml"
      ;;
    breakwater-route)
      # A plain route: the baseline of breakwater-policy.
      render breakwater-route.yaml "$TMP/breakwater-route/breakwater.yaml" "$port"
      start_group 1 breakwater-route "$BREAKWATER" dataplane --config "$TMP/breakwater-route/breakwater.yaml"
      ;;
    breakwater-policy)
      # A route with header rules, a rate limit and an allow list (none of which refuses).
      render breakwater-policy.yaml "$TMP/breakwater-policy/breakwater.yaml" "$port"
      start_group 1 breakwater-policy "$BREAKWATER" dataplane --config "$TMP/breakwater-policy/breakwater.yaml"
      ;;
    *) die "unknown proxy: $name (expected: haproxy, nginx, breakwater, breakwater-ops, breakwater-route or breakwater-policy)" ;;
  esac
}

# --- measurements ----------------------------------------------------------------------------------

# CPU clock ticks (user + system) used so far by every process of a group. Fields 14 and 15 of
# /proc/PID/stat, counted after the ")" that ends the command name, which may hold spaces.
group_cpu_ticks() {
  local pid total=0 ticks
  for pid in $(pgrep -g "$1"); do
    ticks=$(sed -e 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{print $12 + $13}') || continue
    total=$((total + ${ticks:-0}))
  done
  echo "$total"
}

# Largest peak resident set (VmHWM, KiB) among the processes of a group: the worker for nginx,
# the JVM for Breakwater (not its launcher script).
group_peak_rss_kib() {
  local pid hwm max=0
  for pid in $(pgrep -g "$1"); do
    hwm=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" 2>/dev/null) || continue
    if [[ -n $hwm ]] && ((hwm > max)); then
      max=$hwm
    fi
  done
  echo "$max"
}

# run_wrk CASE PORT DURATION OUT: one wrk run, in the background so a signal is handled at once.
run_wrk() {
  local case=$1 port=$2 duration=$3 out=$4 path=/small
  local extra=()
  local scheme=http
  case $case in
    small) ;;
    close) extra=(-H "Connection: close") ;;
    64k) path=/64k ;;
    tls-small) scheme=https ;;
    tls-close) scheme=https extra=(-H "Connection: close") ;;
    tls-h2)
      run_h2load "$port" "$duration" "$out"
      return
      ;;
    *) die "unknown case: $case (expected: small, close, 64k, tls-small, tls-close, tls-h2 or tls)" ;;
  esac
  local pin=()
  if [[ $PIN == 1 ]]; then
    pin=(taskset -c 0)
  fi
  "${pin[@]}" wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$duration" --latency "${extra[@]}" \
    "$scheme://127.0.0.1:$port$path" >"$out" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  wait "$pid" || die "wrk failed: $(cat "$out")"
  forget_pid "$pid"
}

# run_h2load PORT DURATION OUT: HTTP/2 over TLS (ALPN h2), CONNECTIONS connections with H2_STREAMS
# streams each; per-request times go to OUT.requests for the percentiles.
run_h2load() {
  local port=$1 duration=$2 out=$3
  local pin=()
  if [[ $PIN == 1 ]]; then
    pin=(taskset -c 0)
  fi
  "${pin[@]}" h2load -t"$WRK_THREADS" -c"$CONNECTIONS" -m"$H2_STREAMS" -D"$duration" \
    --log-file="$out.requests" "https://127.0.0.1:$port/small" >"$out" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  wait "$pid" || die "h2load failed: $(cat "$out")"
  forget_pid "$pid"
}

# Prints "requests rps p50_us p99_us errors" from an h2load output and its per-request log.
parse_h2load() {
  local out=$1 requests rps p50 p99 failed non2xx
  requests=$(awk '/^requests:/ {print $8}' "$out")   # "requests: N total, N started, N done, N succeeded, ..."
  rps=$(awk '/^finished in/ {gsub(",", "", $4); print $4}' "$out")
  failed=$(awk '/^requests:/ {print $10 + $12 + $14}' "$out")
  non2xx=$(awk '/^status codes:/ {print $5 + $7 + $9}' "$out")
  read -r p50 p99 < <(awk -F'\t' '{print $3}' "$out.requests" | sort -n |
    awk '{v[NR] = $1} END { if (NR == 0) print "nan nan"; else print v[int((NR - 1) * 0.5) + 1], v[int((NR - 1) * 0.99) + 1] }')
  [[ -n $requests && -n $rps ]] || die "cannot read h2load output: $(cat "$out")"
  echo "$requests $rps $p50 $p99 $((${failed:-0} + ${non2xx:-0}))"
}

# Converts a wrk latency ("512.00us", "1.52ms", "2.01s") to microseconds.
to_us() {
  awk -v v="$1" 'BEGIN {
    n = v + 0
    if (v ~ /us$/) u = 1; else if (v ~ /ms$/) u = 1000; else if (v ~ /m$/) u = 60000000; else u = 1000000
    printf "%.1f", n * u
  }'
}

# Prints "requests rps p50_us p99_us errors" from a wrk --latency output.
parse_wrk() {
  local out=$1 requests rps p50 p99 non2xx sockerr
  requests=$(awk '/requests in/ {print $1}' "$out")
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
  p50=$(awk '$1 == "50%" {print $2}' "$out")
  p99=$(awk '$1 == "99%" {print $2}' "$out")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$out")
  sockerr=$(awk -F'[ ,]+' '/Socket errors:/ {print $4 + $6 + $8 + $10}' "$out")
  [[ -n $requests && -n $rps && -n $p50 && -n $p99 ]] || die "cannot read wrk output: $(cat "$out")"
  echo "$requests $rps $(to_us "$p50") $(to_us "$p99") $((${non2xx:-0} + ${sockerr:-0}))"
}

# --- one measured run ------------------------------------------------------------------------------

# measure ROUND CASE PROXY: start the proxy, warm it up, measure one wrk run, stop it, and append
# "round case proxy requests rps p50_us p99_us cpu_us_per_request peak_rss_kib errors" to $RAW.
measure() {
  local round=$1 case=$2 proxy=$3
  local port pid warmup=$WARMUP_NATIVE ready=10 tls=""
  if [[ $case == tls-* ]]; then
    has_tls "$proxy" || return 0
    tls=tls
  fi
  free_port
  port=$PORT
  if [[ $proxy == breakwater* ]]; then
    warmup=$WARMUP
    ready=60
  fi
  start_proxy "$proxy" "$port" $tls
  pid=$STARTED
  TLS_READY=$([[ -n $tls ]] && echo 1 || echo 0)
  wait_ready "$proxy" "$pid" "$port" "$ready"
  TLS_READY=0
  local scraper=""
  if [[ $proxy == breakwater-ops ]]; then
    # A Prometheus scraping every second: far more often than the usual 15s, to be safe.
    (while kill -0 "$pid" 2>/dev/null; do
      curl -s -o /dev/null "http://127.0.0.1:$STATS_PORT/metrics" || true
      sleep 1
    done) &
    scraper=$!
  fi
  if [[ $case == 64k ]]; then
    check_64k "$proxy" "$port"
  fi
  run_wrk "$case" "$port" "$warmup" "$TMP/warmup.txt"

  local out="$TMP/wrk-$round-$case-$proxy.txt" before after
  before=$(group_cpu_ticks "$pid")
  run_wrk "$case" "$port" "$DURATION" "$out"
  after=$(group_cpu_ticks "$pid")
  local rss
  rss=$(group_peak_rss_kib "$pid")
  stop_group "$pid"
  if [[ -n $scraper ]]; then
    kill "$scraper" 2>/dev/null || true
    wait "$scraper" 2>/dev/null || true
  fi

  local parsed requests rps p50 p99 errors cpu
  if [[ $case == tls-h2 ]]; then
    parsed=$(parse_h2load "$out")
  else
    parsed=$(parse_wrk "$out")
  fi
  read -r requests rps p50 p99 errors <<<"$parsed"
  cpu=$(awk -v t=$((after - before)) -v hz="$CLK_TCK" -v n="$requests" \
    'BEGIN { printf "%.2f", (n > 0 ? t / hz * 1e6 / n : 0) }')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
    "$round" "$case" "$proxy" "$requests" "$rps" "$p50" "$p99" "$cpu" "$rss" "$errors" >>"$RAW"
  log "round $round  $(printf '%-5s %-10s' "$case" "$proxy")  $(printf '%9.0f req/s  p50 %7.0f us  p99 %7.0f us  %6.2f us CPU/req  %6.1f MiB  errors %s' \
    "$rps" "$p50" "$p99" "$cpu" "$(awk -v k="$rss" 'BEGIN {print k / 1024}')" "$errors")"
}

# --- report ----------------------------------------------------------------------------------------

# median CASE PROXY COLUMN: the median of one raw column over the rounds.
median() {
  awk -F'\t' -v c="$1" -v p="$2" -v col="$3" '$2 == c && $3 == p {print $col}' "$RAW" | sort -g |
    awk '{v[NR] = $1} END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

case_title() {
  case $1 in
    small) echo "small, keep-alive" ;;
    close) echo "small, new connection per request" ;;
    64k) echo "64 KiB, keep-alive" ;;
    tls-small) echo "TLS, HTTP/1.1 keep-alive" ;;
    tls-close) echo "TLS, new connection per request" ;;
    tls-h2) echo "TLS, HTTP/2 ($H2_STREAMS streams per connection)" ;;
  esac
}

# The first line a version command prints, whatever its exit status (wrk -v exits 1).
first_line() {
  { "$@" 2>&1 || true; } | sed -n 1p # reads all: head could SIGPIPE the command
}

# tables CASES PROXIES: the medians table and, when haproxy ran, the ratios to it.
tables() {
  local cases=$1 proxies=$2 c p
  echo "| case | proxy | req/s | p50 ms | p99 ms | CPU µs/req | peak RSS MiB | errors |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|"
  for c in $cases; do
    for p in $proxies; do
      awk -v t="$(case_title "$c")" -v p="$p" -v rps="$(median "$c" "$p" 5)" \
        -v p50="$(median "$c" "$p" 6)" -v p99="$(median "$c" "$p" 7)" -v cpu="$(median "$c" "$p" 8)" \
        -v rss="$(median "$c" "$p" 9)" \
        -v err="$(awk -F'\t' -v c="$c" -v p="$p" '$2 == c && $3 == p {s += $10} END {print s + 0}' "$RAW")" \
        'BEGIN { printf "| %s | %s | %.0f | %.3f | %.3f | %.2f | %.1f | %d |\n", t, p, rps, p50 / 1000, p99 / 1000, cpu, rss / 1024, err }'
    done
  done
  if [[ " $proxies " == *" haproxy "* ]]; then
    echo
    echo "Ratios to HAProxy from the same run (of the medians above): throughput higher is better,"
    echo "CPU per request and p99 lower are better."
    echo
    echo "| case | proxy | throughput × | CPU/req × | p99 × |"
    echo "|---|---|---:|---:|---:|"
    for c in $cases; do
      for p in $proxies; do
        [[ $p == haproxy ]] && continue
        awk -v t="$(case_title "$c")" -v p="$p" \
          -v rps="$(median "$c" "$p" 5)" -v hrps="$(median "$c" haproxy 5)" \
          -v cpu="$(median "$c" "$p" 8)" -v hcpu="$(median "$c" haproxy 8)" \
          -v p99="$(median "$c" "$p" 7)" -v hp99="$(median "$c" haproxy 7)" \
          'function r(a, b) { return b > 0 ? sprintf("%.2f", a / b) : "n/a" }
           BEGIN { printf "| %s | %s | %s | %s | %s |\n", t, p, r(rps, hrps), r(cpu, hcpu), r(p99, hp99) }'
      done
    done
  fi
}

report() {
  local versions=""
  if command -v haproxy >/dev/null; then
    versions+="haproxy $(first_line haproxy -v | awk '{print $3}'), "
  fi
  versions+="nginx $(first_line nginx -v | sed 's|.*nginx/||'), wrk $(first_line wrk -v | awk '{print $2}')"
  if [[ " $PROXIES " == *" breakwater"* ]]; then
    versions+=", breakwater $(git -C "$(dirname "$BREAKWATER")" rev-parse --short HEAD 2>/dev/null || echo '?')"
    versions+=" on Java $(first_line java -version | awk -F'"' '{print $2}') (JAVA_OPTS: $JAVA_OPTS; transport: $TRANSPORT)"
  fi
  echo "# Proxy benchmark $STAMP"
  echo
  echo "- host: $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo), $(nproc) CPUs, Linux $(uname -r)"
  echo "- versions: $versions"
  echo "- settings: ROUNDS=$ROUNDS DURATION=$DURATION CONNECTIONS=$CONNECTIONS WRK_THREADS=$WRK_THREADS PIN=$PIN WARMUP=$WARMUP WARMUP_NATIVE=$WARMUP_NATIVE"
  echo "- one worker thread per proxy, keep-alive to one nginx backend; medians over $ROUNDS round(s);"
  echo "  CPU is the proxy's user+system time per request; RSS is its peak (VmHWM); errors are wrk's"
  echo "  non-2xx responses plus socket errors, summed over all rounds."
  echo
  local plain="" tls="" c p tls_proxies=""
  for c in $CASES; do
    if [[ $c == tls-* ]]; then tls+="$c "; else plain+="$c "; fi
  done
  for p in $PROXIES; do
    if has_tls "$p"; then tls_proxies+="$p "; fi
  done
  if [[ -n $plain ]]; then
    tables "$plain" "$PROXIES"
  fi
  if [[ -n $tls ]]; then
    echo
    echo "## TLS"
    echo
    echo "TLS terminated by the proxy with the same ECDSA P-256 certificate (made for the run by"
    echo "openssl), plain HTTP/1.1 to the backend. wrk for HTTP/1.1 (\`Connection: close\` for a full"
    echo "handshake per request), h2load for HTTP/2 (ALPN h2; its p50/p99 from --log-file). Only"
    echo "proxies with a TLS template take part: ${tls_proxies% }."
    echo
    tables "$tls" "$tls_proxies"
  fi
  against breakwater-ops breakwater "The cost of operating it: breakwater-ops (access log to a file, stats listener scraped
every second) against plain breakwater, from the same run."
  if [[ " $PROXIES " == *" breakwater-route "* ]]; then
    against breakwater-policy breakwater-route "The cost of traffic policy: breakwater-policy (a route with header rules, a rate limit and
an allow list, none of which refuses) against breakwater-route (the same route without policy), from the same run."
  else
    against breakwater-policy breakwater "The cost of traffic policy: breakwater-policy (a route with header rules, a rate limit and
an allow list, none of which refuses) against plain breakwater (no route: the frontend's default backend), from the same run."
  fi
}

# Prints the ratios of a Breakwater variant to its baseline, when both ran: against NAME BASE TEXT.
against() {
  local variant=$1 base=$2 text=$3 c
  [[ " $PROXIES " == *" $base "* && " $PROXIES " == *" $variant "* ]] || return 0
  echo
  echo "$text"
  echo
  echo "| case | throughput × | CPU/req × | p99 × |"
  echo "|---|---:|---:|---:|"
  for c in $CASES; do
    [[ $c == tls-* ]] && continue # the variants have no TLS template
    awk -v t="$(case_title "$c")" \
      -v rps="$(median "$c" "$variant" 5)" -v brps="$(median "$c" "$base" 5)" \
      -v cpu="$(median "$c" "$variant" 8)" -v bcpu="$(median "$c" "$base" 8)" \
      -v p99="$(median "$c" "$variant" 7)" -v bp99="$(median "$c" "$base" 7)" \
      'function r(a, b) { return b > 0 ? sprintf("%.2f", a / b) : "n/a" }
       BEGIN { printf "| %s | %s | %s | %s |\n", t, r(rps, brps), r(cpu, bcpu), r(p99, bp99) }'
  done
}

# --- main ------------------------------------------------------------------------------------------

main() {
  ensure_tools
  TMP=$(mktemp -d -t breakwater-bench.XXXXXX)
  RAW="$TMP/raw.tsv"
  : >"$RAW"
  start_backend
  if [[ " $CASES " == *" tls-"* ]]; then
    make_certificate
  fi

  local round c p
  for ((round = 1; round <= ROUNDS; round++)); do
    for c in $CASES; do
      for p in $PROXIES; do
        measure "$round" "$c" "$p"
      done
    done
  done

  mkdir -p "$OUT_DIR"
  local md="$OUT_DIR/$STAMP.md"
  report | tee "$md"
  {
    printf 'round\tcase\tproxy\trequests\trps\tp50_us\tp99_us\tcpu_us_per_req\tpeak_rss_kib\terrors\n'
    cat "$RAW"
  } >"$OUT_DIR/$STAMP.tsv"
  log "wrote $md and $OUT_DIR/$STAMP.tsv"
}

main "$@"
