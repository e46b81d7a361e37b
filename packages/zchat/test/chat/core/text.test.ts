import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanText } from '../../../src/chat/core/text.js';

test('cleanText removes line breakers and truncates without splitting surrogates', () => {
  assert.equal(cleanText('a\r\nb\0c', 100), 'a  b c');
  const same = 'untouched';
  assert.equal(cleanText(same, 100), same);
  assert.equal(cleanText('abcdef', 3), 'abc');
  assert.equal(cleanText('a😀', 2), 'a');
  assert.equal(cleanText('x\ny', 100), 'x y'); // the global regex state is reset between calls
});
