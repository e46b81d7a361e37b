import { describe, it } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { networkInterfaces } from 'node:os';
import { Address } from '../src/address.js';
import { NetError } from '../src/errors.js';
import { setMode } from '../src/mode.js';
import { getAddressList, osInterfaceTable, resolveIp } from '../src/resolve.js';

// Expected failures below would otherwise print debug traces.
setMode('release');

async function rejectsWith(p: Promise<unknown>, code: string): Promise<NetError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof NetError, `expected a NetError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    return e;
  }
  return assert.fail(`expected ${code}, but it resolved`);
}

/** Interfaces whose IPv6 entries carry a non-zero scope id (link-local addresses), as name -> index. */
function linkLocalInterfaces(): [string, number][] {
  const out: [string, number][] = [];
  for (const [name, entries] of Object.entries(networkInterfaces())) {
    const entry = entries?.find((e) => e.family === 'IPv6' && e.scopeid);
    if (entry?.scopeid) out.push([name, entry.scopeid]);
  }
  return out;
}

describe('getAddressList', () => {
  it('returns an IPv4 or IPv6 literal as is, without DNS', async () => {
    assert.deepEqual((await getAddressList('127.0.0.1', 80)).map(String), ['127.0.0.1:80']);
    assert.deepEqual((await getAddressList('::1', 443)).map(String), ['[::1]:443']);
    assert.deepEqual((await getAddressList('::ffff:10.0.0.1', 1)).map(String), ['[::ffff:10.0.0.1]:1']);
  });
  it('refuses a literal of the other family than asked', async () => {
    await rejectsWith(getAddressList('::1', 80, { family: 4 }), 'UnknownHostName');
    await rejectsWith(getAddressList('127.0.0.1', 80, { family: 6 }), 'UnknownHostName');
    assert.equal((await getAddressList('127.0.0.1', 80, { family: 4 })).length, 1);
  });
  it('validates the port', async () => {
    await rejectsWith(getAddressList('127.0.0.1', 65536), 'Overflow');
    await rejectsWith(getAddressList('localhost', -1), 'Overflow');
    await rejectsWith(getAddressList('localhost', 1.5), 'InvalidCharacter');
  });
  it('resolves localhost to loopback addresses with the port set', async () => {
    const list = await getAddressList('localhost', 8080);
    assert.ok(list.length > 0);
    for (const a of list) {
      assert.equal(a.getPort(), 8080);
      assert.ok(['127.0.0.1', '::1'].includes(a.ip) || a.ip.startsWith('127.'), a.ip);
    }
    const seen = new Set(list.map(String));
    assert.equal(seen.size, list.length, 'no duplicates');
  });
  it('honours family for names', async (t: TestContext) => {
    const v4 = await getAddressList('localhost', 1, { family: 4 });
    assert.ok(v4.every((a) => a.family === 'ip4'));
    let v6: Address[];
    try {
      v6 = await getAddressList('localhost', 1, { family: 6 });
    } catch (e) {
      if (e instanceof NetError && e.code === 'UnknownHostName') return t.skip('localhost has no IPv6 address here');
      throw e;
    }
    assert.ok(v6.every((a) => a.family === 'ip6'));
  });
  it('says UnknownHostName for a name under .invalid (RFC 2606)', async (t: TestContext) => {
    try {
      await getAddressList('no-such-host.invalid', 80);
      assert.fail('a .invalid name resolved');
    } catch (e) {
      assert.ok(e instanceof NetError, String(e));
      if (e.code === 'TemporaryNameServerFailure') return t.skip('no working resolver here');
      assert.equal(e.code, 'UnknownHostName', e.message);
      assert.equal(e.errno, 'ENOTFOUND');
    }
  });
  it('says UnknownHostName for an empty name', async () => {
    await rejectsWith(getAddressList('', 80), 'UnknownHostName');
  });
  it('rejects with Canceled when the signal is already aborted, even for literals', async () => {
    await rejectsWith(getAddressList('127.0.0.1', 80, { signal: AbortSignal.abort() }), 'Canceled');
    await rejectsWith(getAddressList('localhost', 80, { signal: AbortSignal.abort() }), 'Canceled');
  });
  it('rejects with Canceled when aborted during the lookup, keeping the reason as cause', async () => {
    const ac = new AbortController();
    const pending = getAddressList('no-such-host.invalid', 80, { signal: ac.signal });
    const reason = new Error('user gave up');
    ac.abort(reason);
    const e = await rejectsWith(pending, 'Canceled');
    assert.equal(e.cause, reason);
  });
  it('leaves no abort listener behind after a lookup that finished', async () => {
    const ac = new AbortController();
    await getAddressList('localhost', 80, { signal: ac.signal });
    await rejectsWith(getAddressList('no-such-host.invalid', 80, { signal: ac.signal }), 'UnknownHostName').catch((e: unknown) => {
      if (!(e instanceof assert.AssertionError && /TemporaryNameServerFailure/.test(e.message))) throw e;
    });
    assert.equal(getEventListeners(ac.signal, 'abort').length, 0);
  });
});

describe('resolveIp', () => {
  it('parses literals like parseIp', () => {
    assert.ok(resolveIp('127.0.0.1', 5).eql(Address.parseIp4('127.0.0.1', 5)));
    assert.ok(resolveIp('fe80::1%3', 5).eql(Address.parseIp6('fe80::1%3', 5)));
    assert.throws(() => resolveIp('localhost', 5), (e) => e instanceof NetError && e.code === 'InvalidIPAddressFormat');
  });
  it('says InterfaceNotFound for an unknown zone name (Zig: ff01::fb%123s45678901234)', () => {
    for (const text of ['ff01::fb%123s45678901234', 'fe80::1%nosuchif0']) {
      assert.throws(() => resolveIp(text, 0), (e) => e instanceof NetError && e.code === 'InterfaceNotFound');
      assert.throws(() => Address.resolveIp(text, 0), (e) => e instanceof NetError && e.code === 'InterfaceNotFound');
    }
  });
  it('resolves fe80::1%lo to index 1 on Linux', (t: TestContext) => {
    const lo = networkInterfaces().lo;
    if (process.platform !== 'linux' || !lo?.some((e) => e.family === 'IPv6')) return t.skip('no lo interface with IPv6');
    const a = resolveIp('fe80::1%lo', 80);
    assert.equal(a.scopeId, 1);
    assert.equal(a.scopeName, undefined);
    assert.equal(a.toString(), '[fe80::1%1]:80');
    assert.equal(osInterfaceTable.nameOf(1), 'lo');
  });
  it('agrees with the scope ids os.networkInterfaces() reports, both ways', (t: TestContext) => {
    const found = linkLocalInterfaces();
    if (found.length === 0) return t.skip('no link-local IPv6 interface');
    for (const [name, index] of found) {
      assert.equal(resolveIp(`fe80::1%${name}`, 1).scopeId, index);
      // Address.resolveIp uses the table resolve.ts installed at load.
      assert.equal(Address.resolveIp(`fe80::1%${name}`, 1).scopeId, index);
      // libuv only understands zone names, so a numeric scope goes back to a name for node.
      assert.deepEqual(Address.parseIp6(`fe80::1%${index}`, 1).toNodeConnect(), { host: `fe80::1%${name}`, port: 1 });
    }
  });
  it('getAddressList resolves a zone name in a literal too', async (t: TestContext) => {
    const [first] = linkLocalInterfaces();
    if (!first) return t.skip('no link-local IPv6 interface');
    const [a] = await getAddressList(`fe80::1%${first[0]}`, 9);
    assert.equal(a?.scopeId, first[1]);
    await rejectsWith(getAddressList('fe80::1%nosuchif0', 9), 'InterfaceNotFound');
  });
});
