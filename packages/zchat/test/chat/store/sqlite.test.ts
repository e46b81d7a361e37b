// What only the SQLite backend has: a file that outlives the process, WAL, migrations from older schemas, refusal
// of files it must not touch, a full disk while running, online backup.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Logger } from '../../../src/chat/logger.js';
import { silentLogger } from '../../../src/chat/logger.js';
import { historyEnd, historyStart, StoreError, type StoreErrorCode } from '../../../src/chat/store/index.js';
import { migrate, schemaVersion } from '../../../src/chat/store/sqlite-schema.js';
import { databaseFileName, openSqliteStore, type SqliteStoreOptions } from '../../../src/chat/store/sqlite.js';

const options = (extra: Partial<SqliteStoreOptions> = {}): SqliteStoreOptions => ({
  commitWindowMs: 20,
  maxBatch: 1000,
  maxPendingWrites: 10_000,
  retryMs: 30,
  busyTimeoutMs: 1000,
  logger: silentLogger,
  ...extra,
});

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'zchat-sqlite-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A logger that keeps what it is given, by level. */
function recordingLogger(): Logger & { lines: { level: string; obj: object; msg: string | undefined }[] } {
  const lines: { level: string; obj: object; msg: string | undefined }[] = [];
  const at = (level: string) => (obj: object, msg?: string): void => void lines.push({ level, obj, msg });
  return { lines, trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

const line = (msgid: string, time: number, text = 'hi') => ({ target: '#r', msgid, time, kind: 'privmsg', data: { text }, parties: null });

function assertStoreError(fn: () => unknown, code: StoreErrorCode, file: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof StoreError, String(err));
    assert.equal(err.code, code);
    assert.equal(err.file, file);
    assert.ok(err.message.includes(file), `the message names the file: ${err.message}`);
    return true;
  });
}

test('a new data directory gets a WAL database at the current schema; what was committed is there after reopening', async (t) => {
  const dir = join(tempDir(t), 'nested', 'data');
  const store = openSqliteStore(dir, options());
  assert.equal(store.location, join(dir, databaseFileName));
  assert.equal(store.db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(store.db.pragma('user_version', { simple: true }), schemaVersion);
  store.append(line('m1', 1));
  store.setReadMarker('alice', '#r', 1);
  await store.close();
  const again = openSqliteStore(dir, options());
  assert.deepEqual((await again.page('#r', { after: historyStart, before: historyEnd, limit: 10, from: 'newest' })).map((l) => l.msgid), ['m1']);
  assert.equal(await again.readMarker('alice', '#r'), 1);
  await again.close();
});

test('group commit: writes wait for the window, then go in one transaction', async (t) => {
  const dir = tempDir(t);
  const store = openSqliteStore(dir, options({ commitWindowMs: 200 }));
  t.after(() => store.close());
  const reader = new Database(join(dir, databaseFileName), { readonly: true });
  t.after(() => reader.close());
  const count = (): number => (reader.prepare('SELECT count(*) AS n FROM history').get() as { n: number }).n;
  for (let i = 0; i < 50; i++) store.append(line(`m${i}`, i));
  assert.equal(store.stats().pending, 50);
  assert.equal(count(), 0, 'nothing committed before the window ends');
  await new Promise((r) => setTimeout(r, 400));
  assert.equal(count(), 50);
  assert.deepEqual({ ...store.stats() }, { pending: 0, failing: false, dropped: 0, committed: 50 });
});

test('a full disk while running: logged once, chat writes kept and retried, reads still work, nothing thrown', async (t) => {
  const dir = tempDir(t);
  const logger = recordingLogger();
  const store = openSqliteStore(dir, options({ logger, retryMs: 40 }));
  t.after(() => store.close());
  store.append(line('before', 1));
  await store.flush();
  const pages = store.db.pragma('page_count', { simple: true }) as number;
  // SQLite's max_page_count makes the file unable to grow: the same SQLITE_FULL a full disk gives.
  store.db.pragma(`max_page_count = ${pages + 1}`);
  const big = 'x'.repeat(2000);
  for (let i = 0; i < 40; i++) store.append(line(`m${i}`, 10 + i, big));
  await store.flush();
  assert.equal(store.stats().failing, true);
  assert.equal(store.stats().pending, 40);
  await new Promise((r) => setTimeout(r, 200)); // several retries fail meanwhile
  for (let i = 40; i < 45; i++) store.append(line(`m${i}`, 10 + i, big));
  const errors = logger.lines.filter((l) => l.level === 'error');
  assert.equal(errors.length, 1, 'one log line for the whole burst');
  assert.match(errors[0]!.msg ?? '', /write failed/);
  assert.match(JSON.stringify(errors[0]!.obj), /full/i);
  assert.deepEqual((await store.page('#r', { after: historyStart, before: historyEnd, limit: 10, from: 'oldest' })).map((l) => l.msgid), ['before'], 'reads go on');
  await assert.rejects(store.createAccount({ name: 'x'.repeat(10), passwordHash: big.repeat(20), scram: null, email: null, createdAt: 1, lastSeenAt: null }), (err: unknown) => err instanceof StoreError && err.code === 'WriteFailed');
  // Space again: the retry commits everything that was kept, in order.
  store.db.pragma('max_page_count = 1073741823');
  const deadline = Date.now() + 5000;
  while (store.stats().pending > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.equal(store.stats().failing, false);
  const all = await store.page('#r', { after: historyStart, before: historyEnd, limit: 100, from: 'oldest' });
  assert.equal(all.length, 46);
  assert.deepEqual(all.slice(0, 3).map((l) => l.msgid), ['before', 'm0', 'm1']);
  assert.ok(logger.lines.some((l) => l.level === 'info' && /succeed again/.test(l.msg ?? '')));
});

test('writes pending past maxPendingWrites while the disk fails: the oldest are dropped and counted', async (t) => {
  const dir = tempDir(t);
  const store = openSqliteStore(dir, options({ maxPendingWrites: 100, retryMs: 10_000 }));
  t.after(() => store.close());
  store.db.pragma(`max_page_count = ${store.db.pragma('page_count', { simple: true }) as number}`);
  for (let i = 0; i < 150; i++) store.append(line(`m${i}`, i, 'y'.repeat(5000)));
  await store.flush();
  assert.equal(store.stats().pending, 100);
  assert.equal(store.stats().dropped, 50);
});

test('migrations: a file at schema version 1 is brought forward at start, its data kept', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, databaseFileName);
  const old = new Database(file);
  assert.deepEqual(migrate(old, 1), [1]);
  old.prepare("INSERT INTO accounts (key, name, password, email, created_at) VALUES ('alice', 'Alice', 'scrypt$2$1$1$eA==$eHh4eHh4eHh4eHh4eHh4eA==', NULL, 5)").run();
  old.prepare("INSERT INTO history (target, msgid, time, kind, data) VALUES ('#r', 'old1', 7, 'privmsg', '{\"text\":\"from v1\"}')").run();
  old.close();
  const logger = recordingLogger();
  const store = openSqliteStore(dir, options({ logger }));
  t.after(() => store.close());
  assert.equal(store.db.pragma('user_version', { simple: true }), schemaVersion);
  assert.ok(logger.lines.some((l) => /migrated/.test(l.msg ?? '') && JSON.stringify(l.obj).includes('"from":1')));
  const alice = await store.account('ALICE');
  assert.equal(alice?.name, 'Alice');
  assert.equal(alice?.scram, null, 'the column added by version 2 reads as null');
  const lines = await store.page('#r', { after: historyStart, before: historyEnd, limit: 10, from: 'newest' });
  assert.deepEqual(lines.map((l) => [l.msgid, l.data, l.parties]), [['old1', { text: 'from v1' }, null]]);
  store.setReadMarker('alice', '#r', 9);
  assert.equal(await store.readMarker('alice', '#r'), 9, 'version 2 tables work');
  assert.deepEqual(await store.check(), []);
});

