// Plain-text users and operators' WALLOPS, over loopback: off by default, /wallops on|off switches them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hashPassword } from '../../../src/chat/password.js';
import { useIrcTestServer } from '../irc/irc-client.js';

const ts = useIrcTestServer(async () => ({ opers: [{ name: 'operuser', password: await hashPassword('operpassword', { N: 1024 }) }] }));

test('a plain user gets WALLOPS only after /wallops on, and no more after /wallops off', async () => {
  const quiet = await ts.plain('quietus');
  const keen = await ts.plain('keen');
  await keen.send('/wallops maybe');
  await keen.waitFor('error: Say /wallops on or /wallops off.');
  await keen.send('/wallops on');
  await keen.waitFor('wallops is on.');
  const op = await ts.client('oscar');
  await op.send('OPER operuser operpassword');
  await op.waitFor('381');
  await op.send('WALLOPS :first');
  assert.equal(await keen.waitFor((l) => l.startsWith('[wallops]')), '[wallops] oscar: first');
  await keen.send('/wallops off');
  await keen.waitFor('wallops is off.');
  await op.send('WALLOPS :second');
  // A private message sent after the second WALLOPS arrives after it would have: neither user saw it.
  await op.send('PRIVMSG keen :after');
  await op.send('PRIVMSG quietus :after');
  await keen.waitFor('[private] oscar: after');
  await quiet.waitFor('[private] oscar: after');
  assert.ok(!keen.lines.some((l) => l.includes('second')));
  assert.ok(!quiet.lines.some((l) => l.includes('[wallops]')));
});
