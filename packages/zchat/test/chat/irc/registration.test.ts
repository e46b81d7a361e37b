// IRC registration, CAP negotiation, PING/PONG, timeouts and input faults over loopback sockets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IrcClient, startIrcTestServer, useIrcTestServer } from './irc-client.js';

const ts = useIrcTestServer({ motd: ['Hello there.', 'Second line.'] });

async function raw(): Promise<IrcClient> {
  const c = await IrcClient.connect(ts.ircPort);
  ts.clients.push(c);
  return c;
}

test('NICK + USER gives 001-005, LUSERS and the MOTD', async () => {
  const c = await raw();
  await c.send('NICK alice');
  await c.send('USER al 0 * :Alice Liddell');
  const burst = await c.collectUntil('376');
  const commands = burst.map((l) => l.msg.command);
  for (const code of ['001', '002', '003', '004', '005', '251', '252', '253', '254', '255', '265', '266', '375', '372', '376']) {
    assert.ok(commands.includes(code), `missing ${code} in ${commands.join(' ')}`);
  }
  const welcome = burst.find((l) => l.msg.command === '001')!;
  assert.equal(welcome.msg.source, 'zchat.local');
  assert.equal(welcome.msg.params[0], 'alice');
  assert.match(welcome.msg.params[1]!, /alice!al@127\.0\.0\.1$/);
  const isupport = burst.filter((l) => l.msg.command === '005').flatMap((l) => l.msg.params.slice(1, -1));
  for (const token of ['CASEMAPPING=rfc1459', 'CHANTYPES=#', 'PREFIX=(ov)@+', 'CHANMODES=beI,k,l,Cimnst', 'NETWORK=zchat', 'STATUSMSG=@+', 'EXCEPTS=e', 'INVEX=I', 'BOT=B']) {
    assert.ok(isupport.includes(token), token);
  }
  assert.deepEqual(burst.filter((l) => l.msg.command === '372').map((l) => l.msg.params[1]), ['- Hello there.', '- Second line.']);
});

test('CAP LS 302 holds registration until CAP END; REQ is all or nothing; LIST shows the enabled caps', async () => {
  const c = await raw();
  await c.send('CAP LS 302');
  await c.send('NICK bob');
  await c.send('USER bob 0 * :Bob');
  const ls = await c.waitFor('CAP');
  assert.deepEqual(ls.msg.params.slice(0, 2), ['*', 'LS']);
  const offered = ls.msg.params.at(-1)!.split(' ');
  assert.ok(offered.includes('message-tags') && offered.includes('labeled-response'));
  assert.ok(!offered.some((x) => x.startsWith('sasl')), 'sasl is offered only with accounts');
  await c.send('CAP REQ :multi-prefix bogus-cap');
  const nak = await c.waitFor('CAP');
  assert.deepEqual(nak.msg.params.slice(1), ['NAK', 'multi-prefix bogus-cap']);
  await c.send('CAP REQ :multi-prefix server-time');
  const ack = await c.waitFor('CAP');
  assert.deepEqual(ack.msg.params.slice(1), ['ACK', 'multi-prefix server-time']);
  await c.send('CAP REQ :-cap-notify');
  assert.equal((await c.waitFor('CAP')).msg.params[1], 'NAK', 'cap-notify is sticky for 302 clients');
  await c.send('CAP LIST');
  const list = await c.waitFor('CAP');
  assert.deepEqual(list.msg.params.at(-1)!.split(' ').sort(), ['cap-notify', 'multi-prefix', 'server-time']);
  await c.send('PING :before-end');
  await c.waitFor('PONG');
  assert.ok(!c.lines.some((l) => l.msg.command === '001'), 'no welcome before CAP END');
  await c.send('CAP END');
  await c.waitFor('001');
  await c.send('CAP FROB');
  const bad = await c.waitFor('410');
  assert.deepEqual(bad.msg.params.slice(0, 2), ['bob', 'FROB']);
});

test('PING, unknown commands, commands before registration, missing parameters', async () => {
  const c = await raw();
  await c.send('PING :token with spaces');
  const pong = await c.waitFor('PONG');
  assert.deepEqual(pong.msg.params, ['zchat.local', 'token with spaces']);
  await c.send('JOIN #x');
  assert.deepEqual((await c.waitFor('451')).msg.params, ['*', 'You have not registered']);
  await c.send('FROBNICATE');
  assert.equal((await c.waitFor('421')).msg.params[1], 'FROBNICATE');
  await c.send('USER onlyone');
  assert.deepEqual((await c.waitFor('461')).msg.params.slice(1), ['USER', 'Not enough parameters']);
  await c.send('NICK 9bad');
  assert.equal((await c.waitFor('432')).msg.params[1], '9bad');
  await c.send('NICK');
  await c.waitFor('431');
  await c.handshake('carol');
  await c.send('USER again 0 * :x');
  await c.waitFor('462');
  await c.send('PING');
  assert.equal((await c.waitFor('461')).msg.params[1], 'PING');
});

