import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Address } from '../src/address.js';
import { StreamServer } from '../src/server.js';
import { tcpConnectToAddress, connectUnixSocket } from '../src/connect.js';
import { NetError } from '../src/errors.js';
import type { Stream } from '../src/stream.js';
import { listenLoopback, enc, dec, readN } from './fixtures/pair.js';
import { denoBindErrno } from './fixtures/runtime.js';

test('init records options; listen binds port 0 to a free port', async () => {
  const server = StreamServer.init({ kernelBacklog: 16, reuseAddress: true });
  assert.equal(server.kernelBacklog, 16);
  assert.equal(server.listening, false);
  assert.throws(() => server.listenAddress, (e: NetError) => e.code === 'SocketNotListening');
  await server.listen(Address.parseIp4('127.0.0.1', 0));
  assert.ok(server.listenAddress.getPort() > 0);
  assert.equal(server.listenAddress.family, 'ip4');
  server.deinit();
  server.deinit();
  assert.throws(() => StreamServer.init({ kernelBacklog: 0 }), RangeError);
});

test('accept resolves the seed Connection {stream, address}', async () => {
  await using server = await listenLoopback();
  const client = await tcpConnectToAddress(server.listenAddress);
  const conn = await server.accept();
  assert.ok(conn.address.eql(client.localAddress));
  await client.writeAll(enc('ping'));
  assert.equal(dec(await readN(conn.stream, 4)), 'ping');
  client.close();
  conn.stream.close();
});

test('listen on a taken port rejects AddressInUse', async () => {
  await using a = await listenLoopback();
  const b = StreamServer.init();
  await assert.rejects(b.listen(a.listenAddress), (e: NetError) => e instanceof NetError && e.code === 'AddressInUse' && e.errno === 'EADDRINUSE');
});

test('listen on an address that is not local rejects AddressNotAvailable', { skip: denoBindErrno }, async () => {
  const s = StreamServer.init();
  // 192.0.2.0/24 is TEST-NET-1: never assigned to a local interface; bind fails before any traffic.
  await assert.rejects(s.listen(Address.parseIp4('192.0.2.1', 0)), (e: NetError) => e.code === 'AddressNotAvailable');
});

test('close() rejects a pending accept with SocketNotListening and ends for-await', async () => {
  const server = await listenLoopback();
  const pending = server.accept();
  const loop = (async () => {
    const seen: Stream[] = [];
    for await (const conn of server) seen.push(conn.stream);
    return seen;
  })();
  const client = await tcpConnectToAddress(server.listenAddress);
  server.close();
  // The pending accept was first in line and got the connection; the loop ended cleanly.
  const first = await pending.catch((e: NetError) => e);
  const seen = await loop;
  if (first instanceof NetError) assert.equal(first.code, 'SocketNotListening');
  for (const s of seen) s.close();
  if (!(first instanceof NetError)) first.stream.close();
  client.close();
  await assert.rejects(server.accept(), (e: NetError) => e.code === 'SocketNotListening');
  server.deinit();
});

test('connections waiting for accept are bounded by kernelBacklog; extra ones are closed', async () => {
  await using server = await listenLoopback('127.0.0.1', { kernelBacklog: 4 });
  // One at a time, so the kernel's own queue never overflows and every connection reaches node.
  const clients = [];
  for (let i = 0; i < 12; i++) clients.push(await tcpConnectToAddress(server.listenAddress));
  const deadline = Date.now() + 10_000;
  while (server.droppedConnections < 8 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.equal(server.droppedConnections, 8);
  for (let i = 0; i < 4; i++) (await server.accept()).stream.close();
  let eofs = 0;
  await Promise.all(clients.map(async (c) => {
    if ((await c.read(new Uint8Array(1)).catch(() => 0)) === 0) eofs++;
    c.close();
  }));
  assert.equal(eofs, 12, 'every client is closed: 8 dropped, 4 closed after accept');
});

test('unix domain sockets', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'znet-'));
  try {
    const path = join(dir, 'sock');
    await using server = StreamServer.init();
    await server.listen(Address.initUnix(path));
    assert.equal(server.listenAddress.family, 'unix');
    assert.equal(server.listenAddress.toString(), path);
    const client = await connectUnixSocket(path);
    const conn = await server.accept();
    await client.writeAll(enc('over unix'));
    assert.equal(dec(await readN(conn.stream, 9)), 'over unix');
    client.close();
    conn.stream.close();
    await assert.rejects(connectUnixSocket(join(dir, 'missing')), (e: NetError) => e.code === 'FileNotFound');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('2,000 concurrent connections echo through one server', async () => {
  await using server = await listenLoopback('127.0.0.1', { kernelBacklog: 2048 });
  const count = 2000;
  const serving = (async () => {
    const tasks: Promise<void>[] = [];
    for (let i = 0; i < count; i++) {
      const { stream } = await server.accept();
      tasks.push((async () => {
        const buf = new Uint8Array(64);
        for (;;) {
          const n = await stream.read(buf);
          if (n === 0) break;
          await stream.writeAll(buf.subarray(0, n));
        }
        stream.close();
      })());
    }
    await Promise.all(tasks);
  })();
  const clients: Stream[] = [];
  for (let i = 0; i < count; i += 200) {
    clients.push(...await Promise.all(Array.from({ length: Math.min(200, count - i) }, () => tcpConnectToAddress(server.listenAddress))));
  }
  await Promise.all(clients.map(async (c, i) => {
    const msg = enc(`client ${i}`);
    await c.writeAll(msg);
    assert.equal(dec(await readN(c, msg.length)), `client ${i}`);
    await c.shutdown();
    assert.equal(await c.read(new Uint8Array(1)), 0);
    c.close();
  }));
  await serving;
});
