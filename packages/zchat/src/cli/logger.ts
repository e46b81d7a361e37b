/**
 * The one logger of a `zchat` process: pino, writing structured JSON lines to stderr, or readable coloured lines
 * through pino-pretty when stderr is a terminal. stdout stays free for what the user asked for (listen addresses).
 */
import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { Writable } from 'node:stream';
import type { LogLevel } from '../chat/config.js';

export type { Logger };

/** Where and how to log. `pretty` defaults to whether `destination` is a TTY; NO_COLOR turns colours off. */
export interface LoggerOptions {
  level: LogLevel;
  destination: Writable & { isTTY?: boolean };
  pretty?: boolean;
  env?: Record<string, string | undefined>;
}

/**
 * Make the process logger. Writes are synchronous, so nothing is lost when the process exits right after a log
 * line (shutdown, fatal start-up errors). The caller owns nothing to close.
 */
export function createLogger(options: LoggerOptions): Logger {
  const base = { level: options.level, base: { pid: process.pid }, name: 'zchat' };
  const usePretty = options.pretty ?? options.destination.isTTY === true;
  if (usePretty) {
    const colorize = options.destination.isTTY === true && !options.env?.NO_COLOR;
    const stream = pretty({ destination: options.destination, sync: true, colorize, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,name' });
    return pino(base, stream);
  }
  const destination = options.destination === process.stderr ? pino.destination({ fd: 2, sync: true }) : options.destination;
  return pino(base, destination);
}
