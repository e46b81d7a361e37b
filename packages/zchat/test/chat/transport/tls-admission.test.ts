// TLS handshakes count as connections from accept (issue 16): stalled handshakes from one address stop at
// limits.maxConnectionsPerIp, each is dropped after limits.tlsHandshakeTimeoutMs, and the slots come back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Address, tcpConnectToAddress, tlsConnectToHost, type Stream } from 'znet';
import { makeTestCert } from '../../helpers/cert.js';
import { startTestServer } from '../helpers/server-fixture.js';

/** Resolves true once the server has closed `s` (read gives 0 or fails), false if still open after `ms`. */
async function closedWithin(s: Stream, ms: number): Promise<boolean> {
  const buf = new Uint8Array(64);
  let timer: NodeJS.Timeout | undefined;
  const read = s.read(buf).then(() => true, () => true);
  const late = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms)));
  try {
    return await Promise.race([read, late]);
  } finally {
    clearTimeout(timer);
  }
}

test('stalled TLS handshakes from one address: counted from accept, refused past the limit, released at the timeout', async (t) => {
  const cert = await makeTestCert();
  if ('skip' in cert) return t.skip(cert.skip);
  const ts = await startTestServer({
    tls: { key: cert.keyFile, cert: cert.certFile, plainPort: 0 },
    limits: { maxConnectionsPerIp: 5, tlsHandshakeTimeoutMs: 1_500 },
  });
  const opened: Stream[] = [];
  try {
    const port = ts.server.addresses.plainTls!.getPort();
    for (let i = 0; i < 12; i++) opened.push(await tcpConnectToAddress(Address.parseIp('127.0.0.1', port)));
    // The 7 past the limit are closed at once; the first 5 are held, counted, until the handshake timeout.
    const early = await Promise.all(opened.slice(5).map((s) => closedWithin(s, 1_000)));
    assert.deepEqual(early, Array(7).fill(true), 'connections past maxConnectionsPerIp are closed before any handshake');
    assert.equal(ts.server.core.connections.fromIp('127.0.0.1'), 5);
    const held = await Promise.all(opened.slice(0, 5).map((s) => closedWithin(s, 5_000)));
    assert.deepEqual(held, Array(5).fill(true), 'stalled handshakes end at tlsHandshakeTimeoutMs');
    for (let i = 0; i < 100 && ts.server.core.connections.fromIp('127.0.0.1') > 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(ts.server.core.connections.fromIp('127.0.0.1'), 0, 'every slot is released');
    // A real client gets in afterwards, and is counted once.
    const ok = await tlsConnectToHost('127.0.0.1', port, { ca: cert.certPem, servername: 'localhost', timeoutMs: 5_000 });
    opened.push(ok);
    for (let i = 0; i < 100 && ts.server.core.connections.fromIp('127.0.0.1') === 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(ts.server.core.connections.fromIp('127.0.0.1'), 1);
  } finally {
    for (const s of opened) s.close();
    await ts.server.close();
    await cert.remove();
  }
  assert.equal(ts.server.core.connections.total, 0, 'nothing left counted after close');
});
