// Plain-text keep-alive (issue 16): an unfinished line trickled byte by byte is not held past the registration
// timeout, and a silent user is warned, kept by any line (an empty one, as Enter in telnet sends), and dropped
// after the grace period otherwise. Real sockets, short timeouts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineClient } from '../helpers/line-client.js';
import { withTestServer } from '../helpers/server-fixture.js';

test('a line trickled without a newline is dropped after limits.registrationTimeoutMs', async () => {
  await withTestServer({ limits: { registrationTimeoutMs: 1_500, plainIdleTimeoutMs: 0 } }, async ({ port }) => {
    const c = await LineClient.login(port, 'trickler');
    const started = Date.now();
    // One byte every 100 ms for up to 6 s: the connection is never silent, but no line ever ends.
    for (let i = 0; i < 60 && !c.ended; i++) {
      await c.sendRaw('x').catch(() => undefined);
      await new Promise((r) => setTimeout(r, 100));
    }
    await c.waitEnd(2_000);
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 5_000, `held for ${elapsed} ms`);
    assert.ok(c.lines.some((l) => l === 'error: A line was left unfinished (no newline) for too long; disconnecting.'), c.lines.join('\n'));
    c.close();
  });
});

test('lines that complete keep the session, however they are split', async () => {
  await withTestServer({ limits: { registrationTimeoutMs: 1_000, plainIdleTimeoutMs: 0 } }, async ({ port }) => {
    const c = await LineClient.login(port, 'splitter');
    for (let i = 0; i < 8; i++) {
      await c.sendRaw(`part ${i} `);
      await new Promise((r) => setTimeout(r, 150));
      await c.sendRaw(`and the rest ${i}\n`);
      await new Promise((r) => setTimeout(r, 150));
    }
    assert.equal(c.ended, false);
    await c.send('/quit');
    await c.waitEnd();
  });
});

test('a silent user is warned, an empty line keeps the session, and silence after the warning ends it', async () => {
  await withTestServer({ limits: { plainIdleTimeoutMs: 1_000, plainIdleGraceMs: 1_000 } }, async ({ port }) => {
    const c = await LineClient.login(port, 'dozer');
    const warning = await c.waitFor((l) => l.startsWith('*** You have been idle'), 5_000);
    assert.match(warning, /Press Enter \(or send any line\) within 1 s to stay connected\.$/);
    await c.sendRaw('\r\n');
    await new Promise((r) => setTimeout(r, 700));
    assert.equal(c.ended, false, 'the empty line kept the session');
    await c.waitFor((l) => l.startsWith('*** You have been idle'), 5_000);
    await c.waitEnd(5_000);
    assert.ok(c.lines.includes('error: Idle for too long; disconnecting.'), c.lines.join('\n'));
    c.close();
  });
});
