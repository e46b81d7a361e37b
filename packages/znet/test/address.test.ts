import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isIPv4 } from 'node:net';
import fc from 'fast-check';
import { Address, setInterfaceTable } from '../src/address.js';
import type { InterfaceTable } from '../src/address.js';
import { NetError } from '../src/errors.js';
import type { NetErrorCode } from '../src/errors.js';

function code(fn: () => unknown): NetErrorCode | 'ok' {
  try {
    fn();
    return 'ok';
  } catch (e) {
    assert.ok(e instanceof NetError, `expected a NetError, got ${String(e)}`);
    return e.code;
  }
}

// Zig's lib/std/net/test.zig cases; Zig prints no scope, znet prints `%id` inside the brackets.
const ip6Valid: [string, string][] = [
  ['FF01:0:0:0:0:0:0:FB', 'ff01::fb'],
  ['FF01::Fb', 'ff01::fb'],
  ['::1', '::1'],
  ['::', '::'],
  ['1::', '1::'],
  ['2001:db8::', '2001:db8::'],
  ['::1234:5678', '::1234:5678'],
  ['2001:db8::1234:5678', '2001:db8::1234:5678'],
  ['FF01::FB%1234', 'ff01::fb%1234'],
  ['::ffff:123.5.123.5', '::ffff:123.5.123.5'],
  // RFC 5952 section 4: first longest run of two or more zero groups, single zeros stay.
  ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
  ['2001:0db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
  ['1:0:0:2:0:0:0:3', '1:0:0:2::3'],
  ['0:0:0:0:0:0:0:0', '::'],
  ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0'],
  ['0:0:0:0:0:ffff:1.2.3.4', '::ffff:1.2.3.4'],
  ['fe80::1%eth0', 'fe80::1%eth0'],
  ['fe80::%lo', 'fe80::%lo'],
];

const ip6Invalid: [string, NetErrorCode][] = [
  [':::', 'InvalidCharacter'],
  ['FF001::FB', 'Overflow'],
  ['FF01::Fb:zig', 'InvalidCharacter'],
  ['FF01:0:0:0:0:0:0:FB:', 'InvalidEnd'],
  ['FF01:', 'Incomplete'],
  ['::123.123.123.123', 'NonCanonical'], // Zig: InvalidIpv4Mapping
  ['1', 'Incomplete'],
  ['ff01::fb%', 'Incomplete'],
  ['ff01::fb%wlp3s0s0s0s0s0s0s0s0', 'Overflow'],
  ['ff01::fb%12345678901234', 'Overflow'],
  ['', 'Incomplete'],
  [':1::', 'InvalidCharacter'],
  ['1::2::3', 'InvalidCharacter'],
  ['1:2:3:4:5:6:7:8:9', 'InvalidEnd'],
  ['1:2:3:4::5:6:7:8', 'InvalidEnd'],
  ['1:2:3:4:5:6:7', 'Incomplete'],
  ['::ffff:1.2.3.256', 'NonCanonical'],
  ['1::ffff:1.2.3.4', 'NonCanonical'],
  ['fe80::1%eth/0', 'InvalidCharacter'],
  ['fe80::1%a b', 'InvalidCharacter'],
  ['[::1]', 'InvalidCharacter'],
];

const ip4Valid = ['0.0.0.0', '255.255.255.255', '1.2.3.4', '123.255.0.91', '127.0.0.1', '10.0.0.0'];

const ip4Invalid: [string, NetErrorCode][] = [
  ['256.0.0.1', 'Overflow'],
  ['x.0.0.1', 'InvalidCharacter'],
  ['127.0.0.1.1', 'InvalidEnd'],
  ['127.0.0.', 'Incomplete'],
  ['100..0.1', 'InvalidCharacter'],
  ['127.01.0.1', 'NonCanonical'],
  ['00.0.0.0', 'NonCanonical'],
  ['', 'Incomplete'],
  ['1.2.3', 'Incomplete'],
  ['1.2.3.4:80', 'InvalidCharacter'],
];

describe('Address.parseIp6', () => {
  for (const [text, printed] of ip6Valid) {
    it(`parses ${text} and prints ${printed}`, () => {
      const a = Address.parseIp6(text, 8888);
      assert.equal(a.family, 'ip6');
      assert.equal(a.ip, printed);
      assert.equal(a.toString(), `[${printed}]:8888`);
    });
  }
  for (const [text, expected] of ip6Invalid) {
    it(`rejects '${text}' with ${expected}`, () => assert.equal(code(() => Address.parseIp6(text, 0)), expected));
  }
  it('keeps a numeric scope as scopeId and a name as scopeName', () => {
    const numeric = Address.parseIp6('fe80::1%4294967295', 1);
    assert.equal(numeric.scopeId, 4294967295);
    assert.equal(numeric.scopeName, undefined);
    const named = Address.parseIp6('fe80::1%eth0', 1);
    assert.equal(named.scopeId, 0);
    assert.equal(named.scopeName, 'eth0');
    assert.equal(Address.parseIp6('fe80::1%123s45678901234', 0).scopeName, '123s45678901234');
  });
  it('fills bytes in network order', () => {
    assert.deepEqual([...Address.parseIp6('2001:db8::1', 0).bytes()], [0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  });
});

describe('Address.parseIp4', () => {
  for (const text of ip4Valid) {
    it(`parses and prints ${text}`, () => {
      const a = Address.parseIp4(text, 0);
      assert.equal(a.family, 'ip4');
      assert.equal(a.toString(), `${text}:0`);
    });
  }
  for (const [text, expected] of ip4Invalid) {
    it(`rejects '${text}' with ${expected}`, () => assert.equal(code(() => Address.parseIp4(text, 0)), expected));
  }
});

describe('ports', () => {
  for (const [port, expected] of [[65536, 'Overflow'], [-1, 'Overflow'], [1.5, 'InvalidCharacter'], [Number.NaN, 'InvalidCharacter']] as const) {
    it(`rejects port ${port} with ${expected}`, () => {
      assert.equal(code(() => Address.parseIp4('1.2.3.4', port)), expected);
      assert.equal(code(() => Address.parseIp('::1', port)), expected);
      assert.equal(code(() => Address.initIp4([1, 2, 3, 4], port)), expected);
      assert.equal(code(() => Address.parseIp4('1.2.3.4', 0).setPort(port)), expected);
    });
  }
  it('getPort/setPort round-trip and setPort mutates in place', () => {
    const a = Address.parseIp('::1', 1);
    a.setPort(65535);
    assert.equal(a.getPort(), 65535);
    assert.equal(a.toString(), '[::1]:65535');
  });
  it('a unix address has no port', () => {
    assert.equal(code(() => Address.initUnix('/tmp/s').getPort()), 'AddressFamilyNotSupported');
  });
});

describe('Address.parseIp', () => {
  it('takes either family', () => {
    assert.equal(Address.parseIp('127.0.0.1', 80).family, 'ip4');
    assert.equal(Address.parseIp('::1', 80).family, 'ip6');
  });
  it('says InvalidIPAddressFormat and keeps the specific error as cause', () => {
    for (const text of ['example.com', '1.2.3.256', 'fe80::1%', '', 'localhost']) {
      try {
        Address.parseIp(text, 0);
        assert.fail(`parsed ${text}`);
      } catch (e) {
        assert.ok(e instanceof NetError);
        assert.equal(e.code, 'InvalidIPAddressFormat');
        assert.ok(e.cause instanceof NetError);
      }
    }
  });
});

describe('Address.parse', () => {
  const valid: [string, string][] = [
    ['127.0.0.1:8888', '127.0.0.1:8888'],
    ['[::1]:8888', '[::1]:8888'],
    ['[FE80::1%eth0]:1', '[fe80::1%eth0]:1'],
    ['[fe80::1%7]:65535', '[fe80::1%7]:65535'],
    ['[::ffff:1.2.3.4]:0', '[::ffff:1.2.3.4]:0'],
    ['1.2.3.4:080', '1.2.3.4:80'],
  ];
  for (const [text, printed] of valid) it(`parses ${text}`, () => assert.equal(Address.parse(text).toString(), printed));
  const invalid: [string, NetErrorCode][] = [
    ['example.com:80', 'InvalidIPAddressFormat'],
    ['::1:80', 'InvalidIPAddressFormat'],
    ['[1::2::3]:80', 'InvalidIPAddressFormat'],
    ['1.2.3.4', 'Incomplete'],
    ['1.2.3.4:', 'Incomplete'],
    ['[::1]', 'Incomplete'],
    ['[::1:80', 'Incomplete'],
    ['[::1]80', 'InvalidCharacter'],
    ['1.2.3.4:65536', 'Overflow'],
    ['1.2.3.4:8o', 'InvalidCharacter'],
    ['[::1]:-1', 'InvalidCharacter'],
  ];
  for (const [text, expected] of invalid) it(`rejects '${text}' with ${expected}`, () => assert.equal(code(() => Address.parse(text)), expected));
  it('points host names to getAddressList', () => {
    assert.throws(() => Address.parse('example.com:80'), /getAddressList/);
  });
});

describe('init*', () => {
  it('initIp4 / initIp6 copy their input', () => {
    const raw = [10, 0, 0, 1];
    const a = Address.initIp4(raw, 5);
    raw[0] = 99;
    assert.equal(a.toString(), '10.0.0.1:5');
    const b = a.bytes();
    b[0] = 42;
    assert.equal(a.ip, '10.0.0.1');
  });
  it('initIp6 keeps flowinfo and scopeId', () => {
    const a = Address.initIp6(new Uint8Array(16).fill(0).map((_, i) => (i === 15 ? 1 : 0)), 9, 7, 3);
    assert.equal(a.toString(), '[::1%3]:9');
    assert.equal(a.flowinfo, 7);
    assert.equal(a.scopeId, 3);
    assert.ok(!a.eql(Address.initIp6(a.bytes(), 9, 0, 3)), 'flowinfo is part of eql');
  });
  it('rejects wrong byte counts and values', () => {
    assert.equal(code(() => Address.initIp4([1, 2, 3], 0)), 'InvalidIPAddressFormat');
    assert.equal(code(() => Address.initIp6(new Uint8Array(4), 0)), 'InvalidIPAddressFormat');
    assert.equal(code(() => Address.initIp4([1, 2, 3, 256], 0)), 'Overflow');
    assert.equal(code(() => Address.initIp6(new Uint8Array(16), 0, 2 ** 32)), 'Overflow');
  });
  it('initUnix allows 107 UTF-8 bytes and refuses 108', () => {
    const ok = Address.initUnix('/'.padEnd(107, 'x'));
    assert.equal(ok.family, 'unix');
    assert.equal(ok.toString(), ok.path);
    assert.deepEqual(ok.toNodeConnect(), { path: ok.path });
    assert.equal(code(() => Address.initUnix('/'.padEnd(108, 'x'))), 'NameTooLong');
    assert.equal(Address.initUnix('/'.padEnd(54, 'é')).family, 'unix'); // 54 chars, 107 bytes
    assert.equal(code(() => Address.initUnix('/'.padEnd(55, 'é'))), 'NameTooLong'); // 55 chars, 109 bytes
    assert.ok(Address.initUnix('/a').eql(Address.initUnix('/a')));
    assert.ok(!Address.initUnix('/a').eql(Address.initUnix('/b')));
  });
});

describe('node interop', () => {
  it('fromNode reads what node:net reports', () => {
    assert.equal(Address.fromNode('127.0.0.1', 80, 'IPv4').toString(), '127.0.0.1:80');
    assert.equal(Address.fromNode('::ffff:127.0.0.1', 80, 'IPv6').toString(), '[::ffff:127.0.0.1]:80');
    assert.equal(Address.fromNode('::ffff:127.0.0.1', 80).family, 'ip6');
    const scoped = Address.fromNode('fe80::1%eth0', 80, 'IPv6');
    assert.equal(scoped.scopeName, 'eth0');
    assert.equal(code(() => Address.fromNode('::1', 80, 'IPv4')), 'InvalidIPAddressFormat');
    assert.equal(code(() => Address.fromNode(undefined as unknown as string, 80)), 'InvalidIPAddressFormat');
  });
  it('toNodeConnect gives host and port, with zone names for numeric scopes', () => {
    assert.deepEqual(Address.parse('127.0.0.1:80').toNodeConnect(), { host: '127.0.0.1', port: 80 });
    assert.deepEqual(Address.parse('[::1]:80').toNodeConnect(), { host: '::1', port: 80 });
    assert.deepEqual(Address.parse('[fe80::1%eth0]:80').toNodeConnect(), { host: 'fe80::1%eth0', port: 80 });
    const fake: InterfaceTable = { indexOf: (n) => (n === 'tun9' ? 9 : undefined), nameOf: (i) => (i === 9 ? 'tun9' : undefined) };
    const previous = setInterfaceTable(fake);
    try {
      assert.deepEqual(Address.parse('[fe80::1%9]:80').toNodeConnect(), { host: 'fe80::1%tun9', port: 80 });
      assert.deepEqual(Address.parse('[fe80::1%8]:80').toNodeConnect(), { host: 'fe80::1%8', port: 80 });
    } finally {
      setInterfaceTable(previous);
    }
  });
  it('resolveIp maps a zone name through the given table', () => {
    const fake: InterfaceTable = { indexOf: (n) => (n === 'tun9' ? 9 : undefined), nameOf: () => undefined };
    const a = Address.resolveIp('fe80::1%tun9', 7, fake);
    assert.equal(a.scopeId, 9);
    assert.equal(a.scopeName, undefined);
    assert.equal(a.toString(), '[fe80::1%9]:7');
    assert.equal(code(() => Address.resolveIp('fe80::1%nope', 7, fake)), 'InterfaceNotFound');
    assert.equal(code(() => Address.resolveIp('fe80::1%nope', 7, undefined)), 'InterfaceNotFound');
    assert.equal(Address.resolveIp('10.1.2.3', 7, fake).toString(), '10.1.2.3:7');
  });
  it('toJSON is the printed form', () => {
    assert.equal(JSON.stringify({ a: Address.parse('[::1]:1') }), '{"a":"[::1]:1"}');
  });
});

const portArb = fc.integer({ min: 0, max: 65535 });
// Groups biased to 0 so that zero runs (and their compression) are common.
const groupArb = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff }));
const ip6BytesArb = fc.oneof(
  fc.array(groupArb, { minLength: 8, maxLength: 8 }).map((gs) => gs.flatMap((g) => [g >> 8, g & 0xff])),
  fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }).map((v4) => [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...v4]),
);

