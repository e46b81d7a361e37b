import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodePayload, findMarker, MESSAGE_MARKER, MIN_MESSAGE_SIZE, parsePayload, PROBE_MARKER, type Payload } from '../../src/bench/payload.js';

const enc = new TextEncoder();
const out = (): Payload => ({ sender: -1, seq: -1, sentMicros: -1 });

test('encode pads to the size and parses back after a plain or IRC prefix', () => {
  const text = encodePayload(7, 123, 98765432101, 64);
  assert.equal(text.length, 64);
  for (const line of [`zab: ${text}`, `:zab!~zab@127.0.0.1 PRIVMSG #bench :${text}`, `[#bench] zab: ${text}`]) {
    const b = enc.encode(line);
    assert.deepEqual(parsePayload(b, 0, b.length, out()), { sender: 7, seq: 123, sentMicros: 98765432101 }, line);
  }
});

test('a header longer than the size is not cut', () => {
  const text = encodePayload(1, 2, 3_000_000_000_000, 10);
  assert.ok(text.length > 10 && text.length <= MIN_MESSAGE_SIZE);
  const b = enc.encode(text);
  assert.equal(parsePayload(b, 0, b.length, out())?.sentMicros, 3_000_000_000_000);
});

test('lines without a whole header are not messages', () => {
  for (const line of ['hello', '~zb~', '~zb~1 2', '~zb~x 2 3', '~zb~1 2 3x', ':a!~a@h PRIVMSG #b :hi ~zb', `${PROBE_MARKER}1`]) {
    const b = enc.encode(line);
    assert.equal(parsePayload(b, 0, b.length, out()), null, line);
  }
});

test('findMarker stays inside [start, end)', () => {
  const b = enc.encode(`abc\n${MESSAGE_MARKER}1 2 3\n`);
  assert.equal(findMarker(b, 0, 3, MESSAGE_MARKER), -1);
  assert.equal(findMarker(b, 4, b.length, MESSAGE_MARKER), 4);
  assert.equal(findMarker(b, 4, 6, MESSAGE_MARKER), -1);
  const probe = enc.encode(`:srv PONG srv :${PROBE_MARKER}42`);
  assert.ok(findMarker(probe, 0, probe.length, PROBE_MARKER) > 0);
});
