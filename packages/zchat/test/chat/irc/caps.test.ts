import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { makeConfig } from '../../../src/chat/config.js';
import {
  capListParams,
  capLsParams,
  capReplyParams,
  caps,
  offeredCapNames,
  parseCapReq,
} from '../../../src/chat/irc/caps.js';
import { formatLine } from '../../../src/chat/irc/message.js';

const plain = makeConfig();
const withSasl = makeConfig({ accounts: [{ name: 'jilles', password: 'x' }] });

/** Each cap with what its row must say; the test fails when a cap is added without a row here. */
const expected: Record<string, { value?: string; needsAccounts?: boolean }> = {
  'account-tag': {},
  'away-notify': {},
  batch: {},
  'cap-notify': {},
  'draft/channel-rename': {},
  'draft/message-redaction': {},
  'draft/read-marker': {},
  'echo-message': {},
  'extended-join': {},
  'extended-monitor': {},
  'invite-notify': {},
  'labeled-response': {},
  'message-tags': {},
  'multi-prefix': {},
  sasl: { value: 'PLAIN', needsAccounts: true },
  'server-time': {},
  setname: {},
  'userhost-in-names': {},
};

test('every cap has a tested row', () => {
  assert.deepEqual(caps.map((c) => c.name).sort(), Object.keys(expected).sort());
  for (const c of caps) {
    const want = expected[c.name]!;
    assert.equal(c.value?.(withSasl), want.value, c.name);
    assert.equal(offeredCapNames(withSasl).has(c.name), true, c.name);
    assert.equal(offeredCapNames(plain).has(c.name), !want.needsAccounts, c.name);
    assert.match(c.spec, /^https:\/\/ircv3\.net\//, c.name);
    assert.ok(c.doc.length > 0);
  }
});

test('CAP LS: values only for 302, one line for 301', () => {
  const v302 = capLsParams(withSasl, '*', 302);
  assert.equal(v302.length, 1);
  assert.deepEqual(v302[0]!.slice(0, 2), ['*', 'LS']);
  assert.ok(v302[0]![2]!.split(' ').includes('sasl=PLAIN'));
  const v301 = capLsParams(withSasl, '*', 0);
  assert.equal(v301.length, 1);
  assert.equal(v301[0]!.length, 3);
  assert.ok(!v301[0]![2]!.includes('='));
  assert.ok(v301[0]![2]!.split(' ').includes('sasl'));
  assert.ok(!capLsParams(plain, '*', 302)[0]![2]!.includes('sasl'));
});

test('multi-line replies stay under 512 bytes and only the last lacks the *', () => {
  const server = 'irc.example.org';
  fc.assert(
    fc.property(fc.array(fc.stringMatching(/^[a-z/.-]{1,60}(=[A-Z,]{0,30})?$/), { maxLength: 60 }), fc.stringMatching(/^[a-z]{1,30}$/), (items, nick) => {
      const lines = capReplyParams('LS', items, nick, server, true);
      const seen: string[] = [];
      lines.forEach((params, i) => {
        const last = i === lines.length - 1;
        assert.equal(params.length, last ? 3 : 4);
        if (!last) assert.equal(params[2], '*');
        const line = formatLine(server, 'CAP', params, undefined, true);
        assert.ok(Buffer.byteLength(line) + 2 <= 512, line);
        if (params.at(-1) !== '') seen.push(...params.at(-1)!.split(' '));
      });
      assert.deepEqual(seen, items);
    }),
    { numRuns: 300 },
  );
});

test('CAP LIST: an empty parameter when nothing is enabled', () => {
  assert.deepEqual(capListParams(plain, '*', [], 0), [['*', 'LIST', '']]);
  assert.deepEqual(capListParams(plain, 'n', new Set(['batch', 'echo-message']), 302), [['n', 'LIST', 'batch echo-message']]);
});

test('CAP REQ is all or nothing', () => {
  const offered = offeredCapNames(plain);
  assert.deepEqual(parseCapReq('multi-prefix server-time', offered), { ack: true, enable: ['multi-prefix', 'server-time'], disable: [] });
  assert.deepEqual(parseCapReq('  -server-time  echo-message ', offered), { ack: true, enable: ['echo-message'], disable: ['server-time'] });
  assert.deepEqual(parseCapReq('foo multi-prefix bar', offered), { ack: false });
  assert.deepEqual(parseCapReq('multi-prefix bar', offered), { ack: false });
  assert.deepEqual(parseCapReq('sasl', offered), { ack: false });
  assert.deepEqual(parseCapReq('sasl', offeredCapNames(withSasl)), { ack: true, enable: ['sasl'], disable: [] });
  assert.deepEqual(parseCapReq('sasl=PLAIN', offeredCapNames(withSasl)), { ack: false });
  assert.deepEqual(parseCapReq('-', offered), { ack: false });
  assert.deepEqual(parseCapReq('', offered), { ack: true, enable: [], disable: [] });
  assert.deepEqual(parseCapReq('batch -batch', offered), { ack: true, enable: [], disable: ['batch'] });
  assert.deepEqual(parseCapReq('-cap-notify', offered, new Set(['cap-notify'])), { ack: false });
  assert.deepEqual(parseCapReq('-cap-notify', offered), { ack: true, enable: [], disable: ['cap-notify'] });
});
