// `zchat serve` as a real child process: port 0 printed as the real port, connect, graceful shutdown on SIGTERM.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Address, StreamServer } from 'znet';
import { LineClient, spawnZchat, within, zchatBin, type ZchatChild } from './child.js';

const children: ZchatChild[] = [];
after(() => {
  for (const c of children) if (c.child.exitCode === null) c.child.kill('SIGKILL');
});

function serve(args: string[]): ZchatChild {
  const c = spawnZchat(['serve', '--plain-port', '0', '--irc-port', '0', '--web-port', '0', ...args]);
  children.push(c);
  return c;
}

/** The two lines docs/ZCHAT.md says clients see when the server stops (the block after "What clients see:"). */
function shutdownLines(): { plain: string; irc: string } {
  const doc = readFileSync(new URL('../../../docs/ZCHAT.md', import.meta.url), 'utf8');
  const block = /What clients see:\n\n```\n([^`]*)```/.exec(doc);
  assert.ok(block, 'docs/ZCHAT.md shows what clients see at shutdown');
  const lines = block[1]!.trim().split('\n').map((l) => /^(.*?)\s{2,}(plain text|IRC)$/.exec(l)!);
  return { plain: lines.find((m) => m[2] === 'plain text')![1]!, irc: lines.find((m) => m[2] === 'IRC')![1]! };
}

async function plainPort(c: ZchatChild): Promise<number> {
  await c.waitForOutput(/Stop with Ctrl-C\.\n/);
  const m = /plain text: listening on 127\.0\.0\.1:(\d+)/.exec(c.stdout());
  assert.ok(m, c.stdout());
  return Number(m[1]);
}

test('serve --plain-port 0 prints the real port and how to connect; SIGTERM shuts down gracefully with exit 0', async () => {
  const server = serve(['--log-level', 'info']);
  const port = await plainPort(server);
  assert.ok(port > 0);
  for (const hint of [`zchat connect 127.0.0.1:${port}`, `nc 127.0.0.1 ${port}`, `telnet 127.0.0.1 ${port}`]) assert.ok(server.stdout().includes(hint), hint);
  const irc = /IRC: listening on 127\.0\.0\.1:(\d+)\n {4}any IRC client, e\.g\. irssi -c 127\.0\.0\.1 -p (\d+)\n/.exec(server.stdout());
  assert.ok(irc && Number(irc[1]) > 0 && irc[1] === irc[2], server.stdout());

  const client = await LineClient.connect(port);
  await client.waitFor('Identifier: ');
  await client.send('watcher');
  await client.waitFor('#lobby');
  const ircClient = await LineClient.connect(Number(irc[1]));
  await ircClient.send('NICK ircwatch');
  await ircClient.send('USER i 0 * :i');
  await ircClient.waitFor(' 001 ');

  server.child.kill('SIGTERM');
  assert.equal(await within(server.exited, 15_000, 'serve to exit after SIGTERM'), 0);
  // The client was told, then the connection ended; each saw the line docs/ZCHAT.md shows.
  await client.waitFor('shutting down');
  await ircClient.waitFor('Closing Link');
  const documented = shutdownLines();
  assert.ok(client.received().split('\r\n').includes(documented.plain), `${JSON.stringify(documented.plain)} in ${client.received()}`);
  assert.ok(ircClient.received().split('\r\n').includes(documented.irc), `${JSON.stringify(documented.irc)} in ${ircClient.received()}`);
  ircClient.close();
  await within(
    (async () => {
      while (!client.ended) await new Promise((r) => setTimeout(r, 10));
    })(),
    5_000,
    'the client connection to end',
  );
  client.close();
  // Logs are JSON lines on stderr (not a terminal here), with the signal and the stop.
  const logs = server.stderr().trim().split('\n').map((line) => JSON.parse(line) as { msg: string; signal?: string });
  assert.ok(logs.some((l) => l.msg === 'signal received' && l.signal === 'SIGTERM'), server.stderr());
  assert.ok(logs.some((l) => l.msg === 'stopped'), server.stderr());
});

test('SIGINT works the same way', async () => {
  const server = serve(['--log-level', 'silent']);
  await plainPort(server);
  server.child.kill('SIGINT');
  assert.equal(await within(server.exited, 15_000, 'serve to exit after SIGINT'), 0);
  assert.equal(server.stderr(), '');
});

test('an invalid config file: every problem named, nothing listens, exit 2', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'zchat-serve-'));
  try {
    const path = join(dir, 'bad.yaml');
    await writeFile(path, 'limits:\n  maxLineBytes: x\nplian: {}\n');
    const server = serve(['--config', path]);
    assert.equal(await within(server.exited, 10_000, 'serve to refuse the config'), 2);
    assert.equal(server.stdout(), '');
    assert.match(server.stderr(), /bad\.yaml: limits\.maxLineBytes: expected an integer from 64 to 1048576, got "x"/);
    assert.match(server.stderr(), /bad\.yaml: plian: unknown key \(did you mean "plain"\?\)/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a config file sets the port and MOTD; flags still win over it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'zchat-serve-'));
  try {
    const path = join(dir, 'zchat.json');
    await writeFile(path, JSON.stringify({ plain: { port: 1 }, motd: ['From the file.'], logLevel: 'silent' }));
    const server = serve(['--config', path]); // --plain-port 0 overrides port 1
    const port = await plainPort(server);
    assert.notEqual(port, 1);
    const client = await LineClient.connect(port);
    await client.waitFor('From the file.');
    client.close();
    server.child.kill('SIGTERM');
    assert.equal(await within(server.exited, 15_000, 'serve to exit'), 0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

/** stderr without the JSON log lines: what the operator is told in words. */
function words(c: ZchatChild): string[] {
  return c.stderr().split('\n').filter((l) => l !== '' && !l.startsWith('{'));
}

test('a port already in use: one line naming the port and its flag, no stack trace, exit 1', async () => {
  const blocker = StreamServer.init();
  await blocker.listen(Address.parseIp('127.0.0.1', 0));
  const port = blocker.listenAddress.getPort();
  try {
    // The default log level, as a new operator runs it.
    const c = spawnZchat(['serve', '--plain-port', '0', '--irc-port', String(port), '--web-port', '0']);
    children.push(c);
    assert.equal(await within(c.exited, 10_000, 'serve to fail'), 1);
    assert.deepEqual(words(c), [`zchat serve: port ${port} is already in use on 127.0.0.1; pick another with --irc-port or stop the other server`]);
    assert.doesNotMatch(c.stderr(), /\bat |stack/);
  } finally {
    blocker.deinit();
  }
});

test('a host that is not on this machine, or not an IP address: one line and exit 1', async () => {
  // 192.0.2.1 is TEST-NET-1 (RFC 5737): never an address of this machine.
  const absent = spawnZchat(['serve', '--host', '192.0.2.1', '--plain-port', '0', '--irc-port', '0', '--web-port', '0']);
  const name = spawnZchat(['serve', '--host', 'nosuch.invalid', '--plain-port', '0', '--irc-port', '0', '--web-port', '0']);
  children.push(absent, name);
  assert.equal(await within(absent.exited, 10_000, 'serve to fail'), 1);
  assert.deepEqual(words(absent), ['zchat serve: 192.0.2.1 is not an address of this machine; listen on one of its addresses, 127.0.0.1 (this machine only) or 0.0.0.0 (every interface) with --host']);
  assert.equal(await within(name.exited, 10_000, 'serve to fail'), 1);
  assert.equal(words(name).length, 1, name.stderr());
  assert.match(words(name)[0]!, /^zchat serve: the host to listen on must be an IP address of this machine, not "nosuch\.invalid"/);
  assert.doesNotMatch(absent.stderr() + name.stderr(), /\bat |stack/);
});

const unprivileged = process.getuid?.() === 0 && spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, '-e', '0']).status === 0;
const lowPortsOpen = Number(readFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', { encoding: 'utf8', flag: 'r' }).trim()) <= 1;

test('a port below 1024 without the privilege: one line saying why and what to do, exit 1',
  { skip: !unprivileged ? 'needs root to run the server as nobody (runuser)' : lowPortsOpen ? 'this kernel lets anyone bind low ports' : false }, async () => {
    const child = spawn('runuser', ['-u', 'nobody', '--', process.execPath, zchatBin, 'serve', '--plain-port', '0', '--irc-port', '1', '--web-port', '0'], { stdio: 'pipe' });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const code = await within(new Promise<number | null>((resolve) => child.once('exit', resolve)), 10_000, 'serve to fail');
    assert.equal(code, 1);
    const lines = err.split('\n').filter((l) => l !== '' && !l.startsWith('{'));
    assert.deepEqual(lines, ['zchat serve: permission denied to listen on port 1: ports below 1024 need root or CAP_NET_BIND_SERVICE (docs/ZCHAT.md, Running in production); pick a port from 1024 up with --irc-port']);
  });

test('the bad-flag path through the real binary: exit 2 and the message on stderr', async () => {
  const c = spawnZchat(['serve', '--plain-port', 'eighty']);
  children.push(c);
  assert.equal(await within(c.exited, 10_000, 'zchat to exit'), 2);
  assert.match(c.stderr(), /^zchat serve: --plain-port: expected a port number from 0 to 65535, got "eighty"\n/);
  const v = spawnZchat(['--version']);
  children.push(v);
  assert.equal(await within(v.exited, 10_000, 'zchat --version'), 0);
  assert.match(v.stdout(), /^zchat \d+\.\d+\.\d+\n$/);
});
