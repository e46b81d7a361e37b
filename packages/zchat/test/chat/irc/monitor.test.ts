// MONITOR over loopback: + / - / C / L / S, 730/731 on registration, nick changes and quits (IRC and
// plain-text users alike), ERR_MONLISTFULL, ISUPPORT MONITOR, and extended-monitor AWAY/SETNAME.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineClient } from '../helpers/line-client.js';
import { IrcClient, useIrcTestServer } from './irc-client.js';

// A lowered limits.monitorEntries (default 100): ISUPPORT MONITOR and ERR_MONLISTFULL follow the config.
const maxMonitorTargets = 5;
const ts = useIrcTestServer({ limits: { monitorEntries: maxMonitorTargets } });

test('ISUPPORT MONITOR, + reports status, L lists, - and C remove, S shows status', async () => {
  const c = await IrcClient.connect(ts.ircPort);
  ts.clients.push(c);
  await c.send('NICK mona');
  await c.send('USER mona 0 * :Mona');
  const isupport = (await c.collectUntil('376')).filter((l) => l.msg.command === '005').flatMap((l) => l.msg.params);
  assert.ok(isupport.includes(`MONITOR=${maxMonitorTargets}`));
  const bob = await ts.client('Bob');

  await c.send('MONITOR + bob,Carl,*!*@*');
  assert.deepEqual(await c.drain(), [
    ':zchat.local 730 mona :Bob!Bob@127.0.0.1',
    ':zchat.local 731 mona :Carl',
  ]);
  await c.send('MONITOR L');
  assert.deepEqual(await c.drain(), [':zchat.local 732 mona :bob,Carl', ':zchat.local 733 mona :End of MONITOR list']);
  await c.send('MONITOR - carl');
  assert.deepEqual(await c.drain(), []);
  await c.send('MONITOR S');
  assert.deepEqual(await c.drain(), [':zchat.local 730 mona :Bob!Bob@127.0.0.1']);
  await c.send('MONITOR C');
  await c.send('MONITOR L');
  assert.deepEqual(await c.drain(), [':zchat.local 733 mona :End of MONITOR list']);
  await c.send('MONITOR +');
  await c.send('MONITOR X');
  const errors = await c.drain();
  assert.match(errors[0]!, / 461 mona MONITOR :/);
  assert.match(errors[1]!, / 400 mona MONITOR X :/);
  bob.close();
});

test('watchers hear IRC and plain users come online, change nick and quit', async () => {
  const w = await ts.client('watch1');
  await w.send('MONITOR + quinn,rex');
  assert.equal((await w.drain()).length, 1, 'one 731 for both offline nicks');

  const q = await ts.client('quinn');
  assert.deepEqual(await w.drain(), [':zchat.local 730 watch1 :quinn!quinn@127.0.0.1']);
  await q.send('NICK QUINN');
  await q.drain();
  assert.deepEqual(await w.drain(), [], 'no news for a case change');
  await q.send('NICK rex');
  await q.drain();
  assert.deepEqual(await w.drain(), [':zchat.local 731 watch1 :QUINN', ':zchat.local 730 watch1 :rex!quinn@127.0.0.1']);
  await q.send('QUIT :bye');
  await w.waitFor('731');

  const plain = await LineClient.login(ts.plainPort, 'quinn');
  try {
    assert.deepEqual(await w.drain(), [':zchat.local 730 watch1 :quinn!quinn@127.0.0.1']);
  } finally {
    plain.close();
  }
  const off = await w.waitFor('731');
  assert.equal(off.msg.params[1], 'quinn');
});

test('ERR_MONLISTFULL past the limit; the nicks before it are added', async () => {
  const w = await ts.client('fullw');
  const nicks = Array.from({ length: maxMonitorTargets + 2 }, (_, i) => `n${i}`);
  await w.send(`MONITOR + ${nicks.join(',')}`);
  const lines = await w.drain();
  const full = lines.filter((l) => / 734 /.test(l));
  assert.deepEqual(full, [`:zchat.local 734 fullw ${maxMonitorTargets} n${maxMonitorTargets},n${maxMonitorTargets + 1} :Monitor list is full.`]);
  await w.send('MONITOR L');
  const listed = (await w.drain()).filter((l) => / 732 /.test(l)).flatMap((l) => l.split(' :')[1]!.split(','));
  assert.equal(listed.length, maxMonitorTargets);
  for (const l of lines) assert.ok(Buffer.byteLength(l) <= 510, 'every reply fits a line');
});

test('extended-monitor: AWAY and SETNAME of a watched user sharing no channel, only with the caps', async () => {
  const ext = await ts.client('extw', ['extended-monitor', 'away-notify', 'setname']);
  const bare = await ts.client('barew', ['away-notify', 'setname']);
  const peer = await ts.client('peerw', ['extended-monitor', 'away-notify']);
  const target = await ts.client('tgt', ['setname']);
  for (const c of [peer, target]) {
    await c.send('JOIN #extmon');
    await c.waitFor('366');
  }
  for (const c of [ext, bare, peer]) {
    await c.send('MONITOR + tgt');
    await c.drain();
  }
  await peer.drain();
  await target.send('AWAY :afk');
  await target.waitFor('306');
  assert.deepEqual(await ext.drain(), [':tgt!tgt@127.0.0.1 AWAY :afk']);
  assert.deepEqual(await bare.drain(), [], 'no extended-monitor, no AWAY');
  assert.deepEqual(await peer.drain(), [':tgt!tgt@127.0.0.1 AWAY :afk'], 'a channel peer gets it once');
  await target.send('SETNAME :New Name');
  await target.waitFor('SETNAME');
  assert.deepEqual(await ext.drain(), [':tgt!tgt@127.0.0.1 SETNAME :New Name']);
  assert.deepEqual(await peer.drain(), [], 'peer has no setname cap');
  assert.deepEqual(await bare.drain(), []);
});
