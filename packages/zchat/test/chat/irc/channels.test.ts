// Channel commands over loopback: JOIN (several, keys, JOIN 0), PART, TOPIC, NAMES, LIST + ELIST, KICK,
// INVITE, MODE (channel and user), PRIVMSG/NOTICE with several targets and STATUSMSG.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useIrcTestServer } from './irc-client.js';
import type { IrcClient, Line } from './irc-client.js';

const ts = useIrcTestServer({ rooms: { topics: {} } });

function from(nick: string, command: string): (l: Line) => boolean {
  return (l) => l.msg.command === command && l.msg.source?.startsWith(`${nick}!`) === true;
}

async function joinBoth(a: IrcClient, b: IrcClient, room: string, bNick: string): Promise<void> {
  await a.send(`JOIN ${room}`);
  await a.waitFor('366');
  await b.send(`JOIN ${room}`);
  await b.waitFor('366');
  await a.waitFor(from(bNick, 'JOIN'));
}

test('JOIN several channels with keys, NAMES, PART, JOIN 0', async () => {
  const a = await ts.client('ann');
  const b = await ts.client('bea');
  await a.send('JOIN #one,#two');
  await a.waitFor((l) => l.msg.command === '366' && l.msg.params[1] === '#two');
  await a.send('MODE #two +k sesame');
  await a.waitFor((l) => l.msg.command === 'MODE' && l.msg.params[1] === '+k');
  await b.send('JOIN #one,#two');
  const bad = await b.waitFor('475');
  assert.deepEqual(bad.msg.params.slice(0, 2), ['bea', '#two']);
  await b.send('JOIN #two,#three sesame');
  await b.waitFor((l) => l.msg.command === 'JOIN' && l.msg.params[0] === '#two');
  await b.waitFor((l) => l.msg.command === '366' && l.msg.params[1] === '#three');
  await b.send('NAMES #two');
  const names = await b.waitFor('353');
  assert.deepEqual(names.msg.params.slice(1, 3), ['=', '#two']);
  assert.deepEqual(names.msg.params[3]!.split(' ').sort(), ['@ann', 'bea']);
  await b.waitFor('366');
  await b.send('JOIN #fine,nohash');
  assert.equal((await b.waitFor('403')).msg.params[1], 'nohash');
  assert.ok(b.lines.some((l) => l.msg.command === 'JOIN' && l.msg.params[0] === '#fine'));
  await b.send('PART #one,#nowhere :leaving');
  const part = await a.waitFor(from('bea', 'PART'));
  assert.deepEqual(part.msg.params, ['#one', 'leaving']);
  assert.equal((await b.waitFor('403')).msg.params[1], '#nowhere');
  await b.send('PART #one');
  assert.equal((await b.waitFor('442')).msg.params[1], '#one');
  await b.send('JOIN 0');
  await a.waitFor((l) => from('bea', 'PART')(l) && l.msg.params[0] === '#two');
  await b.waitFor((l) => l.msg.command === 'PART' && l.msg.params[0] === '#three');
});

test('TOPIC: show, set, +t needs op, clear', async () => {
  const a = await ts.client('cal');
  const b = await ts.client('cid');
  await joinBoth(a, b, '#topics', 'cid');
  await b.send('TOPIC #topics');
  assert.equal((await b.waitFor('331')).msg.params[1], '#topics');
  await a.send('TOPIC #topics :new topic here');
  const t = await b.waitFor('TOPIC');
  assert.equal(t.msg.source, 'cal!cal@127.0.0.1');
  assert.deepEqual(t.msg.params, ['#topics', 'new topic here']);
  await b.send('TOPIC #topics');
  assert.deepEqual((await b.waitFor('332')).msg.params.slice(1), ['#topics', 'new topic here']);
  assert.equal((await b.waitFor('333')).msg.params[2], 'cal');
  await b.send('TOPIC #topics :mine');
  assert.equal((await b.waitFor('482')).msg.params[1], '#topics');
  await a.send('MODE #topics -t');
  await b.waitFor('MODE');
  await b.send('TOPIC #topics :mine now');
  await a.waitFor((l) => l.msg.command === 'TOPIC' && l.msg.params[1] === 'mine now');
  await a.send('TOPIC #topics :');
  await b.waitFor((l) => l.msg.command === 'TOPIC' && l.msg.params[1] === '');
});

