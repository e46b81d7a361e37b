// IRC over TLS with a throwaway self-signed certificate made at run time (never committed): an IRC client
// over TLS talks with a plain TCP IRC client in one channel; WHOIS shows the secure connection (671).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestCert, type TestCert } from '../../helpers/cert.js';
import { IrcClient, startIrcTestServer } from './irc-client.js';
import type { IrcTestServer } from './irc-client.js';

let cert: TestCert | null = null;
let ts: IrcTestServer | null = null;
let skip: string | false = false;

before(async () => {
  const made = await makeTestCert();
  if ('skip' in made) {
    skip = made.skip;
    return;
  }
  cert = made;
  ts = await startIrcTestServer({ tls: { key: cert.keyFile, cert: cert.certFile, ircPort: 0, plainPort: null } });
});
after(async () => {
  await ts?.stop();
  await cert?.remove();
});

test('IRC over TLS: register, join, talk with a plain-TCP IRC client', async (t) => {
  if (skip !== false || ts === null || cert === null) {
    t.skip(String(skip));
    return;
  }
  const port = ts.server.addresses.ircTls!.getPort();
  const secure = await IrcClient.connectTls(port, cert.certPem);
  ts.clients.push(secure);
  await secure.handshake('tina', ['server-time']);
  const plain = await ts.client('tom');
  await secure.send('JOIN #tls');
  await secure.waitFor('366');
  await plain.send('JOIN #tls');
  await secure.waitFor('JOIN');
  await plain.send('PRIVMSG #tls :over tcp');
  const got = await secure.waitFor('PRIVMSG');
  assert.deepEqual(got.msg.params, ['#tls', 'over tcp']);
  assert.ok(got.msg.tags.has('time'));
  await secure.send('PRIVMSG #tls :over tls');
  assert.equal((await plain.waitFor('PRIVMSG')).msg.params[1], 'over tls');
  await secure.send('WHOIS tina');
  assert.ok((await secure.collectUntil('318')).some((l) => l.msg.command === '671'));
  await secure.send('QUIT :bye');
  await secure.waitFor('ERROR');
  await secure.waitEnd();
  assert.equal((await plain.waitFor('QUIT')).msg.source, 'tina!tina@127.0.0.1');
});
