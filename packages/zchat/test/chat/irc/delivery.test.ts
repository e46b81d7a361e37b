// The IRC delivery table and the typed capability list: one row per event kind, one cap list that the
// table of cap rows follows in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { capNames, caps, isCapName, offeredCapNames } from '../../../src/chat/irc/caps.js';
import { deliveryRows } from '../../../src/chat/irc/delivery.js';
import { makeConfig } from '../../../src/chat/config.js';

test('every event kind has a delivery row, and nothing else does', () => {
  const kinds = ['message', 'join', 'part', 'quit', 'nick', 'topic', 'kick', 'mode', 'userMode', 'away', 'invite', 'setname', 'kill',
    'wallops', 'system', 'monitor', 'watched', 'rename', 'redact', 'account'];
  assert.deepEqual(Object.keys(deliveryRows).sort(), kinds.sort());
  for (const row of Object.values(deliveryRows)) assert.equal(typeof row, 'function');
});

test('the cap rows follow the one list of names, without repeats', () => {
  assert.deepEqual(caps.map((c) => c.name), [...capNames]);
  assert.equal(new Set(capNames).size, capNames.length);
  assert.ok(isCapName('echo-message'));
  assert.ok(!isCapName('echo-mesage'));
  assert.ok(!offeredCapNames(makeConfig()).has('sasl'), 'sasl is offered only with accounts');
  assert.ok(offeredCapNames(makeConfig({ dataDir: '/var/lib/zchat' })).has('sasl'), 'or with a data directory, where accounts can be added at any time');
});
