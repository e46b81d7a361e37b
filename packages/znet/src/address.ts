/**
 * `Address`: Zig's std.net.Address (an IPv4, IPv6 or unix socket address) as a value type. Everything here is
 * pure: parsing, formatting and comparing never touch the network. The one link to the OS is the interface
 * table (interface name <-> index) used for IPv6 scopes; resolve.ts installs the OS-backed one when it loads,
 * so `Address.resolveIp` and `toNodeConnect` work once znet's index (or resolve.js) is imported.
 *
 * Parse errors are `NetError`s named as Zig names them: InvalidCharacter, Overflow, Incomplete, InvalidEnd,
 * NonCanonical (also Zig's InvalidIpv4Mapping), InvalidIPAddressFormat, NameTooLong, InterfaceNotFound.
 */
import { NetError } from './errors.js';
import type { NetErrorCode } from './errors.js';

/** The address families znet knows. */
export type AddressFamily = 'ip4' | 'ip6' | 'unix';

/** Interface name <-> OS index, as if_nametoindex / if_indextoname. `undefined` means "no such interface". */
export interface InterfaceTable {
  /** The index of the interface called `name` (`lo` → 1), or undefined when there is none. */
  indexOf(name: string): number | undefined;
  /** The name of the interface with this index, or undefined when there is none. */
  nameOf(index: number): string | undefined;
}

let interfaceTable: InterfaceTable | undefined;

/**
 * Install the interface table that `Address.resolveIp` and `toNodeConnect` consult by default (resolve.ts
 * installs the OS one at load; tests may install a fake). Returns the table it replaced.
 */
export function setInterfaceTable(table: InterfaceTable | undefined): InterfaceTable | undefined {
  const previous = interfaceTable;
  interfaceTable = table;
  return previous;
}

/** sizeof(sockaddr_un.sun_path) on Linux is 108, one byte of which is the terminating NUL. */
const maxUnixPathBytes = 107;
/** IFNAMSIZ is 16 including the NUL. */
const maxInterfaceNameLength = 15;
const mappedPrefix = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

function err(code: NetErrorCode, message: string): NetError {
  return new NetError(code, message);
}

/** An integer in 0..max, or InvalidCharacter (not an integer) / Overflow (out of range). */
function checkInt(value: number, max: number, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw err('InvalidCharacter', `${what} must be an integer, got ${String(value)}`);
  if (value < 0 || value > max) throw err('Overflow', `${what} ${value} is outside 0..${max}`);
  return value;
}

const checkPort = (port: number): number => checkInt(port, 0xffff, 'port');
const checkU32 = (value: number, what: string): number => checkInt(value, 0xffffffff, what);

function copyBytes(bytes: ArrayLike<number>, length: 4 | 16): Uint8Array {
  if (bytes.length !== length) throw err('InvalidIPAddressFormat', `expected ${length} address bytes, got ${bytes.length}`);
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = checkInt(bytes[i], 255, `address byte ${i}`);
  return out;
}

const isDigit = (c: string): boolean => c >= '0' && c <= '9';

function hexValue(c: string | undefined): number {
  if (c === undefined) return -1;
  if (c >= '0' && c <= '9') return c.charCodeAt(0) - 48;
  if (c >= 'a' && c <= 'f') return c.charCodeAt(0) - 87;
  if (c >= 'A' && c <= 'F') return c.charCodeAt(0) - 55;
  return -1;
}

/** Dotted quad, following Zig's rules: exactly four decimal octets, no leading zeros (octal ambiguity). */
function parseIp4Bytes(text: string): Uint8Array {
  const out = new Uint8Array(4);
  let index = 0;
  let x = 0;
  let sawDigits = false;
  let zeroPrefix = false;
  for (const c of text) {
    if (c === '.') {
      if (!sawDigits) throw err('InvalidCharacter', `empty octet in '${text}'`);
      if (index === 3) throw err('InvalidEnd', `'${text}' has more than four octets`);
      out[index++] = x;
      x = 0;
      sawDigits = false;
      zeroPrefix = false;
    } else if (isDigit(c)) {
      if (c === '0' && !sawDigits) zeroPrefix = true;
      else if (zeroPrefix) throw err('NonCanonical', `octet with a leading zero in '${text}'`);
      sawDigits = true;
      x = x * 10 + (c.charCodeAt(0) - 48);
      if (x > 255) throw err('Overflow', `octet over 255 in '${text}'`);
    } else {
      throw err('InvalidCharacter', `'${c}' in IPv4 address '${text}'`);
    }
  }
  if (index === 3 && sawDigits) {
    out[3] = x;
    return out;
  }
  throw err('Incomplete', `'${text}' has fewer than four octets`);
}

