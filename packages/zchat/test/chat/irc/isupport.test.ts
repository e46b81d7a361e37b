import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeConfig } from '../../../src/chat/config.js';
import {
  escapeIsupportValue,
  isupportParams,
  isupportStrings,
  isupportTokens,
  tokensPerLine,
} from '../../../src/chat/irc/isupport.js';

const config = makeConfig({
  network: 'Test Net',
  limits: { awayLength: 111, maxRoomsPerUser: 7, listEntries: 25, monitorEntries: 12, roomLength: 40, reasonLength: 222, nickLength: 16, topicLength: 333 },
});

/** One expected value per token; the test below fails when a token is added without a row here. */
const expected: Record<string, string | null> = {
  AWAYLEN: '111',
  CASEMAPPING: 'rfc1459',
  CHANLIMIT: '#:7',
  BOT: 'B',
  CHANMODES: 'beI,k,l,Cimnst',
  CHANNELLEN: '40',
  CHANTYPES: '#',
  ELIST: 'CMNTU',
  EXCEPTS: 'e',
  EXTBAN: ',m',
  INVEX: 'I',
  KICKLEN: '222',
  MAXLIST: 'beI:25',
  MAXTARGETS: '4',
  MODES: '4',
  MONITOR: '12',
  NETWORK: 'Test Net',
  NICKLEN: '16',
  PREFIX: '(ov)@+',
  STATUSMSG: '@+',
  TARGMAX: 'JOIN:,KICK:4,NAMES:4,NOTICE:4,PART:,PRIVMSG:4,WHOIS:1',
  TOPICLEN: '333',
  UTF8ONLY: null,
  WHOX: null,
};

test('every ISUPPORT token has a tested value built from the config', () => {
  const names = isupportTokens.map((t) => t.name);
  assert.deepEqual([...names].sort(), Object.keys(expected).sort());
  assert.equal(new Set(names).size, names.length);
  for (const t of isupportTokens) {
    assert.equal(t.value(config), expected[t.name], t.name);
    assert.ok(t.doc.length > 0, t.name);
  }
});

test('values are escaped to one ASCII token', () => {
  assert.equal(escapeIsupportValue('Test Net'), 'Test\\x20Net');
  assert.equal(escapeIsupportValue('a=b\\c'), 'a\\x3Db\\x5Cc');
  assert.equal(escapeIsupportValue('é'), '\\xC3\\xA9');
  const strings = isupportStrings(config);
  assert.ok(strings.includes('NETWORK=Test\\x20Net'));
  assert.ok(strings.includes('WHOX'));
  assert.ok(strings.includes('CHANMODES=beI,k,l,Cimnst'));
  for (const s of strings) assert.match(s, /^[A-Z0-9]+(=[\x21-\x7e]*)?$/);
});

test('005 lines carry the nick, at most 13 tokens and the trailing text', () => {
  const lines = isupportParams(config, 'nick');
  assert.equal(lines.length, Math.ceil(isupportTokens.length / tokensPerLine));
  const tokens: string[] = [];
  for (const params of lines) {
    assert.equal(params[0], 'nick');
    assert.equal(params.at(-1), 'are supported by this server');
    assert.ok(params.length <= 15);
    tokens.push(...params.slice(1, -1));
  }
  assert.deepEqual(tokens, isupportStrings(config));
  assert.ok(tokens.includes('MAXLIST=beI:25'));
});
