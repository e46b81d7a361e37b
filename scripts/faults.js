#!/usr/bin/env node
// The fault suite (docs/RELIABILITY.md): a real zchat on loopback under bounded attacks, with healthy clients beside
// each. Runs the compiled packages/zchat/dist/test/faults/*.fault.js one at a time (each scenario starts its own
// server and measures it alone), then prints the figures. FAULTS_SOAK=1 makes every attack ten times longer.
// Usage: npm run faults   (builds first)     node scripts/faults.js [scenario name filter]
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(repo, 'packages', 'zchat', 'dist', 'test', 'faults');
if (!existsSync(dir)) {
  console.error('no compiled fault suite: run npm run build first');
  process.exit(1);
}
const files = readdirSync(dir).filter((f) => f.endsWith('.fault.js')).map((f) => join(dir, f));
const filter = process.argv[2];
const report = process.env.FAULTS_REPORT ?? join(tmpdir(), `zchat-faults-${process.pid}.json`);
const args = ['--test', '--test-concurrency=1', '--test-timeout=900000', '--test-reporter=spec', ...(filter ? ['--test-name-pattern', filter] : []), ...files];
const started = Date.now();
const result = spawnSync(process.execPath, args, { stdio: 'inherit', env: { ...process.env, FAULTS_REPORT: report } });
console.log(`\nfault suite: ${((Date.now() - started) / 1000).toFixed(0)} s, figures in ${report}`);
process.exit(result.status ?? 1);
