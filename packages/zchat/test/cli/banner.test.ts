// The start-up banner names a command the user can run: `zchat` when it is on their PATH, else `npx zchat` and how
// to install it. PATH entries that npm and npx add for the run (node_modules/.bin) do not count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { Address } from 'znet';
import { formatBanner, zchatCommand } from '../../src/cli/serve.js';

test('zchatCommand: zchat on the PATH, or npx zchat when only node_modules/.bin has it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zchat-path-'));
  try {
    const global = join(dir, 'bin');
    const local = join(dir, 'node_modules', '.bin');
    for (const d of [global, local]) {
      mkdirSync(d, { recursive: true });
      writeFileSync(join(d, 'zchat'), '#!/bin/sh\n');
      chmodSync(join(d, 'zchat'), 0o755);
    }
    assert.equal(zchatCommand({ PATH: [local, '/nonexistent'].join(delimiter) }), 'npx zchat');
    assert.equal(zchatCommand({ PATH: [local, global].join(delimiter) }), 'zchat');
    assert.equal(zchatCommand({}), 'npx zchat');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the banner with npx zchat: the connect hint works as typed, and one line says how to install the command', () => {
  const addresses = { plain: Address.parseIp('127.0.0.1', 8888) };
  const npx = formatBanner(addresses, '0.2.0', undefined, 'npx zchat');
  assert.match(npx, /^ {4}npx zchat connect 127\.0\.0\.1:8888$/m);
  assert.match(npx, /npm install -g zchat/);
  const onPath = formatBanner(addresses, '0.2.0', undefined, 'zchat');
  assert.match(onPath, /^ {4}zchat connect 127\.0\.0\.1:8888$/m);
  assert.doesNotMatch(onPath, /npm install/);
});
