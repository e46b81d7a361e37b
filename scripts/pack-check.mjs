#!/usr/bin/env node
// Checks the packages as a user installs them, from the tarballs `npm pack` makes (neither is published):
//  1. znet alone in an empty project: it installs with no other package, an ESM script echoes over loopback with
//     it, and `tsc --noEmit` accepts a TypeScript file against its types.
//  2. zchat (with the znet tarball beside it) installed globally into a temporary prefix: `zchat --version`,
//     `zchat serve`, and a `zchat connect` user and an IRC user who see each other's messages.
// Prints the tarball and installed sizes (the figures in docs/BENCHMARKS.md) and exits non-zero on any failure.
// Usage: node scripts/pack-check.mjs [--keep]   (run `npm run build` first; --keep leaves the temp dir)
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const keep = process.argv.includes('--keep');
const work = mkdtempSync(join(tmpdir(), 'zchat-pack-'));
const npmEnv = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
const children = new Set();

function run(cmd, args, opts = {}) {
  return execFileSync(cmd, args, { encoding: 'utf8', env: npmEnv, stdio: ['ignore', 'pipe', 'pipe'], ...opts });
}
function step(text) {
  process.stdout.write(`pack-check: ${text}\n`);
}
function duBytes(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.size;
  let total = 0;
  for (const name of readdirSync(path)) total += duBytes(join(path, name));
  return total;
}
/** The @types/node range the workspace itself builds with. */
function rootTypesNode() {
  return JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).devDependencies['@types/node'];
}
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Resolves when `text` (a RegExp) has appeared in what `read()` returns, or rejects after `ms`. */
async function waitFor(read, pattern, ms, what) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (pattern.test(read())) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}; got:\n${read()}`);
}

async function connectWithRetry(port, ms) {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await new Promise((resolve, reject) => {
        const sock = connect(port, '127.0.0.1', () => resolve(sock));
        sock.once('error', reject);
      });
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function spawnLogged(cmd, args, opts) {
  const child = spawn(cmd, args, { env: npmEnv, stdio: ['pipe', 'pipe', 'pipe'], ...opts });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return { child, output: () => out };
}

async function main() {
  // Tarballs. `npm pack` runs no build here: dist/ must exist (npm run build).
  const packed = JSON.parse(run('npm', ['pack', '-w', 'znet', '-w', 'zchat', '--json', '--pack-destination', work], { cwd: repo }));
  const tarball = {};
  for (const p of packed) {
    tarball[p.name] = join(work, p.filename);
    const shipped = p.files.map((f) => f.path);
    const bad = shipped.filter((f) => /^(dist\/)?(test|bench|examples)\/|(^|\/)fixtures\//.test(f) || f.endsWith('.tsbuildinfo'));
    if (bad.length) throw new Error(`${p.name}'s tarball ships files it must not: ${bad.slice(0, 5).join(', ')}`);
    for (const must of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md']) {
      if (!shipped.includes(must)) throw new Error(`${p.name}'s tarball lacks ${must}`);
    }
    step(`${p.name}@${p.version}: tarball ${kib(p.size)}, unpacked ${kib(p.unpackedSize)}, ${p.entryCount} files`);
  }

  // 1. znet alone.
  const app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  run('npm', ['install', '--no-package-lock', tarball.znet], { cwd: app });
  const deps = run('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: app }).trim().split('\n').slice(1);
  if (deps.length !== 1 || !deps[0].endsWith(join('node_modules', 'znet'))) {
    throw new Error(`znet installed more than itself:\n${deps.join('\n')}`);
  }
  step(`znet installs alone: ${kib(duBytes(join(app, 'node_modules')))} in node_modules`);
  writeFileSync(join(app, 'echo.mjs'), `
import { Address, StreamServer, tcpConnectToAddress } from 'znet';
const server = StreamServer.init({ kernelBacklog: 16 });
await server.listen(Address.parseIp('127.0.0.1', 0));
const serving = (async () => {
  const { stream } = await server.accept();
  const buf = new Uint8Array(64);
  const n = await stream.read(buf);
  await stream.writeAll(buf.subarray(0, n));
  stream.close();
})();
const client = await tcpConnectToAddress(server.listenAddress);
await client.writeAll(new TextEncoder().encode('hello znet'));
const got = new Uint8Array(64);
const n = await client.readAll(got.subarray(0, 10));
client.close();
await serving;
server.deinit();
if (new TextDecoder().decode(got.subarray(0, n)) !== 'hello znet') throw new Error('echo mismatch');
console.log('echo ok');
`);
  const echoed = run(process.execPath, ['echo.mjs'], { cwd: app, env: { ...npmEnv, ZNET_MODE: 'release' } });
  if (!/echo ok/.test(echoed)) throw new Error(`the ESM echo script failed: ${echoed}`);
  step('an ESM script echoes over loopback with the installed znet');
  writeFileSync(join(app, 'check.ts'), `
import { Address, StreamServer, NetError, type Stream, type NetErrorCode } from 'znet';
export async function echo(stream: Stream): Promise<number> {
  const buf = new Uint8Array(1024);
  const n: number = await stream.read(buf);
  return n;
}
export const server: StreamServer = StreamServer.init({ kernelBacklog: 1 });
export const address: Address = Address.parseIp('127.0.0.1', 0);
export function codeOf(err: unknown): NetErrorCode | undefined { return err instanceof NetError ? err.code : undefined; }
`);
  // What a TypeScript user has anyway: Node's types (a dev dependency, so still nothing at run time) and the
  // disposable lib, which the README names.
  run('npm', ['install', '--no-package-lock', '--save-dev', `@types/node@${rootTypesNode()}`], { cwd: app });
  writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      target: 'ES2023', lib: ['ES2023', 'ESNext.Disposable'], module: 'NodeNext', moduleResolution: 'NodeNext',
      strict: true, noEmit: true, skipLibCheck: false, types: ['node'],
    },
    files: ['check.ts'],
  }));
  run(process.execPath, [join(repo, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: app });
  step('tsc --noEmit accepts a TypeScript file against the installed types');

  // 2. zchat, globally into a temporary prefix.
  const prefix = join(work, 'prefix');
  run('npm', ['install', '-g', '--prefix', prefix, tarball.znet, tarball.zchat], { cwd: work });
  const zchat = join(prefix, 'bin', 'zchat');
  step(`zchat installed globally: ${kib(duBytes(join(prefix, 'lib', 'node_modules')))} with its dependencies`);
  const version = run(zchat, ['--version']).trim();
  const expected = JSON.parse(readFileSync(join(repo, 'packages', 'zchat', 'package.json'), 'utf8')).version;
  if (!version.includes(expected)) throw new Error(`zchat --version printed '${version}', expected ${expected}`);
  step(`zchat --version: ${version}`);

  const plainPort = await freePort();
  const ircPort = await freePort();
  const webPort = await freePort();
  const serverCwd = join(work, 'run');
  mkdirSync(serverCwd);
  const server = spawnLogged(zchat, ['serve', '--plain-port', String(plainPort), '--irc-port', String(ircPort), '--web-port', String(webPort), '--log-level', 'warn'], { cwd: serverCwd });
  const irc = await connectWithRetry(ircPort, 15_000);
  let ircIn = '';
  irc.setEncoding('utf8');
  irc.on('data', (d) => {
    ircIn += d;
    for (const m of d.matchAll(/^PING (.*)\r$/gm)) irc.write(`PONG ${m[1]}\r\n`);
  });
  irc.write('NICK ircuser\r\nUSER ircuser 0 * :IRC user\r\n');
  await waitFor(() => ircIn, / 001 ircuser /, 10_000, 'IRC registration');
  irc.write('JOIN #lobby\r\n');
  await waitFor(() => ircIn, / 366 ircuser #lobby /, 10_000, 'the IRC user to join #lobby');

  const client = spawnLogged(zchat, ['connect', `127.0.0.1:${plainPort}`, '--name', 'plainuser', '--no-color'], { cwd: serverCwd });
  await waitFor(() => ircIn, /:plainuser!\S* JOIN #lobby/, 10_000, 'the zchat connect user to join #lobby');
  client.child.stdin.write('hello from zchat connect\n');
  await waitFor(() => ircIn, /:plainuser!\S* PRIVMSG #lobby :hello from zchat connect/, 10_000, 'the IRC user to see the message');
  irc.write('PRIVMSG #lobby :hello from IRC\r\n');
  await waitFor(client.output, /ircuser.*hello from IRC/, 10_000, 'the zchat connect user to see the IRC message');
  step('zchat serve runs; a zchat connect user and an IRC user see each other in #lobby');
  // The web client ships built inside the zchat tarball: the page and its script are served.
  const page = await globalThis.fetch(`http://127.0.0.1:${webPort}/`).then((r) => r.text());
  const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(page)?.[1];
  if (script === undefined) throw new Error(`the web client page is not served:\n${page}`);
  const js = await globalThis.fetch(`http://127.0.0.1:${webPort}/${script}`);
  if (!js.ok || !/javascript/.test(js.headers.get('content-type') ?? '')) throw new Error(`the web client script is not served: ${js.status}`);
  step('the installed zchat serves the built web client');
  client.child.stdin.end('/quit\n');
  irc.end('QUIT :bye\r\n');
  server.child.kill('SIGTERM');
  await new Promise((r) => (server.child.exitCode !== null ? r() : server.child.once('exit', r)));
}

try {
  await main();
  step('all checks passed');
} catch (err) {
  process.stderr.write(`pack-check: FAILED: ${err instanceof Error ? err.message : String(err)}\n`);
  if (err && typeof err === 'object' && 'stderr' in err && err.stderr) process.stderr.write(String(err.stderr));
  process.exitCode = 1;
} finally {
  for (const child of children) child.kill('SIGKILL');
  if (!keep) rmSync(work, { recursive: true, force: true });
  else step(`kept ${work}`);
}
