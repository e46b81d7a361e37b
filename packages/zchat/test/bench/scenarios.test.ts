// Every scenario run small against a real zchat on loopback port 0 (plain text, and IRC when the server
// has its IRC gateway), through the same runBench the command uses: counts must be consistent and
// nothing lost, duplicated or reordered.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeConfig } from '../../src/chat/config.js';
import { startChatServer, type ChatServer } from '../../src/chat/server.js';
import { resolveBenchOptions, type BenchOptions } from '../../src/bench/options.js';
import { runBench } from '../../src/bench/run.js';
import { runBenchCommand } from '../../src/cli/bench.js';
import { captureIo } from '../cli/io.js';

let server: ChatServer;
let plainPort = 0;
let ircPort: number | null = null;
let webPort = 0;

before(async () => {
  server = await startChatServer(makeConfig({
    host: '127.0.0.1',
    plain: { enabled: true, port: 0 },
    irc: { enabled: true, port: 0 },
    web: { enabled: true, port: 0 },
    rooms: { default: '' },
    limits: { floodPerSecond: 0, roomLinesPerSecond: 0, maxConnections: 10_000, maxConnectionsPerIp: 10_000 },
  }));
  plainPort = server.addresses.plain!.getPort();
  ircPort = server.addresses.irc?.getPort() ?? null;
  webPort = server.addresses.web!.getPort();
});

after(async () => {
  await server.close();
});

function options(scenario: string, values: Record<string, string | number | boolean>): BenchOptions {
  const port = values.protocol === 'irc' ? ircPort : values.protocol === 'ws' ? webPort : plainPort;
  const r = resolveBenchOptions(scenario, { target: `127.0.0.1:${port}`, timeout: 20, ...values });
  assert.ok('options' in r, JSON.stringify(r));
  return r.options;
}

async function fanout(values: Record<string, string | number | boolean>): Promise<void> {
  const { result: r, histogram } = await runBench(options('fanout', values));
  const m = r.messages!;
  const members = Number(values.clients);
  assert.equal(r.setup.ready, members);
  assert.equal(r.probe!.answered, members);
  assert.ok(m.sent > 0, 'something was sent');
  assert.equal(m.expected, m.sent * (members - 1), 'every member but the sender receives each message');
  assert.equal(m.deliveries, m.expected, 'every expected delivery arrived, once');
  assert.deepEqual([m.lost, m.duplicated, m.outOfOrder], [0, 0, 0]);
  assert.equal(m.perSender.length, Number(values.senders));
  assert.equal(m.perSender.reduce((n, c) => n + c.received, 0), m.deliveries);
  assert.equal(histogram.count, m.deliveries, 'one latency per delivery');
  assert.ok(m.latency.p50Ms > 0 && m.latency.p50Ms <= m.latency.p99Ms && m.latency.p99Ms <= m.latency.maxMs);
  assert.equal(r.disconnects, 0);
}

test('fanout, plain, 20 members, 2 s, closed loop', async () => {
  await fanout({ clients: 20, senders: 4, duration: 2 });
});

test('fanout, plain, over 2 worker threads, at a fixed rate', async () => {
  await fanout({ clients: 20, senders: 4, duration: 1, workers: 2, rate: 400 });
});

test('fanout, IRC, 20 members, 2 s', async (t) => {
  if (ircPort === null) return t.skip('this zchat has no IRC gateway yet');
  await fanout({ protocol: 'irc', clients: 20, senders: 3, duration: 2 });
});

test('fanout, IRC over WebSocket, 20 members, 2 s', async () => {
  await fanout({ protocol: 'ws', clients: 20, senders: 3, duration: 2 });
});

test('idle over WebSocket: every client answers the probe round', async () => {
  const { result: r } = await runBench(options('idle', { protocol: 'ws', clients: 30, workers: 0 }));
  assert.equal(r.setup.ready, 30);
  assert.equal(r.probe!.answered, 30);
  assert.equal(r.disconnects, 0);
});

test('rooms: 30 clients over 3 rooms at a steady rate', async () => {
  const { result: r } = await runBench(options('rooms', { clients: 30, rooms: 3, rate: 300, duration: 1 }));
  const m = r.messages!;
  assert.equal(m.rooms, 3);
  assert.equal(m.senders, 30);
  assert.ok(m.sent >= 200 && m.sent <= 330, `about 300 sent, got ${m.sent}`);
  assert.equal(m.expected, m.sent * 9, 'each room has 10 members');
  assert.equal(m.deliveries, m.expected);
  assert.deepEqual([m.lost, m.duplicated, m.outOfOrder], [0, 0, 0]);
});

test('churn: connect, register, join, part, quit in a loop', async () => {
  const { result: r } = await runBench(options('churn', { clients: 4, duration: 1 }));
  assert.ok(r.churn!.cycles > 0, 'some cycles completed');
  assert.equal(r.churn!.errors, 0, JSON.stringify(r.errors));
  assert.equal(r.churn!.opsPerSecond, (r.churn!.cycles * 5) / r.churn!.seconds);
  assert.equal(r.churn!.cycleLatency.count >= r.churn!.cycles, true);
});

test('idle over 2 child processes from two source addresses, with server RSS', async () => {
  const o = options('idle', { clients: 60, workers: 2, 'server-pid': process.pid });
  assert.equal(o.fork, true);
  assert.equal(o.sourceAddresses, true);
  const { result: r, histogram } = await runBench(o);
  assert.equal(r.shards.kind, 'process');
  assert.equal(r.setup.ready, 60);
  assert.ok(r.setup.connectionsPerSecond > 0);
  assert.equal(r.probe!.answered, 60);
  assert.equal(r.probe!.missed, 0);
  assert.equal(histogram.count, 60, 'the plot of an idle run is its probe round');
  assert.ok(r.server!.rssAfterBytes! > 0);
  assert.equal(r.messages, null);
});

test('idle over IRC registers and answers every PING', async (t) => {
  if (ircPort === null) return t.skip('this zchat has no IRC gateway yet');
  const { result: r } = await runBench(options('idle', { protocol: 'irc', clients: 40 }));
  assert.equal(r.setup.ready, 40);
  assert.equal(r.probe!.answered, 40);
});

test('the command: --json result and an SVG plot; exit 0 when clean', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zchat-bench-test-'));
  try {
    const c = captureIo();
    const plot = join(dir, 'latency.svg');
    const code = await runBenchCommand('fanout', { target: `127.0.0.1:${plainPort}`, clients: 6, senders: 2, duration: 1, json: true, plot }, c.io);
    assert.equal(code, 0, c.stderr());
    const r = JSON.parse(c.stdout());
    assert.equal(r.scenario, 'fanout');
    assert.equal(r.messages.lost, 0);
    const svg = readFileSync(plot, 'utf8');
    assert.ok(svg.startsWith('<?xml') && svg.trimEnd().endsWith('</svg>'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the command: a remote target is refused with exit 2; an unreachable server fails with exit 1', async () => {
  const remote = captureIo();
  assert.equal(await runBenchCommand('fanout', { target: '192.0.2.1:6667' }, remote.io), 2);
  assert.match(remote.stderr(), /not a loopback address/);
  const refused = captureIo();
  const closed = await startChatServer(makeConfig({ host: '127.0.0.1', plain: { enabled: true, port: 0 }, irc: { enabled: false }, web: { enabled: false } }));
  const port = closed.addresses.plain!.getPort();
  await closed.close();
  assert.equal(await runBenchCommand('idle', { target: `127.0.0.1:${port}`, clients: 3, timeout: 5 }, refused.io), 1);
  assert.match(refused.stderr(), /no client could connect/);
});
