// Sockets belong to znet (packages/znet): no file of the zchat package may import node:net, tls, dns or dgram
// (issue 3); zchat reaches sockets only through the `znet` package.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Compiled to packages/zchat/dist/test/chat/; the sources live at packages/zchat/src/chat.
const repo = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
const chatDir = join(repo, 'src', 'chat');
const FORBIDDEN = /(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"](?:node:)?(?:net|tls|dns|dgram)['"]/;

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sources(path));
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

test('the pattern catches every import form', () => {
  for (const bad of ["import * as net from 'node:net';", 'import { connect } from "tls";', "await import('node:dns')", "require('dgram')"]) {
    assert.ok(FORBIDDEN.test(bad), bad);
  }
  assert.ok(!FORBIDDEN.test("import { Stream } from 'znet';"));
});

test('no file under src/chat imports node:net, tls, dns or dgram', () => {
  const files = sources(chatDir);
  assert.ok(files.length > 10, `found the chat sources in ${chatDir}`);
  const offenders = files.filter((f) => FORBIDDEN.test(readFileSync(f, 'utf8')));
  assert.deepEqual(offenders, []);
});

test('no file of the zchat package (cli, bench, chat) imports node:net, tls, dns or dgram', () => {
  const srcDir = join(repo, 'src');
  const files = sources(srcDir);
  assert.ok(files.some((f) => f.includes(`${join('src', 'cli')}`)), 'the scan reaches src/cli');
  const offenders = files.filter((f) => FORBIDDEN.test(readFileSync(f, 'utf8')));
  assert.deepEqual(offenders, []);
});
