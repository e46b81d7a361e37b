#!/usr/bin/env node
// Runs every compiled *.test.js under dist/test with node's test runner. Node 20's directory mode would also
// run helpers and fixtures (any .js under a folder named test), so the files are listed explicitly.
// Usage: node scripts/run-tests.js [filter...]   (filters are substrings of the test file path)
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = 'dist/test';
const filters = process.argv.slice(2);
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.test.js') && (filters.length === 0 || filters.some((f) => path.includes(f)))) files.push(path);
  }
})(root);
if (files.length === 0) {
  console.error(`no test files under ${root}${filters.length ? ` matching ${filters.join(', ')}` : ''}: run npm run build first`);
  process.exit(1);
}
const args = ['--test', '--test-concurrency=2', '--test-timeout=240000', ...files];
const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
process.exit(result.status ?? 1);
