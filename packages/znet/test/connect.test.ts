import { test } from 'node:test';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import assert from 'node:assert/strict';
import { Address } from '../src/address.js';
import { tcpConnectToAddress, tcpConnectToHost } from '../src/connect.js';
import { NetError } from '../src/errors.js';
import { listenLoopback, enc, dec, readN } from './fixtures/pair.js';
import { denoBindErrno } from './fixtures/runtime.js';

async function freePort(): Promise<number> {
  const s = await listenLoopback();
  const port = s.listenAddress.getPort();
  s.deinit();
  return port;
}

test('connect to a port nobody listens on rejects ConnectionRefused', async () => {
  const port = await freePort();
  await assert.rejects(tcpConnectToAddress(Address.parseIp4('127.0.0.1', port)), (e: NetError) => e instanceof NetError && e.code === 'ConnectionRefused' && e.errno === 'ECONNREFUSED');
});

test('tcpConnectToHost resolves localhost and tries each address', async () => {
  await using server = await listenLoopback();
  const stream = await tcpConnectToHost('localhost', server.listenAddress.getPort());
  const conn = await server.accept();
  await stream.writeAll(enc('hi'));
  assert.equal(dec(await readN(conn.stream, 2)), 'hi');
  stream.close();
  conn.stream.close();
});

test('tcpConnectToHost with an IP literal and a refused port', async () => {
  const port = await freePort();
  await assert.rejects(tcpConnectToHost('127.0.0.1', port), (e: NetError) => e.code === 'ConnectionRefused');
});

test('unknown host name rejects UnknownHostName', async (t) => {
  const err = await tcpConnectToHost('no-such-host.invalid', 80).catch((e: NetError) => e);
  assert.ok(err instanceof NetError);
  if (err.code === 'TemporaryNameServerFailure') return t.skip('no resolver here');
  assert.equal(err.code, 'UnknownHostName');
});

test('an aborted signal rejects Canceled', async () => {
  await using server = await listenLoopback();
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(tcpConnectToAddress(server.listenAddress, { signal: ac.signal }), (e: NetError) => e.code === 'Canceled');
});

test('timeoutMs bounds the attempt: ConnectionTimedOut', async () => {
  // A listener that never accepts: once its accept queue is full, Linux drops further SYNs, so connect hangs.
  const py = spawn('python3', ['-c', 'import socket,sys,time\ns=socket.socket()\ns.bind(("127.0.0.1",0))\ns.listen(0)\nprint(s.getsockname()[1],flush=True)\ntime.sleep(30)'], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const [line] = (await once(py.stdout, 'data')) as [Buffer];
    const address = Address.parseIp4('127.0.0.1', Number(line.toString().trim()));
    const held = [];
    let timedOut: NetError | null = null;
    for (let i = 0; i < 10 && !timedOut; i++) {
      try {
        held.push(await tcpConnectToAddress(address, { timeoutMs: 300 }));
      } catch (e) {
        timedOut = e as NetError;
      }
    }
    for (const s of held) s.close();
    assert.ok(timedOut, 'a connect to a full accept queue must time out');
    assert.equal(timedOut.code, 'ConnectionTimedOut');
  } finally {
    py.kill();
  }
});

test('localAddress binds the local end', async () => {
  await using server = await listenLoopback();
  const stream = await tcpConnectToHost('127.0.0.1', server.listenAddress.getPort(), { localAddress: '127.0.0.7' });
  const conn = await server.accept();
  assert.equal(stream.localAddress.ip, '127.0.0.7');
  assert.equal(conn.address.ip, '127.0.0.7');
  stream.close();
  conn.stream.close();
});

test('a localAddress that is not local rejects AddressNotAvailable', { skip: denoBindErrno }, async () => {
  await using server = await listenLoopback();
  // 192.0.2.1 (TEST-NET-1) is never local: bind fails before any packet is sent.
  await assert.rejects(tcpConnectToAddress(server.listenAddress, { localAddress: '192.0.2.1' }), (e: NetError) => e.code === 'AddressNotAvailable');
});
