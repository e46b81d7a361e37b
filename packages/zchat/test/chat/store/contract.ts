// The one test suite every store backend runs (memory, SQLite, and later PostgreSQL): call `storeContract` with
// a factory that opens a fresh, empty store. Backend-specific behaviour (files, migrations, full disk) is tested
// beside each backend.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { historyEnd, historyStart, StoreError, type AccountRecord, type ChatStore, type HistoryPosition, type HistoryRecord, type NewHistoryRecord } from '../../../src/chat/store/index.js';

/** Opens a fresh empty store; `dispose` removes whatever it made (files, databases). */
export type StoreFactory = () => Promise<{ store: ChatStore; dispose(): Promise<void> }>;

const account = (name: string, extra: Partial<AccountRecord> = {}): AccountRecord => ({
  name,
  passwordHash: 'scrypt$16384$8$1$c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNo',
  scram: null,
  email: null,
  createdAt: 1_700_000_000_000,
  lastSeenAt: null,
  ...extra,
});

const line = (target: string, msgid: string, time: number, extra: Partial<NewHistoryRecord> = {}): NewHistoryRecord => ({
  target,
  msgid,
  time,
  kind: 'privmsg',
  data: { nick: 'alice', text: `text ${msgid}` },
  parties: null,
  ...extra,
});

const ids = (lines: readonly HistoryRecord[]): string[] => lines.map((l) => l.msgid);
const page = (store: ChatStore, target: string, from: 'oldest' | 'newest', limit: number, after: HistoryPosition = historyStart, before: HistoryPosition = historyEnd): Promise<HistoryRecord[]> =>
  store.page(target, { after, before, limit, from });

async function withStore(factory: StoreFactory, run: (store: ChatStore) => Promise<void>): Promise<void> {
  const { store, dispose } = await factory();
  try {
    await run(store);
  } finally {
    await store.close();
    await dispose();
  }
}