describe('properties', () => {
  it('parse(toString(a)) eql a for IPv4', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }), portArb, (bytes, port) => {
      const a = Address.initIp4(bytes, port);
      assert.ok(Address.parse(a.toString()).eql(a));
      assert.ok(Address.parseIp(a.ip, port).eql(a));
    }), { numRuns: 1000 });
  });
  it('parse(toString(a)) eql a for IPv6, with and without scope ids', () => {
    fc.assert(fc.property(ip6BytesArb, portArb, fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffffffff })), (bytes, port, scopeId) => {
      const a = Address.initIp6(bytes, port, 0, scopeId);
      assert.ok(Address.parse(a.toString()).eql(a), a.toString());
      assert.ok(Address.parseIp6(a.ip, port).eql(a));
    }), { numRuns: 2000 });
  });
  it('prints IPv6 as the WHATWG URL serializer does (RFC 5952 compression), mapped forms aside', () => {
    fc.assert(fc.property(ip6BytesArb, (bytes) => {
      const a = Address.initIp6(bytes, 0);
      if (a.ip.includes('.')) return;
      assert.equal(`[${a.ip}]`, new URL(`http://[${a.ip}]/`).hostname);
    }), { numRuns: 2000 });
  });
  it('accepts an IPv4 string exactly when node:net isIPv4 does', () => {
    const digits = fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 4 });
    const textArb = fc.oneof(
      fc.string({ unit: fc.constantFrom(...'0123456789.'), maxLength: 16 }),
      fc.array(digits, { minLength: 3, maxLength: 5 }).map((octets) => octets.join('.')),
    );
    fc.assert(fc.property(textArb, (text) => {
      assert.equal(code(() => Address.parseIp4(text, 0)) === 'ok', isIPv4(text), text);
    }), { numRuns: 3000 });
  });
  it('anything parseIp6 accepts, the WHATWG URL parser reads as the same address', () => {
    const textArb = fc.string({ unit: fc.constantFrom(...'0123abcdefABCDEF:.'), maxLength: 40 });
    fc.assert(fc.property(textArb, (text) => {
      let a: Address;
      try {
        a = Address.parseIp6(text, 0);
      } catch {
        return;
      }
      const url = new URL(`http://[${text}]/`).hostname;
      assert.equal(url, new URL(`http://[${a.ip}]/`).hostname);
    }), { numRuns: 3000 });
  });
  it('the parsers throw nothing but NetError on any string', () => {
    const textArb = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.string({ unit: fc.constantFrom(...'0123456789abcdefxyz:.%[]-/ '), maxLength: 60 }),
    );
    fc.assert(fc.property(textArb, portArb, (text, port) => {
      for (const fn of [Address.parseIp4, Address.parseIp6, Address.parseIp, Address.fromNode]) code(() => fn(text, port));
      code(() => Address.parse(text));
      code(() => Address.resolveIp(text, port, undefined));
    }), { numRuns: 3000 });
  });
});
