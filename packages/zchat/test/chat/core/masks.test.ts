import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { matchMask, normalizeMask, userMask } from '../../../src/chat/core/masks.js';

test('normalizeMask completes partial masks', () => {
  assert.equal(normalizeMask('bob'), 'bob!*@*');
  assert.equal(normalizeMask('bob!u'), 'bob!u@*');
  assert.equal(normalizeMask('u@host'), '*!u@host');
  assert.equal(normalizeMask('n!u@h'), 'n!u@h');
  assert.equal(normalizeMask('!@'), '*!*@*');
  assert.equal(normalizeMask(''), null);
  assert.equal(normalizeMask('a b'), null);
  assert.equal(normalizeMask('a\x01'), null);
});

test('matchMask: wildcards and casemapping', () => {
  const subject = userMask('Alice[1]', 'al', '127.0.0.1');
  assert.ok(matchMask('*!*@*', subject));
  assert.ok(matchMask('alice{1}!*@*', subject));
  assert.ok(matchMask('ALICE[?]!al@127.*', subject));
  assert.ok(matchMask('*@127.0.0.1', subject));
  assert.ok(!matchMask('bob!*@*', subject));
  assert.ok(!matchMask('alice!*@*', subject));
  assert.ok(matchMask('', '') && !matchMask('', 'x') && matchMask('*', ''));
});

test('matchMask agrees with a regex oracle and stays fast on hostile masks', () => {
  const alphabet = fc.constantFrom('a', 'b', '*', '?');
  fc.assert(fc.property(fc.array(alphabet, { maxLength: 8 }), fc.array(fc.constantFrom('a', 'b'), { maxLength: 10 }), (p, s) => {
    const mask = p.join('');
    const subject = s.join('');
    const re = new RegExp(`^${mask.replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's');
    return matchMask(mask, subject) === re.test(subject);
  }));
  const hostile = '*a'.repeat(30) + 'b';
  assert.equal(matchMask(hostile, 'a'.repeat(5000)), false);
});
