// The shared coalescing writer: one writev per event-loop turn, later bytes batched behind an in-flight
// write, the byte bound (told once, never from inside push), failures and closed streams.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NetError } from 'znet';
import { SendQueue } from '../../../src/chat/transport/send-queue.js';
import type { SendQueueOwner, SendQueueStream } from '../../../src/chat/transport/send-queue.js';

const enc = new TextEncoder();
const dec = new TextDecoder();

/** An in-memory stream: records each writev; `hold` keeps writes pending until `release`. */
class FakeStream implements SendQueueStream {
  readonly writes: string[][] = [];
  writableLength = 0;
  closed = false;
  hold = false;
  failWith: NetError | null = null;
  private held: (() => void)[] = [];

  writev(bufs: readonly Uint8Array[]): Promise<number> {
    this.writes.push(bufs.map((b) => dec.decode(b)));
    const n = bufs.reduce((sum, b) => sum + b.length, 0);
    if (this.failWith !== null) return Promise.reject(this.failWith);
    if (!this.hold) return Promise.resolve(n);
    return new Promise((resolve) => this.held.push(() => resolve(n)));
  }

  release(): void {
    for (const r of this.held.splice(0)) r();
  }
}

class Owner implements SendQueueOwner {
  exceeded = 0;
  drained = 0;
  onSendQueueExceeded(): void {
    this.exceeded++;
  }
  onDrained(): void {
    this.drained++;
  }
}

const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

test('everything pushed in one turn leaves in one writev, in order', async () => {
  const stream = new FakeStream();
  const owner = new Owner();
  const q = new SendQueue(stream, 1024, owner);
  assert.equal(q.idle, true);
  for (const s of ['a', 'b', 'c']) assert.equal(q.push(enc.encode(s)), true);
  assert.equal(q.queued, 3);
  assert.equal(q.idle, false);
  assert.deepEqual(stream.writes, [], 'nothing is written inside push');
  await turn();
  await turn();
  assert.deepEqual(stream.writes, [['a', 'b', 'c']]);
  assert.equal(q.queued, 0);
  assert.equal(q.idle, true);
  assert.equal(owner.drained, 1);
});

test('bytes pushed while a write is in flight go out together in the next writev', async () => {
  const stream = new FakeStream();
  stream.hold = true;
  const owner = new Owner();
  const q = new SendQueue(stream, 1024, owner);
  q.push(enc.encode('1'));
  await turn();
  assert.deepEqual(stream.writes, [['1']]);
  q.push(enc.encode('2'));
  q.push(enc.encode('3'));
  await turn();
  assert.equal(stream.writes.length, 1, 'one write in flight at a time');
  stream.release();
  await turn();
  assert.deepEqual(stream.writes, [['1'], ['2', '3']]);
  stream.release();
  await turn();
  assert.equal(q.idle, true);
  assert.equal(owner.drained, 1, 'drained once, when the queue is empty');
});

test('past the bound (queue plus socket backlog) bytes are refused and the owner is told once, later', async () => {
  const stream = new FakeStream();
  stream.writableLength = 90;
  const owner = new Owner();
  const q = new SendQueue(stream, 100, owner);
  assert.equal(q.push(enc.encode('x'.repeat(10))), true, 'exactly the bound is fine');
  assert.equal(q.push(enc.encode('y')), false);
  assert.equal(owner.exceeded, 0, 'never told from inside push');
  assert.equal(q.push(enc.encode('z')), false, 'refused from then on');
  assert.equal(q.queued, 0, 'queued bytes dropped');
  await turn();
  assert.equal(owner.exceeded, 1);
  assert.deepEqual(stream.writes, [], 'nothing queued before the overflow is written');
});

test('a failed write drops the queue and still tells the owner it drained', async () => {
  const stream = new FakeStream();
  stream.failWith = new NetError('BrokenPipe');
  const owner = new Owner();
  const q = new SendQueue(stream, 1024, owner);
  q.push(enc.encode('lost'));
  await turn();
  await turn();
  assert.equal(owner.drained, 1);
  assert.equal(q.queued, 0);
  assert.equal(q.idle, true);
});

test('a closed stream is never written to and leaves the queue idle', async () => {
  const stream = new FakeStream();
  stream.closed = true;
  const owner = new Owner();
  const q = new SendQueue(stream, 1024, owner);
  q.push(enc.encode('late'));
  await turn();
  await turn();
  assert.deepEqual(stream.writes, []);
  assert.equal(owner.drained, 1);
  assert.equal(q.idle, true);
});

test('discard drops what waits and refuses more, without telling the owner', async () => {
  const stream = new FakeStream();
  const owner = new Owner();
  const q = new SendQueue(stream, 1024, owner);
  q.push(enc.encode('gone'));
  q.discard();
  assert.equal(q.push(enc.encode('refused')), false);
  await turn();
  await turn();
  assert.deepEqual(stream.writes, []);
  assert.equal(owner.exceeded, 0);
});
