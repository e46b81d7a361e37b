// TLS over loopback: a StreamServer with a throwaway self-signed certificate (made with openssl at run time) and
// tlsConnectToHost. Part of the suite that also runs on Bun and Deno (npm run test:runtimes).
import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Address } from '../src/address.js';
import { StreamServer } from '../src/server.js';
import { tlsConnectToHost } from '../src/connect.js';
import { rejectsWith } from './fixtures/expect.js';
import { enc, dec, readN } from './fixtures/pair.js';
import { differsOn } from './fixtures/runtime.js';

let dir = '';
let cert: { key: string; cert: string } | { skip: string };

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'znet-tls-'));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  try {
    await promisify(execFile)('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { timeout: 20_000 });
    cert = { key: await readFile(keyFile, 'utf8'), cert: await readFile(certFile, 'utf8') };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    cert = { skip: 'openssl is not installed, so no test certificate can be made' };
  }
});
after(() => rm(dir, { recursive: true, force: true }));

/** A TLS server on 127.0.0.1 with the test certificate, or undefined (and the test skipped) without openssl. */
async function tlsServer(t: TestContext): Promise<StreamServer | undefined> {
  if ('skip' in cert) {
    t.skip(cert.skip);
    return undefined;
  }
  const server = StreamServer.init({ tls: { key: cert.key, cert: cert.cert } });
  await server.listen(Address.parseIp4('127.0.0.1', 0));
  return server;
}

// znet settles a write that node could not finish at once with a zero-length marker write behind it.
const denoEmptyTlsWrite = differsOn('deno', 'its node:tls fails a zero-length write with EPERM and errors the socket, so znet writes on TLS streams fail');

test('a TLS stream carries bytes both ways; the accepted stream reads plaintext', { skip: denoEmptyTlsWrite }, async (t) => {
  const server = await tlsServer(t);
  if (!server || 'skip' in cert) return;
  try {
    const [client, conn] = await Promise.all([tlsConnectToHost('localhost', server.listenAddress.getPort(), { ca: cert.cert }), server.accept()]);
    try {
      await client.writeAll(enc('ping over tls'));
      assert.equal(dec(await readN(conn.stream, 13)), 'ping over tls');
      const big = new Uint8Array(200_000).map((_, i) => i % 251);
      const sent = conn.stream.writeAll(big);
      assert.deepEqual(await readN(client, big.length), big);
      await sent;
      client.close();
      assert.equal(await conn.stream.read(new Uint8Array(8)), 0);
    } finally {
      client.close();
      conn.stream.close();
    }
  } finally {
    server.deinit();
  }
});

test('a certificate the client does not trust rejects TlsCertificateNotVerified', async (t) => {
  const server = await tlsServer(t);
  if (!server) return;
  try {
    await assert.rejects(tlsConnectToHost('localhost', server.listenAddress.getPort(), { timeoutMs: 10_000 }), rejectsWith('TlsCertificateNotVerified'));
  } finally {
    server.deinit();
  }
});

const denoLazyKey = differsOn('deno', 'its tls.createSecureContext does not parse the key, so listen accepts a bad one');

test('a key that is not a key makes listen reject TlsInitializationFailed', { skip: denoLazyKey }, async (t) => {
  if ('skip' in cert) return t.skip(cert.skip);
  const server = StreamServer.init({ tls: { key: 'not a key', cert: cert.cert } });
  await assert.rejects(server.listen(Address.parseIp4('127.0.0.1', 0)), rejectsWith('TlsInitializationFailed'));
  server.deinit();
});
