// Replies of many lines leave the session as one buffer, and stay in order with deliveries made in the
// same command: the session gathers `send` lines and hands them over before the next delivery.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Stream } from 'znet';
import { IrcClient, startIrcTestServer } from './irc-client.js';
import type { IrcTestServer } from './irc-client.js';

/** Every writev made in this process: the text of each buffer handed over in one call. */
const writes: string[][] = [];
const originalWritev = Stream.prototype.writev;

let ts: IrcTestServer;
before(async () => {
  Stream.prototype.writev = function (this: Stream, iovecs: readonly Uint8Array[]) {
    writes.push(iovecs.map((v) => Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('utf8')));
    return originalWritev.call(this, iovecs);
  };
  ts = await startIrcTestServer({ motd: ['One.', 'Two.'] });
});
after(async () => {
  Stream.prototype.writev = originalWritev;
  await ts.stop();
});

test('the welcome burst (001 through 376) is one buffer in one write', async () => {
  writes.length = 0;
  const c = await IrcClient.connect(ts.ircPort);
  ts.clients.push(c);
  await c.send('NICK coal');
  await c.send('USER c 0 * :C');
  await c.collectUntil('376');
  const burst = writes.find((w) => w.some((b) => b.includes(' 001 coal ')));
  assert.ok(burst !== undefined, 'the burst went through writev');
  assert.equal(burst.length, 1, `one buffer, not ${burst.length}`);
  const codes = burst[0]!.split('\r\n').filter((l) => l !== '').map((l) => l.split(' ')[1]);
  assert.deepEqual(codes.slice(0, 4), ['001', '002', '003', '004']);
  assert.equal(codes[codes.length - 1], '376');
});

test('replies and deliveries of one command keep their order (JOIN #a,#b: JOIN, names, JOIN, names)', async () => {
  const c = await ts.client('ordr');
  await c.send('JOIN #ca,#cb');
  const lines = await c.collectUntil((l) => l.msg.command === '366' && l.msg.params[1] === '#cb');
  const seq = lines
    .filter((l) => ['JOIN', '353', '366'].includes(l.msg.command))
    .map((l) => `${l.msg.command} ${l.msg.command === 'JOIN' ? l.msg.params[0] : l.msg.params[l.msg.command === '353' ? 2 : 1]}`);
  assert.deepEqual(seq, ['JOIN #ca', '353 #ca', '366 #ca', 'JOIN #cb', '353 #cb', '366 #cb']);
});

test('ERROR is sent before the connection closes on QUIT', async () => {
  const c = await ts.client('quitter');
  await c.send('QUIT :bye');
  const err = await c.waitFor('ERROR');
  assert.match(err.msg.params[0]!, /bye|Quit/i);
  await c.done;
});