/** Register the shared tests under `name`. */
export function storeContract(name: string, factory: StoreFactory): void {
  const t = (title: string, run: (store: ChatStore) => Promise<void>): void => {
    test(`${name}: ${title}`, () => withStore(factory, run));
  };

  t('accounts: create once per folded name, read in any case, update, list, delete', async (store) => {
    assert.equal(await store.createAccount(account('Alice[1]', { email: 'a@example.test' })), true);
    assert.equal(await store.createAccount(account('alice{1}')), false, 'rfc1459: [ and { are the same letter');
    const got = await store.account('ALICE{1}');
    assert.equal(got?.name, 'Alice[1]');
    assert.equal(got?.email, 'a@example.test');
    assert.equal(await store.account('bob'), null);
    assert.equal(await store.updateAccount('alice[1]', { passwordHash: 'scrypt$2$1$1$eA==$eHh4eHh4eHh4eHh4eHh4eA==', lastSeenAt: 5, scram: 'scram-data' }), true);
    const updated = await store.account('alice[1]');
    assert.equal(updated?.passwordHash, 'scrypt$2$1$1$eA==$eHh4eHh4eHh4eHh4eHh4eA==');
    assert.equal(updated?.lastSeenAt, 5);
    assert.equal(updated?.scram, 'scram-data');
    assert.equal(updated?.email, 'a@example.test', 'fields not in the patch are kept');
    assert.equal(await store.updateAccount('nobody', { lastSeenAt: 1 }), false);
    await store.createAccount(account('bob'));
    assert.deepEqual((await store.accounts()).map((a) => a.name), ['Alice[1]', 'bob']);
    store.setReadMarker('bob', '#room', 10);
    assert.equal(await store.deleteAccount('BOB'), true);
    assert.equal(await store.deleteAccount('bob'), false);
    assert.equal(await store.readMarker('bob', '#room'), null, 'the markers go with the account');
    assert.deepEqual((await store.accounts()).map((a) => a.name), ['Alice[1]']);
  });

  t("SQL meta-characters are plain data ('; DROP TABLE ...)", async (store) => {
    const evil = "x'); DROP TABLE accounts; --";
    assert.equal(await store.createAccount(account(evil, { email: "'; DELETE FROM history; --" })), true);
    store.append(line("#r'; DROP TABLE history; --", 'm1', 1, { data: { text: "'); DROP TABLE rooms; --\"" } }));
    await store.saveRoom({ name: "#'; --", founder: evil, createdAt: 1, state: { topic: "' OR 1=1 --" } });
    assert.equal((await store.account(evil))?.email, "'; DELETE FROM history; --");
    assert.deepEqual((await page(store, "#R'; DROP TABLE HISTORY; --", 'oldest', 10))[0]?.data, { text: "'); DROP TABLE rooms; --\"" });
    assert.deepEqual((await store.room("#'; --"))?.state, { topic: "' OR 1=1 --" });
    assert.equal((await store.accounts()).length, 1);
  });

  t('rooms: save, replace, read in any case, list, delete; the state comes back as saved', async (store) => {
    const state = { topic: 'hi', topicSetter: 'alice', topicTime: 3, modes: 'nt', key: null, limit: 10, bans: ['*!*@bad'], access: [{ account: 'bob', level: 'op' }] };
    await store.saveRoom({ name: '#Zig', founder: 'alice', createdAt: 2, state });
    assert.deepEqual(await store.room('#zig'), { name: '#Zig', founder: 'alice', createdAt: 2, state });
    await store.saveRoom({ name: '#zig', founder: 'bob', createdAt: 2, state: { topic: 'new' } });
    assert.equal((await store.room('#ZIG'))?.founder, 'bob');
    await store.saveRoom({ name: '#a', founder: 'x', createdAt: 1, state: {} });
    assert.deepEqual((await store.rooms()).map((r) => r.name), ['#a', '#zig']);
    assert.equal(await store.deleteRoom('#Zig'), true);
    assert.equal(await store.deleteRoom('#zig'), false);
    assert.equal(await store.room('#zig'), null);
  });

  t('history: pages from either end, exclusive bounds, limits; reads see writes made just before', async (store) => {
    for (let i = 1; i <= 10; i++) store.append(line('#Room', `m${i}`, 1000 + i * 10));
    store.append(line('#other', 'o1', 1005));
    assert.deepEqual(ids(await page(store, '#room', 'newest', 3)), ['m8', 'm9', 'm10']);
    assert.deepEqual(ids(await page(store, '#ROOM', 'oldest', 3)), ['m1', 'm2', 'm3']);
    const m5 = (await store.find('#room', 'm5'))!;
    assert.equal(m5.time, 1050);
    assert.equal(m5.target, '#room', 'targets are stored folded');
    assert.deepEqual(m5.data, { nick: 'alice', text: 'text m5' });
    assert.deepEqual(ids(await page(store, '#room', 'newest', 2, historyStart, m5)), ['m3', 'm4']);
    assert.deepEqual(ids(await page(store, '#room', 'oldest', 2, m5)), ['m6', 'm7']);
    // A timestamp bound: strictly after time 1030 / strictly before 1060.
    assert.deepEqual(ids(await page(store, '#room', 'oldest', 100, { time: 1030, seq: Number.MAX_SAFE_INTEGER }, { time: 1060, seq: 0 })), ['m4', 'm5']);
    assert.deepEqual(await page(store, '#room', 'oldest', 0), []);
    assert.deepEqual(await page(store, '#nothing', 'newest', 10), []);
    assert.equal(await store.find('#room', 'o1'), null, 'find looks in the given target only');
    assert.equal(await store.find('#room', 'nope'), null);
  });

  t('history: lines at the same time keep their order; a clock that stepped back sorts by time', async (store) => {
    store.append(line('#r', 'a', 100));
    store.append(line('#r', 'b', 100));
    store.append(line('#r', 'c', 90));
    store.append(line('#r', 'd', 100));
    assert.deepEqual(ids(await page(store, '#r', 'oldest', 10)), ['c', 'a', 'b', 'd']);
    const b = (await store.find('#r', 'b'))!;
    assert.deepEqual(ids(await page(store, '#r', 'oldest', 10, b)), ['d']);
    assert.deepEqual(ids(await page(store, '#r', 'newest', 10, historyStart, b)), ['c', 'a']);
  });

  t('history: redaction removes a line; prune keeps the newest N and drops lines older than a time, in batches', async (store) => {
    for (let i = 1; i <= 10; i++) store.append(line('#r', `m${i}`, i * 100));
    store.removeMessage('#R', 'm10');
    store.removeMessage('#r', 'unknown');
    assert.deepEqual(ids(await page(store, '#r', 'newest', 2)), ['m8', 'm9']);
    assert.equal(await store.prune('#r', 6, 0, 2), 2);
    assert.equal(await store.prune('#r', 6, 0, 2), 1);
    assert.equal(await store.prune('#r', 6, 0, 2), 0);
    assert.deepEqual(ids(await page(store, '#r', 'oldest', 100)), ['m4', 'm5', 'm6', 'm7', 'm8', 'm9']);
    assert.equal(await store.prune('#r', 0, 650, 100), 3, 'lines before time 650: m4, m5, m6');
    assert.deepEqual(ids(await page(store, '#r', 'oldest', 100)), ['m7', 'm8', 'm9']);
    assert.equal(await store.prune('#none', 1, 1000, 10), 0);
  });

  t('history: targets, their latest times, and the private conversations of an account', async (store) => {
    store.append(line('#b', 'b1', 50));
    store.append(line('#A', 'a1', 10));
    store.append(line('#a', 'a2', 20));
    store.append(line('pm:alice:bob', 'p1', 30, { parties: ['Alice', 'bob'] }));
    store.append(line('pm:alice:carol', 'p2', 40, { parties: ['alice', 'carol'] }));
    store.append(line('pm:alice:bob', 'p3', 35, { parties: ['alice', 'BOB'] }));
    assert.deepEqual(await store.historyTargets(), ['#a', '#b', 'pm:alice:bob', 'pm:alice:carol']);
    assert.deepEqual(await store.lastTimes(['#A', '#b', '#none']), [{ target: '#a', lastTime: 20 }, { target: '#b', lastTime: 50 }]);
    assert.deepEqual(await store.conversations('ALICE', 10), [{ target: 'pm:alice:carol', lastTime: 40 }, { target: 'pm:alice:bob', lastTime: 35 }]);
    assert.deepEqual(await store.conversations('alice', 1), [{ target: 'pm:alice:carol', lastTime: 40 }]);
    assert.deepEqual(await store.conversations('bob', 10), [{ target: 'pm:alice:bob', lastTime: 35 }]);
    assert.deepEqual(await store.conversations('dave', 10), []);
    assert.deepEqual((await store.find('pm:alice:bob', 'p3'))?.parties, ['alice', 'BOB'].map((p) => p.toLowerCase()));
  });

  t('read markers: per account and folded target, only ever forward', async (store) => {
    assert.equal(await store.readMarker('alice', '#r'), null);
    store.setReadMarker('Alice', '#R', 200);
    store.setReadMarker('alice', '#r', 100);
    store.setReadMarker('alice', 'Bob', 50);
    store.setReadMarker('carol', '#r', 7);
    assert.equal(await store.readMarker('ALICE', '#r'), 200);
    assert.deepEqual(await store.readMarkers('alice'), [{ target: '#r', at: 200 }, { target: 'bob', at: 50 }]);
    assert.equal(await store.readMarker('carol', '#r'), 7);
  });

  t('settings: absent, saved, replaced', async (store) => {
    assert.equal(await store.setting('configAccountsImported'), null);
    await store.saveSetting('configAccountsImported', '1');
    await store.saveSetting('configAccountsImported', '2');
    assert.equal(await store.setting('configAccountsImported'), '2');
  });

  t('flush and stats; after close writes are refused or ignored, and close is idempotent', async (store) => {
    store.append(line('#r', 'm1', 1));
    await store.flush();
    const stats = store.stats();
    assert.equal(stats.pending, 0);
    assert.equal(stats.failing, false);
    assert.ok(stats.committed >= 1);
    assert.deepEqual(await store.check(), []);
    await store.close();
    await store.close();
    await assert.rejects(store.createAccount(account('late')), (err: unknown) => err instanceof StoreError && err.code === 'Closed');
    store.append(line('#r', 'late', 2));
    store.setReadMarker('a', '#r', 1);
  });

  t('property: every page matches a sorted-array model of the same lines', async (store) => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom('#a', '#b'), fc.integer({ min: 0, max: 30 })), { maxLength: 60 }),
        fc.array(fc.tuple(fc.constantFrom('oldest' as const, 'newest' as const), fc.integer({ min: 0, max: 70 }), fc.integer({ min: 0, max: 70 }), fc.integer({ min: 0, max: 12 }), fc.boolean()), { minLength: 1, maxLength: 8 }),
        async (lines, queries) => {
          // One store for every run: each run has targets of its own.
          const a0 = `#a${++run}`;
          const b0 = `#b${run}`;
          {
            const model: { target: string; msgid: string; time: number; order: number }[] = [];
            lines.forEach(([target, time], i) => {
              store.append(line(target === '#a' ? a0 : b0, `m${i}`, time));
              model.push({ target, msgid: `m${i}`, time, order: i });
            });
            model.sort((a, b) => a.time - b.time || a.order - b.order);
            const a = model.filter((m) => m.target === '#a');
            for (const [from, x, y, limit, byMsgid] of queries) {
              // Bounds either at stored lines (msgid references) or at times (timestamp references).
              let after: HistoryPosition = historyStart;
              let before: HistoryPosition = historyEnd;
              let lo = -1;
              let hi = a.length;
              if (byMsgid && a.length > 0) {
                lo = x % a.length;
                hi = y % a.length;
                after = (await store.find(a0, a[lo]!.msgid))!;
                before = (await store.find(a0, a[hi]!.msgid))!;
              } else {
                after = { time: x % 32, seq: Number.MAX_SAFE_INTEGER };
                before = { time: y % 32, seq: 0 };
                lo = a.findLastIndex((m) => m.time <= after.time);
                hi = a.findIndex((m) => m.time >= before.time);
                if (hi < 0) hi = a.length;
              }
              const inside = a.slice(lo + 1, Math.max(lo + 1, hi));
              const want = from === 'oldest' ? inside.slice(0, limit) : inside.slice(Math.max(0, inside.length - limit));
              assert.deepEqual(ids(await store.page(a0, { after, before, limit, from })), want.map((m) => m.msgid));
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });
}
