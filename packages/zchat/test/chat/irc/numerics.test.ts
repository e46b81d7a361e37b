import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as numerics from '../../../src/chat/irc/numerics.js';

const constants = Object.entries(numerics).filter(([name]) => /^(RPL|ERR)_/.test(name)) as [string, string][];

test('every numeric is three digits and no two names share one', () => {
  assert.ok(constants.length > 100);
  const seen = new Map<string, string>();
  for (const [name, code] of constants) {
    assert.match(code, /^\d{3}$/, name);
    assert.equal(seen.get(code), undefined, `${name} and ${seen.get(code)} are both ${code}`);
    seen.set(code, name);
  }
});

test('every error numeric has its standard text, and every text belongs to a named numeric', () => {
  const codes = new Set(constants.map(([, code]) => code));
  for (const [name, code] of constants) {
    if (name.startsWith('ERR_')) assert.ok(numerics.numericText[code], `${name} has no text`);
  }
  for (const code of Object.keys(numerics.numericText)) assert.ok(codes.has(code), code);
});

test('spec values and texts of the numerics the issue names', () => {
  const want: [string, string, string?][] = [
    [numerics.RPL_WELCOME, '001'],
    [numerics.RPL_ISUPPORT, '005'],
    [numerics.RPL_NAMREPLY, '353'],
    [numerics.RPL_WHOSPCRPL, '354'],
    [numerics.RPL_ENDOFMOTD, '376', 'End of /MOTD command.'],
    [numerics.ERR_NOSUCHNICK, '401', 'No such nick/channel'],
    [numerics.ERR_NOSUCHCHANNEL, '403', 'No such channel'],
    [numerics.ERR_CANNOTSENDTOCHAN, '404', 'Cannot send to channel'],
    [numerics.ERR_NORECIPIENT, '411'],
    [numerics.ERR_NOTEXTTOSEND, '412', 'No text to send'],
    [numerics.ERR_INPUTTOOLONG, '417', 'Input line was too long'],
    [numerics.ERR_UNKNOWNCOMMAND, '421', 'Unknown command'],
    [numerics.ERR_NOMOTD, '422', 'MOTD File is missing'],
    [numerics.ERR_NONICKNAMEGIVEN, '431'],
    [numerics.ERR_ERRONEUSNICKNAME, '432'],
    [numerics.ERR_NICKNAMEINUSE, '433', 'Nickname is already in use'],
    [numerics.ERR_USERNOTINCHANNEL, '441'],
    [numerics.ERR_NOTONCHANNEL, '442'],
    [numerics.ERR_USERONCHANNEL, '443'],
    [numerics.ERR_NEEDMOREPARAMS, '461', 'Not enough parameters'],
    [numerics.ERR_ALREADYREGISTERED, '462', 'You may not reregister'],
    [numerics.ERR_PASSWDMISMATCH, '464', 'Password incorrect'],
    [numerics.ERR_CHANNELISFULL, '471', 'Cannot join channel (+l)'],
    [numerics.ERR_UNKNOWNMODE, '472'],
    [numerics.ERR_INVITEONLYCHAN, '473', 'Cannot join channel (+i)'],
    [numerics.ERR_BANNEDFROMCHAN, '474', 'Cannot join channel (+b)'],
    [numerics.ERR_BADCHANNELKEY, '475', 'Cannot join channel (+k)'],
    [numerics.ERR_CHANOPRIVSNEEDED, '482', "You're not channel operator"],
    [numerics.ERR_NOOPERHOST, '491'],
    [numerics.RPL_SASLSUCCESS, '903', 'SASL authentication successful'],
    [numerics.ERR_SASLFAIL, '904', 'SASL authentication failed'],
    [numerics.RPL_SASLMECHS, '908'],
  ];
  for (const [code, value, text] of want) {
    assert.equal(code, value);
    if (text !== undefined) assert.equal(numerics.numericText[code], text);
  }
});
