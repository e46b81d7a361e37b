import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkHost, checkInt, checkPort, formatHostPort, parseHostPort } from '../../src/cli/values.js';

test('parseHostPort: forms with defaults filled in', () => {
  const rows: [string, ReturnType<typeof parseHostPort>][] = [
    ['127.0.0.1:9000', { host: '127.0.0.1', port: 9000 }],
    ['localhost', { host: 'localhost', port: 8888 }],
    [':7000', { host: '127.0.0.1', port: 7000 }],
    ['[::1]:8888', { host: '::1', port: 8888 }],
    ['[::1]', { host: '::1', port: 8888 }],
    ['::1', { host: '::1', port: 8888 }],
    ['fe80::1%lo', undefined],
    ['[fe80::1%lo]:1', { host: 'fe80::1%lo', port: 1 }],
    ['host:0', undefined],
    ['host:65536', undefined],
    ['host:x', undefined],
    ['a b:1', undefined],
    ['[::1', undefined],
  ];
  for (const [text, expected] of rows) assert.deepEqual(parseHostPort(text), expected, text);
});

test('formatHostPort brackets IPv6 and round-trips through parseHostPort', () => {
  for (const hp of [{ host: '::1', port: 1 }, { host: '10.0.0.1', port: 65535 }, { host: 'example.org', port: 8888 }]) {
    assert.deepEqual(parseHostPort(formatHostPort(hp)), hp);
  }
});

test('checkPort, checkHost, checkInt accept their range and name the bad value', () => {
  assert.deepEqual(checkPort('0'), { value: 0 });
  assert.deepEqual(checkPort('65535'), { value: 65535 });
  for (const bad of ['', '65536', '-1', '1e3', ' 80', '0x10']) assert.ok('problem' in checkPort(bad), bad);
  assert.deepEqual(checkHost('[::1]'), { value: '::1' });
  assert.deepEqual(checkHost('0.0.0.0'), { value: '0.0.0.0' });
  assert.ok('problem' in checkHost(''));
  assert.deepEqual(checkInt(1, 5)('5'), { value: 5 });
  assert.deepEqual(checkInt(1, 5)('6'), { problem: 'expected an integer from 1 to 5, got "6"' });
});
