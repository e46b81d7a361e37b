// Login guessing over IRC (issue 16): SASL PLAIN and OPER share the throttle; the 4th wrong attempt on an account
// within the window is refused with "too many attempts, retry in N s" and costs no hash; a full password queue
// says the server is busy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hashPassword } from '../../../src/chat/password.js';
import { IrcClient, startIrcTestServer } from './irc-client.js';

function plainBlob(user: string, password: string): string {
  return Buffer.from(`\0${user}\0${password}`).toString('base64');
}

async function saslAttempt(c: IrcClient, user: string, password: string): Promise<string> {
  await c.send('AUTHENTICATE PLAIN');
  await c.waitFor('AUTHENTICATE');
  await c.send(`AUTHENTICATE ${plainBlob(user, password)}`);
  return (await c.waitFor(/ 90[0-9] /)).raw;
}

async function saslClient(port: number): Promise<IrcClient> {
  const c = await IrcClient.connect(port);
  await c.send('CAP LS 302');
  await c.waitFor('CAP');
  await c.send('CAP REQ :sasl');
  await c.waitFor('CAP');
  return c;
}

test('SASL: three wrong passwords, then "too many attempts" without a hash, even with the right one', async () => {
  const accounts = [{ name: 'jilles', password: await hashPassword('sesame', { N: 1024 }) }];
  const ts = await startIrcTestServer({ accounts, limits: { loginAttemptsPerAccount: 3, loginAttemptsPerIp: 100 } });
  try {
    const c = await saslClient(ts.ircPort);
    ts.clients.push(c);
    for (let i = 0; i < 3; i++) assert.match(await saslAttempt(c, 'jilles', `guess${i}`), / 904 \* :SASL authentication failed$/);
    const refused = await saslAttempt(c, 'jilles', 'sesame');
    assert.match(refused, / 904 \* :SASL authentication failed: too many attempts, retry in (5\d|60) s$/);
    // Another connection (same address, other account) is not locked out of its own account.
    const other = await saslClient(ts.ircPort);
    ts.clients.push(other);
    assert.match(await saslAttempt(other, 'nobody', 'x'), / 904 \* :SASL authentication failed$/);
  } finally {
    await ts.stop();
  }
});

test('OPER: the throttle covers it too, per address across accounts', async () => {
  const opers = [{ name: 'operuser', password: await hashPassword('operpassword', { N: 1024 }) }];
  const ts = await startIrcTestServer({ opers, limits: { loginAttemptsPerAccount: 100, loginAttemptsPerIp: 4 } });
  try {
    const c = await ts.client('olga');
    for (let i = 0; i < 4; i++) {
      await c.send(`OPER operuser wrong${i}`);
      await c.waitFor('464');
    }
    await c.send('OPER operuser operpassword');
    const refused = await c.waitFor('464');
    assert.match(refused.raw, / 464 olga :Too many attempts, retry in \d+ s$/);
    assert.ok(!c.lines.some((l) => l.msg.command === '381'));
  } finally {
    await ts.stop();
  }
});

test('a full password queue: the check is refused at once as busy, and chat goes on', async () => {
  // One worker, no queue, a costly hash: while one check runs, the others are refused without waiting.
  const accounts = [{ name: 'slow', password: await hashPassword('pw', { N: 1 << 16 }) }];
  const ts = await startIrcTestServer({ accounts, limits: { loginAttemptsPerAccount: 100, loginAttemptsPerIp: 100, passwordWorkers: 1, passwordQueue: 0 } });
  try {
    const clients = await Promise.all(Array.from({ length: 4 }, () => saslClient(ts.ircPort)));
    ts.clients.push(...clients);
    const replies = await Promise.all(clients.map((c) => saslAttempt(c, 'slow', 'wrong')));
    const busy = replies.filter((r) => r.endsWith('the server is busy, try again in a moment'));
    assert.ok(busy.length >= 2 && busy.length <= 3, replies.join('\n'));
  } finally {
    await ts.stop();
  }
});
