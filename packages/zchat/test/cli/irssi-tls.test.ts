// The irssi command the start-up banner gives for IRC over TLS works as written in Debian's irssi (1.4), with a
// `zchat cert` certificate: irssi runs under a pty (script), the command in its startup file.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnZchat, within, type ZchatChild } from './child.js';

const missing = spawnSync('sh', ['-c', 'command -v irssi && command -v script && command -v openssl'], { encoding: 'utf8' }).status !== 0;
const children: ZchatChild[] = [];
after(() => {
  for (const c of children) if (c.child.exitCode === null) c.child.kill('SIGKILL');
});

test('irssi connects over TLS with the /connect line of the banner', { skip: missing ? 'irssi, script or openssl is not installed (apt-get install irssi bsdutils openssl)' : false }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zchat-irssi-'));
  try {
    const cert = spawnZchat(['cert', '--out', join(dir, 'tls')]);
    children.push(cert);
    assert.equal(await within(cert.exited, 20_000, 'zchat cert'), 0);
    const server = spawnZchat(['serve', '--plain-port', '0', '--irc-port', '0', '--web-port', '0', '--irc-tls-port', '0',
      '--tls-key', join(dir, 'tls', 'key.pem'), '--tls-cert', join(dir, 'tls', 'cert.pem'), '--log-level', 'debug']);
    children.push(server);
    await server.waitForOutput(/Stop with Ctrl-C\./, 20_000);
    const hint = /in irssi: (\/connect -tls .*)$/m.exec(server.stdout());
    assert.ok(hint, server.stdout());
    const home = join(dir, 'irssi');
    mkdirSync(home);
    writeFileSync(join(home, 'startup'), `${hint[1]}\n`);
    const irssi = spawn('script', ['-qfec', `irssi --home=${home} -n irssitls`, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, TERM: 'xterm' } });
    let screen = '';
    irssi.stdout.setEncoding('utf8').on('data', (d: string) => (screen += d));
    try {
      const deadline = Date.now() + 20_000;
      while (!screen.includes('Welcome to the zchat IRC Network irssitls') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      assert.ok(screen.includes('Welcome to the zchat IRC Network irssitls'), `irssi did not register; it showed: ${screen.split(String.fromCharCode(27)).join(' ').slice(-800)}`);
    } finally {
      irssi.kill('SIGKILL');
    }
    server.child.kill('SIGTERM');
    await within(server.exited, 15_000, 'serve to stop');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