/** Eight hex groups with at most one `::`; an IPv4 tail is allowed only as `::ffff:a.b.c.d` (as in Zig). */
function parseIp6Bytes(text: string): Uint8Array {
  const n = text.length;
  if (n === 0) throw err('Incomplete', 'empty IPv6 address');
  const head: number[] = [];
  let tail: number[] | undefined; // groups after '::'; undefined until one is seen
  let i = 0;
  if (text[0] === ':') {
    if (n === 1) throw err('Incomplete', `'${text}' is not an IPv6 address`);
    if (text[1] !== ':') throw err('InvalidCharacter', `'${text}' starts with a single ':'`);
    if (text[2] === ':') throw err('InvalidCharacter', `':::' in '${text}'`);
    tail = [];
    i = 2;
  }
  const count = (): number => head.length + (tail?.length ?? 0);
  const push = (group: number): void => {
    (tail ?? head).push(group);
    if (count() > (tail ? 7 : 8)) throw err('InvalidEnd', `'${text}' has too many groups`);
  };
  while (i < n) {
    let j = i;
    let value = 0;
    for (let d = hexValue(text[j]); d >= 0; d = hexValue(text[++j])) {
      if (j - i === 4) throw err('Overflow', `group longer than four hex digits in '${text}'`);
      value = value * 16 + d;
    }
    if (text[j] === '.') {
      let v4: Uint8Array;
      try {
        v4 = parseIp4Bytes(text.slice(i));
      } catch (cause) {
        throw new NetError('NonCanonical', `bad IPv4 tail in '${text}'`, { cause });
      }
      push((v4[0] << 8) | v4[1]);
      push((v4[2] << 8) | v4[3]);
      const bytes = assemble(text, head, tail);
      if (!mappedPrefix.every((b, k) => bytes[k] === b)) throw err('NonCanonical', `only ::ffff:a.b.c.d may end in a dotted quad, got '${text}'`);
      return bytes;
    }
    if (j === i) throw err('InvalidCharacter', `'${text[i]}' in IPv6 address '${text}'`);
    push(value);
    if (j === n) break;
    if (text[j] !== ':') throw err('InvalidCharacter', `'${text[j]}' in IPv6 address '${text}'`);
    if (text[j + 1] === ':') {
      if (tail) throw err('InvalidCharacter', `more than one '::' in '${text}'`);
      if (text[j + 2] === ':') throw err('InvalidCharacter', `':::' in '${text}'`);
      if (count() > 7) throw err('InvalidEnd', `'${text}' has too many groups`);
      tail = [];
      i = j + 2;
      continue;
    }
    i = j + 1;
    if (i === n) {
      if (!tail && count() < 8) throw err('Incomplete', `'${text}' ends early`);
      throw err('InvalidEnd', `'${text}' ends with ':'`);
    }
  }
  return assemble(text, head, tail);
}

function assemble(text: string, head: number[], tail: number[] | undefined): Uint8Array {
  if (!tail && head.length < 8) throw err('Incomplete', `'${text}' has fewer than eight groups`);
  const groups = tail ? [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail] : head;
  const out = new Uint8Array(16);
  groups.forEach((g, k) => {
    out[2 * k] = g >> 8;
    out[2 * k + 1] = g & 0xff;
  });
  return out;
}

interface Scope {
  id: number;
  name: string | undefined;
}

