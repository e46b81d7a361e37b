// The IRC gateway's tables: every command row documented, every core error mapped to a numeric with its
// standard text, every parse error mapped to an action, labeled-response framing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commands } from '../../../src/chat/irc/commands.js';
import { chatErrorNumerics } from '../../../src/chat/irc/errors.js';
import { parseErrorActions } from '../../../src/chat/irc/parse-errors.js';
import { parseMessage } from '../../../src/chat/irc/message.js';
import { numericText } from '../../../src/chat/irc/numerics.js';
import { LabeledResponse, addTag } from '../../../src/chat/irc/response.js';

test('every command row has a usage starting with its verb, a help line, and sane flags', () => {
  const names = Object.keys(commands);
  assert.ok(names.length >= 30);
  for (const [verb, row] of Object.entries(commands)) {
    assert.equal(verb, verb.toUpperCase(), verb);
    assert.ok(row.usage.startsWith(verb), `${verb} usage: ${row.usage}`);
    assert.ok(row.help.length > 5 && row.help.endsWith('.'), `${verb} help: ${row.help}`);
    assert.ok(Number.isInteger(row.minParams) && row.minParams >= 0, verb);
    assert.ok(!(row.operOnly && row.preRegistration), `${verb}: oper-only commands need registration`);
  }
  for (const verb of ['PASS', 'NICK', 'USER', 'CAP', 'AUTHENTICATE', 'PING', 'PONG', 'QUIT']) assert.ok(commands[verb]!.preRegistration, verb);
  for (const verb of ['KILL', 'WALLOPS']) assert.ok(commands[verb]!.operOnly, verb);
});

test('every core error has a numeric whose standard text exists', () => {
  for (const [error, code] of Object.entries(chatErrorNumerics)) {
    assert.match(code, /^\d{3}$/, error);
    assert.ok(numericText[code], `${error} -> ${code} has no standard text`);
  }
  assert.equal(chatErrorNumerics.NickInUse, '433');
  assert.equal(chatErrorNumerics.ChanOpPrivsNeeded, '482');
});

test('every parse error has an action, and the parser produces each error the table names', () => {
  const samples: Record<string, string | Uint8Array> = {
    Empty: '   ',
    TagsTooLong: `@${'a'.repeat(5000)} PING`,
    BodyTooLong: `PRIVMSG x :${'y'.repeat(600)}`,
    InvalidUtf8: new Uint8Array([0x50, 0x49, 0x4e, 0x47, 0x20, 0xff]),
    BadChar: 'PING a\0b',
    NoCommand: ':source',
    BadTags: '@ PING',
  };
  for (const [error, action] of Object.entries(parseErrorActions)) {
    assert.ok(['skip', 'inputTooLong', 'invalidUtf8', 'close'].includes(action), error);
    const r = parseMessage(samples[error]!, { tagBytes: 4096, bodyBytes: 512 });
    assert.ok(!r.ok && r.error === error, `${error}: got ${JSON.stringify(r)}`);
  }
});

test('labeled-response: ACK, one tagged line, or a batch', () => {
  assert.deepEqual(new LabeledResponse('x').finish('srv', true), ['@label=x :srv ACK']);
  const one = new LabeledResponse('y');
  one.add(':srv PONG srv tok');
  assert.deepEqual(one.finish('srv', true), ['@label=y :srv PONG srv tok']);
  const many = new LabeledResponse('z');
  many.add('@time=t :a JOIN #c');
  many.addBytes(':srv 353 a = #c :a\r\n:srv 366 a #c :End\r\n');
  const out = many.finish('srv', true);
  assert.equal(out.length, 5);
  const ref = /^@label=z :srv BATCH \+(\S+) labeled-response$/.exec(out[0]!)![1]!;
  assert.equal(out[1], `@batch=${ref};time=t :a JOIN #c`);
  assert.equal(out[2], `@batch=${ref} :srv 353 a = #c :a`);
  assert.equal(out[4], `:srv BATCH -${ref}`);
  assert.equal(addTag(':a B', 'label', 'a b;c'), '@label=a\\sb\\:c :a B');
});
