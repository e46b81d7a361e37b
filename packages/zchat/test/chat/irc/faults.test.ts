// Faults that must never take the gateway down: random garbage, a server password, a peer that resets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { IrcClient, startIrcTestServer } from './irc-client.js';

test('random bytes on many connections never crash the gateway; a normal client still works', async () => {
  const ts = await startIrcTestServer();
  try {
    const samples = fc.sample(fc.uint8Array({ minLength: 1, maxLength: 6000 }), { numRuns: 40, seed: 42 });
    for (let i = 0; i < samples.length; i += 10) {
      await Promise.all(samples.slice(i, i + 10).map(async (bytes) => {
        const c = await IrcClient.connect(ts.ircPort);
        try {
          await c.sendRaw(bytes);
          await c.sendRaw('\r\nPING :alive\r\n');
          // Either it answers or it closed the connection (malformed line): both are fine; a hang is not.
          await c.waitFor('PONG', 5000).catch(() => c.waitEnd(5000));
        } finally {
          c.close();
        }
      }));
    }
    const ok = await ts.client('survivor');
    await ok.send('PING :still-up');
    assert.equal((await ok.waitFor('PONG')).msg.params[1], 'still-up');
  } finally {
    await ts.stop();
  }
});

test('a server password: missing or wrong gets 464 and ERROR, right gets 001', async () => {
  const ts = await startIrcTestServer({ irc: { password: 'letmein' } });
  try {
    for (const pass of [null, 'wrong']) {
      const c = await IrcClient.connect(ts.ircPort);
      ts.clients.push(c);
      if (pass !== null) await c.send(`PASS ${pass}`);
      await c.send('NICK nopass');
      await c.send('USER nopass 0 * :x');
      await c.waitFor('464');
      await c.waitFor('ERROR');
      await c.waitEnd();
    }
    const good = await IrcClient.connect(ts.ircPort);
    ts.clients.push(good);
    await good.send('PASS letmein');
    await good.handshake('withpass');
    assert.ok(good.lines.some((l) => l.msg.command === '001'));
  } finally {
    await ts.stop();
  }
});

test('a peer that vanishes mid-session is cleaned up: its nick is free again and peers see the QUIT', async () => {
  const ts = await startIrcTestServer();
  try {
    const a = await ts.client('stays');
    const b = await ts.client('vanish');
    await a.send('JOIN #gone');
    await a.waitFor('366');
    await b.send('JOIN #gone');
    await a.waitFor('JOIN');
    b.close();
    const quit = await a.waitFor('QUIT');
    assert.equal(quit.msg.source, 'vanish!vanish@127.0.0.1');
    await ts.client('vanish');
  } finally {
    await ts.stop();
  }
});
