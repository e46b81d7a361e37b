// Flood control as users meet it, over loopback: the default limits let a 100-line paste through at once and
// delay (not drop) a paste of hundreds; registration and the queries of an IRC connect-and-join burst take no
// token, so a client autojoining ten channels is never slowed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultConfig } from '../../../src/chat/config.js';
import { LineClient } from '../helpers/line-client.js';
import { IrcClient, startIrcTestServer } from '../irc/irc-client.js';

const defaults = defaultConfig.limits;

async function pasteFromPlain(lines: number, rate: number, timeoutMs: number): Promise<void> {
  const ts = await startIrcTestServer({ limits: { floodPerSecond: rate } });
  try {
    const a = await ts.plain('paster');
    const b = await ts.plain('reader');
    await a.waitFor('reader has joined.');
    const paste = Array.from({ length: lines }, (_, i) => `line ${i + 1} of the paste\n`).join('');
    await a.sendRaw(paste);
    await b.waitFor(`paster: line ${lines} of the paste`, timeoutMs);
    const got = b.lines.filter((l) => l.startsWith('paster: line '));
    assert.deepEqual(got, Array.from({ length: lines }, (_, i) => `paster: line ${i + 1} of the paste`), 'all, in order');
    assert.ok(!a.lines.some((l) => l.includes('Excess flood')));
    await a.send('/who');
    await a.waitFor(/^In #lobby/);
  } finally {
    await ts.stop();
  }
}

test('defaults: a 100-line paste arrives whole, within the burst (no wait for tokens)', async () => {
  assert.ok(defaults.floodBurst >= 100, 'the burst holds a 100-line paste');
  await pasteFromPlain(100, defaults.floodPerSecond, 5_000);
});

test('defaults: a 400-line paste is delayed, not dropped (the default burst and queue bound; a faster refill keeps the test short)', async () => {
  assert.ok(defaults.floodBurst + defaults.floodMaxQueuedLines >= 400);
  await pasteFromPlain(400, 200, 15_000);
});

test('IRC: registration and a ten-channel join burst (JOIN, MODE #c, MODE #c b, WHO #c, PING) take no token', async () => {
  // One token and a refill of one per 1,000 s: any line that took a token after the JOIN would never run here.
  const ts = await startIrcTestServer({ limits: { floodBurst: 1, floodPerSecond: 0.001 } });
  try {
    const c = await IrcClient.connect(ts.ircPort);
    ts.clients.push(c);
    await c.send('CAP LS 302');
    await c.send('NICK burst');
    await c.send('USER burst 0 * :burst');
    await c.send('CAP END');
    await c.waitFor('376');
    const rooms = Array.from({ length: 10 }, (_, i) => `#room${i}`);
    const burst = [`JOIN ${rooms.join(',')}`, 'MODE burst +i'];
    for (const r of rooms) burst.push(`MODE ${r}`, `MODE ${r} b`, `WHO ${r}`);
    burst.push('PING :done');
    await c.sendRaw(burst.map((l) => `${l}\r\n`).join(''));
    await c.waitFor('PONG');
    assert.equal(c.lines.filter((l) => l.msg.command === '324').length, 10, 'every MODE query answered');
    assert.equal(c.lines.filter((l) => l.msg.command === '368').length, 10, 'every ban list query answered');
    assert.equal(c.lines.filter((l) => l.msg.command === '315').length, 10, 'every WHO answered');
  } finally {
    await ts.stop();
  }
});

test('plain: naming attempts and /who, /rooms, /help take no token', async () => {
  const ts = await startIrcTestServer({ limits: { floodBurst: 1, floodPerSecond: 0.001 } });
  try {
    const c = await LineClient.connect(ts.plainPort);
    try {
      await c.waitPrompt();
      await c.sendRaw('1bad\n2bad\n/help\nnamer\n/who\n/rooms\n/help\nhello\n');
      await c.waitFor('Hello, namer! Type /help for commands.');
      await c.waitFor('Rooms (1):');
      const helps = (): number => c.lines.filter((l) => l.startsWith('Type a line to talk')).length;
      for (let i = 0; i < 250 && helps() < 2; i++) await new Promise((r) => setTimeout(r, 20));
      assert.equal(helps(), 2, 'both /help answered');
      assert.equal(c.lines.filter((l) => l.startsWith('In #lobby (1)')).length, 2, 'the join, then /who');
    } finally {
      c.close();
    }
  } finally {
    await ts.stop();
  }
});
