// Channel mode +C over loopback: CTCP other than ACTION to the channel gets 404; MODE shows C; a plain-text
// member reads the change in words and its /me (an ACTION) still goes through.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useIrcTestServer } from './irc-client.js';

const ts = useIrcTestServer();

test('+C: ACTION passes, other CTCP gets 404 (operators too), plain users see it in words', async () => {
  const op = await ts.client('cop');
  const u = await ts.client('cuser');
  const pat = await ts.plain('cpat');
  await op.send('JOIN #quiet');
  await op.waitFor('366');
  await u.send('JOIN #quiet');
  await u.waitFor('366');
  await pat.send('/join #quiet');
  await pat.waitFor((l) => l.startsWith('In #quiet'));
  await op.waitFor((l) => l.msg.command === 'JOIN' && l.msg.source?.startsWith('cpat!') === true);

  await u.send('PRIVMSG #quiet :\x01PING 1\x01');
  assert.equal((await op.waitFor('PRIVMSG')).msg.params[1], '\x01PING 1\x01', 'allowed without +C');

  await op.send('MODE #quiet +C');
  assert.deepEqual((await u.waitFor('MODE')).msg.params, ['#quiet', '+C']);
  await pat.waitFor('cop changed #quiet: IRC CTCP requests other than /me are refused.');
  await op.send('MODE #quiet');
  assert.deepEqual((await op.waitFor('324')).msg.params.slice(1), ['#quiet', '+Cnt']);

  await u.send('PRIVMSG #quiet :\x01ACTION is testing\x01');
  assert.equal((await op.waitFor('PRIVMSG')).msg.params[1], '\x01ACTION is testing\x01');
  await pat.waitFor('* cuser is testing');
  await u.send('PRIVMSG #quiet :\x01PING 2\x01');
  assert.deepEqual((await u.waitFor('404')).msg.params.slice(0, 2), ['cuser', '#quiet']);
  await op.send('NOTICE #quiet :\x01VERSION\x01');
  await op.send('PRIVMSG #quiet :\x01TIME\x01');
  assert.deepEqual((await op.waitFor('404')).msg.params.slice(0, 2), ['cop', '#quiet']);
  await pat.send('/me nods');
  assert.equal((await u.waitFor('PRIVMSG')).msg.params[1], '\x01ACTION nods\x01');
  await u.send('PRIVMSG #quiet :after');
  const lines = await op.collectUntil((l) => l.msg.command === 'PRIVMSG' && l.msg.params[1] === 'after');
  assert.ok(!lines.some((l) => l.msg.command === 'PRIVMSG' && l.msg.params[1]!.startsWith('\x01PING')), 'no CTCP got through');

  await op.send('MODE #quiet -C');
  await pat.waitFor('cop changed #quiet: IRC CTCP requests are allowed.');
  await u.send('PRIVMSG #quiet :\x01PING 3\x01');
  assert.equal((await op.waitFor('PRIVMSG')).msg.params[1], '\x01PING 3\x01');
});
