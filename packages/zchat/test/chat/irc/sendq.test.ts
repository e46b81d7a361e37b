// An IRC client that never reads is dropped at limits.sendQueueBytes ("SendQ exceeded"); its channel
// peers see the QUIT, and everyone else still gets every message, in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Address, tcpConnectToAddress } from 'znet';
import { startIrcTestServer } from './irc-client.js';

test('a client that never reads is dropped at the SendQ bound; the others get everything in order', async () => {
  const ts = await startIrcTestServer({ limits: { sendQueueBytes: 64 * 1024 } });
  const slow = await tcpConnectToAddress(Address.parseIp('127.0.0.1', ts.ircPort));
  try {
    await slow.write(new TextEncoder().encode('NICK slow\r\nUSER slow 0 * :Slow\r\nJOIN #sendq\r\n'));
    const sender = await ts.client('sender');
    const reader = await ts.client('reader');
    for (const c of [sender, reader]) {
      await c.send('JOIN #sendq');
      await c.waitFor('366');
    }
    assert.ok(ts.server.core.getRoom('#sendq')?.has(ts.server.core.findUser('slow')!), 'the slow client joined');
    const pad = 'p'.repeat(400);
    let sent = 0;
    // Send until the slow client is gone (bounded: at most ~16 MB of chat).
    while (ts.server.core.findUser('slow') !== undefined && sent < 40_000) {
      const batch: string[] = [];
      for (let i = 0; i < 20; i++) batch.push(`PRIVMSG #sendq :${sent++} ${pad}\r\n`);
      await sender.sendRaw(batch.join(''));
      await reader.waitFor((l) => l.msg.command === 'PRIVMSG' && l.msg.params[1]!.startsWith(`${sent - 1} `), 20_000);
    }
    assert.equal(ts.server.core.findUser('slow'), undefined, 'the slow consumer was disconnected');
    const quit = await reader.waitFor('QUIT');
    assert.deepEqual([quit.msg.source, quit.msg.params[0]], ['slow!slow@127.0.0.1', 'SendQ exceeded']);
    const got = reader.lines.filter((l) => l.msg.command === 'PRIVMSG').map((l) => Number(l.msg.params[1]!.split(' ')[0]));
    assert.equal(got.length, sent);
    assert.ok(got.every((n, i) => n === i), 'every message, in order');
  } finally {
    slow.close();
    await ts.stop();
  }
});
