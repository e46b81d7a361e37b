// The config-file account backend behind the core's Accounts service: canonical names, casefolded
// lookup, wrong passwords, unknown names, operators apart from accounts, and a backend that throws.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigAccountBackend, configAccounts } from '../../../src/chat/accounts/config-backend.js';
import { makeConfig } from '../../../src/chat/config.js';
import { Accounts } from '../../../src/chat/core/accounts.js';
import { hashPassword } from '../../../src/chat/password.js';

const cheap = { N: 1024, r: 8, p: 1 };
const context = { ip: '127.0.0.1', protocol: 'irc' };

test('the config backend answers with the canonical name, refuses a wrong password and an unknown name', async () => {
  const list = [{ name: 'Alice', password: await hashPassword('sesame', cheap) }];
  const backend = new ConfigAccountBackend(() => list);
  assert.deepEqual(await backend.verify('alice', 'sesame', context), { ok: true, account: 'Alice' });
  assert.deepEqual(await backend.verify('ALICE', 'wrong', context), { ok: false, error: 'BadPassword' });
  assert.deepEqual(await backend.verify('bob', 'sesame', context), { ok: false, error: 'NoSuchAccount' });
  list.push({ name: 'bob', password: await hashPassword('pw', cheap) });
  assert.deepEqual(await backend.verify('Bob', 'pw', context), { ok: true, account: 'bob' }, 'a changed list is read at each call');
});

test('accounts and operators are separate realms', async () => {
  const config = makeConfig({
    accounts: [{ name: 'alice', password: await hashPassword('a', cheap) }],
    opers: [{ name: 'root', password: await hashPassword('r', cheap) }],
  });
  const accounts = configAccounts(config);
  assert.equal((await accounts.verify('account', 'alice', 'a', context)).ok, true);
  assert.deepEqual(await accounts.verify('oper', 'alice', 'a', context), { ok: false, error: 'NoSuchAccount' });
  assert.deepEqual(await accounts.verify('oper', 'root', 'r', context), { ok: true, account: 'root' });
});

test('a backend that throws or rejects counts as Unavailable; `use` swaps a backend in front', async () => {
  const accounts = new Accounts({ verify: () => Promise.reject(new Error('db down')) }, {
    verify: () => {
      throw new Error('sync throw');
    },
  });
  assert.deepEqual(await accounts.verify('account', 'a', 'b', context), { ok: false, error: 'Unavailable' });
  assert.deepEqual(await accounts.verify('oper', 'a', 'b', context), { ok: false, error: 'Unavailable' });
  const inner = accounts.backend('account');
  let asked = 0;
  accounts.use('account', {
    verify: (name, password, ctx) => {
      asked++;
      return ctx.ip === '10.0.0.1' ? Promise.resolve({ ok: false, error: 'Throttled' }) : inner.verify(name, password, ctx);
    },
  });
  assert.deepEqual(await accounts.verify('account', 'a', 'b', { ip: '10.0.0.1', protocol: 'plain' }), { ok: false, error: 'Throttled' });
  assert.deepEqual(await accounts.verify('account', 'a', 'b', context), { ok: false, error: 'Unavailable' });
  assert.equal(asked, 2);
});
