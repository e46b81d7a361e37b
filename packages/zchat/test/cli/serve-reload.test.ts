// SIGHUP reloads `zchat serve`'s config file (issue 16) through the real binary: the MOTD, a limit and the TLS key and
// certificate change for new connections, open connections stay, a bad file is refused with the old config kept.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tlsConnectToHost } from 'znet';
import { makeTestCert } from '../helpers/cert.js';
import { LineClient } from '../chat/helpers/line-client.js';
import { spawnZchat, within, type ZchatChild } from './child.js';

const children: ZchatChild[] = [];
after(() => {
  for (const c of children) if (c.child.exitCode === null) c.child.kill('SIGKILL');
});

async function waitForLog(c: ZchatChild, text: string, count: number): Promise<void> {
  await within(
    (async () => {
      while (c.stderr().split(text).length - 1 < count) await new Promise((r) => setTimeout(r, 20));
    })(),
    10_000,
    `${count} x "${text}" in stderr; got:\n${c.stderr()}`,
  );
}

async function trusts(port: number, ca: string): Promise<boolean> {
  try {
    const s = await tlsConnectToHost('127.0.0.1', port, { ca, timeoutMs: 5_000 });
    s.close();
    return true;
  } catch {
    return false;
  }
}

test('SIGHUP: new MOTD and TLS certificate for new connections, old connections kept, a bad file refused', async (t) => {
  const certA = await makeTestCert();
  if ('skip' in certA) return t.skip(certA.skip);
  const certB = await makeTestCert();
  if ('skip' in certB) return t.skip(certB.skip);
  const dir = await mkdtemp(join(tmpdir(), 'zchat-reload-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    await copyFile(certA.keyFile, key);
    await copyFile(certA.certFile, cert);
    const path = join(dir, 'zchat.json');
    const base = { logLevel: 'info', tls: { key, cert, ircPort: 0, plainPort: 0, webPort: 0 } };
    await writeFile(path, JSON.stringify({ ...base, motd: ['First MOTD.'] }));
    const server = spawnZchat(['serve', '--config', path, '--plain-port', '0', '--irc-port', '0', '--web-port', '0']);
    children.push(server);
    await server.waitForOutput(/Stop with Ctrl-C\.\n/);
    const port = Number(/plain text: listening on 127\.0\.0\.1:(\d+)/.exec(server.stdout())![1]);
    const tlsPort = Number(/plain text over TLS: listening on 127\.0\.0\.1:(\d+)/.exec(server.stdout())![1]);
    assert.equal(await trusts(tlsPort, certA.certPem), true);

    const early = await LineClient.login(port, 'early');
    assert.ok(early.lines.some((l) => l.includes('First MOTD.')), early.lines.join('\n'));

    await writeFile(path, JSON.stringify({ ...base, motd: ['Second MOTD.'], limits: { maxConnectionsPerIp: 50 }, serverName: 'other.example' }));
    await copyFile(certB.keyFile, key);
    await copyFile(certB.certFile, cert);
    server.child.kill('SIGHUP');
    await waitForLog(server, 'config reloaded', 1);
    assert.match(server.stderr(), /"applied":\[[^\]]*"motd"[^\]]*"limits\.maxConnectionsPerIp"[^\]]*"tls\.key","tls\.cert"\]/);
    assert.match(server.stderr(), /"restartNeeded":\["serverName"\]/);
    const late = await LineClient.login(port, 'late');
    assert.ok(late.lines.some((l) => l.includes('Second MOTD.')), late.lines.join('\n'));
    assert.equal(await trusts(tlsPort, certB.certPem), true, 'new connections get the new certificate');
    assert.equal(await trusts(tlsPort, certA.certPem), false);
    // The connection from before the reload still talks.
    await early.send('hello after the reload');
    await late.waitFor(/early.*hello after the reload/);

    await writeFile(path, '{"limits": {"maxLineBytes": "x"}');
    server.child.kill('SIGHUP');
    await waitForLog(server, 'config reload refused', 1);
    await writeFile(path, JSON.stringify({ ...base, limits: { maxLineBytes: 'x' } }));
    server.child.kill('SIGHUP');
    await waitForLog(server, 'config reload refused', 2);
    assert.match(server.stderr(), /limits\.maxLineBytes: expected an integer/);
    const third = await LineClient.login(port, 'third');
    assert.ok(third.lines.some((l) => l.includes('Second MOTD.')), third.lines.join('\n'));
    for (const c of [early, late, third]) c.close();
    server.child.kill('SIGTERM');
    assert.equal(await within(server.exited, 15_000, 'serve to exit after SIGTERM'), 0);
  } finally {
    await rm(dir, { recursive: true, force: true });
    await certA.remove();
    await certB.remove();
  }
});
