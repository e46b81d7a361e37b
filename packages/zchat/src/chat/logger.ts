/**
 * The logger the chat server writes to: the subset of pino's API it uses, so a pino instance fits as is
 * (`startChatServer(config, { logger: pino() })`), and tests pass `silentLogger`.
 */

/** pino's call shape: a structured object first, then an optional message. */
export type LogFn = (obj: object, msg?: string) => void;

/** Compatible with pino's `Logger` (trace/debug/info/warn/error). */
export interface Logger {
  trace: LogFn;
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

function ignore(): void {}

/** A logger that drops everything. */
export const silentLogger: Logger = Object.freeze({ trace: ignore, debug: ignore, info: ignore, warn: ignore, error: ignore });
