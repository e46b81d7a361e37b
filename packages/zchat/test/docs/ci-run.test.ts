import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest folder above this file holding `.ci/run`. */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, '.ci', 'run'))) {
    const up = dirname(dir);
    assert.notEqual(up, dir, 'no .ci/run above the test');
    dir = up;
  }
  return dir;
}

test('.ci/run: every apt-get call waits for the dpkg lock instead of failing when another apt run holds it', () => {
  const script = readFileSync(join(repoRoot(), '.ci', 'run'), 'utf8');
  const calls = script.split('\n').filter((l) => /^\s*[^#]*\bapt-get\b/.test(l) && !/command -v apt-get/.test(l));
  assert.ok(calls.length >= 2, 'apt-get update and install');
  for (const line of calls) {
    const waits = /DPkg::Lock::Timeout=\d+/.test(line) || (/"\$\{lock\[@\]\}"/.test(line) && /lock=\(-o DPkg::Lock::Timeout=\d+\)/.test(script));
    assert.ok(waits, `no lock timeout: ${line.trim()}`);
  }
});
