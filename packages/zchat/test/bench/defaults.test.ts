// zchat bench against a server with zchat's default per-address limit: clients are spread over 127.0.0.x sources
// by default so the run is not refused; without the spread the refusal comes with a hint; the shipped
// bench/configs/zchat.yaml validates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { defaultConfig, makeConfig } from '../../src/chat/config.js';
import { startChatServer } from '../../src/chat/server.js';
import { resolveBenchOptions } from '../../src/bench/options.js';
import { runBench } from '../../src/bench/run.js';
import { benchHints } from '../../src/bench/hints.js';
import { loadConfigFile } from '../../src/cli/config-file.js';
import { runBenchCommand } from '../../src/cli/bench.js';
import { captureIo } from '../cli/io.js';

test('bench/configs/zchat.yaml validates: flood control and connection limits off, no default room', async () => {
  const loaded = await loadConfigFile(fileURLToPath(new URL('../../../bench/configs/zchat.yaml', import.meta.url)));
  assert.ok(loaded.ok, loaded.ok ? '' : loaded.errors.join('\n'));
  assert.equal(loaded.config.limits.floodPerSecond, 0);
  assert.equal(loaded.config.rooms.default, '');
  assert.ok(loaded.config.limits.maxConnectionsPerIp >= 100_000);
});

test('a 127.x target: clients spread over sources by default, so the default per-address limit does not refuse the run', async () => {
  const perIp = defaultConfig.limits.maxConnectionsPerIp;
  // A server with zchat's defaults but for flood control (this test is about the connection limit).
  const server = await startChatServer(makeConfig({ host: '127.0.0.1', plain: { port: 0 }, irc: { enabled: false }, web: { enabled: false }, rooms: { default: '' }, limits: { floodPerSecond: 0 } }));
  try {
    const target = `127.0.0.1:${server.addresses.plain!.getPort()}`;
    const spread = resolveBenchOptions('idle', { target, clients: perIp + 20, timeout: 30 });
    assert.ok('options' in spread);
    assert.equal(spread.options.sourceAddresses, true);
    const ok = await runBench(spread.options);
    assert.equal(ok.result.setup.ready, perIp + 20);
    assert.equal(ok.result.setup.failed, 0);
    // Forced onto one source (what the bench did before): refused past the limit, and the summary says why.
    const io = captureIo();
    const code = await runBenchCommand('idle', { target, clients: perIp + 20, timeout: 30, quiet: true, workers: 0, 'source-addresses': false }, io.io);
    assert.equal(code, 1);
    assert.match(io.stdout(), /^hint +the server refused connections past its limit per address/m);
  } finally {
    await server.close();
  }
});

test('hints: seconds of latency point at flood control', () => {
  const result = { errors: [], setup: { errors: [] }, messages: { latency: { p50Ms: 2_500 } }, probe: null } as unknown as Parameters<typeof benchHints>[0];
  assert.match(benchHints(result).join('\n'), /median latency of 2500 ms usually means the server is delaying lines \(flood control\)/);
});

test('plain clients leave the server\'s default room: real users in #lobby do not get the benchmark beside them', async () => {
  const server = await startChatServer(makeConfig({ host: '127.0.0.1', plain: { port: 0 }, irc: { enabled: false }, web: { enabled: false }, limits: { floodPerSecond: 0 } }));
  try {
    const target = `127.0.0.1:${server.addresses.plain!.getPort()}`;
    const r = resolveBenchOptions('idle', { target, clients: 20, hold: 2, timeout: 30 });
    assert.ok('options' in r);
    const run = runBench(r.options);
    // While the clients are held open: all 20 registered, and none of them in #lobby.
    const registered = (): number => [...server.core.users()].filter((u) => u.registered).length;
    let seen = false;
    for (let i = 0; i < 1500 && !seen; i++) {
      await new Promise((res) => setTimeout(res, 10));
      seen = registered() === 20 && (server.core.getRoom('#lobby')?.members.size ?? 0) === 0;
    }
    assert.ok(seen, `20 registered clients, none in #lobby (registered ${registered()}, in #lobby ${server.core.getRoom('#lobby')?.members.size ?? 0})`);
    const { result } = await run;
    assert.equal(result.setup.ready, 20);
  } finally {
    await server.close();
  }
});
