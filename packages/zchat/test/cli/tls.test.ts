// `zchat cert`, `zchat serve --tls-*` and `zchat connect --tls`: a pair made by `zchat cert` is accepted by a real
// `zchat serve` child (port 0), `zchat connect --tls --ca` talks through it with a plain TCP user, and without --ca the
// client stops with the certificate message and exit 1. Skipped, saying why, when openssl is not installed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { captureIo } from './io.js';
import { LineClient, spawnZchat, within, type ZchatChild } from './child.js';

const children: ZchatChild[] = [];
let dir = '';
let skip: string | false = false;
/** The pair made by the first test's `zchat cert`, used by the server tests. */
const pair = { key: '', cert: '' };

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zchat-cli-tls-'));
});
after(async () => {
  for (const c of children) if (c.child.exitCode === null) c.child.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

/**
 * `zchat ...` in process, with this process's PATH (so its openssl). Bounded: a `serve` that wrongly starts would
 * otherwise run until a signal.
 */
async function run(argv: string[], env: Record<string, string> = { PATH: process.env.PATH ?? '' }): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo({ env });
  const code = await within(main(argv, io.io), 30_000, `zchat ${argv.join(' ')}`);
  return { code, out: io.stdout(), err: io.stderr() };
}

function spawn(args: string[]): ZchatChild {
  const c = spawnZchat(args);
  children.push(c);
  return c;
}

test('zchat cert writes a 0600 key and a certificate for localhost, 127.0.0.1 and ::1, and prints how to use them', async (t) => {
  const out = join(dir, 'tls');
  const r = await run(['cert', '--out', out, '--days', '7']);
  if (r.code === 1 && /openssl was not found/.test(r.err)) {
    skip = 'openssl is not installed (CI installs it)';
    return t.skip(skip);
  }
  assert.equal(r.code, 0, r.err);
  pair.key = join(out, 'key.pem');
  pair.cert = join(out, 'cert.pem');
  assert.equal((await stat(pair.key)).mode & 0o777, 0o600);
  const x509 = new X509Certificate(await readFile(pair.cert));
  assert.match(x509.subject, /CN=localhost/);
  assert.match(x509.subjectAltName ?? '', /DNS:localhost/);
  assert.match(x509.subjectAltName ?? '', /IP Address:127\.0\.0\.1/);
  const days = (Date.parse(x509.validTo) - Date.parse(x509.validFrom)) / 86_400_000;
  assert.ok(Math.abs(days - 7) < 1, `valid for ${days} days`);
  assert.ok(x509.checkPrivateKey(createPrivateKey(await readFile(pair.key))), 'the key matches the certificate');
  assert.ok(r.out.includes(`tls:\n    key: ${JSON.stringify(pair.key)}\n    cert: ${JSON.stringify(pair.cert)}\n`), r.out);
  assert.ok(r.out.includes(`zchat serve --tls-key ${pair.key} --tls-cert ${pair.cert}`), r.out);
  assert.ok(r.out.includes(`zchat connect --tls --ca ${pair.cert} 127.0.0.1:`), r.out);
});

test('zchat cert refuses to overwrite without --force, and replaces the pair with it', async (t) => {
  if (skip !== false) return t.skip(skip);
  const out = join(dir, 'again');
  assert.equal((await run(['cert', '--out', out])).code, 0);
  const key = await readFile(join(out, 'key.pem'), 'utf8');
  const refused = await run(['cert', '--out', out]);
  assert.equal(refused.code, 1);
  assert.match(refused.err, /^zchat cert: .*key\.pem already exists \(use --force/);
  assert.equal(await readFile(join(out, 'key.pem'), 'utf8'), key, 'the existing key is untouched');
  assert.equal((await run(['cert', '--out', out, '--force'])).code, 0);
  assert.notEqual(await readFile(join(out, 'key.pem'), 'utf8'), key, 'a new key');
  assert.equal((await stat(join(out, 'key.pem'))).mode & 0o777, 0o600);
});

test('zchat cert without openssl on PATH: a clear message, the openssl line, exit 1, nothing left behind', async () => {
  const out = join(dir, 'no-openssl');
  const r = await run(['cert', '--out', out], { PATH: join(dir, 'empty-path') });
  assert.equal(r.code, 1);
  assert.match(r.err, /^zchat cert: openssl was not found on PATH; install it/);
  assert.match(r.err, /openssl req -x509 -newkey rsa:2048 -nodes .*-keyout \S*key\.pem -out \S*cert\.pem/);
  assert.equal(existsSync(out), false);
});

test('TLS flags that cannot work are refused before anything listens (exit 2)', async () => {
  const onlyKey = await run(['serve', '--plain-port', '0', '--irc-port', '0', '--web-port', '0', '--tls-key', join(dir, 'k.pem')]);
  assert.equal(onlyKey.code, 2);
  assert.match(onlyKey.err, /TLS needs both a key and a certificate: add --tls-cert/);
  const portOnly = await run(['serve', '--plain-port', '0', '--irc-port', '0', '--web-port', '0', '--plain-tls-port', '0']);
  assert.equal(portOnly.code, 2);
  assert.match(portOnly.err, /--plain-tls-port needs --tls-key and --tls-cert/);
  const clash = await run(['serve', '--plain-port', '7000', '--irc-port', '0', '--tls-key', 'k', '--tls-cert', 'c', '--plain-tls-port', '7000']);
  assert.equal(clash.code, 2);
  assert.match(clash.err, /plain text and plain text over TLS listeners both on port 7000/);
  const caWithoutTls = await run(['connect', '--ca', 'cert.pem', '127.0.0.1:1']);
  assert.equal(caWithoutTls.code, 2);
  assert.match(caWithoutTls.err, /^zchat connect: --ca needs --tls\n/);
});

test('a pair from zchat cert serves plain text over TLS: connect --tls --ca talks with a TCP user; without --ca, exit 1', async (t) => {
  if (skip !== false) return t.skip(skip);
  const server = spawn(['serve', '--plain-port', '0', '--irc-port', '0', '--web-port', '0', '--tls-key', pair.key, '--tls-cert', pair.cert, '--plain-tls-port', '0', '--irc-tls-port', '0', '--log-level', 'silent']);
  await server.waitForOutput(/Stop with Ctrl-C\.\n/);
  const banner = server.stdout();
  const tlsPort = Number(/plain text over TLS: listening on 127\.0\.0\.1:(\d+)/.exec(banner)?.[1]);
  const plainPort = Number(/plain text: listening on 127\.0\.0\.1:(\d+)/.exec(banner)?.[1]);
  assert.ok(tlsPort > 0 && plainPort > 0 && tlsPort !== plainPort, banner);
  assert.ok(banner.includes(`zchat connect --tls --ca ${pair.cert} 127.0.0.1:${tlsPort}`), banner);
  assert.match(banner, /IRC over TLS: listening on 127\.0\.0\.1:\d+\n {4}IRC clients with TLS/);

  const bob = await LineClient.connect(plainPort);
  try {
    await bob.waitFor('Identifier: ');
    await bob.send('bob');
    await bob.waitFor('#lobby');

    const alice = spawn(['connect', '--tls', '--ca', pair.cert, `127.0.0.1:${tlsPort}`]);
    alice.child.stdin.write('alice\n');
    await bob.waitFor('alice has joined.');
    alice.child.stdin.write('hello over tls\n');
    await bob.waitFor('alice: hello over tls');
    await bob.send('hi alice');
    await alice.waitForOutput('bob: hi alice\n');
    alice.child.stdin.write('/quit done\n');
    assert.equal(await within(alice.exited, 10_000, 'the TLS client to exit after /quit'), 0);
    assert.match(alice.stderr(), /^Connected to 127\.0\.0\.1:\d+ over TLS\.\n$/);
    await bob.waitFor('alice has left (done).');

    const untrusting = spawn(['connect', '--tls', '--reconnect', `127.0.0.1:${tlsPort}`]);
    untrusting.child.stdin.write('mallory\n');
    assert.equal(await within(untrusting.exited, 10_000, 'the untrusting client to give up'), 1);
    assert.match(untrusting.stderr(), /Cannot connect to 127\.0\.0\.1:\d+: TlsCertificateNotVerified \([^)]+\)\. .*pass it with --ca cert\.pem/);
    assert.doesNotMatch(untrusting.stderr(), /retrying/, 'a certificate failure is not retried');
  } finally {
    bob.close();
  }
  server.child.kill('SIGTERM');
  assert.equal(await within(server.exited, 15_000, 'serve to exit'), 0);
});

test('a key that is not a key: serve says so and exits 1', async (t) => {
  if (skip !== false) return t.skip(skip);
  const server = spawn(['serve', '--plain-port', '0', '--irc-port', '0', '--web-port', '0', '--tls-key', pair.cert, '--tls-cert', pair.cert, '--log-level', 'silent']);
  assert.equal(await within(server.exited, 10_000, 'serve to refuse the key'), 1);
  assert.match(server.stderr(), /^zchat serve: TLS key or certificate: /);
  assert.equal(server.stdout(), '');
});
