import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hashPassword, isPasswordHash, parsePasswordHash, verifyPassword } from '../../src/chat/password.js';

// Cheap parameters keep the suite fast; the format and the check are the same as with the defaults.
const cheap = { N: 1024, r: 8, p: 1 };

test('hashPassword writes scrypt$N$r$p$salt$hash and verifyPassword accepts only the right password', async () => {
  const stored = await hashPassword('sesame', cheap);
  assert.match(stored, /^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
  assert.equal(isPasswordHash(stored), true);
  assert.equal(await verifyPassword('sesame', stored), true);
  assert.equal(await verifyPassword('Sesame', stored), false);
  assert.equal(await verifyPassword('', stored), false);
});

test('the default parameters round-trip', async () => {
  const stored = await hashPassword('operpassword');
  assert.equal(parsePasswordHash(stored)?.N, 16_384);
  assert.equal(await verifyPassword('operpassword', stored), true);
});

test('two hashes of the same password differ (fresh salt) and both verify', async () => {
  const a = await hashPassword('x', cheap);
  const b = await hashPassword('x', cheap);
  assert.notEqual(a, b);
  assert.equal(await verifyPassword('x', a), true);
  assert.equal(await verifyPassword('x', b), true);
});

test('NFC normalisation: composed and decomposed forms match', async () => {
  const stored = await hashPassword('caf\u00e9', cheap);
  assert.equal(await verifyPassword('cafe\u0301', stored), true);
});

test('malformed or out-of-bounds hashes are rejected, never thrown', async () => {
  const good = await hashPassword('pw', cheap);
  const parts = good.split('$');
  const bad = [
    '',
    'sesame',
    'bcrypt$10$abc',
    parts.slice(0, 5).join('$'),
    ['scrypt', '1000', ...parts.slice(2)].join('$'), // N not a power of two
    ['scrypt', String(1 << 21), ...parts.slice(2)].join('$'), // N too large
    ['scrypt', parts[1], '0', ...parts.slice(3)].join('$'), // r = 0
    ['scrypt', parts[1], parts[2], '99', ...parts.slice(4)].join('$'), // p too large
    [...parts.slice(0, 5), 'AAAA'].join('$'), // hash too short
    [...parts.slice(0, 4), 'not base64!', parts[5]].join('$'),
  ];
  for (const text of bad) {
    assert.equal(isPasswordHash(text), false, text);
    assert.equal(await verifyPassword('pw', text), false, text);
  }
});
