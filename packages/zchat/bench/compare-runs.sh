#!/usr/bin/env bash
# bench/compare-runs.sh: every run behind docs/BENCHMARKS.md "Comparison", then its table and chart.
#
# Usage: ERGO_BIN=/path/to/ergo [ZCHAT_BASE=/path/to/older/zchat] bench/compare-runs.sh [OUT]
#   OUT defaults to .bench-out/comparison. Each group of runs is one bench/compare.sh call per server
#   (see its header for ERGO_BIN and ZCHAT_BASE); groups named NAME-rK are rounds of NAME, run with the
#   servers in a different order each round so that slow drift in the machine's load hits each alike.
#   At the end: OUT/table.md (Markdown) and OUT/chart.svg, from bench/compare-chart.ts.
# Takes about 25 minutes on 2 cores; run it on an otherwise idle machine. Loopback only.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
out=${1:-$repo/.bench-out/comparison}
mkdir -p "$out"
base=
[ -n "${ZCHAT_BASE:-}" ] && base=zchat-base

group() { # dir scenario server... (a server list with an empty name skips it)
  local dir=$1 scenario=$2 s
  shift 2
  for s in "$@"; do
    [ -n "$s" ] || continue
    SERVERS=$s BENCH_OUT=$out/$dir "$here/compare.sh" "$scenario" || true
  done
}

# fanout, 1,000 members: three rounds.
group fanout1000-r1 fanout zchat $base ngircd inspircd ergo
group fanout1000-r2 fanout ergo inspircd ngircd $base zchat
group fanout1000-r3 fanout ngircd zchat ergo $base inspircd
BENCH_ARGS_fanout="--clients 100 --senders 10 --duration 10 --timeout 300" group fanout100 fanout zchat ngircd inspircd ergo
BENCH_ARGS_fanout="--clients 5000 --senders 10 --duration 10 --timeout 300" group fanout5000 fanout zchat ngircd inspircd ergo
BENCH_ARGS_idle="--clients 1000 --timeout 300" group idle1000 idle zchat ngircd inspircd ergo
BENCH_ARGS_idle="--clients 10000 --timeout 300" group idle10000 idle zchat $base ngircd inspircd ergo
# The fd ceiling: one process may hold 20,000 files here.
BENCH_ARGS_idle="--clients 19000 --timeout 300" group idle19000 idle zchat
BENCH_ARGS_rooms="--clients 2000 --rooms 20 --rate 5000 --duration 10 --timeout 300" group rooms rooms zchat ngircd inspircd ergo
group churn churn zchat ngircd inspircd ergo

dirs=()
for d in "$out"/*/; do dirs+=("${d%/}"); done
node "$repo/dist/bench/compare-chart.js" --svg "$out/chart.svg" --markdown "${dirs[@]}" > "$out/table.md"
echo "[compare-runs] $out/table.md, $out/chart.svg"