/** `%25`-free zone after '%': digits are an index (u32), anything else an interface name (IFNAMSIZ rules). */
function parseScope(text: string): Scope {
  if (text.length === 0) throw err('Incomplete', "empty scope after '%'");
  if ([...text].every(isDigit)) {
    let id = 0;
    for (const c of text) {
      id = id * 10 + (c.charCodeAt(0) - 48);
      if (id > 0xffffffff) throw err('Overflow', `scope id '${text}' is over 4294967295`);
    }
    return { id, name: undefined };
  }
  if (text.length > maxInterfaceNameLength) throw err('Overflow', `interface name '${text}' is longer than ${maxInterfaceNameLength}`);
  // Linux refuses '/', ':' and whitespace in interface names; ']' and '%' would break '[v6%name]:port'.
  if (!/^[\x21-\x7e]+$/.test(text) || /[/:%[\]]/.test(text) || text === '.' || text === '..') {
    throw err('InvalidCharacter', `'${text}' is not an interface name`);
  }
  return { id: 0, name: text };
}

function formatIp4(b: Uint8Array): string {
  return `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;
}

/** RFC 5952: lowercase, no leading zeros, the first longest run (>= 2) of zero groups as '::'. */
function formatIp6(b: Uint8Array): string {
  if (mappedPrefix.every((x, k) => b[k] === x)) return `::ffff:${formatIp4(b.subarray(12))}`;
  const groups = Array.from({ length: 8 }, (_, k) => (b[2 * k] << 8) | b[2 * k + 1]);
  let bestStart = -1;
  let bestLength = 1;
  for (let k = 0; k < 8; ) {
    if (groups[k] !== 0) {
      k++;
      continue;
    }
    let end = k;
    while (end < 8 && groups[end] === 0) end++;
    if (end - k > bestLength) [bestStart, bestLength] = [k, end - k];
    k = end;
  }
  const hex = (gs: number[]): string => gs.map((g) => g.toString(16)).join(':');
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLength))}`;
}

/** Port text of `host:port`: decimal digits only. */
function parsePortText(text: string): number {
  if (text.length === 0) throw err('Incomplete', 'missing port after ":"');
  let port = 0;
  for (const c of text) {
    if (!isDigit(c)) throw err('InvalidCharacter', `'${c}' in port '${text}'`);
    port = port * 10 + (c.charCodeAt(0) - 48);
    if (port > 0xffff) throw err('Overflow', `port '${text}' is over 65535`);
  }
  return port;
}

const utf8 = new TextEncoder();

/**
 * An IPv4, IPv6 or unix socket address. Immutable except for the port (`setPort`, as in Zig). Build one with
 * the static constructors; none of them does I/O except `resolveIp`, which may consult the interface table.
 */
export class Address {
  private constructor(
    /** Which kind of address this is. */
    readonly family: AddressFamily,
    private readonly addr: Uint8Array,
    private port: number,
    /** sin6_flowinfo; 0 for ip4 and unix. */
    readonly flowinfo: number,
    /** sin6_scope_id: 0 when unset or still a name; 0 for ip4 and unix. */
    readonly scopeId: number,
    /** An IPv6 zone kept by name (`fe80::1%eth0`) until `resolveIp` turns it into `scopeId`; else undefined. */
    readonly scopeName: string | undefined,
    /** The unix socket path; undefined for IP addresses. */
    readonly path: string | undefined,
  ) {}

  /** Parse a dotted quad. Throws InvalidCharacter, Overflow, Incomplete, InvalidEnd or NonCanonical (`01`). */
  static parseIp4(text: string, port: number): Address {
    checkPort(port);
    return new Address('ip4', parseIp4Bytes(text), port, 0, 0, undefined, undefined);
  }

  /**
   * Parse IPv6 text, optionally with `%scope`: digits set `scopeId`, a name is kept in `scopeName` (see
   * `resolveIp`). Throws InvalidCharacter, Overflow, Incomplete, InvalidEnd, or NonCanonical for a dotted-quad
   * tail that is not `::ffff:a.b.c.d`.
   */
  static parseIp6(text: string, port: number): Address {
    checkPort(port);
    const pct = text.indexOf('%');
    const bytes = parseIp6Bytes(pct < 0 ? text : text.slice(0, pct));
    const scope = pct < 0 ? { id: 0, name: undefined } : parseScope(text.slice(pct + 1));
    return new Address('ip6', bytes, port, 0, scope.id, scope.name, undefined);
  }

