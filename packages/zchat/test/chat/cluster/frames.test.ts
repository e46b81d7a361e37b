// Bus frames: what encodes decodes back, and anything else is null, never a throw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeFrame, encodeFrame, nodeOf } from '../../../src/chat/cluster/frames.js';
import type { Frame } from '../../../src/chat/cluster/frames.js';

test('frames round-trip', () => {
  const frames: Frame[] = [
    { t: 'hello', n: 'n1' },
    { t: 'bye', n: 'n1', reason: 'n1 shut down' },
    { t: 'ev', n: 'n2', e: { kind: 'join', id: 'x', time: 1, actor: { id: 'n2:1', nick: 'a', username: 'a', host: 'h', realname: 'r', account: null, protocol: 'irc', mask: 'a!a@h', isServer: false }, room: '#r' }, a: { to: 'room', room: '#r', except: null, minPrivilege: null } },
  ];
  for (const f of frames) assert.deepEqual(decodeFrame(encodeFrame(f)), f);
});

test('anything that is not a frame decodes to null without throwing', () => {
  for (const bad of ['', 'null', '[]', '{}', '{"t":"ev","n":"x"}', '{"t":"nope","n":"x"}', '{"t":"hello","n":""}', '{"t":"user","n":"x"}', '{']) assert.equal(decodeFrame(bad), null, bad);
  fc.assert(fc.property(fc.string(), (s) => {
    const f = decodeFrame(s);
    return f === null || typeof f.t === 'string';
  }), { numRuns: 500 });
});

test('a user id names its node', () => {
  assert.equal(nodeOf('n1:2a'), 'n1');
  assert.equal(nodeOf('plain'), 'plain');
});
