// Cluster faults through the real binary: a node killed with SIGKILL (its users quit on the other nodes with a
// reason naming it, within the configured time, and their nicks are free again; `zchat cluster status` shows
// the nodes), and a node started while Redis is unreachable (one clear line, retries, no stack trace, starts
// once Redis answers; a signal while waiting stops it cleanly).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChatServer } from '../../../src/chat/server.js';
import { freeLoopbackPort } from '../../helpers/engines.js';
import { redisSkipReason, startRedis } from '../../helpers/redis-server.js';
import type { TestRedis } from '../../helpers/redis-server.js';
import { spawnZchat, within } from '../../cli/child.js';
import type { ZchatChild } from '../../cli/child.js';
import { IrcClient } from '../irc/irc-client.js';
import { clusterTiming, ircUser, startNode } from './cluster-fixture.js';

const skip = redisSkipReason();
let redis: TestRedis;
let node: ChatServer;
let dir: string;
let configFile: string;

before(async () => {
  if (skip !== null) return;
  redis = await startRedis();
  node = await startNode(redis.url, 'stay', { cluster: clusterTiming });
  dir = await mkdtemp(join(tmpdir(), 'zchat-cluster-'));
  configFile = join(dir, 'node.json');
  await writeFile(configFile, JSON.stringify({ rooms: { default: '' }, web: { enabled: false }, cluster: clusterTiming }));
});

after(async () => {
  await node?.close();
  await redis?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function serveChild(redisUrl: string, nodeId: string): ZchatChild {
  return spawnZchat(['serve', '--config', configFile, '--cluster', redisUrl, '--node-id', nodeId, '--irc-port', '0', '--plain-port', '0']);
}

async function childIrcPort(c: ZchatChild): Promise<number> {
  await c.waitForOutput(/IRC: listening on 127\.0\.0\.1:\d+/, 15_000);
  return Number(/IRC: listening on 127\.0\.0\.1:(\d+)/.exec(c.stdout())![1]);
}

async function clusterStatus(): Promise<string> {
  const c = spawnZchat(['cluster', 'status', '--cluster', redis.url]);
  assert.equal(await within(c.exited, 15_000, 'zchat cluster status'), 0, c.stderr());
  return c.stdout();
}

test('a node killed with SIGKILL: its users quit elsewhere naming it, within deadAfterMs; their nicks are free; status shows it', { skip: skip ?? false }, async () => {
  const victim = serveChild(redis.url, 'victim');
  try {
    const port = await childIrcPort(victim);
    const vic = await IrcClient.register(port, 'vic');
    const watch = await ircUser(node, 'watch');
    await vic.send('JOIN #k');
    await vic.waitFor('366');
    await watch.send('JOIN #k');
    await watch.waitFor('366');
    await vic.waitFor((l) => l.msg.command === 'JOIN' && l.raw.startsWith(':watch!'));
    const status = await clusterStatus();
    assert.match(status, /2 nodes, 2 users/);
    assert.match(status, /^stay\s+1\s/m);
    assert.match(status, /^victim\s+1\s/m);
    victim.child.kill('SIGKILL');
    const killedAt = Date.now();
    const quit = await watch.waitFor('QUIT', clusterTiming.deadAfterMs + 5000);
    const took = Date.now() - killedAt;
    assert.ok(quit.raw.startsWith(':vic!'), quit.raw);
    assert.match(quit.msg.params[0]!, /^victim is gone \(no heartbeat for 2000 ms\)$/);
    assert.ok(took < clusterTiming.deadAfterMs + 2 * clusterTiming.heartbeatMs + 3000, `noticed after ${took} ms`);
    await watch.send('NICK vic');
    await watch.waitFor((l) => l.msg.command === 'NICK' && l.msg.params[0] === 'vic');
    const after = await clusterStatus();
    assert.match(after, /1 node, 1 user/);
    assert.doesNotMatch(after, /victim/);
    vic.close();
    watch.close();
  } finally {
    victim.child.kill('SIGKILL');
    await victim.exited;
  }
});

test('Redis unreachable at start: one clear line, retries, no stack trace; the node starts once Redis answers', { skip: skip ?? false }, async () => {
  const port = await freeLoopbackPort();
  const url = `redis://127.0.0.1:${port}`;
  const c = serveChild(url, 'late');
  let late: TestRedis | null = null;
  try {
    await waitForStderr(c, `cannot reach Redis at ${url} (ECONNREFUSED); retrying`);
    assert.doesNotMatch(c.stdout(), /listening/);
    late = await startRedis(port);
    const irc = await childIrcPort(c);
    const u = await IrcClient.register(irc, 'early');
    u.close();
    assert.doesNotMatch(c.stderr() + c.stdout(), /\n\s+at /, 'no stack trace');
    c.child.kill('SIGTERM');
    assert.equal(await within(c.exited, 15_000, 'serve exits'), 0);
  } finally {
    c.child.kill('SIGKILL');
    await c.exited;
    await late?.stop();
  }
});

test('a signal while waiting for Redis stops the node cleanly', { skip: skip ?? false }, async () => {
  const url = `redis://127.0.0.1:${await freeLoopbackPort()}`;
  const c = serveChild(url, 'never');
  try {
    await waitForStderr(c, 'cannot reach Redis');
    c.child.kill('SIGTERM');
    assert.equal(await within(c.exited, 10_000, 'serve exits'), 0);
    assert.doesNotMatch(c.stderr(), /\n\s+at /);
  } finally {
    c.child.kill('SIGKILL');
    await c.exited;
  }
});

test('zchat cluster status: an unreachable Redis is one line and exit 1', { skip: skip ?? false }, async () => {
  const url = `redis://127.0.0.1:${await freeLoopbackPort()}`;
  const c = spawnZchat(['cluster', 'status', '--cluster', url]);
  assert.equal(await within(c.exited, 15_000, 'cluster status exits'), 1);
  assert.equal(c.stderr(), `zchat cluster status: cannot reach Redis at ${url} (ECONNREFUSED)\n`);
});

async function waitForStderr(c: ZchatChild, text: string): Promise<void> {
  const until = Date.now() + 15_000;
  while (!c.stderr().includes(text)) {
    if (Date.now() > until) throw new Error(`no "${text}" in stderr:\n${c.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
