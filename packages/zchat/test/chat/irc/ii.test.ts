// A real IRC client: Debian's `ii` (file-based) connects, joins #lobby, sends a line and receives one from
// a plain-text user. Skipped with a message when the `ii` binary is absent (CI installs it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LineClient } from '../helpers/line-client.js';
import { startIrcTestServer } from './irc-client.js';

const iiMissing = spawnSync('sh', ['-c', 'command -v ii'], { encoding: 'utf8' }).status !== 0;

/** Poll `check` every 20 ms for at most `timeoutMs`; throws with `what` on timeout. */
async function eventually(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function read(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

test('ii connects, joins #lobby, talks with a plain-text user', { skip: iiMissing ? 'the ii binary is not installed (apt-get install ii)' : false }, async () => {
  const ts = await startIrcTestServer();
  const dir = mkdtempSync(join(tmpdir(), 'zchat-ii-'));
  const ii = spawn('ii', ['-s', '127.0.0.1', '-p', String(ts.ircPort), '-n', 'iiuser', '-i', dir], { stdio: 'ignore' });
  let plain: LineClient | null = null;
  try {
    const server = join(dir, '127.0.0.1');
    await eventually('ii to register', () => read(join(server, 'out')).includes('Welcome to the zchat IRC Network'));
    await appendFile(join(server, 'in'), '/j #lobby\n');
    const lobby = join(server, '#lobby');
    await eventually('ii to join #lobby', () => existsSync(join(lobby, 'in')));
    plain = await LineClient.login(ts.plainPort, 'pat');
    await eventually('the plain user to show in #lobby', () => read(join(lobby, 'out')).includes('pat'));
    await appendFile(join(lobby, 'in'), 'hello from ii\n');
    await plain.waitFor('iiuser: hello from ii', 10_000);
    await plain.send('hello ii');
    await eventually('the plain line to reach ii', () => read(join(lobby, 'out')).includes('<pat> hello ii'));
    assert.match(read(join(lobby, 'out')), /<pat> hello ii/);
  } finally {
    plain?.close();
    ii.kill();
    await ts.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
