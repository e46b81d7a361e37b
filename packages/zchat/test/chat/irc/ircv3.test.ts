// IRCv3 capabilities over loopback, each with a client that has it and one that does not: message-tags,
// server-time, echo-message, multi-prefix, away-notify, userhost-in-names, batch + labeled-response,
// account-tag and extended-join with SASL PLAIN against config accounts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { hashPassword } from '../../../src/chat/password.js';
import { IrcClient, startIrcTestServer } from './irc-client.js';
import type { IrcTestServer } from './irc-client.js';

let ts: IrcTestServer;
before(async () => {
  const password = await hashPassword('sesame', { N: 1024 });
  ts = await startIrcTestServer({ accounts: [{ name: 'jilles', password }, { name: 'foo', password }] });
});
after(async () => {
  await ts.stop();
});

test('message-tags, server-time and echo-message on PRIVMSG; plain clients get no tags', async () => {
  const a = await ts.client('amy', ['message-tags', 'server-time', 'echo-message']);
  const b = await ts.client('ben', ['server-time']);
  const c = await ts.client('cat');
  for (const x of [a, b, c]) {
    await x.send('JOIN #v3');
    await x.waitFor('366');
  }
  await a.send('@+draft/reply=abc PRIVMSG #v3 :tagged');
  const echo = await a.waitFor('PRIVMSG');
  assert.equal(echo.msg.source, 'amy!amy@127.0.0.1');
  assert.equal(echo.msg.tags.get('+draft/reply'), 'abc');
  assert.match(echo.msg.tags.get('time')!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  const msgid = echo.msg.tags.get('msgid')!;
  assert.ok(msgid.length > 0);
  const atB = await b.waitFor('PRIVMSG');
  assert.deepEqual([...atB.msg.tags.keys()], ['time'], 'server-time only: no msgid, no client tags');
  assert.equal(atB.msg.tags.get('time'), echo.msg.tags.get('time'));
  const atC = await c.waitFor('PRIVMSG');
  assert.equal(atC.raw, ':amy!amy@127.0.0.1 PRIVMSG #v3 :tagged');
  await c.send('PRIVMSG #v3 :no echo for me');
  await c.send('PING :sync');
  const mine = await c.collectUntil('PONG');
  assert.ok(!mine.some((l) => l.msg.command === 'PRIVMSG'), 'no echo without echo-message');
});

test('multi-prefix and userhost-in-names change NAMES; away-notify shows AWAY to peers with the cap', async () => {
  const a = await ts.client('dot', ['multi-prefix', 'userhost-in-names', 'away-notify']);
  const b = await ts.client('ed');
  await a.send('JOIN #names3');
  await a.waitFor('366');
  await b.send('JOIN #names3');
  await b.waitFor('366');
  await a.send('MODE #names3 +v dot');
  await a.waitFor('MODE');
  await a.send('NAMES #names3');
  const names = (await a.waitFor('353')).msg.params[3]!.split(' ').sort();
  assert.deepEqual(names, ['@+dot!dot@127.0.0.1', 'ed!ed@127.0.0.1']);
  await b.send('NAMES #names3');
  assert.deepEqual((await b.waitFor('353')).msg.params[3]!.split(' ').sort(), ['@dot', 'ed']);
  await b.send('AWAY :brb');
  const away = await a.waitFor('AWAY');
  assert.equal(away.msg.source, 'ed!ed@127.0.0.1');
  assert.deepEqual(away.msg.params, ['brb']);
  await b.send('AWAY');
  assert.deepEqual((await a.waitFor('AWAY')).msg.params, []);
  await a.send('AWAY :me too');
  await a.waitFor('306');
  await b.send('PING :x');
  const seen = await b.collectUntil('PONG');
  assert.ok(!seen.some((l) => l.msg.command === 'AWAY'), 'no AWAY without away-notify');
});

test('labeled-response: one line tagged, none gives ACK, several come in a BATCH', async () => {
  const a = await ts.client('fay', ['labeled-response', 'batch', 'message-tags']);
  await a.send('@label=one PING :lr');
  const pong = await a.waitFor('PONG');
  assert.equal(pong.msg.tags.get('label'), 'one');
  await a.send('@label=two PONG :nothing');
  const ack = await a.waitFor('ACK');
  assert.equal(ack.msg.tags.get('label'), 'two');
  await a.send('@label=three JOIN #labeled');
  const start = await a.waitFor('BATCH');
  assert.equal(start.msg.tags.get('label'), 'three');
  const ref = start.msg.params[0]!.slice(1);
  assert.equal(start.msg.params[1], 'labeled-response');
  const inner = await a.collectUntil((l) => l.msg.command === 'BATCH' && l.msg.params[0] === `-${ref}`);
  const body = inner.slice(0, -1);
  assert.deepEqual(body.map((l) => l.msg.command), ['JOIN', '353', '366']);
  for (const l of body) assert.equal(l.msg.tags.get('batch'), ref);
  const plain = await ts.client('gil');
  await plain.send('@label=four PING :x');
  const untagged = await plain.waitFor('PONG');
  assert.equal(untagged.msg.tags.size, 0, 'no label without the cap');
});

async function saslLogin(c: IrcClient, user: string, password: string): Promise<void> {
  await c.send('AUTHENTICATE PLAIN');
  assert.deepEqual((await c.waitFor('AUTHENTICATE')).msg.params, ['+']);
  await c.send(`AUTHENTICATE ${Buffer.from(`\0${user}\0${password}`).toString('base64')}`);
}

test('SASL PLAIN: success (900, 903) then account-tag and extended-join; failure 904; abort 906', async () => {
  const c = await IrcClient.connect(ts.ircPort);
  ts.clients.push(c);
  await c.send('CAP LS 302');
  const ls = await c.waitFor('CAP');
  assert.ok(ls.msg.params.at(-1)!.split(' ').includes('sasl=PLAIN'));
  await c.send('CAP REQ :sasl account-tag extended-join');
  await c.waitFor('CAP');
  await c.send('NICK jil');
  await c.send('USER jil 0 * :Jil');
  await saslLogin(c, 'jilles', 'wrong');
  assert.equal((await c.waitFor('904')).msg.params[0], 'jil');
  await c.send('AUTHENTICATE SCRAM-SHA-256');
  assert.deepEqual((await c.waitFor('908')).msg.params.slice(1, 2), ['PLAIN']);
  await c.waitFor('904');
  await c.send('AUTHENTICATE PLAIN');
  await c.waitFor('AUTHENTICATE');
  await c.send('AUTHENTICATE *');
  await c.waitFor('906');
  await saslLogin(c, 'jilles', 'sesame');
  const loggedIn = await c.waitFor('900');
  assert.deepEqual(loggedIn.msg.params.slice(1, 3), ['jil!jil@127.0.0.1', 'jilles']);
  await c.waitFor('903');
  assert.ok(!c.lines.some((l) => l.msg.command === '001'), 'still waiting for CAP END');
  await c.send('CAP END');
  await c.waitFor('001');
  await c.send('AUTHENTICATE PLAIN');
  await c.waitFor('907');

  const watcher = await ts.client('kim', ['account-tag', 'extended-join']);
  await watcher.send('JOIN #acct');
  await watcher.waitFor('366');
  await c.send('JOIN #acct');
  const join = await watcher.waitFor('JOIN');
  assert.deepEqual(join.msg.params, ['#acct', 'jilles', 'Jil']);
  await c.send('PRIVMSG #acct :hello');
  const pm = await watcher.waitFor('PRIVMSG');
  assert.equal(pm.msg.tags.get('account'), 'jilles');
  await watcher.send('WHOIS jil');
  assert.deepEqual((await watcher.waitFor('330')).msg.params, ['kim', 'jil', 'jilles', 'is logged in as']);
  const anon = await ts.client('lee');
  await anon.send('JOIN #acct');
  const anonJoin = await watcher.waitFor('JOIN');
  assert.deepEqual(anonJoin.msg.params, ['#acct', '*', 'lee real']);
});
