import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { NetError } from '../src/errors.js';
import { streamPair, enc, dec, readN } from './fixtures/pair.js';

test('read copies into the caller buffer and leaves the rest for the next read', async () => {
  await using p = await streamPair();
  await p.client.writeAll(enc('hello world'));
  const tiny = new Uint8Array(3);
  let got = '';
  while (got.length < 11) {
    const n = await p.peer.read(tiny);
    assert.ok(n > 0 && n <= 3);
    got += dec(tiny.subarray(0, n));
  }
  assert.equal(got, 'hello world');
});

test('read into a 1-byte buffer delivers every byte in order', async () => {
  await using p = await streamPair();
  const data = randomBytes(5000);
  const writing = p.client.writeAll(data);
  const one = new Uint8Array(1);
  const out = Buffer.alloc(data.length);
  for (let i = 0; i < data.length; i++) {
    assert.equal(await p.peer.read(one), 1);
    out[i] = one[0]!;
  }
  await writing;
  assert.deepEqual(out, data);
});

test('read resolves 0 only at end of stream, and again after', async () => {
  await using p = await streamPair();
  await p.client.writeAll(enc('bye'));
  await p.client.shutdown();
  assert.equal(dec(await readN(p.peer, 3)), 'bye');
  const buf = new Uint8Array(16);
  assert.equal(await p.peer.read(buf), 0);
  assert.equal(await p.peer.read(buf), 0);
});

test('half-close: the side that got EOF can still write', async () => {
  await using p = await streamPair();
  await p.client.shutdown();
  assert.equal(await p.peer.read(new Uint8Array(4)), 0);
  await p.peer.writeAll(enc('late reply'));
  assert.equal(dec(await readN(p.client, 10)), 'late reply');
});

test('concurrent reads are served in call order', async () => {
  await using p = await streamPair();
  const a = new Uint8Array(4), b = new Uint8Array(4);
  const ra = p.peer.read(a), rb = p.peer.read(b);
  await p.client.writeAll(enc('AAAA'));
  assert.equal(await ra, 4);
  await p.client.writeAll(enc('BBBB'));
  const nb = await rb;
  assert.equal(dec(a), 'AAAA');
  assert.equal(dec(b.subarray(0, nb)), 'BBBB'.slice(0, nb));
});

test('readAtLeast and readAll', async () => {
  await using p = await streamPair();
  const writes = (async () => {
    for (const part of ['ab', 'cd', 'ef', 'gh']) await p.client.writeAll(enc(part));
    await p.client.shutdown();
  })();
  const buf = new Uint8Array(6);
  const n = await p.peer.readAtLeast(buf, 5);
  assert.ok(n >= 5);
  const rest = new Uint8Array(16);
  const m = await p.peer.readAll(rest);
  assert.equal(dec(buf.subarray(0, n)) + dec(rest.subarray(0, m)), 'abcdefgh');
  await writes;
  await assert.rejects(p.peer.readAtLeast(new Uint8Array(2), 3), RangeError);
});

test('writevAll of many megabytes in many buffers arrives intact', async () => {
  await using p = await streamPair();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (let i = 0; i < 300; i++) {
    const part = randomBytes(1 + ((i * 7919) % 65536));
    parts.push(part);
    total += part.length;
  }
  assert.ok(total > 8 * 1024 * 1024);
  const expected = Buffer.concat(parts);
  const [, received] = await Promise.all([
    p.client.writevAll(parts).then(() => p.client.shutdown()),
    readN(p.peer, total + 1),
  ]);
  assert.equal(received.length, total);
  assert.ok(expected.equals(received));
  assert.equal(parts.length, 300, 'the caller array is not mutated');
});

test('writev returns the total and keeps order', async () => {
  await using p = await streamPair();
  assert.equal(await p.client.writev([enc('a'), enc(''), enc('bc'), enc('def')]), 6);
  assert.equal(dec(await readN(p.peer, 6)), 'abcdef');
  assert.equal(await p.client.writev([]), 0);
});

test('read after close rejects NotOpenForReading; write after close rejects NotOpenForWriting', async () => {
  await using p = await streamPair();
  p.client.close();
  p.client.close(); // idempotent
  assert.equal(p.client.closed, true);
  await assert.rejects(p.client.read(new Uint8Array(1)), (e: NetError) => e instanceof NetError && e.code === 'NotOpenForReading');
  await assert.rejects(p.client.write(enc('x')), (e: NetError) => e.code === 'NotOpenForWriting');
  await assert.rejects(p.client.writev([enc('x')]), (e: NetError) => e.code === 'NotOpenForWriting');
});

