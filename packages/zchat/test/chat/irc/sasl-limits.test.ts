// SASL edge cases over loopback: one chunk over 400 bytes (905), a total past 8 KiB (904, the exchange
// ends and the connection stays), and registration completed during an exchange (906, then 001).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hashPassword } from '../../../src/chat/password.js';
import { IrcClient, useIrcTestServer } from './irc-client.js';

const ts = useIrcTestServer(async () => ({ accounts: [{ name: 'jilles', password: await hashPassword('sesame', { N: 1024 }) }] }));

/** A connection with `sasl` enabled and an AUTHENTICATE PLAIN exchange waiting for data. */
async function startExchange(): Promise<IrcClient> {
  const c = await IrcClient.connect(ts.ircPort);
  ts.clients.push(c);
  await c.send('CAP LS 302');
  await c.waitFor('CAP');
  await c.send('CAP REQ :sasl');
  await c.waitFor('CAP');
  await c.send('AUTHENTICATE PLAIN');
  const plus = await c.waitFor('AUTHENTICATE');
  assert.deepEqual(plus.msg.params, ['+']);
  return c;
}

test('a chunk over 400 bytes is 905; a total over 8 KiB is 904 and the exchange is over', async () => {
  const c = await startExchange();
  await c.send(`AUTHENTICATE ${'A'.repeat(401)}`);
  await c.waitFor('905');

  await c.send('AUTHENTICATE PLAIN');
  await c.waitFor('AUTHENTICATE');
  const chunk = 'QUFB'.repeat(100); // 400 bytes: more chunks follow
  for (let i = 0; i < 25; i++) await c.send(`AUTHENTICATE ${chunk}`);
  const fail = await c.waitFor(/ 90[3456] /);
  assert.equal(fail.msg.command, '904', 'a failed exchange, not 905: no single chunk was too long');
  // The exchange is over: AUTHENTICATE * has nothing to abort (904, not 906), and the connection registers.
  await c.send('AUTHENTICATE *');
  assert.equal((await c.waitFor(/ 90[3456] /)).msg.command, '904');
  await c.send('NICK big');
  await c.send('USER big 0 * :Big');
  await c.send('CAP END');
  await c.waitFor('001');
});

test('NICK, USER and CAP END during an unfinished exchange abort it with 906 and register', async () => {
  const c = await startExchange();
  await c.send('NICK reguser');
  await c.send('USER reguser 0 * :Test');
  assert.ok(!c.lines.some((l) => l.msg.command === '906'), 'CAP negotiation still holds registration');
  await c.send('CAP END');
  const aborted = await c.waitFor('906');
  assert.equal(aborted.msg.params[0], 'reguser');
  const welcome = await c.waitFor('001');
  assert.ok(c.lines.indexOf(aborted) < c.lines.indexOf(welcome));
  await c.send('WHOIS reguser');
  const whois = await c.collectUntil('318');
  assert.ok(!whois.some((l) => l.msg.command === '330'), 'not logged in');
});
