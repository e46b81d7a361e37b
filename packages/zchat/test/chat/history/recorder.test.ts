// The history recorder at the core's emission point: what a room and its members did is in the store,
// private messages only between logged-in accounts (under the two accounts' key), redaction deletes a line;
// and across a kill -9 of a `zchat serve --data` child, every message it delivered is in the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { historyLine, historyRecorder, privateTarget } from '../../../src/chat/history/recorder.js';
import { MemoryStore, historyEnd, historyStart } from '../../../src/chat/store/index.js';
import { openSqliteStore } from '../../../src/chat/store/sqlite.js';
import { silentLogger } from '../../../src/chat/logger.js';
import { CoreFixture } from '../helpers/core-fixture.js';
import { LineClient } from '../helpers/line-client.js';
import { spawnZchat, within } from '../../cli/child.js';

const all = { after: historyStart, before: historyEnd, limit: 1000, from: 'oldest' as const };

test('room messages and events are recorded with msgid and time; STATUSMSG and guests\' private messages are not', async () => {
  const fx = new CoreFixture();
  const store = new MemoryStore();
  fx.core.subscribe(historyRecorder(store, (nick) => fx.core.findUser(nick)?.account ?? null));
  const alice = fx.add('alice');
  const bob = fx.add('bob');
  fx.core.join(alice.user, '#Room');
  fx.core.join(bob.user, '#room');
  fx.core.message(alice.user, '#room', 'privmsg', "hello '; DROP TABLE history; --");
  fx.core.message(bob.user, 'alice', 'privmsg', 'a private word between guests');
  const lines = await store.page('#room', all);
  assert.deepEqual(lines.map((l) => l.kind), ['join', 'join', 'privmsg']);
  assert.equal(lines[2]!.data.text, "hello '; DROP TABLE history; --");
  assert.equal(lines[2]!.data.nick, 'alice');
  assert.ok(lines[2]!.msgid.length > 0 && lines[2]!.time > 0);
  assert.deepEqual(await store.historyTargets(), ['#room'], 'nothing private was kept');
});

test('private messages between two accounts go under their key, readable as a conversation of each; redaction deletes', async () => {
  const fx = new CoreFixture();
  const store = new MemoryStore();
  fx.core.subscribe(historyRecorder(store, (nick) => fx.core.findUser(nick)?.account ?? null));
  const alice = fx.add('alice');
  const bob = fx.add('bob');
  alice.user.account = 'Alice';
  alice.user.invalidateActor();
  bob.user.account = 'bob';
  bob.user.invalidateActor();
  fx.core.message(alice.user, 'bob', 'privmsg', 'hi bob');
  const key = privateTarget('bob', 'ALICE');
  assert.equal(key, 'pm:alice:bob');
  const lines = await store.page(key, all);
  assert.deepEqual(lines.map((l) => l.data.text), ['hi bob']);
  assert.deepEqual(lines[0]!.parties, ['alice', 'bob']);
  assert.deepEqual((await store.conversations('bob', 10)).map((c) => c.target), [key]);
  const recorder = historyRecorder(store, (nick) => fx.core.findUser(nick)?.account ?? null);
  recorder({ kind: 'redact', id: 'r1', time: 1, actor: alice.user.actor, target: 'bob', room: null, msgid: lines[0]!.msgid, reason: null }, { to: 'users', users: [] });
  assert.deepEqual(await store.page(key, all), []);
  assert.equal(historyLine({ kind: 'away', id: 'x', time: 1, actor: alice.user.actor, away: 'lunch' }, () => null), null);
});

test('kill -9 of zchat serve --data: every delivered message is in the database after restart', async (t) => {
  const data = mkdtempSync(join(tmpdir(), 'zchat-kill9-'));
  t.after(() => rmSync(data, { recursive: true, force: true }));
  const start = () => spawnZchat(['serve', '--plain-port', '0', '--irc-port', '0', '--web-port', '0', '--data', data, '--log-level', 'warn']);
  const server = start();
  t.after(() => {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
  });
  await server.waitForOutput(/Stop with Ctrl-C\.\n/, 20_000);
  const port = Number(/plain text: listening on 127\.0\.0\.1:(\d+)/.exec(server.stdout())![1]);
  const sender = await LineClient.login(port, 'sender');
  const reader = await LineClient.login(port, 'reader');
  const sent: string[] = [];
  for (let i = 0; i < 30; i++) {
    const text = `line ${i}`;
    await sender.send(text);
    sent.push(text);
  }
  // Delivered to the reader: from here on the durability promise holds, give or take one commit window.
  await reader.waitFor(`sender: line 29`, 10_000);
  await new Promise((r) => setTimeout(r, 200));
  server.child.kill('SIGKILL');
  await within(server.exited, 10_000, 'the server to die');
  sender.close();
  reader.close();
  const store = openSqliteStore(data, { commitWindowMs: 50, maxBatch: 1000, maxPendingWrites: 1000, retryMs: 100, busyTimeoutMs: 1000, logger: silentLogger });
  try {
    const lines = (await store.page('#lobby', all)).filter((l) => l.kind === 'privmsg');
    assert.deepEqual(lines.map((l) => l.data.text), sent);
    assert.deepEqual(await store.check(), []);
  } finally {
    await store.close();
  }
  // And the server starts again on the same directory.
  const again = start();
  t.after(() => {
    if (again.child.exitCode === null) again.child.kill('SIGKILL');
  });
  await again.waitForOutput(/Stop with Ctrl-C\.\n/, 20_000);
  again.child.kill('SIGTERM');
  assert.equal(await within(again.exited, 15_000, 'the second server to stop'), 0);
});
