// web.allowedOrigins (403 for others) and web.trustedProxies (X-Forwarded-For sets the IP only from them),
// on a real server over loopback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeConfig } from '../../../src/chat/config.js';
import type { ChatConfig, DeepPartial } from '../../../src/chat/config.js';
import { startChatServer } from '../../../src/chat/server.js';
import type { ChatServer } from '../../../src/chat/server.js';
import { UpgradeRefused, WsClient } from './ws-client.js';

async function withServer(web: DeepPartial<ChatConfig>['web'], body: (port: number, server: ChatServer) => Promise<void>, limits: DeepPartial<ChatConfig>['limits'] = {}): Promise<void> {
  const server = await startChatServer(makeConfig({ host: '127.0.0.1', plain: { enabled: false }, irc: { enabled: true, port: 0 }, web: { enabled: true, port: 0, ...web }, limits: { floodPerSecond: 0, ...limits } }));
  try {
    await body(server.addresses.web!.getPort(), server);
  } finally {
    await server.close();
  }
}

const refusedWith = (status: number) => (e: unknown) => e instanceof UpgradeRefused && e.status === status;

test('default origins: same origin and loopback pages connect, other pages get 403', async () => {
  await withServer({}, async (port) => {
    const same = await WsClient.connect(port, ['text.ircv3.net'], { Origin: `http://127.0.0.1:${port}` });
    same.close();
    const local = await WsClient.connect(port, ['text.ircv3.net'], { Origin: 'http://localhost:5173' });
    local.close();
    const none = await WsClient.connect(port);
    none.close();
    await assert.rejects(WsClient.connect(port, ['text.ircv3.net'], { Origin: 'https://evil.example' }), refusedWith(403));
  });
});

test('web.allowedOrigins: exactly those (and the page itself)', async () => {
  await withServer({ allowedOrigins: ['https://app.example.org'] }, async (port) => {
    const ok = await WsClient.connect(port, ['text.ircv3.net'], { Origin: 'https://app.example.org' });
    ok.close();
    await assert.rejects(WsClient.connect(port, ['text.ircv3.net'], { Origin: 'http://localhost:5173' }), refusedWith(403));
  });
});

test('web.trustedProxies: X-Forwarded-For from a trusted peer sets the IP (WHOIS, per-IP limit); otherwise ignored', async () => {
  await withServer({ trustedProxies: ['127.0.0.1'] }, async (port) => {
    const w = await WsClient.register(port, 'proxied', ['text.ircv3.net'], { 'X-Forwarded-For': '198.51.100.1, 203.0.113.9' });
    try {
      w.send('WHOIS proxied');
      assert.equal((await w.waitFor('311')).msg.params[3], '203.0.113.9');
      // maxConnectionsPerIp 1: a second connection from the same forwarded IP is refused, another IP is not.
      await assert.rejects(WsClient.connect(port, ['text.ircv3.net'], { 'X-Forwarded-For': '203.0.113.9' }), refusedWith(503));
      const other = await WsClient.connect(port, ['text.ircv3.net'], { 'X-Forwarded-For': '203.0.113.10' });
      other.close();
    } finally {
      w.close();
    }
  }, { maxConnectionsPerIp: 1 });
  await withServer({}, async (port) => {
    const w = await WsClient.register(port, 'direct', ['text.ircv3.net'], { 'X-Forwarded-For': '203.0.113.9' });
    try {
      w.send('WHOIS direct');
      assert.equal((await w.waitFor('311')).msg.params[3], '127.0.0.1');
    } finally {
      w.close();
    }
  });
});

test('web.pingIntervalMs: a client that answers no WebSocket ping is closed; one that does stays', async () => {
  await withServer({ pingIntervalMs: 100 }, async (port) => {
    const mute = await WsClient.connect(port, ['text.ircv3.net'], {}, '/', false);
    const live = await WsClient.register(port, 'alive');
    try {
      await mute.closed(3_000);
      live.send('PING :x');
      await live.waitFor('PONG');
      assert.equal(live.closeCode, null);
    } finally {
      mute.close();
      live.close();
    }
  });
});
