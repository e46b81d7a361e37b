// The JavaScript runtimes besides Node that znet is tested on, one row each: how to run the compiled test suite,
// how to run a script (the README tour), and where the runtime prints its totals. The binaries come from the npm
// packages `bun` and `deno` (dev dependencies of znet): nothing is downloaded at run time.
import { spawn, spawnSync } from 'node:child_process';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
export const repoDir = join(packageDir, '..', '..');

// The installed binaries first, whatever else is on PATH (npm run does the same).
const path = [join(packageDir, 'node_modules', '.bin'), join(repoDir, 'node_modules', '.bin'), process.env.PATH ?? ''].join(delimiter);
export const env = { ...process.env, PATH: path, NO_COLOR: '1' };
delete env.FORCE_COLOR; // Deno colours its output when FORCE_COLOR is set at all

export const runtimes = {
  bun: {
    command: 'bun',
    version: ['--version'],
    label: (out) => `Bun ${out}`,
    // Bun's default per-test timeout is 5 s; the suite's slowest tests wait longer on a loaded machine.
    suite: ['test', '--timeout', '60000', './dist/test/'],
    script: (file) => [file],
    totals: /^ *\d+ (pass|skip|fail|todo)$|^Ran \d+ tests/,
  },
  deno: {
    command: 'deno',
    version: ['--version'],
    label: (out) => out.replace(/^deno (\S+).*/, 'Deno $1'),
    // --cached-only: fail rather than fetch anything; npm packages resolve from node_modules.
    suite: ['test', '--allow-all', '--cached-only', './dist/test/'],
    // The tour needs only the network: reading ZNET_MODE/NODE_ENV and the descriptor check degrade without
    // --allow-env / --allow-read (docs/NET.md).
    script: (file) => ['run', '--cached-only', '--allow-net', file],
    totals: /^(ok|FAILED) \| /,
  },
};

/** The runtimes named on the command line (all when none), or an error naming the unknown one. */
export function selected(args) {
  const names = args.length === 0 ? Object.keys(runtimes) : args;
  for (const name of names) if (!(name in runtimes)) throw new Error(`unknown runtime ${name}; known: ${Object.keys(runtimes).join(', ')}`);
  return names;
}

/** The runtime's version line, which also proves its binary is installed and runs. */
export function versionOf(name) {
  const rt = runtimes[name];
  const r = spawnSync(rt.command, rt.version, { env, encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`${name} is not installed (npm ci installs it from the npm package ${name}): ${r.error?.message ?? r.stderr}`);
  return rt.label(r.stdout.split('\n')[0].trim());
}

/**
 * Run a runtime with `args` in `cwd`, copying its output through; resolves its exit code and the output lines
 * matching `keep`. Killed after `timeoutMs`.
 */
export function run(name, args, { cwd, keep, timeoutMs }) {
  return new Promise((resolve, reject) => {
    const child = spawn(runtimes[name].command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const kept = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    for (const [from, to] of [[child.stdout, process.stdout], [child.stderr, process.stderr]]) {
      let partial = '';
      from.on('data', (chunk) => {
        to.write(chunk);
        const lines = (partial + chunk).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines.map(plain)) if (keep.test(line)) kept.push(line.trim());
      });
    }
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 1 : 0), signal, kept });
    });
  });
}

// eslint-disable-next-line no-control-regex
const plain = (line) => line.replace(/\x1b\[[0-9;]*m/g, '');
