// 1,000 concurrent clients in one room: every message reaches every other member exactly once, in order
// per sender.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineClient } from '../helpers/line-client.js';
import { startTestServer } from '../helpers/server-fixture.js';

const CLIENTS = 1000;
const SENDERS = 20;
const MESSAGES = 5;

test(`${CLIENTS} clients in one room, ${SENDERS} senders x ${MESSAGES} messages`, { timeout: 120_000 }, async () => {
  const ts = await startTestServer({ limits: { maxConnections: 2000, maxConnectionsPerIp: 2000 }, rooms: { default: '#big' } });
  const clients: LineClient[] = [];
  try {
    // Log in 100 at a time to stay under the accept backlog.
    for (let i = 0; i < CLIENTS; i += 100) {
      const batch = await Promise.all(Array.from({ length: Math.min(100, CLIENTS - i) }, (_, k) => LineClient.login(ts.port, `u${i + k}`, { timeoutMs: 60_000 })));
      clients.push(...batch);
    }
    assert.equal(ts.server.core.getRoom('#big')!.members.size, CLIENTS);
    const senders = clients.slice(0, SENDERS);
    await Promise.all(senders.map(async (c, s) => {
      for (let m = 0; m < MESSAGES; m++) await c.send(`msg ${s} ${m}`);
    }));
    // Every client waits for the last message of every sender other than itself.
    await Promise.all(clients.map(async (c, idx) => {
      for (let s = 0; s < SENDERS; s++) {
        if (s === idx) continue;
        await c.waitFor((l) => l === `u${s}: msg ${s} ${MESSAGES - 1}`, 60_000);
        c.cursor = 0;
      }
    }));
    for (const [idx, c] of clients.entries()) {
      const got = new Map<number, number[]>();
      for (const line of c.lines) {
        const m = /^u(\d+): msg (\d+) (\d+)$/.exec(line);
        if (m === null) continue;
        assert.equal(m[1], m[2], 'sender name matches the payload');
        const list = got.get(Number(m[2])) ?? [];
        list.push(Number(m[3]));
        got.set(Number(m[2]), list);
      }
      for (let s = 0; s < SENDERS; s++) {
        const expected = s === idx ? undefined : Array.from({ length: MESSAGES }, (_, m) => m);
        assert.deepEqual(got.get(s), expected, `client ${idx}, sender ${s}`);
      }
    }
  } finally {
    for (const c of clients) c.close();
    await ts.server.close();
  }
});
