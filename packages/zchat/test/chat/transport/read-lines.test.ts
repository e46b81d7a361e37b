// The shared line reader: LF-cut lines from any chunking, over-long lines reported and skipped with the
// connection kept, a last line without LF, and the reason reading stopped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { NetError, setMode, type ReadSource } from 'znet';
import { readFailureReason, readLines } from '../../../src/chat/transport/read-lines.js';
import type { LineSink } from '../../../src/chat/transport/read-lines.js';

// StreamTooLong is an expected outcome here; debug traces would only clutter the output.
setMode('release');

const enc = new TextEncoder();
const dec = new TextDecoder();

/** Serves `chunks` one read at a time (a read never crosses a chunk), then EOF or `failWith`. */
function chunkSource(chunks: readonly Uint8Array[], failWith?: unknown): ReadSource {
  let i = 0;
  let off = 0;
  return {
    read(buf: Uint8Array): Promise<number> {
      while (i < chunks.length && off >= chunks[i]!.length) {
        i++;
        off = 0;
      }
      if (i >= chunks.length) return failWith === undefined ? Promise.resolve(0) : Promise.reject(failWith);
      const chunk = chunks[i]!;
      const n = Math.min(buf.length, chunk.length - off);
      buf.set(chunk.subarray(off, off + n));
      off += n;
      return Promise.resolve(n);
    },
  };
}

class Recorder implements LineSink {
  readonly lines: string[] = [];
  tooLong = 0;
  stopAfter = Infinity;
  get ended(): boolean {
    return this.lines.length >= this.stopAfter;
  }
  onLine(line: Uint8Array): void {
    this.lines.push(dec.decode(line));
  }
  onTooLong(): void {
    this.tooLong++;
    this.lines.push('<too long>');
  }
}

test('lines are cut at LF (CR kept for the parser), a last line without LF is delivered, EOF is "Connection closed"', async () => {
  const sink = new Recorder();
  const reason = await readLines(chunkSource([enc.encode('one\r\ntw'), enc.encode('o\n\nthree')]), 10, sink);
  assert.equal(reason, 'Connection closed');
  assert.deepEqual(sink.lines, ['one\r', 'two', '', 'three']);
});

test('an over-long line is reported once, skipped to its LF, and reading goes on', async () => {
  const sink = new Recorder();
  const long = 'x'.repeat(50);
  const reason = await readLines(chunkSource([enc.encode(`ok\n${long}`), enc.encode(`${long}\nafter\n`)]), 10, sink);
  assert.equal(reason, 'Connection closed');
  assert.deepEqual(sink.lines, ['ok', '<too long>', 'after']);
  assert.equal(sink.tooLong, 1);
});

test('exactly maxLineBytes plus CR LF fits', async () => {
  const sink = new Recorder();
  await readLines(chunkSource([enc.encode(`${'a'.repeat(10)}\r\n`)]), 10, sink);
  assert.deepEqual(sink.lines, [`${'a'.repeat(10)}\r`]);
});

test('the sink ending stops the loop before the next read', async () => {
  const sink = new Recorder();
  sink.stopAfter = 2;
  await readLines(chunkSource([enc.encode('a\nb\nc\nd\n')]), 10, sink);
  assert.deepEqual(sink.lines, ['a', 'b']);
});

test('a read failure resolves with its reason after the lines before it', async () => {
  const sink = new Recorder();
  const reason = await readLines(chunkSource([enc.encode('a\n')], new NetError('ConnectionResetByPeer')), 10, sink);
  assert.equal(reason, 'Connection reset by peer');
  assert.deepEqual(sink.lines, ['a']);
});

test('readFailureReason names each failure', () => {
  assert.equal(readFailureReason(new NetError('ConnectionResetByPeer')), 'Connection reset by peer');
  assert.equal(readFailureReason(new NetError('ConnectionTimedOut')), 'Connection timed out');
  assert.equal(readFailureReason(new NetError('EndOfStream')), 'Connection closed');
  assert.equal(readFailureReason(new NetError('NotOpenForReading')), 'Connection closed');
  assert.equal(readFailureReason(new NetError('Unexpected')), 'Read error: Unexpected');
  assert.equal(readFailureReason(new Error('boom')), 'Read error');
});

test('property: any chunking of the input yields the same lines', async () => {
  const line = fc.stringMatching(/^[a-z\r]{0,14}$/);
  await fc.assert(
    fc.asyncProperty(fc.array(line, { maxLength: 12 }), fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 20 }), async (lines, cuts) => {
      const bytes = enc.encode(lines.map((l) => `${l}\n`).join(''));
      const chunks: Uint8Array[] = [];
      for (let off = 0, k = 0; off < bytes.length; k++) {
        const n = cuts[k % cuts.length]!;
        chunks.push(bytes.subarray(off, off + n));
        off += n;
      }
      const sink = new Recorder();
      await readLines(chunkSource(chunks), 10, sink);
      // Lines over 10 bytes (CR aside, one CR fits) are reported instead.
      const expected = lines.map((l) => (l.length > 11 ? '<too long>' : l));
      assert.deepEqual(sink.lines, expected);
    }),
    { numRuns: 200, interruptAfterTimeLimit: 10_000 },
  );
});
