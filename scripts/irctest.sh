#!/usr/bin/env bash
# Runs the irctest conformance suite against zchat's IRC gateway. irctest is not part of this repository:
# pass the path of a checkout of github.com/progval/irctest (its commit goes in docs/CONFORMANCE.md).
#
# Usage: scripts/irctest.sh [--external] IRCTEST_DIR [pytest args...]
#   With no pytest args it runs irctest's selection for third-party servers:
#     -m 'not services and not implementation-specific and not deprecated and not strict'
#   Pass your own (e.g. `-k whois`, or `-m ''` for the plain run) to replace it.
#
# Default: zchat's own irctest controller (scripts/irctest/zchat_controller.py) starts a fresh
# `zchat serve` for every test, with the config that test asks for (server password, accounts...), and
# stops it after; tests run on IRCTEST_JOBS pytest-xdist workers, each server on its own port.
#
# --external: one zchat for the whole run, through irctest's external_server controller. This script
# writes its config (IRC on a free loopback port, flood throttling off, operator operuser/operpassword,
# SASL accounts jilles, foo and bar with password sesame, hashed with `zchat passwd`), starts it, runs
# the tests serially (they share the server, and irctest reuses nicks), stops it, and says whether zchat
# stayed up for the whole run. State from one test is visible to the next.
#
# Environment:
#   IRCTEST_OUT      output directory (default .irctest-out/): irctest.xml (JUnit), irctest.log (pytest
#                    output), irctest.txt (per-module counts and failures); zchat-exits.log (controller:
#                    zchat exiting by itself or not stopping cleanly); zchat.yaml, zchat.log (--external)
#   IRCTEST_JOBS     pytest-xdist workers for the controller run (default 2; 0 runs serially)
#   IRCTEST_TIMEOUT  seconds for the whole pytest run (default 1500)
#   ZCHAT_DIR        the zchat checkout to test (default: this one); its dist/ must be built
#   PYTHON           interpreter with pytest >= 7.4 (default python3; see scripts/irctest-env.sh)
# Needs: dist/ built (`npm run build`), python3 with pytest; Debian's python3-pytest-xdist, python3-ecdsa,
# python3-filelock, python3-websockets are optional extras irctest can use; faketime for the LIST time tests.
set -euo pipefail

