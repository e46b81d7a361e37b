#!/usr/bin/env node
// The README tour, as a user meets it: pack znet (npm pack -w znet), install the tarball into an empty project
// (offline: znet needs no other package), save the tour's echo server from the installed README unchanged, run it
// under Bun and Deno, and talk to it over loopback: a line and 256 KiB of random bytes on two connections at
// once must come back as sent, and the server must print each connection. Port 7777 is the tour's own.
// Usage: node scripts/tour-check.js [bun|deno ...]
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { env, repoDir, runtimes, selected, versionOf } from './runtimes.js';

const port = 7777;
const names = selected(process.argv.slice(2));
const work = mkdtempSync(join(tmpdir(), 'znet-tour-'));
let failed = false;
try {
  const app = install(work);
  const tour = tourOf(readFileSync(join(app, 'node_modules', 'znet', 'README.md'), 'utf8'));
  writeFileSync(join(app, 'echo-server.ts'), tour);
  for (const name of names) {
    const version = versionOf(name);
    try {
      const lines = await checkTour(name, app);
      console.log(`${version}: the tour's echo server from the installed tarball echoed both connections (${lines.join('; ')})`);
    } catch (err) {
      failed = true;
      console.error(`${version}: the tour FAILED: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);

/** npm pack -w znet, then install the tarball into an empty project without the network. */
function install(dir) {
  const npm = (args, cwd) => {
    const r = spawnSync('npm', args, { cwd, env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`);
    return r.stdout;
  };
  const tarball = npm(['pack', '-w', 'znet', '--pack-destination', dir, '--silent'], repoDir).trim().split('\n').pop();
  const app = join(dir, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'znet-tour', private: true, type: 'module' }, null, 2));
  npm(['install', '--offline', '--no-audit', '--no-fund', join(dir, tarball)], app);
  return app;
}

/** The first TypeScript block under "## A tour". */
function tourOf(readme) {
  const match = /^## A tour\n[\s\S]*?^```ts\n([\s\S]*?)^```$/m.exec(readme);
  if (!match) throw new Error('no ```ts block under "## A tour" in the installed README');
  return match[1];
}

/** Start the tour under `name`, exchange bytes on two connections, stop it; resolves the server's lines. */
async function checkTour(name, app) {
  if (await connects()) throw new Error(`something already listens on 127.0.0.1:${port}`);
  const server = spawn(runtimes[name].command, runtimes[name].script('echo-server.ts'), { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  server.stdout.on('data', (d) => (out += d));
  server.stderr.on('data', (d) => (err += d));
  const exited = new Promise((resolve) => server.once('close', (code, signal) => resolve(signal ?? code)));
  try {
    // Up to 30 s for the runtime to start and listen, in 100 ms steps.
    for (let i = 0; ; i++) {
      if (await connects()) break;
      if (server.exitCode !== null || i >= 300) throw new Error(`the server did not listen (exit ${server.exitCode}):\n${out}${err}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const line = Buffer.from('hello, znet\n');
    const bulk = randomBytes(256 * 1024);
    const [a, b] = await Promise.all([echoOf(line), echoOf(bulk)]);
    if (!a.echoed.equals(line)) throw new Error(`the line came back as ${JSON.stringify(a.echoed.toString())}`);
    if (!b.echoed.equals(bulk)) throw new Error(`256 KiB sent, ${b.echoed.length} bytes came back${b.echoed.length === bulk.length ? ', different' : ''}`);
    // The server prints each connection; the probes above connected too, so look for these two.
    for (const { localPort } of [a, b]) {
      await until(() => out.includes(`connection from 127.0.0.1:${localPort}\n`), `the server did not print "connection from 127.0.0.1:${localPort}":\n${out}${err}`);
    }
    return out.split('\n').filter((l) => l.endsWith(`:${a.localPort}`) || l.endsWith(`:${b.localPort}`));
  } finally {
    server.kill('SIGTERM');
    const killer = setTimeout(() => server.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(killer);
  }
}

/** True when something accepts a connection on the tour's port. */
function connects() {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** Send `bytes`, half-close, and collect what comes back until the server closes (at most 20 s). */
function echoOf(bytes) {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    const chunks = [];
    let received = 0;
    let localPort = 0;
    const timer = setTimeout(() => s.destroy(new Error(`no echo within 20 s (${received} of ${bytes.length} bytes back)`)), 20_000);
    s.once('connect', () => {
      localPort = s.localPort;
      s.end(bytes);
    });
    s.on('data', (d) => {
      chunks.push(d);
      received += d.length;
    });
    s.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    s.once('close', (hadError) => {
      clearTimeout(timer);
      if (!hadError) resolve({ echoed: Buffer.concat(chunks), localPort });
    });
  });
}

async function until(ok, message) {
  for (let i = 0; i < 50 && !ok(); i++) await new Promise((r) => setTimeout(r, 100));
  if (!ok()) throw new Error(message);
}
