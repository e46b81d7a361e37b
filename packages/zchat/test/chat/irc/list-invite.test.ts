// LIST's time filters (ELIST C and T) against a test clock, and INVITE with no parameters listing the
// caller's pending invitations (336/337), over loopback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IrcClient } from './irc-client.js';
import { useIrcTestServer } from './irc-client.js';

const minute = 60_000;
let clock = Date.UTC(2026, 0, 1);
const ts = useIrcTestServer({}, { now: () => clock });

/** The channel names of one LIST reply, sorted. */
async function listed(c: IrcClient, cmd: string): Promise<string[]> {
  await c.send(cmd);
  const lines = await c.collectUntil('323');
  return lines.filter((l) => l.msg.command === '322').map((l) => l.msg.params[1]!).sort();
}

test('ELIST C and T: created or topic set less / more than n minutes ago; no topic never matches T', async () => {
  const a = await ts.client('timer');
  await a.send('JOIN #old');
  await a.waitFor('366');
  await a.send('TOPIC #old :set early');
  await a.waitFor('TOPIC');
  clock += 2 * minute + 1000;
  await a.send('JOIN #new,#bare');
  await a.waitFor((l) => l.msg.command === '366' && l.msg.params[1] === '#bare');
  await a.send('TOPIC #new :set late');
  await a.waitFor('TOPIC');
  clock += minute;

  assert.deepEqual(await listed(a, 'LIST C>2'), ['#old']);
  assert.deepEqual(await listed(a, 'LIST C<2'), ['#bare', '#new']);
  assert.deepEqual(await listed(a, 'LIST C<0'), []);
  assert.deepEqual(await listed(a, 'LIST C>0'), ['#bare', '#new', '#old']);
  assert.deepEqual(await listed(a, 'LIST T>2'), ['#old']);
  assert.deepEqual(await listed(a, 'LIST T<2'), ['#new']);
  assert.deepEqual(await listed(a, 'LIST T<10'), ['#new', '#old']);
  // Filters combine, and with a mask.
  assert.deepEqual(await listed(a, 'LIST C<10,#n*'), ['#new']);
  // ISUPPORT says so.
  await a.send('VERSION');
  const isupport = (await a.collectUntil((l) => l.msg.command === '005' && l.msg.params.some((p) => p.startsWith('ELIST=')))).at(-1)!;
  assert.ok(isupport.msg.params.includes('ELIST=CMNTU'));
});

test('INVITE alone: 336 per pending invitation, then 337; a join uses the invitation up', async () => {
  const op = await ts.client('inviter');
  const guest = await ts.client('guest');
  await guest.send('INVITE');
  assert.deepEqual((await guest.collectUntil('337')).map((l) => l.raw), [':zchat.local 337 guest :End of /INVITE list']);
  for (const chan of ['#inv1', '#inv2']) {
    await op.send(`JOIN ${chan}`);
    await op.waitFor('366');
    await op.send(`INVITE guest ${chan}`);
    await op.waitFor('341');
    await guest.waitFor('INVITE');
  }
  await guest.send('INVITE');
  assert.deepEqual((await guest.collectUntil('337')).map((l) => l.raw), [
    ':zchat.local 336 guest #inv1',
    ':zchat.local 336 guest #inv2',
    ':zchat.local 337 guest :End of /INVITE list',
  ]);
  await guest.send('JOIN #inv1');
  await guest.waitFor('366');
  await guest.send('INVITE');
  assert.deepEqual((await guest.collectUntil('337')).filter((l) => l.msg.command === '336').map((l) => l.msg.params[1]), ['#inv2']);
  // One parameter is still too few.
  await guest.send('INVITE inviter');
  assert.deepEqual((await guest.waitFor('461')).msg.params.slice(1, 2), ['INVITE']);
});

test('HELPOP answers as HELP does', async () => {
  const c = await ts.client('helper');
  await c.send('HELPOP PRIVMSG');
  const lines = await c.collectUntil('706');
  assert.deepEqual(lines.map((l) => l.msg.command), ['704', '705', '706']);
  assert.equal(lines[0]!.msg.params[1], 'PRIVMSG');
  await c.send('HELPOP NOPE');
  assert.equal((await c.waitFor('524')).msg.params[1], 'NOPE');
});