usage() { sed -n '2,29p' "$0" >&2; }
external=0
if [ "${1:-}" = --external ]; then external=1; shift; fi
if [ $# -lt 1 ] || [ ! -d "$1/irctest/server_tests" ]; then
  usage
  [ $# -ge 1 ] && echo "not an irctest checkout: $1" >&2
  exit 2
fi
irctest_dir=$(cd "$1" && pwd)
shift
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "${ZCHAT_DIR:-$here/..}" && pwd)
export ZCHAT_DIR=$repo
out=${IRCTEST_OUT:-$here/../.irctest-out}
mkdir -p "$out"
out=$(cd "$out" && pwd)

scratch=$(mktemp -d)
zchat_pid=
stop_zchat() {
  if [ -n "$zchat_pid" ] && kill -0 "$zchat_pid" 2>/dev/null; then
    kill -TERM "$zchat_pid" 2>/dev/null || true
    # serve shuts down gracefully within limits.shutdownTimeoutMs (+ grace); do not wait forever.
    for _ in $(seq 1 100); do kill -0 "$zchat_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$zchat_pid" 2>/dev/null || true
  fi
  zchat_pid=
}
# The controller makes each server's directory under TMPDIR (= $scratch/tmp). A test whose setUp fails
# after its server started never stops it, so every process still using this run's TMPDIR is stopped at
# the end, by its pid.
reap() {
  local pid
  for pid in $(pgrep -f -- "$scratch/tmp/" || true); do
    [ "$pid" != $$ ] && kill "$pid" 2>/dev/null || true
  done
}
trap 'stop_zchat; reap; rm -rf "$scratch"' EXIT

# shellcheck source=scripts/irctest-env.sh
. "$here/irctest-env.sh"
irctest_python "$scratch"

zchat=(node "$repo/packages/zchat/bin/zchat.js")
if [ ! -f "$repo/packages/zchat/dist/src/cli/main.js" ]; then
  echo "dist/ is not built: run 'npm run build' in $repo first" >&2
  exit 1
fi
if ! "${zchat[@]}" serve --help >/dev/null 2>&1; then
  echo "'zchat serve' does not run (see: node packages/zchat/bin/zchat.js serve --help); is the IRC gateway built?" >&2
  exit 1
fi

if [ $# -eq 0 ]; then
  set -- -m 'not services and not implementation-specific and not deprecated and not strict'
fi

# Runs pytest in irctest's directory with the given controller and extra arguments; sets rc.
run_pytest() {
  local controller=$1
  shift
  (
    cd "$irctest_dir"
    timeout "${IRCTEST_TIMEOUT:-1500}" "$IRCTEST_PY" -m pytest -p no:cacheprovider \
      --controller "$controller" --junitxml="$out/irctest.xml" -q -rN "$@"
  ) > "$out/irctest.log" 2>&1
}

summarize() {
  tail -n 1 "$out/irctest.log"
  if [ -f "$out/irctest.xml" ]; then
    "$IRCTEST_PY" "$here/irctest-summary.py" "$out/irctest.xml" --failures > "$out/irctest.txt"
    echo "per-module counts and failures: $out/irctest.txt"
  fi
}

if [ "$external" = 0 ]; then
  # irctest imports the controller by module name (importlib.import_module), so its directory goes on PYTHONPATH.
  export PYTHONPATH="$here/irctest${PYTHONPATH:+:$PYTHONPATH}"
  export PYTHONDONTWRITEBYTECODE=1  # no __pycache__ left in scripts/irctest
  export ZCHAT_IRCTEST_LOG="$out/zchat-exits.log"
  : > "$ZCHAT_IRCTEST_LOG"
  mkdir -p "$scratch/tmp"
  jobs=${IRCTEST_JOBS:-2}
  xdist=()
  if [ "$jobs" != 0 ] && [ "$IRCTEST_XDIST" = 1 ]; then xdist=(-p xdist.plugin -n "$jobs"); fi
  if [ ${#xdist[@]} -eq 0 ]; then workers=serial; else workers="$jobs workers"; fi
  echo "zchat from $repo: one server per test, $workers"
  rm -f "$out/irctest.xml"
  set +e
  TMPDIR="$scratch/tmp" run_pytest zchat_controller "${xdist[@]}" "$@"
  rc=$?
  set -e
  summarize
  if [ -s "$ZCHAT_IRCTEST_LOG" ]; then
    echo "zchat exited by itself or did not stop cleanly $(grep -c '^EXIT: ' "$ZCHAT_IRCTEST_LOG") time(s): see $ZCHAT_IRCTEST_LOG" >&2
    [ $rc -le 1 ] && rc=3
  fi
  if [ $rc -eq 3 ]; then exit 3; fi
  # pytest: 0 all passed, 1 some failed (the measurement itself); anything else is a broken run.
  if [ $rc -gt 1 ]; then echo "pytest exited $rc (124 = timed out); see $out/irctest.log" >&2; exit $rc; fi
  exit 0
fi

# --external: one long-lived zchat, irctest's external_server controller.
# Password hashes come from zchat itself, so the config holds exactly what an operator would write.
# Cost 2^10 keeps each SASL/OPER check quick; the test config is thrown away.
hash() {
  local h
  if ! h=$(printf '%s\n' "$1" | "${zchat[@]}" passwd --cost 10 2>"$scratch/passwd.err"); then
    echo "'zchat passwd' failed; it is needed to hash the test passwords:" >&2
    cat "$scratch/passwd.err" >&2
    exit 1
  fi
  printf '%s' "$h"
}
oper_hash=$(hash operpassword)
sesame_hash=$(hash sesame)

# A free loopback port for IRC: bound and released by the kernel's choice (port 0). The plain-text
# listener takes port 0 itself, so only the IRC port (which irctest must be told) can race.
irc_port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close();});")

cat > "$out/zchat.yaml" <<EOF
# Generated by scripts/irctest.sh --external for one irctest run; thrown away after.
serverName: My.Little.Server   # irctest's tests expect this name (TIME, WHO, 004)
network: IrcTest
host: 127.0.0.1
plain: { enabled: true, port: 0 }
irc: { enabled: true, port: $irc_port, password: null }
limits:
  floodPerSecond: 0            # flood throttling off: irctest sends bursts
  roomLinesPerSecond: 0        # and the room rate
  maxConnectionsPerIp: 10000   # every test client comes from 127.0.0.1
  maxConnections: 10000
  maxRoomsPerUser: 1000
opers:
  - { name: operuser, password: '$oper_hash' }
accounts:
  - { name: jilles, password: '$sesame_hash' }
  - { name: foo, password: '$sesame_hash' }
  - { name: bar, password: '$sesame_hash' }
logLevel: warn
EOF

"${zchat[@]}" serve --config "$out/zchat.yaml" > "$out/zchat.log" 2>&1 &
zchat_pid=$!

# Wait (bounded: 15 s) until the IRC port accepts connections.
up=0
for _ in $(seq 1 150); do
  if ! kill -0 "$zchat_pid" 2>/dev/null; then break; fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$irc_port") 2>/dev/null; then up=1; break; fi
  sleep 0.1
done
if [ "$up" != 1 ]; then
  echo "zchat did not start listening on 127.0.0.1:$irc_port; its log ($out/zchat.log):" >&2
  tail -n 30 "$out/zchat.log" >&2
  exit 1
fi
echo "zchat (pid $zchat_pid) IRC on 127.0.0.1:$irc_port; config $out/zchat.yaml"

set +e
IRCTEST_SERVER_HOSTNAME=127.0.0.1 IRCTEST_SERVER_PORT=$irc_port IRCTEST_SERVER_SASL_MECHS=PLAIN \
  run_pytest irctest.controllers.external_server "$@"
rc=$?
set -e

alive=1
kill -0 "$zchat_pid" 2>/dev/null || alive=0
stop_zchat
summarize
if [ "$alive" != 1 ]; then
  echo "zchat exited during the run: see $out/zchat.log" >&2
  exit 3
fi
# pytest: 0 all passed, 1 some failed (the measurement itself); anything else is a broken run.
if [ $rc -gt 1 ]; then echo "pytest exited $rc (124 = timed out); see $out/irctest.log" >&2; exit $rc; fi
exit 0
