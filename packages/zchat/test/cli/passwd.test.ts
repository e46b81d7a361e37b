import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../src/cli/main.js';
import { verifyPassword } from '../../src/chat/password.js';
import { captureIo } from './io.js';

test('zchat passwd: the first line of a pipe becomes a hash that verifies', async () => {
  const c = captureIo();
  c.stdin.end('operpassword\r\nignored second line\n');
  assert.equal(await main(['passwd', '--cost', '10'], c.io), 0);
  const hash = c.stdout().trim();
  assert.match(hash, /^scrypt\$1024\$8\$1\$[^$]+\$[^$]+$/);
  assert.equal(await verifyPassword('operpassword', hash), true);
  assert.equal(await verifyPassword('ignored second line', hash), false);
});

test('zchat passwd: empty input is refused with exit 1', async () => {
  for (const input of ['', '\n']) {
    const c = captureIo();
    c.stdin.end(input);
    assert.equal(await main(['passwd'], c.io), 1);
    assert.equal(c.stdout(), '');
    assert.match(c.stderr(), /no password given/);
  }
});

test('zchat passwd on a terminal: asked twice without echo; a mismatch is refused', async () => {
  const c = captureIo({ tty: true });
  const done = main(['passwd', '--cost', '10'], c.io);
  await new Promise((r) => setImmediate(r));
  c.stdin.write('secret\r');
  await new Promise((r) => setImmediate(r));
  c.stdin.write('secret\r');
  assert.equal(await done, 0);
  assert.equal(await verifyPassword('secret', c.stdout().trim()), true);
  assert.ok(!c.stderr().includes('secret'), 'the password is never echoed');
  assert.match(c.stderr(), /^Password: \nAgain: \n$/);

  const m = captureIo({ tty: true });
  const mismatch = main(['passwd', '--cost', '10'], m.io);
  await new Promise((r) => setImmediate(r));
  m.stdin.write('one\r');
  await new Promise((r) => setImmediate(r));
  m.stdin.write('two\r');
  assert.equal(await mismatch, 1);
  assert.match(m.stderr(), /the two passwords differ/);
});
