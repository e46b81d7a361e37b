// deploy/zchat.service: systemd accepts it, and the commands it runs work, with the paths pointed at this checkout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// dist/test/docs -> the zchat package
const pkg = fileURLToPath(new URL('../../../', import.meta.url));
const unit = readFileSync(join(pkg, 'deploy', 'zchat.service'), 'utf8');
const bin = join(pkg, 'bin', 'zchat.js');
const example = join(pkg, 'zchat.example.yaml');

/** The unit as it would be on a machine where zchat is this checkout's binary and the config is the example. */
const local = unit.replaceAll('/usr/bin/zchat', bin).replaceAll('/etc/zchat/zchat.yaml', example);

/** The value of every `key=` line of the unit. */
function values(key: string): string[] {
  return local.split('\n').filter((l) => l.startsWith(`${key}=`)).map((l) => l.slice(key.length + 1));
}

const analyzeMissing = spawnSync('sh', ['-c', 'command -v systemd-analyze'], { encoding: 'utf8' }).status !== 0;

test('systemd-analyze verify accepts the unit', { skip: analyzeMissing ? 'systemd-analyze is not installed (apt-get install systemd)' : false }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'zchat-unit-'));
  try {
    const file = join(dir, 'zchat.service');
    writeFileSync(file, local);
    const r = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr.trim(), '', 'no warnings');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the unit checks the config before starting, and that check passes on the example config', () => {
  const [pre] = values('ExecStartPre');
  const [start] = values('ExecStart');
  assert.equal(pre, `${start} --check-config`);
  const r = spawnSync(process.execPath, pre!.split(' '), { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /is valid; would listen on plain text 127\.0\.0\.1:8888, IRC 127\.0\.0\.1:6667, web 127\.0\.0\.1:8080/);
});

test('the unit runs unprivileged, may bind low ports, stops gracefully within its timeout', () => {
  assert.deepEqual(values('User'), ['zchat']);
  assert.deepEqual(values('AmbientCapabilities'), ['CAP_NET_BIND_SERVICE']);
  assert.deepEqual(values('KillSignal'), ['SIGTERM']);
  // zchat gives up on a graceful stop after limits.shutdownTimeoutMs + 2 s (7 s by default).
  assert.ok(Number(values('TimeoutStopSec')[0]) > 7);
  assert.ok(Number(values('LimitNOFILE')[0]) > 10_000, 'room for limits.maxConnections');
});
