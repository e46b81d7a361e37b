import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { runClient, type ClientOptions } from '../../src/cli/client.js';
import { setMode } from 'znet';
import { captureIo } from './io.js';
import { startFakeServer, waitFor } from './fake-server.js';

before(() => setMode('release'));

function options(port: number, extra: Partial<ClientOptions> = {}): ClientOptions {
  return { host: '127.0.0.1', port, reconnect: false, maxAttempts: 3, colour: true, connectTimeoutMs: 5_000, promptWaitMs: 2_000, quitWaitMs: 2_000, backoffMs: () => 1, ...extra };
}

test('pipe: the prompt flows through, lines go out in order, /quit exits 0 after the server closes', async () => {
  const server = await startFakeServer();
  try {
    const c = captureIo();
    const done = runClient(options(server.port), c.io);
    c.stdin.write('alice\n');
    await waitFor(() => c.stdout().includes('Hello, alice.'), 'the greeting');
    c.stdin.write('hello world\n');
    await waitFor(() => c.stdout().includes('alice: hello world'), 'the echo');
    c.stdin.write('/quit bye\n');
    assert.equal(await done, 0);
    assert.deepEqual(server.sessions, [['alice', 'hello world', '/quit bye']]);
    // Plain output on a pipe: no colour, the prompt on its own line, server text in order.
    assert.equal(c.stdout(), 'Welcome to fake.\nIdentifier:\nHello, alice.\nalice: hello world\nGoodbye.\n');
    assert.match(c.stderr(), /^Connected to 127\.0\.0\.1:\d+\.\n$/);
  } finally {
    server.stop();
  }
});

test('--name answers the prompt by itself', async () => {
  const server = await startFakeServer();
  try {
    const c = captureIo();
    const done = runClient(options(server.port, { name: 'bob' }), c.io);
    await waitFor(() => c.stdout().includes('Hello, bob.'), 'the greeting');
    c.stdin.end();
    assert.equal(await done, 0);
    assert.deepEqual(server.sessions, [['bob', '/quit']]);
  } finally {
    server.stop();
  }
});

test('end of stdin before the connection is up: queued lines are delivered, then /quit', async () => {
  const server = await startFakeServer();
  try {
    const c = captureIo();
    c.stdin.end('carol\none\ntwo\n');
    assert.equal(await runClient(options(server.port), c.io), 0);
    assert.deepEqual(server.sessions, [['carol', 'one', 'two', '/quit']]);
    assert.ok(c.stdout().endsWith('carol: one\ncarol: two\nGoodbye.\n'), c.stdout());
  } finally {
    server.stop();
  }
});

test('the server closing the connection: a clear message and exit 0', async () => {
  const server = await startFakeServer();
  try {
    const c = captureIo();
    const done = runClient(options(server.port, { name: 'dave' }), c.io);
    await waitFor(() => c.stdout().includes('Hello, dave.'), 'the greeting');
    server.closeAll();
    assert.equal(await done, 0);
    assert.match(c.stderr(), /The server closed the connection\./);
  } finally {
    server.stop();
  }
});

test('the connection reset: a clear message and exit 1', async () => {
  const server = await startFakeServer();
  try {
    const c = captureIo();
    const done = runClient(options(server.port, { name: 'erin' }), c.io);
    await waitFor(() => c.stdout().includes('Hello, erin.'), 'the greeting');
    server.resetAll();
    assert.equal(await done, 1);
    assert.match(c.stderr(), /Connection lost: ConnectionResetByPeer/);
  } finally {
    server.stop();
  }
});

test('--reconnect: after the server drops us, reconnect and send the name again', async () => {
  const server = await startFakeServer();
  try {
    const c = captureIo();
    const done = runClient(options(server.port, { reconnect: true }), c.io);
    c.stdin.write('frank\n');
    await waitFor(() => c.stdout().includes('Hello, frank.'), 'the first greeting');
    server.closeAll();
    await waitFor(() => server.sessions.length === 2 && server.sessions[1]!.length === 1, 'the second session to be named');
    assert.deepEqual(server.sessions[1], ['frank']);
    c.stdin.write('back\n');
    await waitFor(() => c.stdout().includes('frank: back'), 'a line on the new connection');
    c.stdin.end();
    assert.equal(await done, 0);
    assert.match(c.stderr(), /The server closed the connection\.\nReconnecting in/);
  } finally {
    server.stop();
  }
});

test('unreachable server: bounded attempts with --reconnect, then exit 1', async () => {
  const server = await startFakeServer();
  const port = server.port;
  server.stop();
  const c = captureIo();
  const attempts: number[] = [];
  const code = await runClient(options(port, { reconnect: true, maxAttempts: 3, backoffMs: (n) => (attempts.push(n), 1) }), c.io);
  assert.equal(code, 1);
  assert.deepEqual(attempts, [0, 1]);
  assert.match(c.stderr(), /attempt 3 of 3[^]*Cannot connect to 127\.0\.0\.1:\d+: ConnectionRefused/);
  const once = captureIo();
  assert.equal(await runClient(options(port), once.io), 1);
  assert.match(once.stderr(), /^Cannot connect to 127\.0\.0\.1:\d+: ConnectionRefused/);
});

test('a server that ignores /quit: the client closes after the bounded wait and exits 0', async () => {
  const server = await startFakeServer();
  server.honourQuit = false;
  try {
    const c = captureIo();
    const done = runClient(options(server.port, { name: 'gina', quitWaitMs: 50 }), c.io);
    await waitFor(() => c.stdout().includes('Hello, gina.'), 'the greeting');
    c.stdin.write('/quit\n');
    assert.equal(await done, 0);
  } finally {
    server.stop();
  }
});
