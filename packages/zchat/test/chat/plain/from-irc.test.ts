// What plain-text users see of IRC users' doings, over loopback (plain and IRC on port 0): mode changes in
// words, formatted messages as clean text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useIrcTestServer } from '../irc/irc-client.js';

const ts = useIrcTestServer();

test('an IRC user\'s coloured and bold text reaches a plain user as clean text, digits and all removed', async () => {
  const pat = await ts.plain('pat');
  const ivy = await ts.client('ivy');
  await ivy.send('JOIN #colors');
  await ivy.waitFor('366');
  await pat.send('/join #colors');
  await pat.waitFor((l) => l.startsWith('In #colors'));
  await ivy.send('PRIVMSG #colors :\x02bold\x02 \x0304red\x03 \x0312,01blue on black\x0f \x04ff8800hex\x04 \x1ditalic\x1d 2\x03099 done');
  assert.equal(await pat.waitFor((l) => l.startsWith('ivy: ')), 'ivy: bold red blue on black hex italic 29 done');
  await ivy.send('TOPIC #colors :\x0303green\x03 topic');
  assert.equal(await pat.waitFor((l) => l.startsWith('ivy set the topic')), 'ivy set the topic of #colors: green topic');
  await ivy.send('PRIVMSG pat :\x01ACTION \x0304,05waves\x01');
  assert.equal(await pat.waitFor((l) => l.startsWith('[private]')), '[private] * ivy waves');
});

test('an IRC operator\'s mode changes reach a plain user in words, without the key', async () => {
  const kim = await ts.plain('kim');
  const ivy = await ts.client('ivan');
  await ivy.send('JOIN #m');
  await ivy.waitFor('366');
  await kim.send('/join #m');
  await kim.waitFor((l) => l.startsWith('In #m'));
  await ivy.send('MODE #m +o kim');
  assert.equal(await kim.waitFor((l) => l.startsWith('ivan changed')), 'ivan changed #m: kim is now an operator.');
  await ivy.send('MODE #m +k-t sesame');
  assert.equal(await kim.waitFor((l) => l.startsWith('ivan changed')), 'ivan changed #m: joining needs a key; any member may set the topic.');
  await ivy.send('MODE #m +il-o 5 kim');
  assert.equal(await kim.waitFor((l) => l.startsWith('ivan changed')),
    'ivan changed #m: joining needs an invitation; at most 5 members may be in it; kim is no longer an operator.');
  await kim.send('/join #lobby');
  await kim.waitFor('Now talking in #lobby.');
  await ivy.send('MODE #m +b bad!*@*');
  assert.equal(await kim.waitFor((l) => l.includes('changed #m')), '[#m] ivan changed #m: bad!*@* is banned.');
  assert.ok(!kim.lines.some((l) => l.includes('sesame')), 'the key is never shown');
});
