// OPER against scrypt hashes in the config, KILL and WALLOPS, over loopback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hashPassword } from '../../../src/chat/password.js';
import { LineClient } from '../helpers/line-client.js';
import { useIrcTestServer } from './irc-client.js';

const ts = useIrcTestServer(async () => ({ opers: [{ name: 'operuser', password: await hashPassword('operpassword', { N: 1024 }) }] }));

test('OPER: wrong name 491, wrong password 464, right one 381 and +o; lines after OPER wait for it', async () => {
  const a = await ts.client('olga');
  await a.send('OPER nobody operpassword');
  await a.waitFor('491');
  await a.send('OPER operuser wrong');
  await a.waitFor('464');
  await a.send('OPER operuser operpassword');
  await a.send('PING :after-oper');
  const lines = await a.collectUntil('PONG');
  const codes = lines.map((l) => l.msg.command);
  assert.ok(codes.indexOf('381') >= 0 && codes.indexOf('381') < codes.indexOf('PONG'), codes.join(' '));
  assert.deepEqual(lines.find((l) => l.msg.command === 'MODE')!.msg.params, ['olga', '+o']);
  await a.send('WHOIS olga');
  assert.ok((await a.collectUntil('318')).some((l) => l.msg.command === '313'));
});

test('KILL and WALLOPS need oper; KILL disconnects IRC and plain users, peers see the QUIT', async () => {
  const op = await ts.client('oscar');
  const victim = await ts.client('vic');
  const peer = await ts.client('pam');
  await op.send('KILL vic :nope');
  await op.waitFor('481');
  await op.send('WALLOPS :hello');
  await op.waitFor('481');
  await op.send('OPER operuser operpassword');
  await op.waitFor('381');
  await peer.send('MODE pam +w');
  await peer.waitFor('MODE');
  await op.send('WALLOPS :hear ye');
  const w = await peer.waitFor('WALLOPS');
  assert.equal(w.msg.source, 'oscar!oscar@127.0.0.1');
  assert.deepEqual(w.msg.params, ['hear ye']);
  await victim.send('JOIN #kill');
  await victim.waitFor('366');
  await peer.send('JOIN #kill');
  await peer.waitFor('366');
  await op.send('KILL vic :spamming');
  const k = await victim.waitFor('KILL');
  assert.deepEqual(k.msg.params, ['vic', 'spamming']);
  assert.match((await victim.waitFor('ERROR')).msg.params[0]!, /Killed \(oscar \(spamming\)\)/);
  await victim.waitEnd();
  const q = await peer.waitFor('QUIT');
  assert.deepEqual(q.msg.params, ['Killed (oscar (spamming))']);
  await op.send('KILL nobody :x');
  assert.equal((await op.waitFor('401')).msg.params[1], 'nobody');
  await op.send('KILL zchat.local :x');
  await op.waitFor('483');
  const plain = await LineClient.login(ts.plainPort, 'plainvic');
  try {
    await op.send('KILL plainvic :bye');
    await plain.waitFor(/disconnected by oscar/);
    await plain.waitEnd();
  } finally {
    plain.close();
  }
});
