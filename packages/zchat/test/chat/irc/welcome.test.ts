// Welcome-burst templates: a template filled with a nick is exactly the line formatLine makes for it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatLine } from '../../../src/chat/irc/message.js';
import { fillTemplate, numericTemplate } from '../../../src/chat/irc/welcome.js';

/** Nicks as the core accepts them (RFC 2812 letters, digits and specials; no space, no leading ':'). */
const nick = fc.stringMatching(/^[A-Za-z[\]\\`_^{|}][A-Za-z0-9[\]\\`_^{|}-]{0,15}$/);
/** Any parameter text, spaces, colons and line breaks included (formatLine sanitises them). */
const param = fc.string({ maxLength: 30 });

test('numericTemplate + fillTemplate give formatLine\'s line for any nick and any parameters', () => {
  fc.assert(
    fc.property(
      fc.constantFrom('zchat.local', 'irc.example.org', ''),
      fc.constantFrom('002', '005', '372', '422'),
      fc.array(param, { minLength: 1, maxLength: 6 }),
      nick,
      (server, code, params, n) => {
        assert.equal(fillTemplate(numericTemplate(server, code, params), n), formatLine(server, code, [n, ...params]));
      },
    ),
    { numRuns: 500 },
  );
});

test('numericTemplate refuses a template whose nick would be the trailing parameter', () => {
  assert.throws(() => numericTemplate('s', '001', []), RangeError);
});
