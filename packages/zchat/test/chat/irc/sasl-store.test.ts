// SASL PLAIN against an account that exists only in the data directory (made at runtime, as `zchat account add`
// does): with a data directory the sasl cap is offered even when the config lists no accounts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword } from '../../../src/chat/password.js';
import { IrcClient, startIrcTestServer } from './irc-client.js';

test('SASL PLAIN logs in an account created in the store while the server runs', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'zchat-sasl-store-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const ts = await startIrcTestServer({ dataDir });
  try {
    await ts.server.store.createAccount({ name: 'Runtime', passwordHash: await hashPassword('sesame12', { N: 1024 }), scram: null, email: null, createdAt: 1, lastSeenAt: null });
    const c = await IrcClient.connect(ts.ircPort);
    ts.clients.push(c);
    await c.send('CAP LS 302');
    assert.match((await c.waitFor('CAP')).raw, /sasl=PLAIN/);
    await c.send('CAP REQ :sasl');
    await c.waitFor('CAP');
    await c.send('AUTHENTICATE PLAIN');
    await c.waitFor('AUTHENTICATE');
    await c.send(`AUTHENTICATE ${Buffer.from('\0runtime\0sesame12').toString('base64')}`);
    assert.match((await c.waitFor(/ 900 /)).raw, /You are now logged in as Runtime/);
    await c.waitFor(/ 903 /);
  } finally {
    await ts.stop();
  }
});
