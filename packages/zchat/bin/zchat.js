#!/usr/bin/env node
// The `zchat` command: runs the compiled CLI (build first with `npm run build`).
import { main } from '../dist/src/cli/main.js';

const code = await main(process.argv.slice(2));
// Let stdout/stderr drain before leaving: a command may end while a terminal is still being written to.
process.stdout.write('', () => process.exit(code));
