// Bad input and resource limits: over-long lines, invalid UTF-8, garbage, slow consumers, floods, and
// connection limits. Each fault affects only the client that causes it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineClient } from '../helpers/line-client.js';
import { withTestServer } from '../helpers/server-fixture.js';

test('over-long lines are rejected, the rest discarded, the connection kept', async () => {
  await withTestServer({ limits: { maxLineBytes: 100 } }, async (ts) => {
    const a = await LineClient.login(ts.port, 'a');
    const b = await LineClient.login(ts.port, 'b');
    await a.sendRaw(`${'x'.repeat(100)}\r\n`);
    assert.equal(await b.waitFor(/^a: x/), `a: ${'x'.repeat(100)}`, 'exactly the limit is fine');
    await a.sendRaw(`${'y'.repeat(101)}\n`);
    await a.waitFor('error: Line too long (over 100 bytes); discarded.');
    // Far longer than the reader's buffer, sent in pieces.
    await a.sendRaw('z'.repeat(5000));
    await a.sendRaw(`${'z'.repeat(5000)}\nafter\n`);
    await a.waitFor('error: Line too long (over 100 bytes); discarded.');
    assert.equal(await b.waitFor(/^a: /), 'a: after');
    assert.ok(!b.lines.some((l) => l.includes('yyy') || l.includes('zzz')));
    a.close();
    b.close();
  });
});

test('invalid UTF-8 is refused and never forwarded; control characters are stripped', async () => {
  await withTestServer({}, async (ts) => {
    const a = await LineClient.login(ts.port, 'a');
    const b = await LineClient.login(ts.port, 'b');
    // A broken sequence and a lone 0xfe (not 0xff: that is telnet's IAC, taken out before lines are cut).
    await a.sendRaw(Uint8Array.from([0x68, 0x69, 0xc3, 0x28, 0xfe, 0x0a]));
    await a.waitFor('error: Invalid UTF-8; line discarded.');
    await a.sendRaw('bell\x07 and \x1b[31mcolour\x1b[0m\ttab\r\n');
    assert.equal(await b.waitFor(/^a: /), 'a: bell and colour\ttab');
    a.close();
    b.close();
  });
});

test('binary garbage from one client affects nobody else', async () => {
  await withTestServer({}, async (ts) => {
    const a = await LineClient.login(ts.port, 'a');
    const b = await LineClient.login(ts.port, 'b');
    const junk = await LineClient.connect(ts.port);
    let seed = 42;
    const bytes = new Uint8Array(20_000).map(() => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24);
    await junk.sendRaw(bytes);
    junk.stream.handle.resetAndDestroy();
    await a.send('still fine');
    assert.equal(await b.waitFor(/^a: /), 'a: still fine');
    a.close();
    b.close();
  });
});

test('a client that never reads is dropped at the SendQ bound; the others get everything in order', async () => {
  await withTestServer({ limits: { sendQueueBytes: 64 * 1024 } }, async (ts) => {
    const slow = await LineClient.connect(ts.port, { read: false });
    await slow.send('slow');
    const sender = await LineClient.login(ts.port, 'sender');
    const reader = await LineClient.login(ts.port, 'reader');
    assert.ok(reader.lines.includes('In #lobby (3): @slow, sender, reader'));
    const pad = 'p'.repeat(900);
    let sent = 0;
    // Send until the slow client is gone (bounded: at most 40 MB of chat).
    while (ts.server.core.findUser('slow') !== undefined && sent < 40_000) {
      const batch: string[] = [];
      for (let i = 0; i < 20; i++) batch.push(`${sent++} ${pad}\n`);
      await sender.sendRaw(batch.join(''));
      await reader.waitFor((l) => l.startsWith(`sender: ${sent - 1} `), 20_000);
    }
    assert.equal(ts.server.core.findUser('slow'), undefined, 'the slow consumer was disconnected');
    await reader.waitFor('slow has left (SendQ exceeded).');
    const got = reader.lines.filter((l) => l.startsWith('sender: ')).map((l) => Number(l.split(' ')[1]));
    assert.equal(got.length, sent);
    assert.ok(got.every((n, i) => n === i), 'every message, in order');
    slow.close();
    sender.close();
    reader.close();
  });
});

test('flood control delays lines past the burst (none dropped, in order) and disconnects a flood', async () => {
  await withTestServer({ limits: { floodBurst: 3, floodPerSecond: 20, floodMaxQueuedLines: 30 } }, async (ts) => {
    const a = await LineClient.login(ts.port, 'a');
    const b = await LineClient.login(ts.port, 'b');
    const started = Date.now();
    await a.sendRaw(Array.from({ length: 20 }, (_, i) => `m${i}\n`).join(''));
    await b.waitFor('a: m19', 10_000);
    const elapsed = Date.now() - started;
    const got = b.lines.filter((l) => l.startsWith('a: m'));
    assert.deepEqual(got, Array.from({ length: 20 }, (_, i) => `a: m${i}`));
    // 17 lines past the burst at 20/s cannot arrive in less than ~850 ms.
    assert.ok(elapsed >= 600, `lines were delayed (${elapsed} ms)`);
    const flooder = await LineClient.login(ts.port, 'flooder');
    await flooder.sendRaw(Array.from({ length: 200 }, (_, i) => `f${i}\n`).join(''));
    await flooder.waitFor('error: Excess flood; disconnecting.');
    await flooder.waitEnd();
    await b.waitFor('flooder has left (Excess flood).');
    await a.send('/echo on');
    await a.send('after the flood');
    await b.waitFor('a: after the flood');
    a.close();
    b.close();
    flooder.close();
  });
});

test('connection limits: total and per IP, with a clear message', async () => {
  await withTestServer({ limits: { maxConnections: 2, maxConnectionsPerIp: 100 } }, async (ts) => {
    const a = await LineClient.connect(ts.port);
    const b = await LineClient.connect(ts.port);
    await a.waitPrompt();
    await b.waitPrompt();
    const c = await LineClient.connect(ts.port);
    await c.waitFor('error: The server is full (2 connections); try again later.');
    await c.waitEnd();
    a.close();
    // The freed slot can be used again.
    let d: LineClient | null = null;
    for (let i = 0; i < 50 && d === null; i++) {
      const probe = await LineClient.connect(ts.port);
      try {
        await probe.waitPrompt(0, 500);
        d = probe;
      } catch {
        probe.close();
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    assert.ok(d !== null, 'a slot freed by a departure is reusable');
    b.close();
    d.close();
  });
  await withTestServer({ limits: { maxConnections: 100, maxConnectionsPerIp: 2 } }, async (ts) => {
    const a = await LineClient.connect(ts.port);
    const b = await LineClient.connect(ts.port);
    await a.waitPrompt();
    await b.waitPrompt();
    const c = await LineClient.connect(ts.port);
    await c.waitFor('error: Too many connections from your address (limit 2).');
    await c.waitEnd();
    assert.equal(ts.server.core.connections.fromIp('127.0.0.1'), 2);
    a.close();
    b.close();
  });
});
