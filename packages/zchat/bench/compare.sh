#!/usr/bin/env bash
# bench/compare.sh: the same load, from `zchat bench`, against zchat and three established IRC servers.
#
# What it does
#   1. Installs Debian's ngircd and inspircd if they are missing, without starting their system
#      services (a policy-rc.d that refuses service starts is in place during the install).
#   2. For each server (zchat, ngircd, inspircd, ergo) and each scenario (idle, fanout, rooms, churn):
#      starts a fresh server on 127.0.0.1 on a free port, pinned to CPU $SERVER_CPU with taskset,
#      with the config from bench/configs/ (flood throttling and connection limits opened up; every
#      changed setting is commented there); runs
#        node bin/zchat.js bench <scenario> --target 127.0.0.1:<port> --protocol irc --json --server-pid <pid>
#      pinned to CPU $GEN_CPU, saving its JSON to $BENCH_OUT/<server>-<scenario>.json; stops the server.
#   3. Writes $BENCH_OUT/machine.txt (CPU, kernel, versions) for docs/BENCHMARKS.md.
#   Everything stays on loopback. Each run is bounded by the generator's own limits and by
#   BENCH_TIMEOUT seconds. This is a benchmark, not part of `npm test`.
#
# ergo
#   Debian's package named `ergo` is a quantum-chemistry program, not the IRC server. Build the IRC
#   server from source: check out tag v2.11.1 of github.com/ergochat/ergo, then inside it run
#   `go build -mod=vendor -o /some/dir/ergo .` with Debian's golang-go (Go 1.19 is enough for that
#   tag; the vendored modules mean nothing is downloaded). Point ERGO_BIN at the binary. Without
#   ERGO_BIN, ergo is skipped with a line saying so.
#
# Usage: bench/compare.sh [scenario ...]        (default: idle fanout rooms churn)
# Environment:
#   SERVERS       servers to run, in order (default: "zchat ngircd inspircd ergo")
#   ERGO_BIN      path to an ergo v2.11.1 binary (see above)
#   ZCHAT_BASE    a built zchat checkout (e.g. `git worktree add /tmp/base <commit> && npm ci && npm run
#                 build` there) to run as server `zchat-base`: an earlier zchat under the same load, for
#                 before/after figures in one run. The generator is always this checkout's.
#   BENCH_OUT     output directory (default: .bench-out/ in packages/zchat)
#   SERVER_CPU    CPU the server is pinned to (default 0); GEN_CPU for the generator (default 1)
#   BENCH_TIMEOUT seconds one scenario may take before it is stopped (default 600)
#   BENCH_CMD     the load generator command (default: "node bin/zchat.js bench"); it gets
#                 <scenario> --target ... --protocol irc --json --server-pid <pid> [BENCH_ARGS_<scenario>]
#   NGIRCD_CONCURRENCY  connects in flight against ngIRCd (default 8; see run_pair)
#   BENCH_ARGS_<scenario>  `zchat bench` options for that scenario (see `node bin/zchat.js bench --help`),
#                 replacing these defaults, the sizes the comparison is about:
#                   idle:   --clients 10000            fanout: --clients 1000 --senders 10 --duration 10
#                   rooms:  --clients 2000 --rooms 20 --rate 5000 --duration 10
#                   churn:  --clients 50 --duration 10
#                 fanout and rooms also write a latency histogram, $BENCH_OUT/<server>-<scenario>.svg.
# Needs: root for apt-get (only when ngircd/inspircd are missing), node, taskset (util-linux),
#        dist/ built (`npm run build`).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
configs=$here/configs
out=${BENCH_OUT:-$repo/.bench-out}
server_cpu=${SERVER_CPU:-0}
gen_cpu=${GEN_CPU:-1}
scenario_timeout=${BENCH_TIMEOUT:-600}
servers=${SERVERS:-zchat ngircd inspircd ergo}
if [ $# -gt 0 ]; then scenarios=("$@"); else scenarios=(idle fanout rooms churn); fi
zchat=(node "$repo/bin/zchat.js")
# Word splitting is intended: the variable holds a command line.
# shellcheck disable=SC2206
if [ -n "${BENCH_CMD:-}" ]; then bench_cmd=($BENCH_CMD); else bench_cmd=("${zchat[@]}" bench); fi

mkdir -p "$out"
out=$(cd "$out" && pwd)

log() { printf '[compare] %s\n' "$*" >&2; }

# --- setup -------------------------------------------------------------------------------------

install_debian_servers() {
  local missing=()
  command -v ngircd >/dev/null 2>&1 || missing+=(ngircd)
  command -v inspircd >/dev/null 2>&1 || missing+=(inspircd)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    log "missing ${missing[*]}: run as root, or apt-get install -y ${missing[*]} first"
    exit 1
  fi
  log "installing ${missing[*]} from Debian (system services not started)"
  # invoke-rc.d asks policy-rc.d before starting a service; exit code 101 means "not allowed".
  local policy=/usr/sbin/policy-rc.d added=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy"
    chmod 755 "$policy"
    added=1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  [ "$added" = 1 ] && rm -f "$policy"
  return 0
}

raise_fd_limit() {
  # The idle scenario holds up to ~20,000 connections per server.
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  log "file descriptor limit: $(ulimit -n)"
}

free_port() {
  node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close();});"
}

