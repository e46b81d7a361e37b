// The shipped example config (zchat.example.yaml) and `zchat serve --check-config`, through the real binary.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { defaultConfig } from '../../src/chat/config.js';
import { loadConfigFile } from '../../src/cli/config-file.js';
import { spawnZchat, within, type ZchatChild } from './child.js';

// dist/test/cli -> the zchat package
const example = fileURLToPath(new URL('../../../zchat.example.yaml', import.meta.url));

const children: ZchatChild[] = [];
after(() => {
  for (const c of children) if (c.child.exitCode === null) c.child.kill('SIGKILL');
});

/** Every key path of `value` down to scalars and arrays (rooms.topics keeps its own keys). */
function leafPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => leafPaths(v, prefix === '' ? k : `${prefix}.${k}`));
}

test('zchat.example.yaml validates, and sets every key of the schema to its default', async () => {
  const loaded = await loadConfigFile(example);
  assert.ok(loaded.ok, loaded.ok ? '' : loaded.errors.join('\n'));
  assert.deepEqual(loaded.config, defaultConfig);
  const raw = parseYaml(await readFile(example, 'utf8')) as unknown;
  assert.deepEqual(leafPaths(raw).sort(), leafPaths(defaultConfig).sort(), 'every key is written out, none missing');
});

test('every key in zchat.example.yaml has a comment saying why one would change it (a comment line above each group)', async () => {
  const text = await readFile(example, 'utf8');
  const lines = text.split('\n');
  for (const [i, line] of lines.entries()) {
    if (!/^[a-zA-Z]/.test(line)) continue;
    assert.match(lines[i - 1] ?? '', /^#/, `no comment above top-level key: ${line}`);
  }
});

test('serve --check-config: the example is valid, nothing listens, exit 0', async () => {
  const c = spawnZchat(['serve', '--config', example, '--check-config']);
  children.push(c);
  assert.equal(await within(c.exited, 10_000, 'check-config'), 0);
  assert.equal(c.stdout(), `zchat serve: ${example} is valid; would listen on plain text 127.0.0.1:8888, IRC 127.0.0.1:6667, web 127.0.0.1:8080\n`);
});

test('serve --check-config: a bad key, an unreadable TLS file, a host name: each named, exit 2', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'zchat-check-'));
  try {
    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, 'limits:\n  floodBurts: 3\n');
    const a = spawnZchat(['serve', '--config', bad, '--check-config']);
    const tls = join(dir, 'tls.yaml');
    await writeFile(tls, `host: chat.example.test\ntls:\n  key: ${join(dir, 'missing-key.pem')}\n  cert: ${join(dir, 'missing-cert.pem')}\n`);
    const b = spawnZchat(['serve', '--config', tls, '--check-config']);
    children.push(a, b);
    assert.equal(await within(a.exited, 10_000, 'check-config'), 2);
    assert.match(a.stderr(), /limits\.floodBurts: unknown key \(did you mean "limits\.floodBurst"\?\)/);
    assert.equal(await within(b.exited, 10_000, 'check-config'), 2);
    assert.deepEqual(b.stderr().trim().split('\n'), [
      'zchat serve: host: must be an IP address of this machine (127.0.0.1, 0.0.0.0, ::), not "chat.example.test"',
      `zchat serve: tls.key: cannot read ${join(dir, 'missing-key.pem')}: no such file`,
      `zchat serve: tls.cert: cannot read ${join(dir, 'missing-cert.pem')}: no such file`,
    ]);
    assert.equal(a.stdout() + b.stdout(), '');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
