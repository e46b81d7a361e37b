import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { defaultConfig } from '../../src/chat/config.js';
import { caps } from '../../src/chat/irc/caps.js';
import { commands as ircCommands } from '../../src/chat/irc/commands.js';
import { isupportStrings, isupportTokens } from '../../src/chat/irc/isupport.js';
import { channelModes, userModes } from '../../src/chat/irc/modes.js';
import { table as plainCommands } from '../../src/chat/plain/commands.js';

// dist/test/docs -> repository root
const doc = readFileSync(new URL('../../../docs/ZCHAT.md', import.meta.url), 'utf8');

/** The text under heading `title` (any level) up to the next heading of the same or a higher level. */
function section(title: string): string {
  const lines = doc.split('\n');
  let inFence = false;
  let start = -1;
  let level = 0;
  for (const [i, line] of lines.entries()) {
    if (line.startsWith('```')) inFence = !inFence;
    const m = inFence ? null : /^(#{1,6}) (.*)$/.exec(line);
    if (m === null) continue;
    if (start >= 0 && m[1]!.length <= level) return lines.slice(start, i).join('\n');
    if (start < 0 && m[2] === title) {
      start = i + 1;
      level = m[1]!.length;
    }
  }
  assert.ok(start >= 0, `docs/ZCHAT.md has no section "${title}"`);
  return lines.slice(start).join('\n');
}

/** The body rows of every table in `text`, each as its cells (split at unescaped `|`, trimmed). */
function tableRows(text: string): string[][] {
  const rows: string[][] = [];
  let afterSeparator = false;
  for (const line of text.split('\n')) {
    if (!line.startsWith('|')) {
      afterSeparator = false;
      continue;
    }
    if (/^\|[-| ]+\|$/.test(line)) {
      afterSeparator = true;
      continue;
    }
    if (afterSeparator) rows.push(line.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim()));
  }
  return rows;
}

/** A value as the first cell shows it: in backticks, with `|` escaped for the table. */
function code(text: string): string {
  return '`' + text.replaceAll('|', '\\|') + '`';
}

/** Assert that the first cells of `rows` are exactly `expected` (nothing missing, nothing stale). */
function assertSameRows(rows: string[][], expected: readonly string[], what: string): void {
  const documented = rows.map((r) => r[0]!);
  for (const e of expected) assert.ok(documented.includes(e), `docs/ZCHAT.md has no ${what} row for ${e}`);
  for (const d of documented) assert.ok(expected.includes(d), `docs/ZCHAT.md documents ${d}, which is not a ${what}`);
}

test('every plain-text command row is documented with its usage and whether it works before a name', () => {
  const rows = tableRows(section('Plain-text commands'));
  assertSameRows(rows, Object.values(plainCommands).map((r) => code(r.usage)), 'plain-text command');
  for (const r of Object.values(plainCommands)) {
    const row = rows.find((x) => x[0] === code(r.usage))!;
    assert.equal(row[1], r.preRegistration === true ? 'yes' : '', `${r.usage}: the "before a name" column is wrong`);
  }
});

test('every IRC command row is documented with its usage and whether it works before registration', () => {
  const rows = tableRows(section('IRC commands'));
  assertSameRows(rows, Object.values(ircCommands).map((r) => code(r.usage)), 'IRC command');
  for (const r of Object.values(ircCommands)) {
    const row = rows.find((x) => x[0] === code(r.usage))!;
    assert.equal(row[1], r.preRegistration ? 'yes' : '', `${r.usage}: the "before registration" column is wrong`);
  }
});

test('every IRC capability is documented', () => {
  assertSameRows(tableRows(section('Capabilities')), caps.map((c) => code(c.name)), 'capability');
});

test('every ISUPPORT token is documented, and the example shows what the defaults send', () => {
  const text = section('ISUPPORT');
  assertSameRows(tableRows(text), isupportTokens.map((t) => code(t.name)), 'ISUPPORT token');
  const example = /```\n([\s\S]*?)```/.exec(text)?.[1] ?? '';
  const shown = example.split(/\s+/).filter((w) => w !== '');
  assert.deepEqual(shown, isupportStrings(defaultConfig), 'the ISUPPORT example differs from what the default config sends');
});

test('every channel mode and user mode letter is documented', () => {
  assertSameRows(tableRows(section('Channel modes')), channelModes.map((m) => code(m.mode)), 'channel mode');
  assertSameRows(tableRows(section('User modes')), userModes.map((m) => code(m.mode)), 'user mode');
});

test('every config.limits key is documented with its default', () => {
  const rows = tableRows(section('Limits and faults'));
  const limits = defaultConfig.limits as unknown as Record<string, number>;
  assertSameRows(rows, Object.keys(limits).map((k) => code(`limits.${k}`)), 'limits key');
  for (const [key, value] of Object.entries(limits)) {
    const row = rows.find((x) => x[0] === code(`limits.${key}`))!;
    assert.equal(row[1]!.split(' ')[0], String(value), `limits.${key}: the documented default is not ${value}`);
  }
});
