/**
 * The I/O half of `Address`: host name lookup (`getAddressList`) and IPv6 scope names (`resolveIp`).
 *
 * Loading this module installs the OS interface table into address.ts (`setInterfaceTable`), so that
 * `Address.resolveIp` and `Address.toNodeConnect` can map interface names to indexes and back. address.ts stays
 * pure and free of node:os; this one side effect is the wiring.
 */
import { promises as dns } from 'node:dns';
import { readdirSync, readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { Address, setInterfaceTable } from './address.js';
import type { InterfaceTable } from './address.js';
import { NetError, toNetError } from './errors.js';
import { callSite, fail } from './mode.js';

/** Linux exposes if_nametoindex's answer here; it also covers interfaces whose IPv6 entries say scopeid 0 (lo). */
const sysNet = '/sys/class/net';

function sysIndexOf(name: string): number | undefined {
  if (process.platform !== 'linux' || name.includes('/') || name === '.' || name === '..') return undefined;
  try {
    const index = Number.parseInt(readFileSync(`${sysNet}/${name}/ifindex`, 'utf8'), 10);
    return Number.isInteger(index) && index > 0 ? index : undefined;
  } catch {
    return undefined;
  }
}

function interfaces(): ReturnType<typeof networkInterfaces> {
  try {
    return networkInterfaces();
  } catch (e) {
    throw toNetError(e);
  }
}

/**
 * The OS interface table: an IPv6 entry's `scopeid` from os.networkInterfaces() (non-zero only on link-local
 * addresses, where it is the interface index), then /sys/class/net on Linux. Throws only if the OS refuses to
 * list interfaces (Unexpected / SystemResources).
 */
export const osInterfaceTable: InterfaceTable = {
  indexOf(name: string): number | undefined {
    for (const entry of interfaces()[name] ?? []) {
      if (entry.family === 'IPv6' && entry.scopeid) return entry.scopeid;
    }
    return sysIndexOf(name);
  },
  nameOf(index: number): string | undefined {
    for (const [name, entries] of Object.entries(interfaces())) {
      if (entries?.some((e) => e.family === 'IPv6' && e.scopeid === index)) return name;
    }
    if (process.platform !== 'linux') return undefined;
    let names: string[];
    try {
      names = readdirSync(sysNet);
    } catch {
      return undefined;
    }
    return names.find((name) => sysIndexOf(name) === index);
  },
};

setInterfaceTable(osInterfaceTable);

/**
 * Zig's `Address.resolveIp`: `Address.parseIp`, except that an IPv6 zone name (`fe80::1%eth0`) becomes the
 * interface's index in `scopeId`. Synchronous. Throws InvalidIPAddressFormat (not an IP literal; the cause holds
 * the specific parse error), Overflow / InvalidCharacter (port), InterfaceNotFound (no such interface).
 */
export function resolveIp(text: string, port: number): Address {
  return Address.resolveIp(text, port, osInterfaceTable);
}

/** Options of `getAddressList`. */
export interface GetAddressListOptions {
  /** Abort the lookup: the promise rejects with Canceled (the resolver's thread finishes in the background). */
  signal?: AbortSignal;
  /** Only IPv4 (4) or only IPv6 (6) results. Default: both, in the resolver's order. */
  family?: 4 | 6;
}

function canceled(signal: AbortSignal): NetError {
  return new NetError('Canceled', 'the address lookup was canceled', { cause: signal.reason });
}

/** Settle with `p`, or reject with Canceled as soon as `signal` aborts (the listener is removed either way). */
function abortable<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(canceled(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

async function lookup(host: string, port: number, opts: GetAddressListOptions): Promise<Address[]> {
  if (opts.signal?.aborted) throw canceled(opts.signal);
  try {
    const literal = resolveIp(host, port);
    const wanted = opts.family === undefined || (opts.family === 4) === (literal.family === 'ip4');
    if (!wanted) throw new NetError('UnknownHostName', `'${host}' is an IP address of the other family than IPv${opts.family}`);
    return [literal];
  } catch (e) {
    if (!(e instanceof NetError) || e.code !== 'InvalidIPAddressFormat') throw e;
  }
  // dns.lookup('') answers "no addresses" but warns that this is deprecated; say it ourselves.
  if (host === '') throw new NetError('UnknownHostName', 'empty host name');
  let found: { address: string; family: number }[];
  try {
    found = await abortable(dns.lookup(host, { all: true, order: 'verbatim', family: opts.family ?? 0 }), opts.signal);
  } catch (e) {
    throw toNetError(e);
  }
  const out: Address[] = [];
  for (const { address, family } of found) {
    const a = family === 4 ? Address.parseIp4(address, port) : Address.parseIp6(address, port);
    if (!out.some((b) => b.eql(a))) out.push(a);
  }
  if (out.length === 0) throw new NetError('UnknownHostName', `'${host}' has no addresses`);
  return out;
}

/**
 * Zig's `getAddressList`: every address of `host`, with `port` set, in the order the resolver gives (try them
 * in order). An IP literal (`127.0.0.1`, `::1`, `fe80::1%eth0`) is returned as the only element without any DNS
 * query; `localhost` and other names go through the system resolver (getaddrinfo, so /etc/hosts counts).
 * Never resolves to an empty array. Rejects with UnknownHostName (no such name, or no address of `family`),
 * TemporaryNameServerFailure (EAI_AGAIN, e.g. no network), NameServerFailure, Canceled (the signal aborted),
 * InterfaceNotFound (literal with an unknown zone), Overflow / InvalidCharacter (bad port).
 */
export async function getAddressList(host: string, port: number, opts: GetAddressListOptions = {}): Promise<Address[]> {
  const site = callSite(getAddressList);
  try {
    return await lookup(host, port, opts);
  } catch (e) {
    throw fail(toNetError(e), site, 'getAddressList');
  }
}
