// The plain-text protocol over TLS, with a throwaway certificate made at run time: two TLS clients and a plain TCP
// client share #lobby; a client that does not trust the certificate is refused and the server carries on.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { NetError, tlsConnectToHost } from 'znet';
import { makeTestCert, type TestCert } from '../../helpers/cert.js';
import { LineClient } from '../helpers/line-client.js';
import { startTestServer, type TestServer } from '../helpers/server-fixture.js';

let cert: TestCert | null = null;
let ts: TestServer | null = null;
let skip: string | false = false;
const closers: { close(): void }[] = [];

before(async () => {
  const made = await makeTestCert();
  if ('skip' in made) {
    skip = made.skip;
    return;
  }
  cert = made;
  ts = await startTestServer({ tls: { key: cert.keyFile, cert: cert.certFile, plainPort: 0 } });
});
after(async () => {
  for (const c of closers) c.close();
  await ts?.server.close();
  await cert?.remove();
});

function tlsPort(): number {
  return ts!.server.addresses.plainTls!.getPort();
}

test('two TLS clients and a plain TCP client talk in #lobby', async (t) => {
  if (skip !== false || ts === null || cert === null) return t.skip(String(skip));
  assert.notEqual(tlsPort(), ts.port, 'the TLS listener is its own port');
  const tcp = await LineClient.login(ts.port, 'cal');
  closers.push(tcp);
  const ann = await LineClient.login(tlsPort(), 'ann', { ca: cert.certPem });
  closers.push(ann);
  await tcp.waitFor('ann has joined.');
  const ben = await LineClient.login(tlsPort(), 'ben', { ca: cert.certPem });
  closers.push(ben);
  await tcp.waitFor('ben has joined.');
  await ann.waitFor('ben has joined.');

  await ann.send('hello over tls');
  assert.equal(await ben.waitFor('ann: hello over tls'), 'ann: hello over tls');
  await tcp.waitFor('ann: hello over tls');
  await tcp.send('hello over tcp');
  await ann.waitFor('cal: hello over tcp');
  await ben.waitFor('cal: hello over tcp');
  await ben.send('/who');
  await ben.waitFor((l) => /^In #lobby \(3\): /.test(l) && ['ann', 'ben', 'cal'].every((n) => l.includes(n)));

  await ben.send('/quit gone');
  await tcp.waitFor('ben has left (gone).');
  await ann.waitFor('ben has left (gone).');
});

test('a TLS client that does not trust the certificate is refused; the server carries on', async (t) => {
  if (skip !== false || ts === null || cert === null) return t.skip(String(skip));
  await assert.rejects(tlsConnectToHost('127.0.0.1', tlsPort(), { timeoutMs: 5_000 }), (err: unknown) => err instanceof NetError && err.code === 'TlsCertificateNotVerified');
  const dee = await LineClient.login(tlsPort(), 'dee', { ca: cert.certPem });
  closers.push(dee);
  await dee.send('/who');
  await dee.waitFor((l) => l.startsWith('In #lobby') && l.includes('dee'));
});
