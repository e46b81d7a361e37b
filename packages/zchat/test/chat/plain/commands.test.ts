import { test } from 'node:test';
import assert from 'node:assert/strict';
import { table } from '../../../src/chat/plain/commands.js';

test('every command row has usage and help, and usage names the command', () => {
  for (const [name, row] of Object.entries(table)) {
    assert.ok(row.usage.length > 0 && row.help.length > 0, name);
    assert.ok(row.usage.startsWith(`/${name}`), `${name}: ${row.usage}`);
    assert.equal(typeof row.handler, 'function', name);
    assert.ok(row.minArgs >= 0, name);
  }
});

test('the table covers the commands issue 3 asks for', () => {
  for (const name of ['join', 'part', 'rooms', 'who', 'nick', 'msg', 'me', 'topic', 'away', 'quit', 'leave', 'help', 'echo', 'color']) {
    assert.ok(Object.hasOwn(table, name), name);
  }
});
