import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLoopback, parseTarget, resolveBenchOptions, type BenchOptions } from '../../src/bench/options.js';

function ok(scenario: string, values: Record<string, string | number | boolean | undefined>): BenchOptions {
  const r = resolveBenchOptions(scenario, values);
  assert.ok('options' in r, `expected options, got ${JSON.stringify(r)}`);
  return r.options;
}

function problems(scenario: string, values: Record<string, string | number | boolean | undefined>): string[] {
  const r = resolveBenchOptions(scenario, values);
  assert.ok('problems' in r, 'expected problems');
  return r.problems;
}

test('defaults per scenario and protocol', () => {
  const f = ok('fanout', {});
  assert.equal(f.protocol, 'plain');
  assert.equal(f.host, '127.0.0.1');
  assert.equal(f.port, 8888);
  assert.equal(f.clients, 100);
  assert.equal(f.senders, 10);
  assert.equal(f.rate, 0);
  assert.equal(f.durationMs, 10_000);
  assert.equal(f.workers, 0);
  const irc = ok('fanout', { protocol: 'irc' });
  assert.equal(irc.port, 6667);
  assert.equal(ok('fanout', { protocol: 'ws' }).port, 8080);
  const rooms = ok('rooms', {});
  assert.equal(rooms.rooms, 10);
  assert.equal(rooms.rate, 1000);
  assert.equal(rooms.senders, rooms.clients, 'every client of the rooms scenario talks');
  const idle = ok('idle', { clients: 20_000 });
  assert.equal(idle.fork, true, 'idle shards are processes: the fd limit is per process');
  assert.equal(idle.workers, 3);
  assert.equal(idle.sourceAddresses, true);
  assert.equal(ok('idle', { clients: 100 }).workers, 0);
});

test('flags override defaults', () => {
  const o = ok('fanout', { target: '[::1]:7000', clients: 50, senders: 5, duration: 2, rate: 100, window: 4, size: 100, workers: 2, json: true, plot: 'x.svg', 'server-pid': 42 });
  assert.deepEqual([o.host, o.port, o.clients, o.senders, o.durationMs, o.rate, o.window, o.size, o.workers, o.fork, o.json, o.plot, o.serverPid], ['::1', 7000, 50, 5, 2000, 100, 4, 100, 2, false, true, 'x.svg', 42]);
  assert.equal(o.progress, false, 'never a progress line with --json');
});

test('non-loopback targets are refused unless --allow-remote', () => {
  assert.match(problems('fanout', { target: '10.0.0.5:6667' }).join(), /not a loopback address.*--allow-remote/);
  assert.equal(ok('fanout', { target: '10.0.0.5:6667', 'allow-remote': true }).host, '10.0.0.5');
});

test('inconsistent options are reported with their flag', () => {
  assert.match(problems('nope', {}).join(), /scenario: expected one of idle, fanout, rooms, churn/);
  assert.match(problems('fanout', { clients: 5, senders: 6 }).join(), /--senders/);
  assert.match(problems('rooms', { clients: 5, rooms: 6 }).join(), /--rooms/);
  assert.match(problems('fanout', { size: 10 }).join(), /--size/);
  assert.match(problems('fanout', { protocol: 'xmpp' }).join(), /--protocol/);
  assert.match(problems('fanout', { target: 'a:b:c' }).join(), /--target/);
  assert.match(problems('fanout', { room: 'bench' }).join(), /--room/);
  assert.match(problems('fanout', { clients: 1, senders: 1 }).join(), /at least 2 clients/);
});

test('isLoopback and parseTarget', () => {
  for (const h of ['localhost', '127.0.0.1', '127.9.8.7', '::1', '[::1]']) assert.ok(isLoopback(h), h);
  for (const h of ['10.0.0.1', 'example.com', '::', '128.0.0.1', '1127.0.0.1']) assert.ok(!isLoopback(h), h);
  assert.deepEqual(parseTarget('127.0.0.1:6667', 1), { host: '127.0.0.1', port: 6667 });
  assert.deepEqual(parseTarget(':9000', 1), { host: '127.0.0.1', port: 9000 });
  assert.deepEqual(parseTarget('', 8888), { host: '127.0.0.1', port: 8888 });
  assert.deepEqual(parseTarget('[::1]:7', 1), { host: '::1', port: 7 });
  assert.equal(parseTarget('host:0', 1), undefined);
  assert.equal(parseTarget('host:99999', 1), undefined);
});
