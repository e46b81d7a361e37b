/**
 * What the gateway does with each line the parser rejects: ONE table, as ergo's read loop does
 * (STYLE.md): skip, reply ERR_INPUTTOOLONG and keep going, reply `FAIL <cmd> INVALID_UTF8`, or close.
 */
import type { ParseError, ParseResult } from './message.js';
import { ERR_INPUTTOOLONG } from './numerics.js';
import type { IrcContext } from './context.js';

/** The action for a rejected line. */
export type ParseErrorAction = 'skip' | 'inputTooLong' | 'invalidUtf8' | 'close';

/** Every parser error and its action (exhaustive: a new ParseError will not compile without a row). */
export const parseErrorActions: Readonly<Record<ParseError, ParseErrorAction>> = Object.freeze({
  Empty: 'skip',
  TagsTooLong: 'inputTooLong',
  BodyTooLong: 'inputTooLong',
  InvalidUtf8: 'invalidUtf8',
  // NUL or a bare CR inside a line, tags or a source without a command: not a client speaking IRC.
  BadChar: 'close',
  NoCommand: 'close',
  BadTags: 'close',
});

/** Apply the table's action for the failed parse `r` to session `s`. */
export function handleParseError(s: IrcContext, r: Extract<ParseResult, { ok: false }>): void {
  const label = r.partial?.tags.get('label');
  switch (parseErrorActions[r.error]) {
    case 'skip':
      return;
    case 'inputTooLong':
      s.labeled(label, () => s.numericStd(ERR_INPUTTOOLONG));
      return;
    case 'invalidUtf8':
      s.labeled(label, () => s.fail(r.partial?.command ?? '*', 'INVALID_UTF8', 'Message rejected for containing invalid UTF-8'));
      return;
    case 'close':
      s.end('Malformed line', `Closing Link: ${s.user.host} (Received malformed line)`);
      return;
  }
}
