// The server and its store: memory without a data directory, SQLite with one; the config's accounts copied
// on the first start only; the accounts service answering from the store; the store closed after the gateways.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeConfig } from '../../src/chat/config.js';
import { hashPassword } from '../../src/chat/password.js';
import { startChatServer } from '../../src/chat/server.js';
import { StoreError } from '../../src/chat/store/types.js';

const cheap = { N: 1024, r: 8, p: 1 };
const context = { ip: '127.0.0.1', protocol: 'irc' };

function config(dataDir: string | null, accounts: { name: string; password: string }[] = []) {
  return makeConfig({ dataDir, plain: { enabled: true, port: 0 }, irc: { enabled: false, port: 0, password: null }, web: { enabled: false }, accounts });
}

test('without a data directory the store is in memory, with the config accounts in it', async () => {
  const server = await startChatServer(config(null, [{ name: 'Alice', password: await hashPassword('pw-alice', cheap) }]));
  try {
    assert.equal(server.store.backend, 'memory');
    assert.deepEqual(await server.core.accounts.verify('account', 'alice', 'pw-alice', context), { ok: true, account: 'Alice' });
    assert.deepEqual(await server.core.accounts.verify('account', 'alice', 'nope', context), { ok: false, error: 'BadPassword' });
  } finally {
    await server.close();
  }
});

test('with a data directory: SQLite; config accounts imported on the first start only; runtime accounts log in', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'zchat-server-store-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const accounts = [{ name: 'alice', password: await hashPassword('pw-alice', cheap) }, { name: 'bob', password: await hashPassword('pw-bob', cheap) }];
  const first = await startChatServer(config(dir, accounts));
  assert.equal(first.store.backend, 'sqlite');
  assert.equal(first.store.location, join(dir, 'zchat.db'));
  assert.deepEqual((await first.store.accounts()).map((a) => a.name), ['alice', 'bob']);
  await first.store.deleteAccount('bob');
  await first.store.createAccount({ name: 'carol', passwordHash: await hashPassword('pw-carol', cheap), scram: null, email: null, createdAt: 1, lastSeenAt: null });
  assert.equal((await first.core.accounts.verify('account', 'carol', 'pw-carol', context)).ok, true);
  assert.notEqual((await first.store.account('carol'))?.lastSeenAt, null, 'a login records when the account was last seen');
  first.store.append({ target: '#lobby', msgid: 'x1', time: 5, kind: 'privmsg', data: {}, parties: null });
  await first.close();
  await assert.rejects(first.store.createAccount({ name: 'late', passwordHash: 'h', scram: null, email: null, createdAt: 1, lastSeenAt: null }), (err: unknown) => err instanceof StoreError && err.code === 'Closed');

  const second = await startChatServer(config(dir, accounts));
  try {
    assert.deepEqual((await second.store.accounts()).map((a) => a.name), ['alice', 'carol'], 'bob stays deleted');
    assert.equal((await second.store.find('#lobby', 'x1'))?.time, 5, 'written before close, there after restart');
    assert.deepEqual(await second.core.accounts.verify('account', 'bob', 'pw-bob', context), { ok: false, error: 'NoSuchAccount' });
  } finally {
    await second.close();
  }
});