test('LIST with ELIST filters; secret channels hidden from outsiders', async () => {
  const a = await ts.client('dan');
  const b = await ts.client('dee');
  await joinBoth(a, b, '#listbig', 'dee');
  await a.send('JOIN #listsmall');
  await a.waitFor('366');
  await a.send('JOIN #listsecret');
  await a.waitFor('366');
  await a.send('MODE #listsecret +s');
  await a.waitFor('MODE');
  const rows = async (c: IrcClient, cmd: string): Promise<string[]> => {
    await c.send(cmd);
    const lines = await c.collectUntil('323');
    assert.ok(lines.some((l) => l.msg.command === '321'));
    return lines.filter((l) => l.msg.command === '322').map((l) => `${l.msg.params[1]}:${l.msg.params[2]}`);
  };
  const all = await rows(b, 'LIST');
  assert.ok(all.includes('#listbig:2') && all.includes('#listsmall:1'));
  assert.ok(!all.some((r) => r.startsWith('#listsecret')), 'secret channels are not listed to non-members');
  assert.ok((await rows(a, 'LIST')).includes('#listsecret:1'));
  assert.deepEqual((await rows(b, 'LIST >1')).filter((r) => r.startsWith('#list')), ['#listbig:2']);
  assert.deepEqual((await rows(b, 'LIST <2')).filter((r) => r.startsWith('#list')), ['#listsmall:1']);
  assert.deepEqual(await rows(b, 'LIST #listb*'), ['#listbig:2']);
  assert.ok(!(await rows(b, 'LIST !#listb*')).includes('#listbig:2'));
  assert.deepEqual(await rows(b, 'LIST #listsmall'), ['#listsmall:1']);
});

test('KICK and INVITE with their errors; +i needs an invitation', async () => {
  const op = await ts.client('eve');
  const u = await ts.client('eli', ['invite-notify']);
  const third = await ts.client('ezra');
  await joinBoth(op, u, '#kicks', 'eli');
  await u.send('KICK #kicks eve');
  assert.equal((await u.waitFor('482')).msg.params[1], '#kicks');
  await op.send('KICK #kicks ezra');
  assert.deepEqual((await op.waitFor('441')).msg.params.slice(1, 3), ['ezra', '#kicks']);
  await op.send('KICK #kicks nobody');
  assert.equal((await op.waitFor('401')).msg.params[1], 'nobody');
  await op.send('KICK #kicks eli :out you go');
  const k = await u.waitFor('KICK');
  assert.deepEqual(k.msg.params, ['#kicks', 'eli', 'out you go']);
  await op.send('MODE #kicks +i');
  await op.waitFor('MODE');
  await u.send('JOIN #kicks');
  assert.equal((await u.waitFor('473')).msg.params[1], '#kicks');
  await op.send('INVITE eli #kicks');
  assert.deepEqual((await op.waitFor('341')).msg.params.slice(1), ['eli', '#kicks']);
  const inv = await u.waitFor('INVITE');
  assert.equal(inv.msg.source, 'eve!eve@127.0.0.1');
  assert.deepEqual(inv.msg.params, ['eli', '#kicks']);
  await u.send('JOIN #kicks');
  await op.waitFor(from('eli', 'JOIN'));
  await op.send('MODE #kicks +o eli');
  await op.waitFor('MODE');
  await op.send('INVITE ezra #kicks');
  const notify = await u.waitFor('INVITE');
  assert.deepEqual(notify.msg.params, ['ezra', '#kicks'], 'invite-notify shows other ops the invitation');
  await third.waitFor('INVITE');
  await op.send('INVITE eli #kicks');
  assert.deepEqual((await op.waitFor('443')).msg.params.slice(1, 3), ['eli', '#kicks']);
  await op.send('INVITE ghost #kicks');
  assert.equal((await op.waitFor('401')).msg.params[1], 'ghost');
});