test('a file that is not a database: a clear error naming it, and the file is not changed', (t) => {
  const dir = tempDir(t);
  const file = join(dir, databaseFileName);
  const garbage = Buffer.from('this is not a database\n'.repeat(300));
  writeFileSync(file, garbage);
  assertStoreError(() => openSqliteStore(dir, options()), 'Corrupt', file);
  assert.deepEqual(readFileSync(file), garbage);
});

test('a database of a later zchat, another program\'s database, a directory in place of the file: refused untouched', (t) => {
  const newer = tempDir(t);
  const newerFile = join(newer, databaseFileName);
  const db = new Database(newerFile);
  migrate(db);
  db.pragma(`user_version = ${schemaVersion + 1}`);
  db.close();
  const before = readFileSync(newerFile);
  assertStoreError(() => openSqliteStore(newer, options()), 'TooNew', newerFile);
  assert.deepEqual(readFileSync(newerFile), before);

  const foreign = tempDir(t);
  const foreignFile = join(foreign, databaseFileName);
  const other = new Database(foreignFile);
  other.exec('CREATE TABLE notes (body TEXT)');
  other.close();
  assertStoreError(() => openSqliteStore(foreign, options()), 'Foreign', foreignFile);

  const dirInstead = tempDir(t);
  mkdirSync(join(dirInstead, databaseFileName));
  assertStoreError(() => openSqliteStore(dirInstead, options()), 'Unreadable', join(dirInstead, databaseFileName));

  const fileAsDir = join(tempDir(t), 'plain-file');
  writeFileSync(fileAsDir, 'x');
  assertStoreError(() => openSqliteStore(fileAsDir, options()), 'Unreadable', join(fileAsDir, databaseFileName));
});

test('read-only opening (the tools): a missing file is an error, not a new database', (t) => {
  const dir = tempDir(t);
  assertStoreError(() => openSqliteStore(dir, options({ readonly: true })), 'Unreadable', join(dir, databaseFileName));
});

test('online backup while writing; check finds a damaged file', async (t) => {
  const dir = tempDir(t);
  const store = openSqliteStore(dir, options());
  t.after(() => store.close());
  for (let i = 0; i < 500; i++) store.append(line(`m${i}`, i));
  const copy = join(dir, 'backup.db');
  await store.backup(copy);
  await assert.rejects(store.backup(copy), (err: unknown) => err instanceof StoreError && /never overwrites/.test(err.message));
  const restored = openSqliteStore(join(dir, 'restore'), options());
  await restored.close();
  const b = new Database(copy, { readonly: true });
  assert.equal((b.prepare('SELECT count(*) AS n FROM history').get() as { n: number }).n, 500);
  b.close();
  assert.deepEqual(await store.check(), []);

  // Damage a table page of a copy: integrity_check reports it.
  const damagedDir = join(dir, 'damaged');
  mkdirSync(damagedDir);
  const bytes = readFileSync(copy);
  const pageSize = bytes.readUInt16BE(16);
  bytes.fill(0x41, pageSize * 3, pageSize * 3 + 200);
  writeFileSync(join(damagedDir, databaseFileName), bytes);
  let problems: string[] = [];
  try {
    const damaged = openSqliteStore(damagedDir, options());
    problems = await damaged.check();
    await damaged.close();
  } catch (err) {
    assert.ok(err instanceof StoreError && err.code === 'Corrupt', String(err));
    problems = ['refused at open'];
  }
  assert.ok(problems.length > 0, 'the damage is reported');
});
