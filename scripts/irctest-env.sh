# Sourced by scripts/irctest.sh and scripts/irctest-baseline.sh: picks a Python that can run irctest.
#
# irctest's conftest needs pytest >= 7.4 (hookimpl(wrapper=True)); Debian 12's python3-pytest is 7.2,
# so the machine's own python3 (pytest 9 here) runs it. PyPI is out of reach, so the optional modules
# irctest and pytest-xdist want (xdist, execnet, ecdsa, filelock, websockets) come from Debian's
# python3-* packages: when the chosen interpreter lacks them, they are linked one by one into a
# private directory on PYTHONPATH (never the whole dist-packages, which would shadow pytest itself).
#
# irctest_python SCRATCH_DIR: sets IRCTEST_PY (interpreter) and IRCTEST_XDIST (1 if -n works); exits 1
# with a clear message when no interpreter can run irctest.

irctest_python() {
  local scratch=$1 py m
  for py in ${PYTHON:-} python3 /usr/bin/python3; do
    [ -n "$py" ] || continue
    command -v "$py" >/dev/null 2>&1 || continue
    if "$py" -c 'import pluggy, pytest; pluggy.HookimplMarker("x")(wrapper=True)' 2>/dev/null; then
      IRCTEST_PY=$py
      break
    fi
  done
  if [ -z "${IRCTEST_PY:-}" ]; then
    echo "no python3 with pytest >= 7.4 found (set PYTHON=...); irctest's conftest needs hookimpl(wrapper=True)" >&2
    return 1
  fi
  local debian=/usr/lib/python3/dist-packages shim="$scratch/pymodules"
  mkdir -p "$shim"
  for m in xdist execnet ecdsa six.py filelock websockets; do
    # Never link over an existing entry: `ln -s` onto a link to a directory would create the new link
    # inside Debian's package (e.g. dist-packages/ecdsa/ecdsa), which breaks that package for everyone.
    [ -e "$shim/$m" ] || [ -L "$shim/$m" ] && continue
    if ! "$IRCTEST_PY" -c "import ${m%.py}" 2>/dev/null && [ -e "$debian/$m" ]; then
      ln -sn "$debian/$m" "$shim/$m"
    fi
  done
  export PYTHONPATH="$shim${PYTHONPATH:+:$PYTHONPATH}"
  IRCTEST_XDIST=0
  if "$IRCTEST_PY" -c 'import xdist.plugin' 2>/dev/null; then IRCTEST_XDIST=1; fi
}
