import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { casefold, isValidNick, isValidRoomName, namesEqual } from '../../../src/chat/core/casemap.js';

test('casefold maps ASCII letters and []\\~ to lower case and {}|^', () => {
  assert.equal(casefold('Alice[]\\~'), 'alice{}|^');
  assert.equal(casefold('already{}|^'), 'already{}|^');
  assert.equal(casefold('ÄBC'), 'Äbc');
  assert.ok(namesEqual('Nick[1]', 'nick{1}'));
  assert.ok(!namesEqual('nick', 'nick_'));
});

test('casefold is idempotent and length-preserving', () => {
  fc.assert(fc.property(fc.string(), (s) => {
    const f = casefold(s);
    return casefold(f) === f && f.length === s.length;
  }));
});

test('valid nicks', () => {
  for (const n of ['a', 'Alice', 'bob_', '[x]', '{y}', 'a-b', 'z9', '`tick', '\\o/'.replace('/', '|'), '^^']) {
    assert.ok(isValidNick(n, 30), n);
  }
  assert.ok(isValidNick('a'.repeat(30), 30));
});

test('invalid nicks', () => {
  for (const n of ['', '9lives', '-dash', 'sp ace', 'a!b', 'a@b', 'a.b', 'é', '#room', 'a'.repeat(31), 'tab\t']) {
    assert.ok(!isValidNick(n, 30), JSON.stringify(n));
  }
});

test('room names', () => {
  for (const n of ['#a', '#lobby', '#with-dash', '#ünï', '#' + 'x'.repeat(49)]) assert.ok(isValidRoomName(n, 50), n);
  for (const n of ['#', 'lobby', '#a b', '#a,b', '#a:b', '#a\x07', '#a\x01', '#' + 'x'.repeat(50), '&x']) {
    assert.ok(!isValidRoomName(n, 50), JSON.stringify(n));
  }
});