test('channel MODE: query, flags, key, limit, op/voice, ban lists with exceptions, errors', async () => {
  const op = await ts.client('fay');
  const u = await ts.client('fin');
  await joinBoth(op, u, '#modes', 'fin');
  await u.send('MODE #modes');
  assert.deepEqual((await u.waitFor('324')).msg.params.slice(1), ['#modes', '+nt']);
  assert.equal((await u.waitFor('329')).msg.params[1], '#modes');
  await op.send('MODE #modes +mlk 5 key');
  const m = await u.waitFor('MODE');
  assert.deepEqual(m.msg.params, ['#modes', '+mlk', '5', 'key']);
  await u.send('PRIVMSG #modes :muted?');
  assert.equal((await u.waitFor('404')).msg.params[1], '#modes');
  await op.send('MODE #modes +v fin');
  assert.deepEqual((await u.waitFor('MODE')).msg.params, ['#modes', '+v', 'fin']);
  await u.send('PRIVMSG #modes :voiced now');
  await op.waitFor((l) => l.msg.command === 'PRIVMSG' && l.msg.params[1] === 'voiced now');
  await u.send('MODE #modes +o fin');
  assert.equal((await u.waitFor('482')).msg.params[1], '#modes');
  await op.send('MODE #modes +X');
  assert.equal((await op.waitFor('472')).msg.params[1], 'X');
  await op.send('MODE #modes +l abc');
  assert.equal((await op.waitFor('696')).msg.params[1], '#modes');
  await op.send('MODE #modes +o nobody');
  assert.equal((await op.waitFor('401')).msg.params[1], 'nobody');
  await op.send('MODE #modes +b-b+e+I bad!*@* bad!*@* fin tru*');
  const banModes = await op.waitFor('MODE');
  assert.deepEqual(banModes.msg.params, ['#modes', '+b-b+eI', 'bad!*@*', 'bad!*@*', 'fin!*@*', 'tru*!*@*']);
  await op.send('MODE #modes +b *!*@127.0.0.1');
  await op.waitFor('MODE');
  for (const [letter, entry, end, mask] of [['b', '367', '368', '*!*@127.0.0.1'], ['e', '348', '349', 'fin!*@*'], ['I', '346', '347', 'tru*!*@*']] as const) {
    await u.send(`MODE #modes ${letter}`);
    const e = await u.waitFor(entry);
    assert.deepEqual(e.msg.params.slice(1, 4), ['#modes', mask, 'fay']);
    await u.waitFor(end);
  }
  await u.send('PRIVMSG #modes :excepted from the ban');
  await op.waitFor((l) => l.msg.command === 'PRIVMSG' && l.msg.params[1] === 'excepted from the ban');
  await op.send('MODE #modes');
  assert.deepEqual((await op.waitFor('324')).msg.params.slice(1), ['#modes', '+mntkl', 'key', '5']);
  await u.send('MODE #modes');
  assert.deepEqual((await u.waitFor('324')).msg.params.slice(1), ['#modes', '+mntkl', 'key', '5']);
  await op.send('MODE #nosuch +i');
  assert.equal((await op.waitFor('403')).msg.params[1], '#nosuch');
});