  /** Either family: IPv4 first, then IPv6. Throws InvalidIPAddressFormat (cause: the specific error), or the port's error. */
  static parseIp(text: string, port: number): Address {
    checkPort(port);
    let first: unknown;
    try {
      return Address.parseIp4(text, port);
    } catch (e) {
      first = e;
    }
    try {
      return Address.parseIp6(text, port);
    } catch (e) {
      const cause = text.includes(':') ? e : first;
      const detail = cause instanceof NetError ? ` (${cause.code})` : '';
      throw new NetError('InvalidIPAddressFormat', `'${text}' is not an IP address${detail}`, { cause });
    }
  }

  /**
   * `parseIp`, with an IPv6 scope name turned into its interface index through `table` (default: the one
   * installed by resolve.ts, i.e. the OS). Throws what `parseIp` throws, and InterfaceNotFound.
   */
  static resolveIp(text: string, port: number, table: InterfaceTable | undefined = interfaceTable): Address {
    const a = Address.parseIp(text, port);
    if (a.scopeName === undefined) return a;
    const index = table?.indexOf(a.scopeName);
    if (index === undefined) throw err('InterfaceNotFound', `no network interface named '${a.scopeName}'`);
    return new Address('ip6', a.addr, a.port, a.flowinfo, checkU32(index, 'interface index'), undefined, undefined);
  }

  /** From 4 bytes (network order). Throws InvalidIPAddressFormat (wrong length), Overflow / InvalidCharacter. */
  static initIp4(bytes: ArrayLike<number>, port: number): Address {
    return new Address('ip4', copyBytes(bytes, 4), checkPort(port), 0, 0, undefined, undefined);
  }

  /** From 16 bytes (network order), with sin6_flowinfo and sin6_scope_id. Throws as `initIp4`. */
  static initIp6(bytes: ArrayLike<number>, port: number, flowinfo = 0, scopeId = 0): Address {
    return new Address('ip6', copyBytes(bytes, 16), checkPort(port), checkU32(flowinfo, 'flowinfo'), checkU32(scopeId, 'scope id'), undefined, undefined);
  }

  /** A unix socket path (a leading NUL makes a Linux abstract name). Throws NameTooLong past 107 UTF-8 bytes. */
  static initUnix(path: string): Address {
    const size = utf8.encode(path).length;
    if (size > maxUnixPathBytes) throw err('NameTooLong', `unix socket path is ${size} bytes; at most ${maxUnixPathBytes} fit`);
    return new Address('unix', new Uint8Array(0), 0, 0, 0, undefined, path);
  }

  /**
   * `a.b.c.d:port` or `[v6]:port` / `[v6%scope]:port`, IP literals only. A host name, or an unbracketed IPv6,
   * throws InvalidIPAddressFormat (use `getAddressList` for names); a missing port Incomplete; a bad port
   * InvalidCharacter / Overflow.
   */
  static parse(text: string): Address {
    if (text.startsWith('[')) {
      const close = text.indexOf(']');
      if (close < 0) throw err('Incomplete', `missing ']' in '${text}'`);
      const rest = text.slice(close + 1);
      if (rest.length > 0 && rest[0] !== ':') throw err('InvalidCharacter', `expected ':port' after ']' in '${text}'`);
      let a: Address;
      try {
        a = Address.parseIp6(text.slice(1, close), 0);
      } catch (cause) {
        throw new NetError('InvalidIPAddressFormat', `'${text.slice(1, close)}' is not an IPv6 address (${(cause as NetError).code})`, { cause });
      }
      if (rest.length === 0) throw err('Incomplete', `missing ':port' in '${text}'`);
      a.port = parsePortText(rest.slice(1));
      return a;
    }
    const colon = text.lastIndexOf(':');
    const host = colon < 0 ? text : text.slice(0, colon);
    if (host.includes(':')) throw err('InvalidIPAddressFormat', `write an IPv6 address with a port as '[${host}]:port'`);
    let a: Address;
    try {
      a = Address.parseIp4(host, 0);
    } catch (cause) {
      const hint = /^[0-9.]*$/.test(host) ? '' : '; to look up a host name, use getAddressList()';
      throw new NetError('InvalidIPAddressFormat', `'${host}' is not an IP address literal${hint}`, { cause });
    }
    if (colon < 0) throw err('Incomplete', `missing ':port' in '${text}'`);
    a.port = parsePortText(text.slice(colon + 1));
    return a;
  }

