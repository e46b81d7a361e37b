#!/usr/bin/env bash
# Runs irctest against a third-party IRC server with irctest's own controller for it, to get the
# baseline numbers in docs/CONFORMANCE.md. irctest itself is never part of this repository.
#
# Usage: scripts/irctest-baseline.sh IRCTEST_DIR SERVER SELECTION OUTDIR [extra pytest args...]
#   SERVER     ngircd | inspircd | ergo  (irctest.controllers.<SERVER>)
#   SELECTION  thirdparty: -m 'not services and not implementation-specific and not deprecated and not strict'
#              plain:      no marker selection at all
#   OUTDIR     gets <SERVER>-<SELECTION>.xml (JUnit), .log (pytest output) and .txt (per-module summary)
# Environment:
#   ERGO_BIN   path to an ergo binary (SERVER=ergo); irctest runs `ergo` from PATH, so its directory is prepended.
#   IRCTEST_JOBS  pytest-xdist workers (default 4; 0 runs serially). Needs Debian's python3-pytest-xdist.
#   IRCTEST_TIMEOUT  seconds for the whole run (default 1500).
#   PYTHON     interpreter with pytest >= 7.4 (default: python3); see scripts/irctest-env.sh.
# Needs: pytest (see irctest-env.sh), Debian's python3-pytest-xdist (optional), ngircd / inspircd from Debian, faketime (optional, speeds up LIST tests).
set -euo pipefail

if [ $# -lt 4 ]; then
  sed -n '2,17p' "$0" >&2
  exit 2
fi
irctest_dir=$(cd "$1" && pwd)
server=$2
selection=$3
outdir=$4
shift 4
mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)
here=$(cd "$(dirname "$0")" && pwd)

case "$selection" in
  thirdparty) markers=(-m 'not services and not implementation-specific and not deprecated and not strict') ;;
  plain) markers=() ;;
  *) echo "unknown selection '$selection' (thirdparty | plain)" >&2; exit 2 ;;
esac

wrapdir=$(mktemp -d)
# irctest's controllers make their server directories under TMPDIR. A test whose setUp fails after
# the server started (e.g. services tests with no services controller, in the plain run) never
# stops it, so every process still using this run's TMPDIR is stopped at the end, by its pid.
mkdir -p "$wrapdir/tmp"
reap() {
  local pid
  for pid in $(pgrep -f -- "$wrapdir/tmp/" || true); do
    [ "$pid" != $$ ] && kill "$pid" 2>/dev/null || true
  done
}
trap 'reap; rm -rf "$wrapdir"' EXIT
# shellcheck source=scripts/irctest-env.sh
. "$here/irctest-env.sh"
irctest_python "$wrapdir"

case "$server" in
  ngircd)
    command -v ngircd >/dev/null || { echo "ngircd not found: apt-get install -y ngircd" >&2; exit 1; }
    ;;
  inspircd)
    command -v inspircd >/dev/null || { echo "inspircd not found: apt-get install -y inspircd" >&2; exit 1; }
    if [ "$(id -u)" = 0 ]; then
      # InspIRCd refuses to run as root unless told; irctest's controller does not pass the flag.
      real=$(command -v inspircd)
      printf '#!/bin/sh\n[ "$1" = --version ] && exec %s --version\nexec %s --runasroot "$@"\n' "$real" "$real" > "$wrapdir/inspircd"
      chmod +x "$wrapdir/inspircd"
    fi
    # irctest's InspIRCd 3 config includes examples/helpop.conf.example, resolved against Debian's
    # /etc/inspircd; Debian ships the examples under /usr/share/doc.
    if [ ! -e /etc/inspircd/examples ]; then
      if [ -w /etc/inspircd ]; then
        ln -s /usr/share/doc/inspircd/examples /etc/inspircd/examples
        echo "note: linked /etc/inspircd/examples -> /usr/share/doc/inspircd/examples (irctest includes helpop from there)"
      else
        echo "/etc/inspircd/examples is missing: link it to /usr/share/doc/inspircd/examples" >&2; exit 1
      fi
    fi
    ;;
  ergo)
    if [ -z "${ERGO_BIN:-}" ]; then echo "SERVER=ergo needs ERGO_BIN=/path/to/ergo" >&2; exit 1; fi
    # irctest's controller runs `ergo` from PATH.
    ln -s "$(cd "$(dirname "$ERGO_BIN")" && pwd)/$(basename "$ERGO_BIN")" "$wrapdir/ergo"
    ;;
  *) echo "unknown server '$server' (ngircd | inspircd | ergo)" >&2; exit 2 ;;
esac

jobs=${IRCTEST_JOBS:-4}
xdist=()
if [ "$jobs" != 0 ] && [ "$IRCTEST_XDIST" = 1 ]; then xdist=(-p xdist.plugin -n "$jobs"); fi
name="$server-$selection"

cd "$irctest_dir"
set +e
TMPDIR="$wrapdir/tmp" PATH="$wrapdir:$PATH" timeout "${IRCTEST_TIMEOUT:-1500}" "$IRCTEST_PY" -m pytest -p no:cacheprovider \
  --controller "irctest.controllers.$server" "${markers[@]}" "${xdist[@]}" \
  --junitxml="$outdir/$name.xml" -q -rN "$@" > "$outdir/$name.log" 2>&1
rc=$?
set -e
tail -n 1 "$outdir/$name.log"
if [ -f "$outdir/$name.xml" ]; then
  "$IRCTEST_PY" "$here/irctest-summary.py" "$outdir/$name.xml" --failures > "$outdir/$name.txt"
  echo "per-module summary: $outdir/$name.txt"
fi
# pytest exits 1 when some tests failed: that is the measurement, not an error of this script.
if [ $rc -gt 1 ]; then echo "pytest exited $rc (124 = timed out)" >&2; exit $rc; fi