# Copy a config from bench/configs, filling in the port and the server's scratch directory.
render_config() { # src dst port dir
  sed -e "s|@PORT@|$3|g" -e "s|@DIR@|$4|g" "$1" > "$2"
}

wait_port() { # pid port seconds
  local i
  for i in $(seq 1 $(( $3 * 10 ))); do
    kill -0 "$1" 2>/dev/null || return 1
    if (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  return 1
}

# --- servers: start_<name> DIR PORT sets server_pid; each runs in the foreground under taskset ---

start_zchat() { # dir port [zchat checkout]
  local cmd=("${zchat[@]}")
  [ -n "${3:-}" ] && cmd=(node "$3/bin/zchat.js")
  cat > "$1/zchat.yaml" <<EOF
# Generated by bench/compare.sh: IRC on loopback, flood throttling and connection limits off.
host: 127.0.0.1
plain: { enabled: false, port: 0 }
irc: { enabled: true, port: $2, password: null }
limits:
  floodPerSecond: 0
  roomLinesPerSecond: 0
  maxConnections: 1000000
  maxConnectionsPerIp: 1000000
  maxRoomsPerUser: 1000
  sendQueueBytes: 16777216
logLevel: warn
EOF
  # The web listener (web.port, 8080 by default) came after some checkouts ZCHAT_BASE may name, whose
  # config validator rejects the key: it is turned off only for this checkout.
  [ -z "${3:-}" ] && printf 'web: { enabled: false }\n' >> "$1/zchat.yaml"
  taskset -c "$server_cpu" "${cmd[@]}" serve --config "$1/zchat.yaml" > "$1/server.log" 2>&1 &
  server_pid=$!
}

# ZCHAT_BASE is a checkout of either layout: the workspace (packages/zchat) or the single package before it.
base_zchat_dir() {
  if [ -f "$ZCHAT_BASE/packages/zchat/bin/zchat.js" ]; then echo "$ZCHAT_BASE/packages/zchat"; else echo "$ZCHAT_BASE"; fi
}

start_zchat-base() {
  start_zchat "$1" "$2" "$(base_zchat_dir)"
}

start_ngircd() {
  render_config "$configs/ngircd.conf" "$1/ngircd.conf" "$2" "$1"
  taskset -c "$server_cpu" ngircd --nodaemon --config "$1/ngircd.conf" > "$1/server.log" 2>&1 &
  server_pid=$!
}

start_inspircd() {
  render_config "$configs/inspircd.conf" "$1/inspircd.conf" "$2" "$1"
  local asroot=()
  # InspIRCd refuses to run as root unless told to.
  [ "$(id -u)" = 0 ] && asroot=(--runasroot)
  taskset -c "$server_cpu" inspircd --nofork "${asroot[@]}" --config "$1/inspircd.conf" > "$1/server.log" 2>&1 &
  server_pid=$!
}

start_ergo() {
  render_config "$configs/ergo.yaml" "$1/ergo.yaml" "$2" "$1"
  (cd "$1" && "$ERGO_BIN" initdb --conf "$1/ergo.yaml" --quiet) > "$1/initdb.log" 2>&1
  (cd "$1" && exec taskset -c "$server_cpu" "$ERGO_BIN" run --conf "$1/ergo.yaml") > "$1/server.log" 2>&1 &
  server_pid=$!
}

server_available() { # name
  case "$1" in
    zchat)
      [ -f "$repo/dist/src/cli/main.js" ] || { log "zchat: dist/ not built (npm run build); skipped"; return 1; } ;;
    zchat-base)
      [ -n "${ZCHAT_BASE:-}" ] || { log "zchat-base: skipped (ZCHAT_BASE is unset)"; return 1; }
      [ -f "$(base_zchat_dir)/dist/src/cli/main.js" ] || { log "zchat-base: $ZCHAT_BASE is not built; skipped"; return 1; } ;;
    ngircd|inspircd)
      command -v "$1" >/dev/null 2>&1 || { log "$1: not installed; skipped"; return 1; } ;;
    ergo)
      if [ -z "${ERGO_BIN:-}" ]; then
        log "ergo: skipped (ERGO_BIN is unset; build ergo v2.11.1 as the header of this script says)"
        return 1
      fi
      [ -x "$ERGO_BIN" ] || { log "ergo: ERGO_BIN=$ERGO_BIN is not executable; skipped"; return 1; } ;;
    *) log "unknown server '$1'"; return 1 ;;
  esac
}

