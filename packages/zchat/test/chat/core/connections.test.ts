import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeConfig } from '../../../src/chat/config.js';
import { ConnectionCounter } from '../../../src/chat/core/connections.js';

test('total and per-IP limits', () => {
  const c = new ConnectionCounter(makeConfig({ limits: { maxConnections: 3, maxConnectionsPerIp: 2 } }).limits);
  assert.equal(c.tryAcquire('1.1.1.1'), 'ok');
  assert.equal(c.tryAcquire('1.1.1.1'), 'ok');
  assert.equal(c.tryAcquire('1.1.1.1'), 'TooManyFromIp');
  assert.equal(c.tryAcquire('2.2.2.2'), 'ok');
  assert.equal(c.tryAcquire('3.3.3.3'), 'TooManyConnections');
  assert.equal(c.total, 3);
  c.release('1.1.1.1');
  assert.equal(c.fromIp('1.1.1.1'), 1);
  assert.equal(c.tryAcquire('3.3.3.3'), 'ok');
  c.release('9.9.9.9'); // unknown: ignored
  assert.equal(c.total, 3);
  for (const ip of ['1.1.1.1', '2.2.2.2', '3.3.3.3']) c.release(ip);
  assert.equal(c.total, 0);
  assert.equal(c.fromIp('1.1.1.1'), 0);
});
