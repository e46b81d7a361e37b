// Reads parked on a Stream (the pending slot plus later concurrent reads): how they are served, ended and failed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NetError } from '../src/errors.js';
import { inDebugCapturingStderr } from './fixtures/expect.js';
import { streamPair, enc, dec } from './fixtures/pair.js';

/** Collect 'unhandledRejection' events while `body` runs (and one macrotask after). */
async function unhandledDuring(body: () => Promise<void>): Promise<unknown[]> {
  const seen: unknown[] = [];
  const onUnhandled = (reason: unknown): void => {
    seen.push(reason);
  };
  process.on('unhandledRejection', onUnhandled);
  try {
    await body();
    await new Promise((r) => setImmediate(r));
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
  return seen;
}

test('one chunk serves several pending reads in call order, the rest waits for the next read', async () => {
  await using p = await streamPair();
  const bufs = [new Uint8Array(1), new Uint8Array(2), new Uint8Array(1)];
  const reads = bufs.map((b) => p.peer.read(b));
  await p.client.writeAll(enc('abcdXY'));
  // TCP may split the bytes; each read still gets the next bytes in order.
  const counts = await Promise.all(reads);
  const got = bufs.map((b, i) => dec(b.subarray(0, counts[i]))).join('');
  assert.equal(got, 'abcdXY'.slice(0, got.length));
  assert.ok(got.length >= 3);
  const rest = new Uint8Array(8);
  let tail = '';
  while (got.length + tail.length < 6) {
    const n = await p.peer.read(rest);
    assert.ok(n > 0);
    tail += dec(rest.subarray(0, n));
  }
  assert.equal(got + tail, 'abcdXY');
});

test('every read pending at a reset rejects ConnectionResetByPeer, in call order, with nothing unhandled', async () => {
  await using p = await streamPair();
  const order: number[] = [];
  const unhandled = await unhandledDuring(async () => {
    const reads = [0, 1, 2].map((i) =>
      p.peer.read(new Uint8Array(4)).then(
        () => assert.fail(`read ${i} resolved`),
        (err: unknown) => {
          order.push(i);
          return err;
        },
      ),
    );
    p.client.handle.resetAndDestroy();
    const errors = await Promise.all(reads);
    for (const err of errors) assert.ok(err instanceof NetError && err.code === 'ConnectionResetByPeer', String(err));
    // Each caller gets its own error object.
    assert.notEqual(errors[0], errors[1]);
  });
  assert.deepEqual(order, [0, 1, 2]);
  assert.deepEqual(unhandled, []);
});

test('every read pending at close() resolves 0, and the stream then refuses reads', async () => {
  await using p = await streamPair();
  const reads = [p.peer.read(new Uint8Array(4)), p.peer.read(new Uint8Array(4)), p.peer.read(new Uint8Array(4))];
  p.peer.close();
  assert.deepEqual(await Promise.all(reads), [0, 0, 0]);
  await assert.rejects(p.peer.read(new Uint8Array(4)), (e: NetError) => e.code === 'NotOpenForReading');
});

test('reads pending at the peer end resolve 0; a read issued after a served one is parked again', async () => {
  await using p = await streamPair();
  const buf = new Uint8Array(4);
  const first = p.peer.read(buf);
  await p.client.writeAll(enc('hi'));
  assert.equal(await first, 2);
  const second = p.peer.read(buf);
  const third = p.peer.read(new Uint8Array(4));
  await p.client.shutdown();
  assert.deepEqual(await Promise.all([second, third]), [0, 0]);
  assert.equal(await p.peer.read(buf), 0);
});

test('debug mode: each pending read that fails carries the stack of the line that called it', async () => {
  await inDebugCapturingStderr(async (written) => {
    await using p = await streamPair();
    // Not `return p.peer.read(…)`: on Bun (JavaScriptCore) a call in tail position of strict code is a proper
    // tail call, and the calling function's frame is gone from every stack trace.
    let pending!: Promise<number>;
    let later!: Promise<number>;
    (function parkReadHere() {
      pending = p.peer.read(new Uint8Array(4));
    })();
    (function parkLaterReadHere() {
      later = p.peer.read(new Uint8Array(4));
    })();
    p.client.handle.resetAndDestroy();
    const err = await pending.then(() => assert.fail('resolved'), (e: unknown) => e);
    assert.ok(err instanceof NetError && err.code === 'ConnectionResetByPeer');
    assert.match(err.stack ?? '', /parkReadHere/);
    const laterErr = await later.then(() => assert.fail('resolved'), (e: unknown) => e);
    assert.ok(laterErr instanceof NetError && laterErr.code === 'ConnectionResetByPeer');
    assert.match(laterErr.stack ?? '', /parkLaterReadHere/);
    assert.doesNotMatch(laterErr.stack ?? '', /parkReadHere/);
    assert.ok(written.some((w) => w.includes('read failed: error.ConnectionResetByPeer')));
  });
});
