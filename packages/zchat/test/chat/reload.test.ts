// The reload table (issue 16): diff by key path, live keys applied in place, restart-only keys kept and reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeConfig } from '../../src/chat/config.js';
import { applyReload, diffConfig, planReload } from '../../src/chat/reload.js';

test('diffConfig names changed leaves by path and lists as a whole', () => {
  const a = makeConfig();
  const b = makeConfig({ motd: ['x'], limits: { floodBurst: 3 }, plain: { port: 1 } });
  assert.deepEqual(diffConfig(a, b).sort(), ['limits.floodBurst', 'motd', 'plain.port']);
  assert.deepEqual(diffConfig(a, makeConfig()), []);
});

test('applyReload changes live keys in place and leaves restart-only keys running', () => {
  const running = makeConfig();
  const limits = running.limits;
  const next = makeConfig({ motd: ['new'], limits: { floodBurst: 3, nickLength: 9 }, host: '::1', logLevel: 'debug', serverName: 'other.example' });
  assert.deepEqual(planReload(running, next).restartNeeded.sort(), ['host', 'limits.nickLength', 'serverName']);
  const report = applyReload(running, next);
  assert.deepEqual(report.applied.sort(), ['limits.floodBurst', 'logLevel', 'motd']);
  assert.equal(running.limits, limits, 'the limits object others hold keeps its identity');
  assert.equal(limits.floodBurst, 3);
  assert.equal(limits.nickLength, 30);
  assert.equal(running.host, '127.0.0.1');
  assert.deepEqual(running.motd, ['new']);
  assert.equal(running.logLevel, 'debug');
});
