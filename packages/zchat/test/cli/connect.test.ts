// `zchat connect` as a real child process (stdin/stdout pipes) against a running chat server.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeConfig } from '../../src/chat/config.js';
import { startChatServer, type ChatServer } from '../../src/chat/server.js';
import { LineClient, spawnZchat, within, type ZchatChild } from './child.js';
import { waitFor } from './fake-server.js';

const children: ZchatChild[] = [];
after(() => {
  for (const c of children) if (c.child.exitCode === null) c.child.kill('SIGKILL');
});

async function startServer(): Promise<{ server: ChatServer; port: number }> {
  const config = makeConfig({ plain: { port: 0 }, irc: { enabled: false }, web: { enabled: false }, limits: { floodPerSecond: 0 } });
  const server = await startChatServer(config);
  return { server, port: server.addresses.plain!.getPort() };
}

function connect(port: number, ...args: string[]): ZchatChild {
  const c = spawnZchat(['connect', `127.0.0.1:${port}`, ...args]);
  children.push(c);
  return c;
}

test('name, send a line, see another user, /quit -> exit 0', async () => {
  const { server, port } = await startServer();
  const other = await LineClient.connect(port);
  try {
    await other.waitFor('Identifier: ');
    await other.send('bob');
    await other.waitFor('#lobby');

    const alice = connect(port);
    alice.child.stdin.write('alice\n');
    await alice.waitForOutput('Identifier:\n'); // the prompt, on its own line on a pipe
    await other.waitFor('alice has joined.');

    alice.child.stdin.write('hello bob\n');
    await other.waitFor('alice: hello bob');

    await other.send('hi alice');
    await alice.waitForOutput('bob: hi alice\n');

    alice.child.stdin.write('/me waves\n');
    await other.waitFor('* alice waves');

    alice.child.stdin.write('/quit see you\n');
    assert.equal(await within(alice.exited, 10_000, 'the client to exit after /quit'), 0);
    await other.waitFor('alice has left (see you).');
    // Server output only on stdout; the client's own status on stderr.
    assert.match(alice.stderr(), /^Connected to 127\.0\.0\.1:\d+\.\n$/);
    assert.ok(!alice.stdout().includes('Connected to'));
    assert.ok(!alice.stdout().includes('\x1b['), 'no colour on a pipe');
  } finally {
    other.close();
    await server.close('test over');
  }
});

test('--name answers the prompt; end of stdin sends /quit and exits 0', async () => {
  const { server, port } = await startServer();
  const other = await LineClient.connect(port);
  try {
    await other.waitFor('Identifier: ');
    await other.send('watcher');
    await other.waitFor('#lobby');
    const carol = connect(port, '--name', 'carol');
    await other.waitFor('carol has joined.');
    carol.child.stdin.end('piped line\n');
    await other.waitFor('carol: piped line');
    assert.equal(await within(carol.exited, 10_000, 'the client to exit at end of input'), 0);
    await other.waitFor('carol has left');
  } finally {
    other.close();
    await server.close('test over');
  }
});

test('server shutdown: the client shows why and exits 0', async () => {
  const { server, port } = await startServer();
  const dave = connect(port, '--name', 'dave');
  try {
    await dave.waitForOutput('#lobby');
    await server.close('Server shutting down');
    assert.equal(await within(dave.exited, 10_000, 'the client to exit after the shutdown'), 0);
    assert.match(dave.stdout(), /shutting down/i);
    assert.match(dave.stderr(), /The server closed the connection\.\n$/);
  } finally {
    await server.close();
  }
});

test('--reconnect: a restarted server on the same port gets the name again', async () => {
  const first = await startServer();
  const erin = connect(first.port, '--name', 'erin', '--reconnect', '--retries', '50');
  await erin.waitForOutput('#lobby');
  await first.server.close('restarting');
  // Bring a server back on the same port (the one the OS gave the first); the client is retrying meanwhile.
  const config = makeConfig({ plain: { port: first.port }, irc: { enabled: false }, web: { enabled: false }, limits: { floodPerSecond: 0 } });
  const second = await startChatServer(config);
  const watcher = await LineClient.connect(first.port);
  try {
    await watcher.waitFor('Identifier: ');
    await watcher.send('watcher');
    await watcher.waitFor('#lobby');
    // The client may already be back (then /who lists it), or arrive later (then its join is announced).
    await watcher.send('/who');
    await watcher.waitFor('erin');
    erin.child.stdin.end();
    assert.equal(await within(erin.exited, 10_000, 'the client to exit'), 0);
    assert.match(erin.stderr(), /Reconnecting in/);
  } finally {
    watcher.close();
    await second.close('test over');
  }
});

test('nobody listening: a clear message and exit 1', async () => {
  const { server, port } = await startServer();
  await server.close();
  const c = connect(port);
  c.child.stdin.write('x\n');
  assert.equal(await within(c.exited, 10_000, 'the client to give up'), 1);
  assert.match(c.stderr(), /Cannot connect to 127\.0\.0\.1:\d+: ConnectionRefused/);
});

test('--reconnect: keeps trying past the old limit of 8 attempts, then rejoins every room with the current one current', async () => {
  const first = await startServer();
  const port = first.port;
  const erin = connect(port, '--name', 'erin', '--reconnect', '--max-backoff', '1');
  await erin.waitForOutput('#lobby');
  erin.child.stdin.write('/join #ops\n/join #dev\n');
  await erin.waitForOutput('You are in #dev.');
  await first.server.close('restarting');
  // With waits of at most 1 s, the ninth attempt comes about 7 s later; the old default gave up after the eighth.
  await waitFor(() => /attempt 9; Ctrl-C to stop\)/.test(erin.stderr()), 'a ninth attempt', 30_000);
  const config = makeConfig({ plain: { port }, irc: { enabled: false }, web: { enabled: false }, limits: { floodPerSecond: 0 } });
  const second = await startChatServer(config);
  const watcher = await LineClient.connect(port);
  try {
    await watcher.waitFor('Identifier: ');
    await watcher.send('watcher');
    await watcher.send('/join #dev');
    await watcher.waitFor('You are in #dev.');
    await waitFor(() => second.core.getRoom('#ops')?.members.size === 1 && second.core.getRoom('#dev')?.members.size === 2, 'erin back in #ops and #dev', 15_000);
    assert.match(erin.stderr(), /Rejoining #lobby, #ops, #dev\./);
    erin.child.stdin.write('back in dev\n');
    await watcher.waitFor('erin: back in dev');
    erin.child.stdin.end();
    assert.equal(await within(erin.exited, 10_000, 'the client to exit'), 0);
  } finally {
    watcher.close();
    await second.close('test over');
  }
});

test('nobody listening and nothing on stdin: still a message and exit 1', async () => {
  const { server, port } = await startServer();
  await server.close();
  const c = connect(port);
  c.child.stdin.end();
  assert.equal(await within(c.exited, 10_000, 'the client to give up'), 1);
  assert.match(c.stderr(), /^Cannot connect to 127\.0\.0\.1:\d+: ConnectionRefused/);
});
