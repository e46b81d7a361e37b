import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatEvent } from '../../../src/chat/core/events.js';
import { nextEventId, wireFor } from '../../../src/chat/core/events.js';
import { CoreFixture } from '../helpers/core-fixture.js';

test('wireFor serializes once per variant and caches on the event', () => {
  const fx = new CoreFixture();
  const ev = fx.core.announce('hello');
  let calls = 0;
  const serialize = (e: ChatEvent, variant: string): Uint8Array => {
    calls++;
    return new TextEncoder().encode(`${variant}:${e.kind}`);
  };
  const a = wireFor(ev, 'plain', serialize);
  for (let i = 0; i < 1000; i++) assert.equal(wireFor(ev, 'plain', serialize), a);
  wireFor(ev, 'irc', serialize);
  assert.equal(calls, 2);
  assert.equal(ev.wire!.size, 2);
});

test('event ids are unique', () => {
  const ids = new Set<string>();
  for (let i = 0; i < 10_000; i++) ids.add(nextEventId());
  assert.equal(ids.size, 10_000);
});