test('nick collisions and nick changes', async () => {
  const a = await ts.client('dave');
  const b = await raw();
  await b.send('NICK DAVE');
  assert.deepEqual((await b.waitFor('433')).msg.params.slice(0, 2), ['*', 'DAVE']);
  await b.handshake('erin');
  await a.send('JOIN #nicks');
  await b.send('JOIN #nicks');
  await a.waitFor((l) => l.msg.command === 'JOIN' && l.msg.source!.startsWith('erin!'));
  await b.send('NICK erin2');
  const seenByA = await a.waitFor('NICK');
  assert.equal(seenByA.msg.source, 'erin!erin@127.0.0.1');
  assert.deepEqual(seenByA.msg.params, ['erin2']);
  await b.waitFor((l) => l.msg.command === 'NICK' && l.msg.params[0] === 'erin2');
  await b.send('NICK dave');
  await b.waitFor('433');
});

test('QUIT: ERROR to the client, QUIT to its channels', async () => {
  const a = await ts.client('fred');
  const b = await ts.client('gina');
  await a.send('JOIN #quit');
  await b.send('JOIN #quit');
  await a.waitFor((l) => l.msg.command === 'JOIN' && l.msg.source!.startsWith('gina!'));
  await b.send('QUIT :see you');
  const err = await b.waitFor('ERROR');
  assert.match(err.msg.params[0]!, /Quit: see you/);
  await b.waitEnd();
  const q = await a.waitFor('QUIT');
  assert.equal(q.msg.source, 'gina!gina@127.0.0.1');
  assert.deepEqual(q.msg.params, ['Quit: see you']);
});

test('over-long lines get 417 and the connection stays; invalid UTF-8 gets FAIL INVALID_UTF8', async () => {
  const c = await ts.client('hank');
  await c.send(`PRIVMSG hank :${'x'.repeat(600)}`);
  await c.waitFor('417');
  await c.send(`@${'a'.repeat(5000)} PING x`);
  await c.waitFor('417');
  await c.sendRaw(new Uint8Array([...Buffer.from('PRIVMSG hank :'), 0xff, 0xfe, 0x0d, 0x0a]));
  const fail = await c.waitFor('FAIL');
  assert.deepEqual(fail.msg.params.slice(0, 2), ['PRIVMSG', 'INVALID_UTF8']);
  await c.send('PING :still-here');
  assert.equal((await c.waitFor('PONG')).msg.params[1], 'still-here');
});

test('an HTTP request before registration is refused and closed', async () => {
  const c = await raw();
  await c.send('GET / HTTP/1.1');
  await c.waitFor('ERROR');
  await c.waitEnd();
});

test('a malformed line (NUL) closes the connection with ERROR', async () => {
  const c = await ts.client('ivan');
  await c.sendRaw('PRIVMSG ivan :a\0b\r\n');
  await c.waitFor('ERROR');
  await c.waitEnd();
});

test('registration timeout and server PING timeout', async () => {
  const t = await startIrcTestServer({ limits: { registrationTimeoutMs: 150, pingIntervalMs: 150 } });
  try {
    const slow = await IrcClient.connect(t.ircPort);
    t.clients.push(slow);
    await slow.send('NICK slow');
    const err = await slow.waitFor('ERROR');
    assert.match(err.msg.params[0]!, /Registration timed out/);
    await slow.waitEnd();
    const quiet = await t.client('quiet');
    const ping = await quiet.waitFor('PING');
    assert.deepEqual(ping.msg.params, ['zchat.local']);
    const timeout = await quiet.waitFor('ERROR');
    assert.match(timeout.msg.params[0]!, /Ping timeout/);
    await quiet.waitEnd();
    const alive = await t.client('alive');
    for (let i = 0; i < 2; i++) {
      const p = await alive.waitFor('PING');
      await alive.send(`PONG :${p.msg.params[0]}`);
    }
    assert.ok(!alive.ended, 'a client answering PINGs stays');
  } finally {
    await t.stop();
  }
});

test('connection limit per IP: a clear ERROR, then close', async () => {
  const t = await startIrcTestServer({ limits: { maxConnectionsPerIp: 2 } });
  try {
    await t.client('one');
    await t.client('two');
    const third = await IrcClient.connect(t.ircPort);
    t.clients.push(third);
    const err = await third.waitFor('ERROR');
    assert.match(err.msg.params[0]!, /Too many connections/);
    await third.waitEnd();
  } finally {
    await t.stop();
  }
});

test('flood control delays lines (all answered, in order) and disconnects past the queue bound', async () => {
  const t = await startIrcTestServer({ limits: { floodPerSecond: 50, floodBurst: 2, floodMaxQueuedLines: 5 } });
  try {
    const c = await t.client('steady');
    // NAMES takes a token (PING, WHO and MODE queries do not: see flood-defaults.test.ts).
    await c.sendRaw(Array.from({ length: 5 }, (_, i) => `NAMES #p${i}\r\n`).join(''));
    for (let i = 0; i < 5; i++) assert.equal((await c.waitFor('366')).msg.params[1], `#p${i}`);
    const f = await t.client('flooder');
    await f.sendRaw(Array.from({ length: 40 }, (_, i) => `NAMES #f${i}\r\n`).join(''));
    const err = await f.waitFor('ERROR');
    assert.match(err.msg.params[0]!, /Excess Flood/);
    await f.waitEnd();
  } finally {
    await t.stop();
  }
});
