#!/usr/bin/env node
// Longer fuzzing of the parsers than the unit tests do (docs/RELIABILITY.md): the compiled
// packages/zchat/dist/test/fuzz/*.fuzz.js, seeded fast-check runs over generated inputs and mutations of the corpus in
// packages/zchat/test/fuzz/corpus/. FUZZ_RUNS (default 20000 per property), FUZZ_SEED (replay), FUZZ_TIME_MS (cap per
// property, default 30000). A failure prints its seed and counterexample: add the input to the corpus.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(repo, 'packages', 'zchat', 'dist', 'test', 'fuzz');
if (!existsSync(dir)) {
  console.error('no compiled fuzz targets: run npm run build first');
  process.exit(1);
}
const files = readdirSync(dir).filter((f) => f.endsWith('.fuzz.js')).map((f) => join(dir, f));
const seed = process.env.FUZZ_SEED ?? String(Date.now() % 2 ** 31);
console.log(`fuzz: seed ${seed}, ${process.env.FUZZ_RUNS ?? 20000} runs per property (replay with FUZZ_SEED=${seed})`);
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=1', '--test-timeout=600000', ...files], { stdio: 'inherit', env: { ...process.env, FUZZ_SEED: seed } });
process.exit(result.status ?? 1);
