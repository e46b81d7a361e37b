import { test } from 'node:test';
import assert from 'node:assert/strict';
import { format } from '../src/format.js';
import { NetError } from '../src/errors.js';

// [format string, args, expected]. Expected values follow Zig's std.fmt tests where Zig has one.
const rows: [string, unknown[], string][] = [
  // literals and escapes
  ['plain text', [], 'plain text'],
  ['', [], ''],
  ['{{}}', [], '{}'],
  ['escaped: {{{{foo}}}}', [], 'escaped: {{foo}}'],
  ['{{{}}}', [7], '{7}'],
  // {} default
  ['{}', ['abc'], 'abc'],
  ['{}', [1234], '1234'],
  ['{}', [-5], '-5'],
  ['{}', [0.05], '0.05'],
  ['{}', [12345678901234567890n], '12345678901234567890'],
  ['{}', [true], 'true'],
  ['{}', [false], 'false'],
  ['{}', [null], 'null'],
  ['{}', [undefined], 'undefined'],
  ['{}', [new Uint8Array([97, 98, 99])], '{ 97, 98, 99 }'],
  ['{}', [new Uint8Array([])], '{  }'],
  ['{}', [[1, 2, 3]], '{ 1, 2, 3 }'],
  ['{}', [[[[[1]]]]], '{ { { { ... } } } }'],
  ['{}', [new NetError('EndOfStream')], 'error.EndOfStream'],
  ['{}', [{ toString: () => 'custom' }], 'custom'],
  ['{}', [{ a: 1 }], '{ a: 1 }'],
  ['{}', [NaN], 'nan'],
  ['{}', [Infinity], 'inf'],
  ['{}', [-Infinity], '-inf'],
  ['{}', [1e21], '1000000000000000000000'],
  // {s}
  ['{s}', ['héllo'], 'héllo'],
  ['{s}', [new Uint8Array([104, 105])], 'hi'],
  ['{s}', [new Uint8Array([0xe2, 0x82, 0xac])], '€'],
  ['{s}', [['ab', 'cd']], '{ ab, cd }'],
  ['{s}', [{ toString: () => '127.0.0.1:80' }], '127.0.0.1:80'],
  // {d}
  ['{d}', [42], '42'],
  ['{d}', [-42], '-42'],
  ['{d}', [30], '30'],
  ['{d}', [0.05], '0.05'],
  ['{d}', [1.52314e29], '152314000000000000000000000000'],
  ['{d}', [1e-7], '0.0000001'],
  ['{d}', [-1.5e-7], '-0.00000015'],
  ['{d}', [123n], '123'],
  ['{d}', [-123n], '-123'],
  ['{d}', [new Uint8Array([1, 2])], '{ 1, 2 }'],
  ['{d:.1}', [1.1234], '1.1'],
  ['{d:.2}', [1234.567], '1234.57'],
  ['{d:.0}', [5.7], '6'],
  ['{d:.5}', [0], '0.00000'],
  ['{d:.3}', [5], '5.000'],
  ['{d:.2}', [1e22], '10000000000000000000000.00'],
  ['{d:3.1}', [30], '30.0'],
  ['{d:.3}', [7n], '7'],
  // {x} {X}
  ['{x}', [255], 'ff'],
  ['{X}', [255], 'FF'],
  ['{x}', [-12345678], '-bc614e'],
  ['{X}', [-12345678], '-BC614E'],
  ['{x}', [0xdeadbeefn], 'deadbeef'],
  ['{X}', [2n ** 64n - 1n], 'FFFFFFFFFFFFFFFF'],
  ['{x}', [new Uint8Array([0, 15, 255])], '000fff'],
  ['{X}', [new Uint8Array([0xab, 0xcd])], 'ABCD'],
  ['{x}', ['abc'], '616263'],
  ['{x}', [[1, 4096]], '{ 1, 1000 }'],
  ['{x}', [1 / 3], '0x1.5555555555555p-2'],
  ['{x:.5}', [1 / 3], '0x1.55555p-2'],
  ['{X}', [-0.5], '-0X1P-1'],
  ['{x}', [5e-324], '0x0.0000000000001p-1022'],
  ['{x}', [2 ** 60], '1000000000000000'],
  ['{x:.0}', [1.5], '0x1p1'],
  ['{x}', [NaN], 'nan'],
  // {b} {o}
  ['{b}', [12], '1100'],
  ['{b}', [-5], '-101'],
  ['{b}', [5n], '101'],
  ['0o{o}', [0o1234], '0o1234'],
  ['{o}', [8n], '10'],
  // {c} {u}
  ['{c}', [97], 'a'],
  ['{c}', [0xe9], 'é'],
  ['{c}', [new Uint8Array([104, 105])], '{ h, i }'],
  ['{u}', [0x1f310], '🌐'],
  ['{u}', [0xd800], '\ufffd'],
  // {e}
  ['{e}', [1.34], '1.34e0'],
  ['{e}', [12.34], '1.234e1'],
  ['{e}', [-12.34e10], '-1.234e11'],
  ['{e}', [0.05], '5e-2'],
  ['{e}', [100], '1e2'],
  ['{e:.5}', [1.409706e-42], '1.40971e-42'],
  ['{e}', [-Infinity], '-inf'],
  // {any}
  ['{any}', [new Uint8Array([97, 98])], '{ 97, 98 }'],
  ['{any}', ['abc'], "'abc'"],
  ['{any}', [{ a: 1, b: [1, 2] }], '{ a: 1, b: [ 1, 2 ] }'],
  ['{any}', [new Map([[1, 2]])], 'Map(1) { 1 => 2 }'],
  ['{any}', [5], '5'],
  ['{any}', [null], 'null'],
  // optional
  ['{?}', [null], 'null'],
  ['{?}', [undefined], 'null'],
  ['{?s}', [undefined], 'null'],
  ['{?s}', ['x'], 'x'],
  ['{?x}', [1234], '4d2'],
  // positions
  ['{1} {0}', ['a', 'b'], 'b a'],
  ['{0s}{0s}', ['ab'], 'abab'],
  ['{1x} {} {}', [1, 255], 'ff 1 255'],
  ['{0} {} {0}', ['x'], 'x x x'],
  // fill, alignment, width (Zig: right-aligned unless told)
  ['{:4}', [1], '   1'],
  ['{:0<4}', [1], '1000'],
  ['{:0>4}', [1], '0001'],
  ['{:0^4}', [1], '0100'],
  ['{:<4}', [-1], '-1  '],
  ['{:>4}', [-1], '  -1'],
  ['{:^4}', [-1], ' -1 '],
  ['{:4}', [-1234], '-1234'],
  ['{d:0>5}', [42], '00042'],
  ['{d:05}', [42], '00042'],
  ['{d:0>4}', [-42], '0-42'],
  ['{x:0>8}', [0xbeef], '0000beef'],
  ['{x:0>5}', [[1, 4096]], '{ 00001, 01000 }'],
  ['{s:5}', ['Test'], ' Test'],
  ['{s:<5}', ['Test'], 'Test '],
  ['{s:*^10}', ['abc'], '***abc****'],
  ['{s:*^9}', ['abc'], '***abc***'],
  ['{s:2}', ['long'], 'long'],
  ['{s:<4}', ['ü'], 'ü   '],
  ['{s:é>3}', ['a'], 'ééa'],
  ['{s:🌐<3}', ['a'], 'a🌐🌐'],
  ['{u:^4}', [0xfc], ' ü  '],
  ['{:<<5}', ['a'], 'a<<<<'],
  ['{:>8.2}', [3.14159], '    3.14'],
  ['{d:*>8.2}', [3.14159], '****3.14'],
  ['{:5}', [true], ' true'],
  ['{:6}', [null], '  null'],
  ['{d:.}', [2.5], '2.5'],
  ['{s:.3}', ['abcdef'], 'abcdef'], // Zig ignores precision for text
];

