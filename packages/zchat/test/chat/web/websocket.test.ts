// IRC over WebSocket (issue 11): both subprotocols, one line per message, the same sessions as TCP IRC
// and plain users, and the bad cases: long lines, invalid UTF-8, oversized messages, wrong paths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useIrcTestServer } from '../irc/irc-client.js';
import { UpgradeRefused, WsClient } from './ws-client.js';

const ts = useIrcTestServer({ web: { maxMessageBytes: 16_384 } });
const webPort = (): number => ts.server.addresses.web!.getPort();

test('text.ircv3.net: a WebSocket user, an IRC user and a plain user share #lobby', async () => {
  const w = await WsClient.register(webPort(), 'webby');
  try {
    assert.equal(w.ws.protocol, 'text.ircv3.net');
    const irc = await ts.client('ircy');
    const plain = await ts.plain('plainy');
    w.send('JOIN #lobby');
    await w.waitFor('366');
    await irc.send('JOIN #lobby');
    await w.waitFor((l) => l.msg.command === 'JOIN' && l.raw.startsWith(':ircy!'));
    w.send('PRIVMSG #lobby :hello from a browser');
    await irc.waitFor((l) => l.raw.endsWith('PRIVMSG #lobby :hello from a browser'));
    await plain.waitFor(/webby.*hello from a browser/);
    await irc.send('PRIVMSG #lobby :hi web');
    const got = await w.waitFor('PRIVMSG');
    assert.equal(got.raw, ':ircy!ircy@127.0.0.1 PRIVMSG #lobby :hi web');
    assert.equal(got.binary, false);
    await plain.send('and hi from nc');
    await w.waitFor((l) => l.msg.command === 'PRIVMSG' && l.msg.params[1] === 'and hi from nc');
    // One line per message: no CR LF inside any message.
    assert.ok(w.lines.every((l) => !/[\r\n]/.test(l.raw)));
  } finally {
    w.close();
  }
});

test('binary.ircv3.net: binary frames both ways; no subprotocol means text; an unknown one gets none', async () => {
  const b = await WsClient.register(webPort(), 'binny', ['binary.ircv3.net']);
  const t = await WsClient.register(webPort(), 'plainws', []);
  try {
    assert.equal(b.ws.protocol, 'binary.ircv3.net');
    assert.ok(b.lines.every((l) => l.binary));
    assert.equal(t.ws.protocol, '');
    assert.ok(t.lines.every((l) => !l.binary));
    b.send(Buffer.from('PRIVMSG plainws :caf\u00e9 \u2603\r\n'), true);
    const got = await t.waitFor('PRIVMSG');
    assert.equal(got.msg.params[1], 'caf\u00e9 \u2603');
  } finally {
    b.close();
    t.close();
  }
  await assert.rejects(WsClient.connect(webPort(), ['x.example']), (e: unknown) => e instanceof Error);
});

test('a line over the IRC limit gets 417 as on TCP and the connection stays; a message over web.maxMessageBytes closes with 1009', async () => {
  const w = await WsClient.register(webPort(), 'longy');
  try {
    w.send(`PRIVMSG #lobby :${'x'.repeat(9000)}`);
    await w.waitFor('417');
    w.send('PING :still');
    await w.waitFor('PONG');
    w.send(`PRIVMSG #lobby :${'x'.repeat(20_000)}`);
    assert.equal(await w.closed(), 1009);
  } finally {
    w.close();
  }
});

test('invalid UTF-8 in a text frame closes with 1007; in a binary frame it is a FAIL INVALID_UTF8 and the connection stays', async () => {
  const w = await WsClient.register(webPort(), 'utfy');
  const b = await WsClient.register(webPort(), 'utfb', ['binary.ircv3.net']);
  try {
    // ws refuses to send invalid text, so write the frame by hand: FIN+text, unmasked length, masked payload.
    const payload = Buffer.from([0x50, 0x49, 0x4e, 0x47, 0x20, 0xff, 0xfe]);
    const mask = Buffer.from([1, 2, 3, 4]);
    const masked = Buffer.from(payload.map((c, i) => c ^ mask[i % 4]!));
    const socket = (w.ws as unknown as { _socket: { write(b: Buffer): void } })._socket;
    socket.write(Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, masked]));
    assert.equal(await w.closed(), 1007);
    b.send(Buffer.from([0x50, 0x52, 0x49, 0x56, 0x4d, 0x53, 0x47, 0x20, 0x75, 0x74, 0x66, 0x79, 0x20, 0x3a, 0xff]), true);
    await b.waitFor((l) => l.msg.command === 'FAIL' && l.msg.params.includes('INVALID_UTF8'));
    b.send('PING :alive');
    await b.waitFor('PONG');
  } finally {
    w.close();
    b.close();
  }
});

test('upgrades only at /: another path is a 404', async () => {
  await assert.rejects(WsClient.connect(webPort(), ['text.ircv3.net'], {}, '/irc'), (e: unknown) => e instanceof UpgradeRefused && e.status === 404);
});

test('the WebSocket user is an IRC session like any other: CAP, echo-message, WHOIS with its IP', async () => {
  const w = await WsClient.connect(webPort());
  try {
    w.send('CAP LS 302');
    await w.waitFor((l) => l.msg.command === 'CAP' && l.msg.params[1] === 'LS');
    w.send('CAP REQ :echo-message message-tags');
    await w.waitFor((l) => l.msg.command === 'CAP' && l.msg.params[1] === 'ACK');
    w.send('NICK capsy');
    w.send('USER capsy 0 * :real');
    w.send('CAP END');
    await w.waitFor('001');
    w.send('PRIVMSG capsy :to me');
    await w.waitFor((l) => l.msg.command === 'PRIVMSG' && l.msg.params[1] === 'to me');
    w.send('WHOIS capsy');
    const who = await w.waitFor('311');
    assert.equal(who.msg.params[3], '127.0.0.1');
  } finally {
    w.close();
  }
});
