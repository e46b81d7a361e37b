// "<name> has left (<reason>)." on every way of leaving, once per observer even across shared rooms.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { LineClient } from '../helpers/line-client.js';
import { startTestServer, withTestServer } from '../helpers/server-fixture.js';
import type { TestServer } from '../helpers/server-fixture.js';

let ts: TestServer;
let watcher: LineClient;
before(async () => {
  ts = await startTestServer({ limits: { idleTimeoutMs: 0 } });
  watcher = await LineClient.login(ts.port, 'watcher');
  await watcher.send('/join #second');
  await watcher.waitFor('In #second (1): @watcher');
});
after(async () => {
  watcher.close();
  await ts.server.close();
});

async function leaver(name: string): Promise<LineClient> {
  const c = await LineClient.login(ts.port, name);
  await c.send('/join #second');
  await c.waitFor(/^In #second/);
  await watcher.waitFor(`[#lobby] ${name} has joined.`);
  return c;
}

async function expectLeft(name: string, reason: string): Promise<void> {
  const line = `${name} has left (${reason}).`;
  await watcher.waitFor(line);
  // The quit is delivered once although the two share #lobby and #second.
  const more = await LineClient.login(ts.port, `${name}_probe`);
  await watcher.waitFor(`[#lobby] ${name}_probe has joined.`);
  more.close();
  assert.equal(watcher.lines.filter((l) => l === line).length, 1);
  assert.equal(ts.server.core.findUser(name), undefined);
}

test('/quit with a reason', async () => {
  const c = await leaver('q1');
  await c.send('/quit see you');
  await c.waitFor('Goodbye.');
  await c.waitEnd();
  await expectLeft('q1', 'see you');
});

test('/leave and /quit without a reason', async () => {
  const c = await leaver('q2');
  await c.send('/leave');
  await c.waitEnd();
  await expectLeft('q2', 'Quit');
});

test('connection closed by the client', async () => {
  const c = await leaver('q3');
  await c.stream.shutdown();
  await expectLeft('q3', 'Connection closed');
  c.close();
});

test('connection reset mid-line: the partial line is not forwarded', async () => {
  const c = await leaver('q4');
  await c.sendRaw('half a line with no end');
  await new Promise((r) => setTimeout(r, 20));
  c.stream.handle.resetAndDestroy();
  await expectLeft('q4', 'Connection reset by peer');
  assert.ok(!watcher.lines.some((l) => l.includes('half a line')));
});

test('killed by an operator', async () => {
  const c = await leaver('q5');
  const core = ts.server.core;
  const watcherUser = core.findUser('watcher')!;
  core.grantOper(watcherUser);
  assert.ok(core.kill(watcherUser, 'q5', 'spam').ok);
  await c.waitFor('You were disconnected by watcher (spam).');
  await c.waitEnd();
  await expectLeft('q5', 'Killed (watcher (spam))');
});

test('idle timeout and name timeout', async () => {
  await withTestServer({ limits: { idleTimeoutMs: 300, registrationTimeoutMs: 300 } }, async (quick) => {
    const a = await LineClient.login(quick.port, 'talker');
    const b = await LineClient.login(quick.port, 'sleeper');
    // The talker keeps talking (resetting its idle clock); the sleeper says nothing.
    let seen = false;
    for (let i = 0; i < 40 && !seen; i++) {
      await a.send(`tick ${i}`);
      await new Promise((r) => setTimeout(r, 50));
      seen = a.lines.includes('sleeper has left (Idle timeout).');
    }
    assert.ok(seen, 'the silent user was timed out while the talker stayed');
    await b.waitFor('error: Idle for too long; disconnecting.');
    await b.waitEnd();
    const unnamed = await LineClient.connect(quick.port);
    await unnamed.waitFor('error: No name chosen in time; disconnecting.');
    await unnamed.waitEnd();
    assert.ok(!a.lines.some((l) => l.includes('has joined') && !l.includes('sleeper')), 'an unnamed client never joined');
    a.close();
    b.close();
    unnamed.close();
  });
});