test('a read pending when the owner closes the stream resolves 0', async () => {
  await using p = await streamPair();
  const pending = p.peer.read(new Uint8Array(8));
  p.peer.close();
  assert.equal(await pending, 0);
});

test('write after shutdown rejects NotOpenForWriting', async () => {
  await using p = await streamPair();
  await p.client.shutdown();
  await assert.rejects(p.client.write(enc('x')), (e: NetError) => e.code === 'NotOpenForWriting');
});

test('peer reset: a pending read rejects ConnectionResetByPeer', async () => {
  await using p = await streamPair();
  const pending = p.peer.read(new Uint8Array(8));
  p.client.handle.resetAndDestroy();
  await assert.rejects(pending, (e: NetError) => e instanceof NetError && e.code === 'ConnectionResetByPeer' && e.errno === 'ECONNRESET');
  // The failure is remembered: later reads and writes fail the same way, never hang.
  await assert.rejects(p.peer.read(new Uint8Array(8)), (e: NetError) => e.code === 'ConnectionResetByPeer');
  await assert.rejects(p.peer.write(enc('x')), (e: NetError) => e.code === 'ConnectionResetByPeer' || e.code === 'NotOpenForWriting');
});

test('write after the peer closed fails with BrokenPipe or ConnectionResetByPeer', async () => {
  await using p = await streamPair();
  p.client.close();
  assert.equal(await p.peer.read(new Uint8Array(8)), 0);
  const chunk = new Uint8Array(64 * 1024);
  const err = await (async () => {
    for (let i = 0; i < 200; i++) await p.peer.write(chunk);
    return null;
  })().catch((e: unknown) => e as NetError);
  assert.ok(err instanceof NetError, 'writing to a closed peer must fail');
  assert.ok(['BrokenPipe', 'ConnectionResetByPeer'].includes(err.code), err.code);
});

test('a peer that stops reading makes write wait; memory stays bounded', async () => {
  await using p = await streamPair();
  const chunk = new Uint8Array(64 * 1024);
  let written = 0;
  let stalled = false;
  const heapBefore = process.memoryUsage().arrayBuffers;
  for (let i = 0; i < 2000 && !stalled; i++) {
    const w = p.client.write(chunk);
    const outcome = await Promise.race([w.then(() => 'done'), new Promise((r) => setTimeout(r, 200, 'stalled'))]);
    if (outcome === 'stalled') stalled = true;
    else written += chunk.length;
  }
  assert.ok(stalled, 'write must stop completing when the peer does not read');
  assert.ok(written < 64 * 1024 * 1024, `kernel buffers took ${written} bytes before write waited`);
  assert.ok(p.client.writableLength <= chunk.length, 'at most the one pending write is queued in node');
  assert.ok(process.memoryUsage().arrayBuffers - heapBefore < 32 * 1024 * 1024);
  // The receiving side also stops pulling from the kernel once its small queue is full.
  const peerQueued = (p.peer as unknown as { queued: number }).queued;
  assert.ok(peerQueued <= 128 * 1024, `peer queued ${peerQueued}`);
});

test('IPv6 loopback', async (t) => {
  let p;
  try {
    p = await streamPair('::1');
  } catch (e) {
    if ((e as NetError).code === 'AddressNotAvailable' || (e as NetError).code === 'AddressFamilyNotSupported') return t.skip('no IPv6 loopback here');
    throw e;
  }
  await using pair = p;
  assert.equal(pair.client.remoteAddress.family, 'ip6');
  assert.equal(pair.client.remoteAddress.toString(), `[::1]:${pair.server.listenAddress.getPort()}`);
  await pair.client.writeAll(enc('six'));
  assert.equal(dec(await readN(pair.peer, 3)), 'six');
});

test('addresses and socket options', async () => {
  await using p = await streamPair();
  assert.equal(p.client.remoteAddress.toString(), p.server.listenAddress.toString());
  assert.ok(p.peer.remoteAddress.eql(p.client.localAddress));
  p.client.setNoDelay(true);
  p.client.setKeepAlive(true, 1000);
  assert.ok(p.client.handle.remotePort === p.server.listenAddress.getPort());
});

test('reader() and writer() work over a socket', async () => {
  await using p = await streamPair();
  const w = p.client.writer();
  await w.writeInt('u32', 0xdeadbeef, 'big');
  await w.print('{s}={d}\n', 'x', 42);
  const r = p.peer.reader();
  assert.equal(await r.readInt('u32', 'big'), 0xdeadbeef);
  const line = await r.readUntilDelimiterAlloc(0x0a, 64);
  assert.equal(dec(line), 'x=42');
});
