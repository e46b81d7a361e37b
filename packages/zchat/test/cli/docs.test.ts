import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describeConfigKeys } from '../../src/chat/config-validate.js';
import { commands } from '../../src/cli/main.js';

// dist/test/cli -> repository root
const doc = readFileSync(new URL('../../../docs/CLI.md', import.meta.url), 'utf8');

test('docs/CLI.md documents every config key of the schema', () => {
  for (const { path } of describeConfigKeys()) assert.ok(doc.includes(`| \`${path}\` |`), `docs/CLI.md has no row for ${path}`);
});

test('docs/CLI.md documents every command and option of the table', () => {
  for (const c of commands) {
    assert.ok(doc.includes(`## \`zchat ${c.name}\``), `no section for zchat ${c.name}`);
    for (const name of Object.keys(c.options)) assert.ok(doc.includes(`--${name}`), `zchat ${c.name} --${name} is not documented`);
  }
});
