#!/usr/bin/env node
// Runs znet's compiled test suite (dist/test, built by tsc -b) under Bun and Deno, then prints each runtime's
// totals. Usage: node scripts/test-runtimes.js [bun|deno ...]   (npm run test:runtimes runs the tour check too)
import { packageDir, run, runtimes, selected, versionOf } from './runtimes.js';

const summary = [];
let failed = false;
for (const name of selected(process.argv.slice(2))) {
  const version = versionOf(name);
  console.log(`\n=== znet test suite under ${version}`);
  const started = Date.now();
  // Bounded: the whole suite takes well under a minute on either runtime.
  const result = await run(name, runtimes[name].suite, { cwd: packageDir, keep: runtimes[name].totals, timeoutMs: 5 * 60_000 });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.code !== 0) failed = true;
  summary.push(`${version}: ${result.code === 0 ? 'passed' : `FAILED (exit ${result.code}${result.signal ? `, ${result.signal}` : ''})`} in ${seconds} s; ${result.kept.join('; ')}`);
}
console.log(`\n${summary.join('\n')}`);
process.exit(failed ? 1 : 0);
