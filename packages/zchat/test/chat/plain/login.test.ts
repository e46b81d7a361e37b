// Plain-text /login through the core's accounts service, over a real connection: a wrong password is
// refused, the right one logs in (an `account` event leaves the core through emit), a second login is
// refused, and the account is on the user.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatEvent } from '../../../src/chat/core/events.js';
import type { Audience } from '../../../src/chat/core/emit.js';
import { hashPassword } from '../../../src/chat/password.js';
import { LineClient } from '../helpers/line-client.js';
import { startTestServer } from '../helpers/server-fixture.js';

test('/login checks the account through the accounts service and emits an account event', async () => {
  const ts = await startTestServer({ accounts: [{ name: 'Alice', password: await hashPassword('sesame', { N: 1024 }) }] });
  const seen: [ChatEvent, Audience][] = [];
  ts.server.core.subscribe((e, a) => {
    if (e.kind === 'account') seen.push([e, a]);
  });
  const c = await LineClient.login(ts.port, 'al');
  try {
    await c.send('/login alice wrong');
    await c.waitFor('error: Wrong account name or password.');
    await c.send('/login nobody sesame');
    await c.waitFor('error: Wrong account name or password.');
    assert.equal(seen.length, 0);
    await c.send('/login alice sesame');
    await c.waitFor('You are logged in as Alice.');
    const user = ts.server.core.findUser('al')!;
    assert.equal(user.account, 'Alice');
    assert.equal(user.actor.account, 'Alice');
    assert.equal(seen.length, 1);
    const [event, audience] = seen[0]!;
    assert.equal(event.kind === 'account' && event.account, 'Alice');
    assert.deepEqual(audience, { to: 'peers', user: user.id, includeSelf: true });
    await c.send('/login alice sesame');
    await c.waitFor('error: You are already logged in as Alice.');
    await c.send('/login alice');
    await c.waitFor('error: Usage: /login account password');
  } finally {
    c.close();
    await ts.server.close();
  }
});