test('user MODE: +i +w +B, query, others refused, +o ignored', async () => {
  const a = await ts.client('gus');
  await ts.client('gil');
  await a.send('MODE gus +iwB');
  const m = await a.waitFor('MODE');
  assert.deepEqual(m.msg.params, ['gus', '+iwB']);
  await a.send('MODE gus +o');
  await a.send('MODE gus');
  assert.equal((await a.waitFor('221')).msg.params[1], '+iwB');
  await a.send('MODE gil +i');
  await a.waitFor('502');
  await a.send('MODE gus +Z');
  await a.waitFor('501');
  await a.send('MODE gus -w');
  assert.deepEqual((await a.waitFor('MODE')).msg.params, ['gus', '-w']);
});

test('PRIVMSG/NOTICE: several targets, STATUSMSG, errors, away replies; NOTICE errors are silent', async () => {
  const a = await ts.client('hal');
  const b = await ts.client('hub');
  const c = await ts.client('hex');
  await joinBoth(a, b, '#msgs', 'hub');
  await c.send('JOIN #msgs');
  await a.waitFor(from('hex', 'JOIN'));
  await a.send('MODE #msgs +v hub');
  await c.waitFor('MODE');
  await c.send('PRIVMSG #msgs,hal :to both');
  const got = await a.waitFor((l) => l.msg.command === 'PRIVMSG' && l.msg.params[0] === 'hal');
  assert.equal(got.msg.params[1], 'to both');
  await b.waitFor((l) => l.msg.command === 'PRIVMSG' && l.msg.params[0] === '#msgs');
  await c.send('PRIVMSG +#msgs :voiced and ops');
  assert.deepEqual((await b.waitFor('PRIVMSG')).msg.params, ['+#msgs', 'voiced and ops']);
  await a.waitFor((l) => l.msg.command === 'PRIVMSG' && l.msg.params[0] === '+#msgs');
  await c.send('PRIVMSG @#msgs :ops only');
  await a.waitFor((l) => l.msg.command === 'PRIVMSG' && l.msg.params[0] === '@#msgs');
  await c.send('PRIVMSG nobody :hi');
  assert.equal((await c.waitFor('401')).msg.params[1], 'nobody');
  await c.send('PRIVMSG #nosuch :hi');
  assert.equal((await c.waitFor('403')).msg.params[1], '#nosuch');
  await c.send('PRIVMSG hal');
  await c.waitFor('412');
  await c.send('PRIVMSG');
  await c.waitFor('411');
  await c.send('PRIVMSG a,b,c,d,e :too many');
  assert.equal((await c.waitFor('407')).msg.params[1], 'e');
  await a.send('AWAY :lunch');
  await a.waitFor('306');
  await c.send('PRIVMSG hal :you there?');
  assert.deepEqual((await c.waitFor('301')).msg.params.slice(1), ['hal', 'lunch']);
  await a.send('AWAY');
  await a.waitFor('305');
  await c.send('NOTICE nobody :quiet');
  await c.send('PING :after-notice');
  const lines = await c.collectUntil('PONG');
  assert.ok(!lines.some((l) => l.msg.command === '401'), 'no error reply to a NOTICE');
  await c.send('NOTICE #msgs :a notice');
  assert.deepEqual((await b.waitFor('NOTICE')).msg.params, ['#msgs', 'a notice']);
});

test('NAMES for several channels ends with one 366; NAMES alone lists every visible channel', async () => {
  const a = await ts.client('nia');
  await a.send('JOIN #na1,#na2');
  await a.waitFor((l) => l.msg.command === '366' && l.msg.params[1] === '#na2');
  await a.send('NAMES #na1,#na2');
  const lines = await a.collectUntil('366');
  assert.deepEqual(lines.map((l) => [l.msg.command, l.msg.command === '353' ? l.msg.params[2] : l.msg.params[1]]), [['353', '#na1'], ['353', '#na2'], ['366', '#na1,#na2']]);
  await a.send('NAMES');
  const all = await a.collectUntil('366');
  const rooms = all.filter((l) => l.msg.command === '353').map((l) => l.msg.params[2]);
  assert.ok(rooms.includes('#na1') && rooms.includes('#na2'));
  assert.equal(all.at(-1)!.msg.params[1], '*');
});
