// IRC over TLS with a throwaway self-signed certificate made at run time (never committed): an IRC client
// over TLS talks with a plain TCP IRC client in one channel; WHOIS shows the secure connection (671).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IrcClient, startIrcTestServer } from './irc-client.js';
import type { IrcTestServer } from './irc-client.js';

let dir = '';
let ts: IrcTestServer | null = null;
let skip: string | false = false;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zchat-irc-tls-'));
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' });
  } catch {
    skip = 'openssl is not available to make a test certificate';
    return;
  }
  ts = await startIrcTestServer({ tls: { key, cert, ircPort: 0, plainPort: null } });
});
after(async () => {
  await ts?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('IRC over TLS: register, join, talk with a plain-TCP IRC client', async (t) => {
  if (skip !== false || ts === null) {
    t.skip(String(skip));
    return;
  }
  const port = ts.server.addresses.ircTls!.getPort();
  const ca = readFileSync(join(dir, 'cert.pem'), 'utf8');
  const secure = await IrcClient.connectTls(port, ca);
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