test('format: table of specifiers, options and escapes', () => {
  for (const [fmt, args, expected] of rows) {
    assert.equal(format(fmt, args), expected, `format(${JSON.stringify(fmt)})`);
  }
});

// [format string, args, text the TypeError message must contain]
const errors: [string, unknown[], string][] = [
  ['{}', [], "too few arguments: placeholder '{}'"],
  ['{} {}', [1], "placeholder '{}' needs argument 1 but 1 given"],
  ['{2}', [1, 2], "placeholder '{2}' needs argument 2"],
  ['{}', [1, 2], '1 unused argument'],
  ['x', [1, 2], '2 unused arguments'],
  ['{1}', [1, 2], '1 unused argument'],
  ['{', [], 'missing closing }'],
  ['abc {s', ['x'], 'missing closing }'],
  ['}', [], 'missing opening {'],
  ['a } b', [], 'missing opening {'],
  ['{q}', [1], "unknown specifier 'q' in placeholder '{q}'"],
  ['{ss}', ['a'], "unknown specifier 'ss'"],
  ['{!}', [1], "unknown specifier '!'"],
  ['{[name]}', [1], 'named arguments are not supported'],
  ['{:x}', [1], "expected . or }, found 'x' in placeholder '{:x}'"],
  ['{:5.2x}', [1], "extraneous trailing character 'x'"],
  ['{d:.101}', [1], 'precision above 100'],
  ['{s}', [1], "cannot format number 1 with placeholder '{s}'"],
  ['{s}', [true], "cannot format boolean with placeholder '{s}'"],
  ['{s}', [null], "cannot format null with placeholder '{s}'"],
  ['{s}', [{}], "cannot format object with placeholder '{s}'"],
  ['{d}', ['7'], "cannot format string with placeholder '{d}'"],
  ['{d}', [false], "placeholder '{d}'"],
  ['{b}', [1.5], "cannot format number 1.5 with placeholder '{b}'"],
  ['{o}', [NaN], "placeholder '{o}'"],
  ['{c}', [256], "cannot format number 256 with placeholder '{c}'"],
  ['{c}', [-1], "placeholder '{c}'"],
  ['{c}', [1n], "cannot format bigint 1 with placeholder '{c}'"],
  ['{u}', [0x110000], "placeholder '{u}'"],
  ['{e}', [1n], "placeholder '{e}'"],
  ['{x}', [true], "placeholder '{x}'"],
  ['{e}', ['1'], "placeholder '{e}'"],
];

test('format: each error is a TypeError naming the placeholder', () => {
  for (const [fmt, args, message] of errors) {
    assert.throws(() => format(fmt, args), (err: unknown) => {
      assert.ok(err instanceof TypeError, `${fmt}: expected TypeError, got ${String(err)}`);
      assert.ok(err.message.includes(message), `${fmt}: message ${JSON.stringify(err.message)} lacks ${JSON.stringify(message)}`);
      return true;
    });
  }
});

test('format: a cached format string still checks each call\'s arguments', () => {
  assert.equal(format('{} and {}', [1, 2]), '1 and 2');
  assert.throws(() => format('{} and {}', [1]), TypeError);
  assert.equal(format('{} and {}', ['a', 'b']), 'a and b');
});
