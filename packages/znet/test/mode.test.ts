import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { getMode, setMode } from '../src/mode.js';
import type { NetError } from '../src/errors.js';
import { inDebugCapturingStderr } from './fixtures/expect.js';

const run = promisify(execFile);
const child = fileURLToPath(new URL('./fixtures/drop-child.js', import.meta.url));

async function runChild(env: Record<string, string>): Promise<{ stdout: string; stderr: string }> {
  const clean = { ...process.env };
  delete clean.ZNET_MODE;
  delete clean.NODE_ENV;
  return run(process.execPath, ['--enable-source-maps', child], { env: { ...clean, ...env }, timeout: 20_000 });
}

test('debug mode prints the error with a trace that points at the caller', async () => {
  const { stdout, stderr } = await runChild({ ZNET_MODE: 'debug' });
  assert.equal(stdout.trim(), 'caught ConnectionResetByPeer');
  assert.match(stderr, /znet: read failed: error\.ConnectionResetByPeer/);
  // The first frame is the caller's read line in the child, not node internals.
  const firstFrame = stderr.split('\n').find((l) => l.trim().startsWith('at '));
  assert.match(firstFrame ?? '', /drop-child\.(ts|js):\d+/);
});

test('debug is the default', async () => {
  const { stderr } = await runChild({});
  assert.match(stderr, /error\.ConnectionResetByPeer/);
});

test('release mode (NODE_ENV=production or ZNET_MODE=release) prints nothing, still throws', async () => {
  const envs: Record<string, string>[] = [{ NODE_ENV: 'production' }, { ZNET_MODE: 'release' }, { NODE_ENV: 'production', ZNET_MODE: 'release' }];
  for (const env of envs) {
    const { stdout, stderr } = await runChild(env);
    assert.equal(stdout.trim(), 'caught ConnectionResetByPeer');
    assert.equal(stderr, '');
  }
});

test('ZNET_MODE=debug wins over NODE_ENV=production', async () => {
  const { stderr } = await runChild({ NODE_ENV: 'production', ZNET_MODE: 'debug' });
  assert.match(stderr, /ConnectionResetByPeer/);
});

test('setMode / getMode', () => {
  const before = getMode();
  setMode('debug');
  assert.equal(getMode(), 'debug');
  setMode('release');
  assert.equal(getMode(), 'release');
  assert.throws(() => setMode('fast' as never), TypeError);
  setMode(before);
});

test('debug mode stays quiet for outcomes the caller asked for: close() ending accept, StreamTooLong', async () => {
  const { listenLoopback, streamPair, enc } = await import('./fixtures/pair.js');
  await inDebugCapturingStderr(async (written) => {
    const server = await listenLoopback();
    const pending = server.accept();
    server.close();
    await assert.rejects(pending, (e: NetError) => e.code === 'SocketNotListening');
    await using p = await streamPair();
    await p.client.writeAll(enc('far too long\n'));
    await assert.rejects(p.peer.reader().readUntilDelimiter(new Uint8Array(4), 0x0a), (e: NetError) => e.code === 'StreamTooLong');
    assert.deepEqual(written, []);
  });
});
