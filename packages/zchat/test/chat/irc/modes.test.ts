import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  channelModeDef,
  channelModeLetters,
  channelModes,
  chanmodesValue,
  formatModeChanges,
  parseChannelModes,
  parseUserModes,
  prefixValue,
  statusPrefixes,
  takesParam,
  userModeDef,
  userModeLetters,
  type ModeChange,
} from '../../../src/chat/irc/modes.js';

test('tables give the ISUPPORT classes the issue asks for', () => {
  assert.equal(chanmodesValue, 'beI,k,l,Cimnst');
  assert.equal(prefixValue, '(ov)@+');
  assert.equal(statusPrefixes, '@+');
  assert.equal(userModeLetters, 'iowB');
  assert.equal(channelModeLetters, 'ovbeIklCimnst');
  assert.equal(new Set(channelModes.map((d) => d.mode)).size, channelModes.length);
  assert.equal(channelModeDef('x'), undefined);
  assert.equal(userModeDef('o')?.userSettable, false);
});

test('which modes take a parameter on set and unset', () => {
  const cases: [string, boolean, boolean][] = [
    ['o', true, true], ['v', true, true], ['b', true, true], ['k', true, true],
    ['l', true, false], ['i', false, false], ['m', false, false], ['n', false, false], ['s', false, false], ['t', false, false],
  ];
  for (const [mode, onSet, onUnset] of cases) {
    const def = channelModeDef(mode)!;
    assert.equal(takesParam(def, true), onSet, mode);
    assert.equal(takesParam(def, false), onUnset, mode);
  }
});

test('parseChannelModes consumes parameters by class', () => {
  assert.deepEqual(parseChannelModes(['+ov-b', 'a', 'b', 'm!*@*']).changes, [
    { add: true, mode: 'o', arg: 'a' },
    { add: true, mode: 'v', arg: 'b' },
    { add: false, mode: 'b', arg: 'm!*@*' },
  ]);
  assert.deepEqual(parseChannelModes(['+kl-l+nt', 'key', '10']).changes, [
    { add: true, mode: 'k', arg: 'key' },
    { add: true, mode: 'l', arg: '10' },
    { add: false, mode: 'l' },
    { add: true, mode: 'n' },
    { add: true, mode: 't' },
  ]);
  // No sign means '+'; -k works with or without the key.
  assert.deepEqual(parseChannelModes(['im']).changes, [{ add: true, mode: 'i' }, { add: true, mode: 'm' }]);
  assert.deepEqual(parseChannelModes(['-k']).changes, [{ add: false, mode: 'k' }]);
  assert.deepEqual(parseChannelModes(['-k', 'old']).changes, [{ add: false, mode: 'k', arg: 'old' }]);
});

test('parseChannelModes reports list queries, unknown letters and missing parameters', () => {
  const r = parseChannelModes(['+bxo-yxk']);
  assert.deepEqual(r.lists, ['b']);
  assert.deepEqual(r.unknown, ['x', 'y']);
  assert.deepEqual(r.missing, ['o']);
  assert.deepEqual(r.changes, [{ add: false, mode: 'k' }]);
  assert.deepEqual(parseChannelModes(['+l']).missing, ['l']);
  assert.deepEqual(parseChannelModes(['+k', '']).missing, ['k']);
  assert.deepEqual(parseChannelModes([]), { changes: [], lists: [], unknown: [], missing: [] });
});

test('parseChannelModes keeps at most MODES changes with a parameter', () => {
  const r = parseChannelModes(['+oooooi', 'a', 'b', 'c', 'd', 'e'], 4);
  assert.deepEqual(r.changes.map((c) => c.arg ?? c.mode), ['a', 'b', 'c', 'd', 'i']);
});

test('parseUserModes ignores +o and reports unknown flags', () => {
  assert.deepEqual(parseUserModes('+iwo'), { changes: [{ add: true, mode: 'i' }, { add: true, mode: 'w' }], unknown: [] });
  assert.deepEqual(parseUserModes('-o+x'), { changes: [{ add: false, mode: 'o' }], unknown: ['x'] });
  assert.deepEqual(parseUserModes('w'), { changes: [{ add: true, mode: 'w' }], unknown: [] });
});

test('formatModeChanges writes the compact form and splits lines', () => {
  assert.deepEqual(formatModeChanges([]), []);
  assert.deepEqual(
    formatModeChanges([
      { add: true, mode: 'o', arg: 'a' },
      { add: true, mode: 'v', arg: 'b' },
      { add: false, mode: 'b', arg: 'm' },
      { add: false, mode: 'n' },
      { add: true, mode: 't' },
    ]),
    [['+ov-bn+t', 'a', 'b', 'm']],
  );
  const five = ['a', 'b', 'c', 'd', 'e'].map((arg): ModeChange => ({ add: true, mode: 'v', arg }));
  assert.deepEqual(formatModeChanges(five, 4), [['+vvvv', 'a', 'b', 'c', 'd'], ['+v', 'e']]);
  const long = 'x'.repeat(250);
  assert.deepEqual(formatModeChanges([{ add: true, mode: 'b', arg: long }, { add: true, mode: 'b', arg: long }]), [['+b', long], ['+b', long]]);
});

test('property: formatting then parsing gives the same changes', () => {
  const change = fc.oneof(
    fc.record({ add: fc.boolean(), mode: fc.constantFrom('o', 'v', 'b'), arg: fc.stringMatching(/^[a-z!*@]{1,12}$/) }),
    fc.record({ add: fc.constant(true), mode: fc.constantFrom('k', 'l'), arg: fc.stringMatching(/^[a-z0-9]{1,8}$/) }),
    fc.record({ add: fc.boolean(), mode: fc.constantFrom('i', 'm', 'n', 's', 't') }),
    fc.record({ add: fc.constant(false), mode: fc.constant('l') }),
  ).map((c): ModeChange => ({ ...c })); // fc.record makes null-prototype objects
  fc.assert(
    fc.property(fc.array(change, { maxLength: 12 }), (changes) => {
      const lines = formatModeChanges(changes);
      const back = lines.flatMap((params) => parseChannelModes(params).changes);
      assert.deepEqual(back, changes);
      for (const params of lines) assert.ok(params.length - 1 <= 4);
    }),
    { numRuns: 500 },
  );
});
