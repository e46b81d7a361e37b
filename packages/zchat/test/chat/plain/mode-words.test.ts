import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RoomMode } from '../../../src/chat/core/rooms.js';
import { describeModeChange, describeModeChanges } from '../../../src/chat/plain/mode-words.js';

const ALL_MODES: readonly RoomMode[] = ['op', 'voice', 'ban', 'except', 'invex', 'key', 'limit', 'inviteOnly', 'moderated', 'noExternal', 'topicLocked', 'secret', 'noCtcp'];

test('each mode reads as words, with its parameter where it names someone', () => {
  const cases: [RoomMode, boolean, string | undefined, string][] = [
    ['op', true, 'pat', 'pat is now an operator'],
    ['op', false, 'pat', 'pat is no longer an operator'],
    ['voice', true, 'pat', 'pat is now voiced'],
    ['ban', true, '*!*@bad', '*!*@bad is banned'],
    ['except', false, 'a!*@*', 'a!*@* is no longer exempt from bans'],
    ['invex', true, 'b!*@*', 'b!*@* may join without an invitation'],
    ['limit', true, '10', 'at most 10 members may be in it'],
    ['limit', false, undefined, 'the member limit is removed'],
    ['inviteOnly', false, undefined, 'joining needs no invitation'],
    ['moderated', true, undefined, 'only operators and voiced members may talk'],
    ['topicLocked', false, undefined, 'any member may set the topic'],
    ['noCtcp', true, undefined, 'IRC CTCP requests other than /me are refused'],
    ['noCtcp', false, undefined, 'IRC CTCP requests are allowed'],
  ];
  for (const [mode, set, param, words] of cases) assert.equal(describeModeChange({ mode, set, ...(param === undefined ? {} : { param }) }), words);
});

test('a key is never shown, set or removed', () => {
  assert.equal(describeModeChange({ mode: 'key', set: true, param: 'sesame' }), 'joining needs a key');
  assert.equal(describeModeChange({ mode: 'key', set: false, param: 'sesame' }), 'joining needs no key');
});

test('every mode has distinct words for set and unset, none with internal names or letters', () => {
  for (const mode of ALL_MODES) {
    const on = describeModeChange({ mode, set: true, param: 'x' });
    const off = describeModeChange({ mode, set: false, param: 'x' });
    assert.notEqual(on, off, mode);
    for (const s of [on, off]) assert.doesNotMatch(s, new RegExp(`[+-]${mode}\\b|[+-][a-zA-Z]\\b`), mode);
  }
});

test('several changes join with semicolons; parameters lose control characters', () => {
  assert.equal(describeModeChanges([{ mode: 'op', set: true, param: 'pat' }, { mode: 'secret', set: true }]), 'pat is now an operator; it is secret (hidden from non-members)');
  assert.equal(describeModeChange({ mode: 'ban', set: true, param: '\x0304x\x1b[1m!*@*' }), 'x!*@* is banned');
});
