import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeConfig } from '../../src/chat/config.js';
import { startChatServer } from '../../src/chat/server.js';
import type { GatewaySpec } from '../../src/chat/server.js';
import { NetError } from 'znet';
import { LineClient } from './helpers/line-client.js';
import { startTestServer, withTestServer } from './helpers/server-fixture.js';

test('addresses reports the port actually bound for port 0', async () => {
  await withTestServer({}, async (ts) => {
    const a = ts.server.addresses.plain!;
    assert.equal(a.ip, '127.0.0.1');
    assert.ok(a.getPort() > 0);
    assert.deepEqual(Object.keys(ts.server.addresses), ['plain']);
  });
});

test('graceful shutdown: clients are told, flushed, closed; no new connections; idempotent', async () => {
  const ts = await startTestServer();
  const a = await LineClient.login(ts.port, 'a');
  const b = await LineClient.login(ts.port, 'b');
  const unnamed = await LineClient.connect(ts.port);
  await unnamed.waitPrompt();
  const closing = ts.server.close('maintenance');
  const again = ts.server.close('twice');
  await Promise.all([closing, again]);
  for (const c of [a, b, unnamed]) {
    await c.waitFor('*** Server is shutting down (maintenance).');
    await c.waitEnd();
  }
  assert.ok(!a.lines.some((l) => l.includes('has left')), 'no quit storm during shutdown');
  await assert.rejects(LineClient.connect(ts.port), (err: unknown) => err instanceof NetError && err.code === 'ConnectionRefused');
  for (const c of [a, b, unnamed]) c.close();
});

test('shutdown is bounded by shutdownTimeoutMs even when a client never reads', async () => {
  const ts = await startTestServer({ limits: { shutdownTimeoutMs: 300, sendQueueBytes: 64 * 1024 * 1024 } });
  const slow = await LineClient.connect(ts.port, { read: false });
  await slow.send('slow');
  const talker = await LineClient.login(ts.port, 'talker');
  // Fill the slow client's socket buffers so its goodbye cannot be flushed.
  const big = `${'x'.repeat(1000)}\n`.repeat(200);
  for (let i = 0; i < 40; i++) await talker.sendRaw(big);
  await talker.send('/echo on');
  await talker.send('last');
  await talker.waitFor('talker: last', 20_000);
  const started = Date.now();
  await ts.server.close();
  assert.ok(Date.now() - started < 5000, 'closed within the bound');
  await talker.waitEnd();
  slow.close();
  talker.close();
});

test('gateways are rows of a table; a failing gateway stops the others it started', async () => {
  const started: string[] = [];
  const closed: string[] = [];
  const fake = (name: string, fail: boolean): GatewaySpec => ({
    name,
    port: () => 0,
    start: async (_core, address) => {
      if (fail) throw new NetError('AddressInUse');
      started.push(name);
      return { address, stopAccepting() {}, close: async () => void closed.push(name) };
    },
  });
  const config = makeConfig({ plain: { port: 0 } });
  const server = await startChatServer(config, { gateways: [fake('one', false), fake('two', false)] });
  assert.deepEqual(Object.keys(server.addresses), ['one', 'two']);
  await server.close();
  assert.deepEqual(closed, ['one', 'two']);
  closed.length = 0;
  await assert.rejects(startChatServer(config, { gateways: [fake('ok', false), fake('bad', true)] }), (e: unknown) => e instanceof NetError && e.code === 'AddressInUse');
  assert.deepEqual(closed, ['ok']);
});

test('a disabled plain gateway is not started', async () => {
  const server = await startChatServer(makeConfig({ plain: { enabled: false, port: 0 }, irc: { enabled: false }, web: { enabled: false } }));
  try {
    assert.equal(server.addresses.plain, undefined);
  } finally {
    await server.close();
  }
});
