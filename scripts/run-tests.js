#!/usr/bin/env node
// Runs every compiled *.test.js under packages/*/dist/test with node's test runner. Node 20's directory mode would
// also run helpers and fixtures (any .js under a folder named test), so the files are listed explicitly.
// Usage: node scripts/run-tests.js [filter...]   (filters are substrings of the test file path, e.g. packages/znet/
// or irc/caps; a filter starting with ! leaves out the files it matches, e.g. '!chat/store/sqlite')
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const filters = process.argv.slice(2);
const include = filters.filter((f) => !f.startsWith('!'));
const exclude = filters.filter((f) => f.startsWith('!')).map((f) => f.slice(1));
const wanted = (shown) => (include.length === 0 || include.some((f) => shown.includes(f))) && !exclude.some((f) => shown.includes(f));
const files = [];
function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const shown = relative(repo, path);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.test.js') && wanted(shown)) files.push(path);
  }
}
for (const pkg of readdirSync(join(repo, 'packages')).sort()) {
  const root = join(repo, 'packages', pkg, 'dist', 'test');
  if (existsSync(root)) walk(root);
}
if (files.length === 0) {
  console.error(`no test files under packages/*/dist/test${filters.length ? ` matching ${filters.join(', ')}` : ''}: run npm run build first`);
  process.exit(1);
}
const args = ['--test', '--test-concurrency=2', '--test-timeout=240000', ...files];
const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
process.exit(result.status ?? 1);
