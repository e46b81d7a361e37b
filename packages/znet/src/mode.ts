/**
 * Debug and release behaviour, as Zig's build modes: in debug, a failed socket call prints the error and a
 * stack trace that starts at the caller's line to stderr; in release it prints nothing. The error is thrown
 * (the promise rejects) in both modes.
 *
 * Default: debug; release when NODE_ENV=production or ZNET_MODE=release (ZNET_MODE wins). Where the
 * environment cannot be read (Deno without --allow-env), debug.
 */
import type { NetError, NetErrorCode } from './errors.js';

/** Zig's build modes as znet's behaviour on failure: debug prints the error and a trace, release prints nothing. */
export type Mode = 'debug' | 'release';

function modeFromEnv(): Mode {
  const explicit = readEnv('ZNET_MODE');
  if (explicit === 'debug' || explicit === 'release') return explicit;
  return readEnv('NODE_ENV') === 'production' ? 'release' : 'debug';
}

/** Deno without --allow-env throws on reading the environment: importing znet must not fail for that. */
function readEnv(name: string): string | undefined {
  try {
    return process.env[name];
  } catch {
    return undefined;
  }
}

let mode: Mode = modeFromEnv();

/** Switch between 'debug' and 'release' for the whole process. */
export function setMode(next: Mode): void {
  if (next !== 'debug' && next !== 'release') throw new TypeError(`mode must be 'debug' or 'release', got ${String(next)}`);
  mode = next;
}

/** The current mode. */
export function getMode(): Mode {
  return mode;
}

/**
 * Where a public call was made from, captured only in debug mode (in release this costs nothing).
 * `fn` is the public function; frames above and including it are cut, as ws does with captureStackTrace.
 */
export interface CallSite {
  stack?: string;
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function callSite(fn: Function): CallSite | undefined {
  if (mode !== 'debug') return undefined;
  const site: CallSite = {};
  Error.captureStackTrace(site, fn);
  return site;
}

/**
 * Outcomes the caller asked for or handles as data, not failures of the connection: a pending accept ended by
 * the owner's own close(), an abort the caller signalled, a line longer than the caller's limit.
 */
const quietCodes: ReadonlySet<NetErrorCode> = new Set<NetErrorCode>(['SocketNotListening', 'Canceled', 'StreamTooLong']);

/**
 * Point the error's stack at the caller (when a site was captured) and, in debug mode, print it unless it is
 * one of the quiet outcomes above. Returns the same error so callers can `throw fail(err, site)`.
 */
export function fail(err: NetError, site: CallSite | undefined, op: string): NetError {
  if (site?.stack) {
    const frames = site.stack.slice(site.stack.indexOf('\n') + 1);
    err.stack = `${err.name}: ${err.message}\n${frames}`;
  }
  if (mode === 'debug' && !quietCodes.has(err.code)) process.stderr.write(`znet: ${op} failed: error.${err.code}\n${err.stack ?? ''}\n`);
  return err;
}
