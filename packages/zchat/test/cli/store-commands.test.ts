// `zchat account` and `zchat db` over a real data directory, and `zchat serve --data` refusing a damaged
// database (a child process: exit 1, the file named and left as it was).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { verifyPassword } from '../../src/chat/password.js';
import { silentLogger } from '../../src/chat/logger.js';
import { openSqliteStore } from '../../src/chat/store/sqlite.js';
import { captureIo } from './io.js';
import { spawnZchat, within } from './child.js';

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'zchat-cli-store-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function run(argv: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  const c = captureIo();
  c.stdin.end(stdin);
  const code = await main(argv, c.io);
  return { code, out: c.stdout(), err: c.stderr() };
}

const storeOptions = { commitWindowMs: 10, maxBatch: 100, maxPendingWrites: 1000, retryMs: 100, busyTimeoutMs: 1000, logger: silentLogger };

test('zchat account add, list, passwd, delete on a data directory', async (t) => {
  const data = join(tempDir(t), 'data');
  const add = await run(['account', 'add', 'Alice', '--data', data, '--email', 'alice@example.org'], 'sesame1\n');
  assert.equal(add.code, 0, add.err);
  assert.equal(add.out, 'account Alice created\n');
  assert.ok(existsSync(join(data, 'zchat.db')));
  const again = await run(['account', 'add', 'alice', '--data', data], 'other12\n');
  assert.equal(again.code, 1);
  assert.match(again.err, /account "alice" already exists/);
  await run(['account', 'add', 'bob', '--data', data], 'bobpass\n');

  const list = await run(['account', 'list', '--data', data]);
  assert.equal(list.code, 0);
  const lines = list.out.trim().split('\n');
  assert.match(lines[0]!, /^NAME +EMAIL +CREATED \(UTC\) +LAST SEEN \(UTC\)$/);
  assert.match(lines[1]!, /^Alice +alice@example\.org +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +-$/);
  assert.match(lines[2]!, /^bob +- /);

  assert.equal((await run(['account', 'passwd', 'ALICE', '--data', data], 'newpass\n')).code, 0);
  const store = openSqliteStore(data, { ...storeOptions, readonly: true });
  const alice = await store.account('alice');
  await store.close();
  assert.equal(await verifyPassword('newpass', alice!.passwordHash), true);
  assert.equal(await verifyPassword('sesame1', alice!.passwordHash), false);
  assert.ok(!readFileSync(join(data, 'zchat.db')).includes('newpass'), 'the password itself is not stored');

  assert.equal((await run(['account', 'delete', 'alice', '--data', data])).code, 0);
  const gone = await run(['account', 'delete', 'alice', '--data', data]);
  assert.equal(gone.code, 1);
  assert.match(gone.err, /no account "alice"/);
  assert.equal((await run(['account', 'passwd', 'alice', '--data', data], 'x\n')).code, 1);
});

test('zchat account: bad names, short passwords, bad e-mail, unknown actions and missing arguments', async (t) => {
  const data = join(tempDir(t), 'data');
  for (const [argv, stdin, code, pattern] of [
    [['account', 'add', "x'; DROP TABLE accounts; --", '--data', data], 'password\n', 2, /account name is letters/],
    [['account', 'add', 'n'.repeat(31), '--data', data], 'password\n', 2, /at most 30 characters/],
    [['account', 'add', 'carol', '--data', data, '--email', 'not-an-address'], 'password\n', 2, /e-mail address/],
    [['account', 'add', 'carol', '--data', data], 'abc\n', 1, /at least 4 characters/],
    [['account', 'add', 'carol', '--data', data], '', 1, /no password given/],
    [['account', 'frobnicate', '--data', data], '', 2, /expected one of add, list, delete, passwd, got "frobnicate"/],
    [['account', 'add', '--data', data], '', 2, /zchat account add: expected NAME/],
    [['account', 'list', 'extra', '--data', data], '', 2, /expected no argument/],
    [['account', '--data', data], '', 2, /which action\?/],
  ] as const) {
    const r = await run([...argv], stdin);
    assert.equal(r.code, code, `${argv.join(' ')}: ${r.err}`);
    assert.match(r.err, pattern);
  }
  const list = await run(['account', 'list', '--data', data]);
  assert.equal(list.out.trim().split('\n').length, 1, 'nothing was created');
});

test('zchat db check and backup; a tool on a missing or damaged database says which file and exits 1', async (t) => {
  const dir = tempDir(t);
  const data = join(dir, 'data');
  const missing = await run(['db', 'check', '--data', data]);
  assert.equal(missing.code, 1);
  assert.match(missing.err, new RegExp(`${join(data, 'zchat.db').replace(/[/.]/g, '\\$&')}: no such file`));
  assert.equal(existsSync(data), false, 'a read-only tool creates nothing');

  await run(['account', 'add', 'alice', '--data', data], 'sesame1\n');
  const check = await run(['db', 'check', '--data', data]);
  assert.equal(check.code, 0, check.err);
  assert.match(check.out, /zchat\.db: ok\n$/);

  const copy = join(dir, 'copy.db');
  const backup = await run(['db', 'backup', copy, '--data', data]);
  assert.equal(backup.code, 0, backup.err);
  assert.match(backup.out, /backed up .*zchat\.db to .*copy\.db/);
  const again = await run(['db', 'backup', copy, '--data', data]);
  assert.equal(again.code, 1);
  assert.match(again.err, /already exists; a backup never overwrites/);
  // The copy is a working data directory of its own.
  const restored = join(dir, 'restored');
  await run(['db', 'backup', join(dir, 'restored.db'), '--data', data]);
  rmSync(restored, { recursive: true, force: true });
  const { mkdirSync, copyFileSync } = await import('node:fs');
  mkdirSync(restored);
  copyFileSync(copy, join(restored, 'zchat.db'));
  assert.match((await run(['account', 'list', '--data', restored])).out, /^alice /m);

  const damaged = join(dir, 'damaged');
  mkdirSync(damaged);
  writeFileSync(join(damaged, 'zchat.db'), 'not a database at all\n'.repeat(100));
  const bad = await run(['db', 'check', '--data', damaged]);
  assert.equal(bad.code, 1);
  assert.match(bad.err, /damaged\/zchat\.db: not a readable zchat database/);
  const noData = await run(['db', 'check', '--data', '']);
  assert.equal(noData.code, 1);
  assert.match(noData.err, /no data directory/);
});

test('zchat serve --data on a damaged database: exit 1, the file named and left untouched', async (t) => {
  const data = tempDir(t);
  const file = join(data, 'zchat.db');
  const garbage = Buffer.from('garbage, not SQLite\n'.repeat(500));
  writeFileSync(file, garbage);
  const server = spawnZchat(['serve', '--plain-port', '0', '--irc-port', '0', '--data', data]);
  t.after(() => {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
  });
  assert.equal(await within(server.exited, 15_000, 'serve to exit'), 1);
  assert.match(server.stderr(), new RegExp(`zchat serve: ${file.replace(/[/.]/g, '\\$&')}: not a readable zchat database`));
  assert.doesNotMatch(server.stdout(), /listening/);
  assert.deepEqual(readFileSync(file), garbage);
});