server_pid=
stop_server() {
  [ -n "$server_pid" ] || return 0
  if kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    local i
    for i in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  wait "$server_pid" 2>/dev/null || true
  server_pid=
}
trap stop_server EXIT

# --- one scenario against one server -----------------------------------------------------------

run_pair() { # server scenario
  local server=$1 scenario=$2 dir port args_var
  dir="$out/run/$server-$scenario"
  rm -rf "$dir" && mkdir -p "$dir"
  port=$(free_port)
  "start_$server" "$dir" "$port"
  if ! wait_port "$server_pid" "$port" 30; then
    log "$server did not listen on 127.0.0.1:$port; log: $dir/server.log"
    tail -n 20 "$dir/server.log" >&2 || true
    stop_server
    return 1
  fi
  args_var="BENCH_ARGS_$scenario"
  local args
  case "$scenario" in
    idle) args="--clients 10000" ;;
    fanout) args="--clients 1000 --senders 10 --duration 10" ;;
    rooms) args="--clients 2000 --rooms 20 --rate 5000 --duration 10" ;;
    churn) args="--clients 50 --duration 10" ;;
    *) args="" ;;
  esac
  args=${!args_var-$args}
  local extra=()
  # Word splitting is intended: the variable holds command-line options.
  # shellcheck disable=SC2206
  [ -n "$args" ] && extra=($args)
  case "$scenario" in fanout|rooms) extra+=(--plot "$out/$server-$scenario.svg") ;; esac
  # ngIRCd listens with a fixed backlog of 10 (`ss -ltn` shows it), so 200 connects in flight overflow its
  # accept queue: SYNs are dropped and retried after 1, 3, 7... s, and some connects fail. A few in flight
  # at a time gets every client in; only the setup rate depends on it.
  if [ "$server" = ngircd ]; then extra+=(--concurrency "${NGIRCD_CONCURRENCY:-8}"); fi
  log "$server / $scenario: server pid $server_pid on 127.0.0.1:$port (CPU $server_cpu), generator on CPU $gen_cpu"
  local rc=0
  taskset -c "$gen_cpu" timeout "$scenario_timeout" "${bench_cmd[@]}" "$scenario" \
    --target "127.0.0.1:$port" --protocol irc --json --quiet --server-pid "$server_pid" "${extra[@]}" \
    > "$out/$server-$scenario.json" 2> "$dir/bench.log" || rc=$?
  if ! kill -0 "$server_pid" 2>/dev/null; then
    log "$server exited during $scenario: see $dir/server.log"
    rc=${rc:-1}; [ "$rc" = 0 ] && rc=1
  fi
  stop_server
  if [ "$rc" != 0 ]; then
    log "$server / $scenario failed (exit $rc, 124 = timed out): see $dir/bench.log"
    return 1
  fi
  log "$server / $scenario: $out/$server-$scenario.json"
}

record_machine() {
  {
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //') ($(nproc) cores)"
    echo "memory: $(free -h | awk '/^Mem:/ {print $2}')"
    echo "kernel: $(uname -sr)"
    echo "node: $(node --version)"
    echo "zchat: $("${zchat[@]}" --version 2>/dev/null || echo '?')"
    command -v ngircd >/dev/null && echo "ngircd: $(ngircd --version 2>/dev/null | head -n 1)"
    command -v inspircd >/dev/null && echo "inspircd: $(inspircd --version 2>/dev/null | head -n 1)"
    [ -n "${ERGO_BIN:-}" ] && [ -x "$ERGO_BIN" ] && echo "ergo: $("$ERGO_BIN" --version 2>/dev/null | head -n 1)"
    echo "server CPU: $server_cpu, generator CPU: $gen_cpu"
  } > "$out/machine.txt"
}

# --- main ----------------------------------------------------------------------------------------

if ! "${bench_cmd[@]}" --help >/dev/null 2>&1; then
  log "the load generator does not run (${bench_cmd[*]} --help fails): build zchat first (npm run build)"
  exit 1
fi
install_debian_servers
raise_fd_limit
record_machine

failures=0
for server in $servers; do
  server_available "$server" || continue
  for scenario in "${scenarios[@]}"; do
    run_pair "$server" "$scenario" || failures=$((failures + 1))
  done
done
log "results in $out (machine.txt, <server>-<scenario>.json, run/ for logs); $failures failed run(s)"
[ "$failures" = 0 ]
