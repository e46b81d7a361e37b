import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile, resolveServeConfig } from '../../src/cli/config-file.js';

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zchat-config-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

test('YAML and JSON files load over the defaults', async () => {
  const yaml = await loadConfigFile(await file('a.yaml', 'plain:\n  port: 9999\nmotd:\n  - hi\nlimits:\n  floodPerSecond: 0\n'));
  assert.ok(yaml.ok);
  assert.equal(yaml.config.plain.port, 9999);
  assert.deepEqual(yaml.config.motd, ['hi']);
  assert.equal(yaml.config.limits.floodPerSecond, 0);
  assert.equal(yaml.config.limits.maxLineBytes, 1024);
  const json = await loadConfigFile(await file('b.json', '{"irc": {"port": 7000}}'));
  assert.ok(json.ok);
  assert.equal(json.config.irc.port, 7000);
});

test('an empty or comment-only file means all defaults', async () => {
  const r = await loadConfigFile(await file('empty.yml', '# nothing here\n'));
  assert.ok(r.ok);
  assert.equal(r.config.plain.port, 8888);
});

test('errors name the file, and the key or the syntax problem', async () => {
  const bad = await file('bad.yaml', 'limits:\n  maxLineBytes: x\nhots: 1\n');
  assert.deepEqual(await loadConfigFile(bad), {
    ok: false,
    errors: [`${bad}: limits.maxLineBytes: expected an integer from 64 to 1048576, got "x"`, `${bad}: hots: unknown key (did you mean "host"?)`],
  });
  const syntax = await loadConfigFile(await file('syntax.yaml', 'plain: [1,\n'));
  assert.equal(syntax.ok, false);
  assert.match(syntax.ok ? '' : syntax.errors[0]!, /syntax\.yaml: not valid YAML: .*line/i);
  assert.doesNotMatch(syntax.ok ? '' : syntax.errors[0]!, /:$/, 'no dangling colon');
  // docs/BENCH-TOOL.md: benchmark servers run with no default room.
  const noLobby = await loadConfigFile(await file('no-lobby.yaml', 'rooms:\n  default: ""\n'));
  assert.equal(noLobby.ok ? noLobby.config.rooms.default : 'refused', '');
  const dup = await loadConfigFile(await file('dup.yaml', 'host: a\nhost: b\n'));
  assert.match(dup.ok ? '' : dup.errors[0]!, /not valid YAML/);
  const json = await loadConfigFile(await file('c.json', '{"host": }'));
  assert.match(json.ok ? '' : json.errors[0]!, /c\.json: not valid JSON/);
  const missing = await loadConfigFile(join(dir, 'missing.yaml'));
  assert.deepEqual(missing, { ok: false, errors: [`${join(dir, 'missing.yaml')}: cannot read: no such file`] });
  const directory = await loadConfigFile(dir);
  assert.match(directory.ok ? '' : directory.errors[0]!, /cannot read: is a directory/);
});

test('serve: flags override the file, which overrides the defaults', async () => {
  const path = await file('serve.yaml', 'host: 0.0.0.0\nplain:\n  port: 9000\nirc:\n  port: 9001\nlogLevel: warn\n');
  const fileOnly = await resolveServeConfig({ config: path });
  assert.ok(fileOnly.ok);
  assert.equal(fileOnly.config.host, '0.0.0.0');
  assert.equal(fileOnly.config.logLevel, 'warn');
  const flags = await resolveServeConfig({ config: path, host: '127.0.0.1', 'plain-port': 0, 'irc-port': 0, 'log-level': 'debug' });
  assert.ok(flags.ok);
  assert.equal(flags.config.host, '127.0.0.1');
  assert.equal(flags.config.plain.port, 0);
  assert.equal(flags.config.irc.port, 0);
  assert.equal(flags.config.logLevel, 'debug');
  const clash = await resolveServeConfig({ config: path, 'plain-port': 9001 });
  assert.equal(clash.ok, false);
  const defaults = await resolveServeConfig({});
  assert.ok(defaults.ok);
  assert.equal(defaults.config.plain.port, 8888);
});