  /**
   * From what node:net reports (`remoteAddress`, `remotePort`, `remoteFamily`: 'IPv4' | 'IPv6'), e.g.
   * `::ffff:127.0.0.1` or `fe80::1%eth0` (the zone stays a name). Throws InvalidIPAddressFormat, or the
   * port's Overflow / InvalidCharacter.
   */
  static fromNode(ip: string, port: number, family?: string): Address {
    if (typeof ip !== 'string') throw err('InvalidIPAddressFormat', 'no address (was the socket already closed?)');
    checkPort(port);
    if (family === 'IPv4' || family === 'IPv6') {
      try {
        return family === 'IPv4' ? Address.parseIp4(ip, port) : Address.parseIp6(ip, port);
      } catch (cause) {
        throw new NetError('InvalidIPAddressFormat', `'${ip}' is not an ${family} address`, { cause });
      }
    }
    return Address.parseIp(ip, port);
  }

  /** The port. Throws AddressFamilyNotSupported for a unix address (Zig asserts there). */
  getPort(): number {
    if (this.family === 'unix') throw err('AddressFamilyNotSupported', 'a unix socket address has no port');
    return this.port;
  }

  /** Change the port in place. Throws Overflow / InvalidCharacter, or AddressFamilyNotSupported for unix. */
  setPort(port: number): void {
    if (this.family === 'unix') throw err('AddressFamilyNotSupported', 'a unix socket address has no port');
    this.port = checkPort(port);
  }

  /** Same family, bytes, port, flowinfo and scope (id and name); for unix, the same path. */
  eql(other: Address): boolean {
    if (this.family !== other.family) return false;
    if (this.family === 'unix') return this.path === other.path;
    return this.port === other.port && this.flowinfo === other.flowinfo && this.scopeId === other.scopeId &&
      this.scopeName === other.scopeName && this.addr.every((b, k) => b === other.addr[k]);
  }

  /** A copy of the raw bytes: 4 (ip4) or 16 (ip6) in network order; the UTF-8 path for unix. */
  bytes(): Uint8Array {
    return this.family === 'unix' ? utf8.encode(this.path ?? '') : this.addr.slice();
  }

  /** The bare IP text (`127.0.0.1`, `fe80::1%eth0`), no port or brackets; the path for unix. */
  get ip(): string {
    if (this.family === 'ip4') return formatIp4(this.addr);
    if (this.family === 'unix') return this.path ?? '';
    const zone = this.scopeName ?? (this.scopeId !== 0 ? String(this.scopeId) : undefined);
    return zone === undefined ? formatIp6(this.addr) : `${formatIp6(this.addr)}%${zone}`;
  }

  /** `127.0.0.1:8888`, `[::1]:8888`, `[fe80::1%2]:80` (RFC 5952), or the unix path as is. */
  toString(): string {
    if (this.family === 'unix') return this.ip;
    return this.family === 'ip4' ? `${this.ip}:${this.port}` : `[${this.ip}]:${this.port}`;
  }

  /** The `toString()` text, so addresses log readably. */
  toJSON(): string {
    return this.toString();
  }

  /**
   * Options for net.connect / server.listen. libuv reads an IPv6 zone only as an interface name, so a numeric
   * scope id is turned back into a name through the interface table when it knows one. flowinfo is dropped
   * (node cannot set it).
   */
  toNodeConnect():
    | {
        /** The IP; an IPv6 one carries its zone as `%name` (or `%index` when no name is known). */
        host: string;
        /** The port. */
        port: number;
      }
    | {
        /** The unix socket path. */
        path: string;
      } {
    if (this.family === 'unix') return { path: this.path ?? '' };
    if (this.family === 'ip6' && this.scopeName === undefined && this.scopeId !== 0) {
      const zone = interfaceTable?.nameOf(this.scopeId) ?? String(this.scopeId);
      return { host: `${formatIp6(this.addr)}%${zone}`, port: this.port };
    }
    return { host: this.ip, port: this.port };
  }
}
