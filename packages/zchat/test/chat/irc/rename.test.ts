// RENAME (draft/channel-rename) over loopback: clients with the cap see RENAME, clients without it the
// PART/JOIN/topic/NAMES fallback, plain-text members a line and a current room that follows; FAIL codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useIrcTestServer } from './irc-client.js';

const ts = useIrcTestServer();

test('RENAME: cap clients get RENAME, others the fallback, plain users a line; errors', async () => {
  const op = await ts.client('rop', ['draft/channel-rename']);
  const old = await ts.client('rold', ['draft/read-marker']);
  const pat = await ts.plain('rpat');
  await op.send('JOIN #bar');
  await op.waitFor('366');
  await op.send('TOPIC #bar :the topic');
  await op.waitFor('TOPIC');
  await old.send('JOIN #bar');
  await old.waitFor('366');
  await old.send('MARKREAD #bar timestamp=2026-01-01T00:00:00.000Z');
  await old.waitFor('MARKREAD');
  await pat.send('/join #bar');
  await pat.waitFor((l) => l.startsWith('In #bar'));
  await op.waitFor((l) => l.msg.command === 'JOIN' && l.msg.source?.startsWith('rpat!') === true);

  await old.send('RENAME #bar #qux :no reason');
  assert.deepEqual((await old.waitFor('482')).msg.params.slice(1, 2), ['#bar']);
  await op.send('RENAME #bar #qux :no reason');
  const ren = await op.waitFor('RENAME');
  assert.deepEqual(ren.msg.params, ['#bar', '#qux', 'no reason']);
  assert.ok(ren.msg.source?.startsWith('rop!'));
  const part = await old.waitFor('PART');
  assert.deepEqual(part.msg.params, ['#bar', 'no reason']);
  assert.ok(part.msg.source?.startsWith('rold!'), 'the fallback names the recipient');
  assert.deepEqual((await old.waitFor('JOIN')).msg.params, ['#qux']);
  assert.deepEqual((await old.waitFor('332')).msg.params.slice(1), ['#qux', 'the topic']);
  assert.deepEqual((await old.waitFor('MARKREAD')).msg.params, ['#qux', 'timestamp=2026-01-01T00:00:00.000Z'], 'the marker followed the room');
  assert.deepEqual((await old.waitFor('353')).msg.params[3]!.split(' ').sort(), ['@rop', 'rold', 'rpat']);
  await old.waitFor('366');
  await pat.waitFor('#bar is now #qux (no reason).');
  await pat.send('still here');
  assert.deepEqual((await op.waitFor('PRIVMSG')).msg.params, ['#qux', 'still here'], 'the current room followed');

  await op.send('RENAME #qux #QUX');
  assert.deepEqual((await op.waitFor('RENAME')).msg.params, ['#qux', '#QUX', '']);
  await pat.waitFor('#qux is now #QUX.');
  await old.send('PING :case');
  const lines = await old.collectUntil('PONG');
  assert.ok(!lines.some((l) => l.msg.command === 'PART' || l.msg.command === 'JOIN'), 'no fallback for a change of case');

  await old.send('JOIN #other');
  await old.waitFor('366');
  await op.send('RENAME #QUX #Other');
  assert.deepEqual((await op.waitFor('FAIL')).msg.params, ['RENAME', 'CHANNEL_NAME_IN_USE', '#QUX', '#Other', 'The channel name is already taken']);
  await op.send('RENAME #QUX nohash');
  assert.deepEqual((await op.waitFor('FAIL')).msg.params.slice(0, 4), ['RENAME', 'CANNOT_RENAME', '#QUX', 'nohash']);
  await op.send('RENAME #nope #x');
  await op.waitFor('403');
  await op.send('RENAME #other #x');
  await op.waitFor('442');
  await op.send('RENAME #QUX');
  await op.waitFor('461');

  await old.send('JOIN #bar');
  await old.waitFor('366');
  await old.send('MODE #bar +k beer');
  assert.deepEqual((await old.waitFor('MODE')).msg.params, ['#bar', '+k', 'beer'], 'the old name is a new channel');
});

test('/rename from a plain-text op: IRC members see it, errors in words', async () => {
  const pia = await ts.plain('rpia');
  const ira = await ts.client('rira', ['draft/channel-rename']);
  await pia.send('/join #plainroom');
  await pia.waitFor((l) => l.startsWith('In #plainroom'));
  await ira.send('JOIN #plainroom');
  await ira.waitFor('366');
  await ira.send('JOIN #busy');
  await ira.waitFor('366');
  await pia.send('/rename #busy');
  await pia.waitFor('error: There is already a room called #busy.');
  await pia.send('/rename bad,name');
  await pia.waitFor((l) => l.startsWith('error: #bad,name is not a valid room name'));
  await pia.send('/rename renamed tidy up');
  assert.deepEqual((await ira.waitFor('RENAME')).msg.params, ['#plainroom', '#renamed', 'tidy up']);
  await pia.waitFor('#plainroom is now #renamed (tidy up).');
  await pia.send('/topic');
  await pia.waitFor('#renamed has no topic.');
});
