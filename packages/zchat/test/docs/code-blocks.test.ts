// The code blocks of the READMEs and docs, run or checked as written: the znet tour (TypeScript with `await using`,
// compiled as the README says) runs and echoes; every `zchat ...` command line in a sh block parses against the
// command table (no unknown option, no bad value); every zchat config in a yaml block validates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { parse as parseYaml } from 'yaml';
import { Address, StreamServer, tcpConnectToAddress } from 'znet';
import { validateConfig } from '../../src/chat/config-validate.js';
import { hashPassword } from '../../src/chat/password.js';
import { parseCommandArgs } from '../../src/cli/command.js';
import { commands } from '../../src/cli/main.js';

const here = dirname(fileURLToPath(import.meta.url));

/** The repository root: the nearest folder above this file holding `.ci/run`. */
function repoRoot(): string {
  let dir = here;
  while (!existsSync(join(dir, '.ci', 'run'))) {
    const up = dirname(dir);
    assert.notEqual(up, dir, 'no .ci/run above the test');
    dir = up;
  }
  return dir;
}

const root = repoRoot();

/** README.md at the root and in each package, and every .md under a docs/ folder (root and packages). */
function docFiles(): string[] {
  const files = [join(root, 'README.md')];
  for (const pkg of readdirSync(join(root, 'packages'))) {
    const base = join(root, 'packages', pkg);
    if (existsSync(join(base, 'README.md'))) files.push(join(base, 'README.md'));
    if (existsSync(join(base, 'docs'))) for (const f of readdirSync(join(base, 'docs'))) if (f.endsWith('.md')) files.push(join(base, 'docs', f));
  }
  for (const f of readdirSync(join(root, 'docs'))) if (f.endsWith('.md')) files.push(join(root, 'docs', f));
  return files;
}

/** Fenced blocks of `file` with their language tag. */
function blocks(file: string): { lang: string; code: string; line: number }[] {
  const out: { lang: string; code: string; line: number }[] = [];
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^```(\S*)\s*$/.exec(lines[i]!);
    if (m === null) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i]!.startsWith('```'); i++) body.push(lines[i]!);
    out.push({ lang: m[1]!, code: body.join('\n'), line: start + 1 });
  }
  return out;
}

/** Shell words of a simple command line (quotes removed; a command substitution stands for a number, as a pid). */
function words(line: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\$\([^)]*\)|[^\s"']+)/g;
  for (const m of line.matchAll(re)) out.push((m[1] ?? m[2] ?? m[3]!).replace(/^\$\([^)]*\)$/, '1234'));
  return out;
}

test('every zchat command line in a sh block parses against the command table', () => {
  let checked = 0;
  for (const file of docFiles()) {
    for (const b of blocks(file).filter((x) => x.lang === 'sh')) {
      for (const raw of b.code.split('\n')) {
        // Drop a prompt, a trailing comment and what follows a pipe or redirection.
        const line = raw.replace(/^\$ /, '').replace(/\s#.*$/, '').split(/\s[|>&]/)[0]!.trim();
        const w = words(line);
        const at = w[0] === 'npx' ? 1 : 0;
        if (w[at] !== 'zchat') continue;
        const cmd = commands.find((c) => c.name === w[at + 1]);
        const where = `${relative(root, file)}:${b.line}: ${line}`;
        assert.ok(cmd, `${where}: no such command`);
        assert.doesNotThrow(() => parseCommandArgs(cmd!, w.slice(at + 2)), where);
        checked++;
      }
    }
  }
  assert.ok(checked >= 10, `only ${checked} command lines found`);
});

test('every zchat config in a yaml block of the zchat docs validates', async () => {
  // The docs write a password hash as "scrypt$16384$8$1$...$...": the reader makes their own with zchat passwd.
  const hash = await hashPassword('example', { N: 1024 });
  let checked = 0;
  for (const file of docFiles().filter((f) => f.includes(join('packages', 'zchat')))) {
    for (const b of blocks(file).filter((x) => x.lang === 'yaml')) {
      const r = validateConfig(parseYaml(b.code.replaceAll('scrypt$16384$8$1$...$...', hash)) ?? {});
      assert.ok(r.ok, `${relative(root, file)}:${b.line}: ${r.ok ? '' : r.errors.join('; ')}`);
      checked++;
    }
  }
  assert.ok(checked >= 3, `only ${checked} config blocks found`);
});

test('the znet README tour, compiled from TypeScript as written, runs: an echo server that echoes', async () => {
  const tour = blocks(join(root, 'packages', 'znet', 'README.md')).find((b) => b.lang === 'ts');
  assert.ok(tour, 'the znet README has a ts block');
  assert.match(tour.code, /await using/);
  // A free port instead of the tour's 7777, which something else on this machine may hold.
  const probe = StreamServer.init();
  await probe.listen(Address.parseIp('127.0.0.1', 0));
  const port = probe.listenAddress.getPort();
  probe.deinit();
  assert.match(tour.code, /\b7777\b/);
  const js = ts.transpileModule(tour.code.replace(/\b7777\b/, String(port)), {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, lib: ['lib.esnext.d.ts'] },
  }).outputText;
  // Beside this test, so that `import ... from 'znet'` resolves as in any project that depends on znet.
  const file = join(here, `tour-${process.pid}.mjs`);
  writeFileSync(file, js);
  const child = spawn(process.execPath, [file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
  try {
    let stream;
    for (let i = 0; i < 200 && stream === undefined; i++) {
      try {
        stream = await tcpConnectToAddress(Address.parseIp('127.0.0.1', port));
      } catch {
        await new Promise((r) => setTimeout(r, 25));
      }
    }
    assert.ok(stream, `the tour never listened: ${out}`);
    await stream.writeAll(new TextEncoder().encode('hello tour\n'));
    const buf = new Uint8Array(64);
    let got = '';
    while (!got.includes('\n')) {
      const n = await stream.read(buf);
      if (n === 0) break;
      got += new TextDecoder().decode(buf.subarray(0, n));
    }
    stream.close();
    assert.equal(got, 'hello tour\n');
    for (let i = 0; i < 100 && !out.includes('connection from'); i++) await new Promise((r) => setTimeout(r, 20));
    assert.match(out, /connection from 127\.0\.0\.1:\d+/);
  } finally {
    child.kill();
    rmSync(file, { force: true });
  }
});
