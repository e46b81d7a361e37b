/**
 * Password hashes for config operators and accounts (IRC OPER, SASL PLAIN): scrypt from node:crypto, stored as
 * `scrypt$N$r$p$salt$hash` with salt and hash in base64. `zchat passwd` prints them; the config keeps only hashes,
 * so a leaked config file does not leak passwords.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt cost (N, a power of two; block size r; parallelism p) and the salt and hash sizes in bytes. */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
  saltBytes: number;
  keyBytes: number;
}

/** Cost parameters written by `hashPassword` (N = 2^14, r = 8, p = 1: ~16 MiB and tens of ms per check). */
export const defaultScryptParams: Readonly<ScryptParams> = Object.freeze({ N: 16_384, r: 8, p: 1, saltBytes: 16, keyBytes: 32 });

// Bounds on what a stored hash may ask for: a config file must not make one login cost gigabytes or minutes.
const maxN = 1 << 20;
const maxR = 32;
const maxP = 16;
const minKeyBytes = 16;
const maxKeyBytes = 128;

/** The parts of a stored hash. */
export interface ParsedPasswordHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

const hashPattern = /^scrypt\$(\d{1,8})\$(\d{1,3})\$(\d{1,3})\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

/**
 * Parse `scrypt$N$r$p$salt$hash`. Returns undefined when the text is not such a hash or its parameters are out of
 * bounds (N a power of two in 2..2^20, r 1..32, p 1..16, a salt, a 16..128-byte hash). Pure; never throws.
 */
export function parsePasswordHash(text: string): ParsedPasswordHash | undefined {
  const m = hashPattern.exec(text);
  if (!m) return undefined;
  const N = Number(m[1]);
  const r = Number(m[2]);
  const p = Number(m[3]);
  if (N < 2 || N > maxN || (N & (N - 1)) !== 0) return undefined;
  if (r < 1 || r > maxR || p < 1 || p > maxP) return undefined;
  const salt = Buffer.from(m[4]!, 'base64');
  const hash = Buffer.from(m[5]!, 'base64');
  if (salt.length === 0 || hash.length < minKeyBytes || hash.length > maxKeyBytes) return undefined;
  return { N, r, p, salt, hash };
}

/** True when `text` is a hash `verifyPassword` can check (see `parsePasswordHash`). */
export function isPasswordHash(text: string): boolean {
  return parsePasswordHash(text) !== undefined;
}

function scryptAsync(plain: string, salt: Buffer, keyBytes: number, N: number, r: number, p: number): Promise<Buffer> {
  // scrypt needs 128 * N * r bytes; Node's default maxmem (32 MiB) is too small for the upper bounds we accept.
  const maxmem = 256 * N * r + 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(plain.normalize('NFC'), salt, keyBytes, { N, r, p, maxmem }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/**
 * Hash `plain` with a fresh random salt. Returns `scrypt$N$r$p$salt$hash`. The password is NFC-normalised first so
 * the same text typed on different systems matches. Runs on the libuv thread pool (never blocks the event loop).
 * Rejects only if node:crypto fails (e.g. out of memory).
 */
export async function hashPassword(plain: string, params: Partial<ScryptParams> = {}): Promise<string> {
  const { N, r, p, saltBytes, keyBytes } = { ...defaultScryptParams, ...params };
  const salt = randomBytes(saltBytes);
  const key = await scryptAsync(plain, salt, keyBytes, N, r, p);
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/**
 * Check `plain` against a stored hash in constant time. Resolves false for a wrong password and for a malformed or
 * out-of-bounds hash (config validation reports those at start-up); never rejects for bad input.
 */
export async function verifyPassword(plain: string, stored: string): Promise<boolean> {
  const parsed = parsePasswordHash(stored);
  if (!parsed) return false;
  let key: Buffer;
  try {
    key = await scryptAsync(plain, parsed.salt, parsed.hash.length, parsed.N, parsed.r, parsed.p);
  } catch {
    return false;
  }
  return timingSafeEqual(key, parsed.hash);
}
