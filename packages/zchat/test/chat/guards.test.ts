// Structure guards (issue 9), read from the sources: no import cycles anywhere under the sources (type
// imports count: they tie modules together just the same), the chat core imports no protocol, transport
// or socket module, and only znet imports node:net, node:tls or node:dns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest folder above this file holding `.ci` (kept at the root). */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 12; i++) {
    if (existsSync(join(dir, '.ci'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('repository root not found');
}

const root = repoRoot();

function walk(dir: string, out: string[]): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** The server's TypeScript sources: znet and zchat (`packages/{znet,zchat}/src/`, or `src/` before the workspace). */
function sources(): string[] {
  const out: string[] = [];
  if (existsSync(join(root, 'src'))) walk(join(root, 'src'), out);
  for (const p of ['znet', 'zchat']) if (existsSync(join(root, 'packages', p, 'src'))) walk(join(root, 'packages', p, 'src'), out);
  return out;
}

// `import ... from '...'`, `export ... from '...'`, `import('...')`; comments are stripped first.
const SPECIFIER = /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g;

/** The module specifiers `file` imports (values and types alike). */
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
  return [...text.matchAll(SPECIFIER)].map((m) => m[1]!);
}

/** A relative specifier resolved to its source file, or null for packages and node: modules. */
function resolveLocal(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = resolve(dirname(from), spec);
  for (const candidate of [base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts')]) if (existsSync(candidate)) return candidate;
  return null;
}

const rel = (f: string): string => relative(root, f).split(sep).join('/');

/** Cycles in the import graph, each as the list of files around it (Tarjan's strongly connected components). */
function cycles(files: string[]): string[][] {
  const graph = new Map<string, string[]>();
  for (const f of files) graph.set(f, imports(f).map((s) => resolveLocal(f, s)).filter((t): t is string => t !== null));
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const connect = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      const selfLoop = (graph.get(v) ?? []).includes(v);
      if (component.length > 1 || selfLoop) out.push(component.map(rel).sort());
    }
  };
  for (const f of graph.keys()) if (!idx.has(f)) connect(f);
  return out;
}

test('the import scanner sees every form, values and types', () => {
  const text = "import a from './a.js';\nimport type { B } from \"./b.js\";\nexport { c } from './c.js';\nconst d = await import('./d.js');\nimport './e.js';\n// import './commented.js';";
  const found = [...text.replace(/(^|[^:])\/\/.*$/gm, '$1').matchAll(SPECIFIER)].map((m) => m[1]);
  assert.deepEqual(found, ['./a.js', './b.js', './c.js', './d.js', './e.js']);
});

test('no import cycles in the sources', () => {
  const files = sources();
  assert.ok(files.length > 30, `found the sources under ${root}`);
  // Room and ChatUser are two data types that refer to each other (a user's rooms, a room's members):
  // the one pair allowed, and only as type imports.
  const allowed = ['chat/core/rooms.ts', 'chat/core/users.ts'];
  const found = cycles(files).filter((c) => !(c.length === 2 && c.every((f, i) => f.endsWith(allowed[i]!))));
  assert.deepEqual(found, []);
});

test('the chat core imports nothing but itself and the config types', () => {
  const core = sources().filter((f) => rel(f).includes('chat/core/'));
  assert.ok(core.length > 10);
  const offenders: string[] = [];
  for (const f of core) {
    for (const spec of imports(f)) {
      const target = resolveLocal(f, spec);
      const ok = target !== null ? rel(target).includes('chat/core/') || rel(target).endsWith('chat/config.ts') : false;
      if (!ok) offenders.push(`${rel(f)} -> ${spec}`);
    }
  }
  assert.deepEqual(offenders, []);
});

test('only znet imports node:net, node:tls or node:dns', () => {
  const socket = /^(?:node:)?(?:net|tls|dns|dgram)$/;
  const isZnet = (f: string): boolean => /(^|\/)(src\/net|packages\/znet\/src)\//.test(rel(f));
  const offenders: string[] = [];
  for (const f of sources()) if (!isZnet(f)) for (const spec of imports(f)) if (socket.test(spec)) offenders.push(`${rel(f)} -> ${spec}`);
  assert.deepEqual(offenders, []);
  assert.ok(sources().some((f) => isZnet(f) && imports(f).some((s) => socket.test(s))), 'the scan reaches znet');
});
