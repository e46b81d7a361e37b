// SIGUSR1 must not open Node's inspector in `zchat serve` (issue 16): the real binary, a free port named as the
// inspector's through NODE_OPTIONS, two SIGUSR1s, and that port stays closed while the server keeps serving.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Address, StreamServer, tcpConnectToAddress } from 'znet';
import { LineClient, spawnZchat, within, type ZchatChild } from './child.js';

const children: ZchatChild[] = [];
after(() => {
  for (const c of children) if (c.child.exitCode === null) c.child.kill('SIGKILL');
});

async function freePort(): Promise<number> {
  const s = StreamServer.init();
  await s.listen(Address.parseIp('127.0.0.1', 0));
  const port = s.listenAddress.getPort();
  s.deinit();
  return port;
}

async function isOpen(port: number): Promise<boolean> {
  try {
    const stream = await tcpConnectToAddress(Address.parseIp('127.0.0.1', port));
    stream.close();
    return true;
  } catch {
    return false;
  }
}

test('SIGUSR1 leaves the inspector closed and the server serving', async () => {
  const inspectPort = await freePort();
  const server = spawnZchat(['serve', '--plain-port', '0', '--irc-port', '0', '--web-port', '0', '--log-level', 'warn'], { NODE_OPTIONS: `--inspect-port=127.0.0.1:${inspectPort}` });
  children.push(server);
  await server.waitForOutput(/Stop with Ctrl-C\.\n/);
  const port = Number(/plain text: listening on 127\.0\.0\.1:(\d+)/.exec(server.stdout())![1]);
  for (let i = 0; i < 2; i++) {
    server.child.kill('SIGUSR1');
    await new Promise((r) => setTimeout(r, 300));
  }
  assert.equal(await isOpen(inspectPort), false, `inspector port ${inspectPort} opened; stderr:\n${server.stderr()}`);
  assert.doesNotMatch(server.stderr(), /Debugger listening/);
  assert.match(server.stderr(), /signal ignored: the inspector stays closed/);
  const client = await LineClient.connect(port);
  await client.waitFor('Identifier: ');
  await client.send('still-here');
  await client.waitFor('#lobby');
  client.close();
  server.child.kill('SIGTERM');
  assert.equal(await within(server.exited, 15_000, 'serve to exit after SIGTERM'), 0);
});
