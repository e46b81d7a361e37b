// Repeated targets in one PRIVMSG/NOTICE (issue 16): `#a,#a,#a` and `bob,BOB` are each delivered once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useIrcTestServer } from './irc-client.js';

const ts = useIrcTestServer();

test('a target named several times (any case) gets one copy; repeats do not count toward 407', async () => {
  const a = await ts.client('amy');
  const b = await ts.client('ben');
  await a.send('JOIN #dup');
  await a.waitFor('366');
  await b.send('JOIN #dup');
  await b.waitFor('366');
  await a.send('PRIVMSG #dup,#dup,#DUP :to the room');
  await a.send('NOTICE #dup,#Dup :a notice');
  await a.send('PRIVMSG ben,BEN,Ben :to ben');
  await a.send('PRIVMSG #dup,#dup,#dup,#dup,#dup,ben :six names, two targets');
  await a.send('PING :sent');
  const toA = await a.collectUntil('PONG');
  assert.ok(!toA.some((l) => l.msg.command === '407'), toA.map((l) => l.raw).join('\n'));
  const lines = await b.drain();
  const count = (text: string): number => lines.filter((l) => l.endsWith(`:${text}`)).length;
  assert.equal(count('to the room'), 1, lines.join('\n'));
  assert.equal(count('a notice'), 1);
  assert.equal(count('to ben'), 1);
  assert.equal(count('six names, two targets'), 2, 'one in the room, one private');
});
