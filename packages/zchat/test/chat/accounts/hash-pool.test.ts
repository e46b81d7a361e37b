// The password hash pool (issue 16): real worker threads, right and wrong passwords, and the bounded queue.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HashPool, HashPoolBusy } from '../../../src/chat/accounts/hash-pool.js';
import { hashPassword } from '../../../src/chat/password.js';

test('checks passwords on worker threads: right, wrong, malformed hash', async () => {
  const pool = new HashPool(() => ({ passwordWorkers: 2, passwordQueue: 4 }));
  try {
    const stored = await hashPassword('sesame', { N: 1024 });
    assert.equal(await pool.verify('sesame', stored), true);
    assert.equal(await pool.verify('sesame!', stored), false);
    assert.equal(await pool.verify('sesame', 'scrypt$nope'), false);
    assert.equal(pool.derived, 2, 'a malformed hash costs no derivation');
  } finally {
    await pool.close();
  }
});

test('past passwordWorkers running and passwordQueue waiting, a check is refused at once', async () => {
  const pool = new HashPool(() => ({ passwordWorkers: 1, passwordQueue: 2 }));
  try {
    // A costly hash (about 64 MiB and a good fraction of a second) keeps the one worker busy.
    const stored = await hashPassword('x', { N: 1 << 16 });
    const checks = Array.from({ length: 6 }, () => pool.verify('y', stored).then((ok) => ok, (err: unknown) => err));
    assert.deepEqual(pool.load, { running: 1, queued: 2 });
    const results = await Promise.all(checks);
    assert.deepEqual(results.slice(0, 3), [false, false, false]);
    for (const r of results.slice(3)) assert.ok(r instanceof HashPoolBusy, String(r));
    assert.equal(pool.derived, 3);
    assert.deepEqual(pool.load, { running: 0, queued: 0 });
  } finally {
    await pool.close();
  }
  await assert.rejects(pool.verify('y', await hashPassword('x', { N: 1024 })), HashPoolBusy);
});
