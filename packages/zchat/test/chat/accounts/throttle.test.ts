// The login throttle (issue 16): per-account and per-address allowances in a sliding window, counted when an
// attempt starts, forgiven on success; a throttled attempt never reaches the backend.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AccountBackend, VerifyResult } from '../../../src/chat/core/accounts.js';
import { LoginThrottle, ThrottledBackend } from '../../../src/chat/accounts/throttle.js';

const limits = { loginAttemptsPerAccount: 3, loginAttemptsPerIp: 5, loginWindowMs: 60_000 };

test('an account gets 3 attempts a minute from anywhere; the wait is until the oldest leaves the window', () => {
  let now = 1_000_000;
  const t = new LoginThrottle(() => limits, () => now);
  assert.equal(t.begin('Alice', '10.0.0.1'), 0);
  now += 10_000;
  assert.equal(t.begin('alice', '10.0.0.2'), 0);
  assert.equal(t.begin('ALICE', '10.0.0.3'), 0);
  assert.equal(t.begin('alice', '10.0.0.4'), 50_000);
  now += 50_000;
  assert.equal(t.begin('alice', '10.0.0.4'), 0, 'the first attempt has left the window');
  assert.equal(t.begin('bob', '10.0.0.9'), 0, 'other accounts are not affected');
});

test('an address gets 5 attempts a minute over any accounts; a success does not count', () => {
  let now = 0;
  const t = new LoginThrottle(() => limits, () => now);
  for (let i = 0; i < 5; i++) assert.equal(t.begin(`user${i}`, '10.0.0.1'), 0);
  assert.ok(t.begin('user9', '10.0.0.1') > 0);
  assert.equal(t.begin('user9', '10.0.0.2'), 0, 'another address is not affected');
  t.succeeded('user4', '10.0.0.1');
  assert.equal(t.begin('user8', '10.0.0.1'), 0, 'the forgiven attempt made room');
  now += 60_000;
  assert.equal(t.begin('user9', '10.0.0.1'), 0);
  assert.deepEqual(t.tracked, { accounts: 1, ips: 1 }, 'expired entries are dropped');
});

test('ThrottledBackend: throttled attempts resolve Throttled with retryAfterMs and never reach the backend', async () => {
  let calls = 0;
  const backend: AccountBackend = {
    verify: (name, password): Promise<VerifyResult> => {
      calls++;
      return Promise.resolve(password === 'right' ? { ok: true, account: name } : { ok: false, error: 'BadPassword' });
    },
  };
  let now = 0;
  const guarded = new ThrottledBackend(backend, new LoginThrottle(() => limits, () => now), 'account');
  const ctx = { ip: '10.0.0.1', protocol: 'irc' };
  for (let i = 0; i < 3; i++) assert.deepEqual(await guarded.verify('alice', 'wrong', ctx), { ok: false, error: 'BadPassword' });
  assert.deepEqual(await guarded.verify('alice', 'right', ctx), { ok: false, error: 'Throttled', retryAfterMs: 60_000 });
  assert.equal(calls, 3);
  // Concurrent guesses are counted as they start: 10 at once, only 2 reach the backend (the address allows 5).
  now += 60_000;
  const results = await Promise.all(Array.from({ length: 10 }, (_, i) => guarded.verify(`u${i % 2}`, 'wrong', ctx)));
  assert.equal(results.filter((r) => !r.ok && r.error === 'Throttled').length, 5);
  assert.equal(calls, 8);
});
