// Every plain-text command over real loopback sockets, room isolation and private messages.
/* eslint-disable no-control-regex -- these tests look for the ANSI colour sequences themselves */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { LineClient } from '../helpers/line-client.js';
import { startTestServer } from '../helpers/server-fixture.js';
import type { TestServer } from '../helpers/server-fixture.js';

let ts: TestServer;
const clients: LineClient[] = [];
before(async () => {
  ts = await startTestServer();
});
after(async () => {
  for (const c of clients) c.close();
  await ts.server.close();
});

async function login(name: string): Promise<LineClient> {
  const c = await LineClient.login(ts.port, name);
  clients.push(c);
  return c;
}

test('plain lines go to the other members only; /echo on returns them', async () => {
  const a = await login('ann');
  const b = await login('ben');
  await a.waitFor('ben has joined.');
  await a.send('hello all');
  assert.equal(await b.waitFor(/^ann:/), 'ann: hello all');
  await a.send('/echo on');
  await a.waitFor('echo is on.');
  await a.send('again');
  await a.waitFor('ann: again');
  await b.waitFor('ann: again');
  await a.send('/echo off');
  await a.waitFor('echo is off.');
  await a.send('/echo maybe');
  await a.waitFor('error: Say /echo on or /echo off.');
  a.close();
  b.close();
});

test('/join creates and switches, /part, /rooms, /who, cross-room isolation', async () => {
  const a = await login('cat');
  const b = await login('dan');
  await a.send('/join dev');
  await a.waitFor('You are in #dev. #dev has no topic.');
  await a.waitFor('In #dev (1): @cat');
  await a.send('only dev hears this');
  await b.send('only lobby hears this');
  await a.waitFor('[#lobby] dan: only lobby hears this');
  await b.send('/join #dev');
  await b.waitFor('In #dev (2): @cat, dan');
  await a.waitFor('dan has joined.');
  assert.ok(!b.lines.some((l) => l.includes('only dev hears this')), 'messages before joining never reach the newcomer');
  await a.send('/rooms');
  await a.waitFor(/^Rooms \(\d+\):$/);
  await a.waitFor(/^\* #dev \(2\)$/);
  await a.send('/who #lobby');
  await a.waitFor(/^In #lobby \(\d+\): .*cat.*dan/);
  await a.send('/who');
  await a.waitFor('In #dev (2): @cat, dan');
  await a.send('/join #lobby');
  await a.waitFor('Now talking in #lobby.');
  await a.send('/part #dev bye dev');
  await a.waitFor('You left #dev.');
  await b.waitFor('cat has left (bye dev).');
  await b.send('/part');
  await b.waitFor('You left #dev.');
  await b.waitFor('Now talking in #lobby.');
  await a.send('/part #dev');
  await a.waitFor(/^error: No such room: #dev/);
  await a.send('/join bad,name');
  await a.waitFor(/^error: No such room: #bad,name/);
  await a.send('/who #nowhere');
  await a.waitFor(/^error: No such room/);
  a.close();
  b.close();
});

test('/msg, /me, /notice, /away replies, /whois', async () => {
  const a = await login('eve');
  const b = await login('fay');
  await a.send('/msg FAY psst');
  assert.equal(await b.waitFor(/psst/), '[private] eve: psst');
  await a.send('/msg nobody hi');
  await a.waitFor('error: No such user: nobody.');
  await a.send('/msg fay');
  await a.waitFor('error: Usage: /msg name text');
  await a.send('/me waves');
  await b.waitFor('* eve waves');
  await a.send('/notice fay careful');
  await b.waitFor('[private notice] eve: careful');
  await b.send('/away lunch');
  await b.waitFor('You are marked as away.');
  await a.send('/msg fay you there?');
  await a.waitFor('fay is away: lunch');
  await b.send('/away');
  await b.waitFor('You are no longer marked as away.');
  await a.send('/whois fay');
  await a.waitFor(/^fay \(plain\) from 127\.0\.0\.1/);
  await a.waitFor(/rooms: #lobby/);
  await a.send('/echo on');
  await a.send('/msg fay echoed');
  await a.waitFor('[to fay] eve: echoed');
  a.close();
  b.close();
});

test('/nick, /topic, /kick, /invite, /color, /help, unknown commands', async () => {
  const a = await login('gus');
  await a.send('/join #gus');
  await a.waitFor('In #gus (1): @gus');
  const b = await login('hal');
  await b.send('/join #gus');
  await b.waitFor('In #gus (2): @gus, hal');
  await a.send('/nick gus2');
  await a.waitFor('gus is now known as gus2.');
  await b.waitFor('gus is now known as gus2.');
  await a.send('/nick hal');
  await a.waitFor('error: The name hal is taken.');
  await a.send('/nick 1bad');
  await a.waitFor(/not a valid name/);
  await a.send('/topic Plans for today');
  await b.waitFor('gus2 set the topic of #gus: Plans for today');
  await b.send('/topic');
  await b.waitFor('Topic of #gus: Plans for today');
  await b.send('/topic mine now');
  await b.waitFor('error: You need to be an operator of #gus.');
  await b.send('/kick gus2');
  await b.waitFor('error: You need to be an operator of #gus.');
  await a.send('/kick hal be nice');
  await b.waitFor('hal was kicked from #gus by gus2 (be nice).');
  await b.waitFor('Now talking in #lobby.');
  await a.send('/invite hal');
  await a.waitFor('Invited hal to #gus.');
  await b.waitFor('gus2 invites you to #gus (type /join #gus).');
  await a.send('/color on');
  await a.waitFor('color is on.');
  await b.send('/join #gus');
  await a.waitFor(/\x1b\[2mhal has joined\.\x1b\[0m/);
  await b.send('coloured?');
  await a.waitFor(/\x1b\[1;3\dmhal\x1b\[0m: coloured\?/);
  await a.send('/help');
  await a.waitFor(/^Type a line to talk/);
  await a.waitFor(/^ {2}\/msg name text +Send a private message\.$/);
  await a.send('/frobnicate now');
  await a.waitFor('error: Unknown command /frobnicate. Type /help for the list.');
  await a.send('/join');
  await a.waitFor('error: Usage: /join #room [key]');
  await a.send('still connected');
  await b.waitFor(/gus2.*: still connected/);
  a.close();
  b.close();
});

test('a plain user obeys room modes set by an operator (+k, +m)', async () => {
  const op = await login('ivy');
  await op.send('/join #locked');
  await op.waitFor('In #locked (1): @ivy');
  const opUser = ts.server.core.findUser('ivy')!;
  assert.ok(ts.server.core.setRoomModes(opUser, '#locked', [{ mode: 'key', set: true, param: 'pw' }, { mode: 'moderated', set: true }]).ok);
  const u = await login('jon');
  await u.send('/join #locked');
  await u.waitFor('error: #locked needs the right key: /join #locked <key>.');
  await u.send('/join #locked pw');
  await u.waitFor('In #locked (2): @ivy, jon');
  await u.send('can I talk?');
  await u.waitFor('error: You cannot talk in #locked (moderated, banned, or not a member).');
  op.close();
  u.close();
});
