// One plain-text client and one IRC client in #lobby: each sees the other's messages, joins, parts, nick
// changes, topics and quits, and plain users look like `name!name@host` to IRC.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useIrcTestServer } from './irc-client.js';

const ts = useIrcTestServer();

test('plain and IRC users in #lobby see each other across protocols', async () => {
  const pat = await ts.plain('pat');
  const ira = await ts.client('ira');

  await ira.send('JOIN #lobby');
  const join = await ira.waitFor('JOIN');
  assert.equal(join.msg.source, 'ira!ira@127.0.0.1');
  assert.equal((await ira.waitFor('332')).msg.params[2], 'Say hello.');
  const names = await ira.waitFor('353');
  assert.deepEqual(names.msg.params[3]!.split(' ').sort(), ['@pat', 'ira']);
  await pat.waitFor('ira has joined.');

  await pat.send('hello from plain');
  const pm = await ira.waitFor('PRIVMSG');
  assert.equal(pm.msg.source, 'pat!pat@127.0.0.1', 'a plain user is name!name@host');
  assert.deepEqual(pm.msg.params, ['#lobby', 'hello from plain']);

  await ira.send('PRIVMSG #lobby :hello from irc');
  await pat.waitFor('ira: hello from irc');
  await ira.send('PRIVMSG #lobby :\x01ACTION waves\x01');
  await pat.waitFor('* ira waves');
  await pat.send('/me nods');
  const action = await ira.waitFor('PRIVMSG');
  assert.equal(action.msg.params[1], '\x01ACTION nods\x01');

  await ira.send('PRIVMSG pat :psst');
  await pat.waitFor('[private] ira: psst');
  await pat.send('/msg ira back at you');
  const priv = await ira.waitFor('PRIVMSG');
  assert.deepEqual(priv.msg.params, ['ira', 'back at you']);

  await pat.send('/topic plain topic');
  const topic = await ira.waitFor('TOPIC');
  assert.deepEqual(topic.msg.params, ['#lobby', 'plain topic']);
  await ira.send('TOPIC #lobby :irc topic');
  await ira.waitFor('482'); // #lobby is +t and pat (the creator) is op
  await pat.send('/nick patty');
  const nick = await ira.waitFor('NICK');
  assert.equal(nick.msg.source, 'pat!pat@127.0.0.1');
  assert.deepEqual(nick.msg.params, ['patty']);

  await ira.send('NICK irene');
  await pat.waitFor('ira is now known as irene.');
  await ira.send('PART #lobby :bye for now');
  await pat.waitFor('irene has left (bye for now).');
  await ira.send('JOIN #lobby');
  await pat.waitFor('irene has joined.');

  await pat.send('/quit gone');
  const quit = await ira.waitFor('QUIT');
  assert.equal(quit.msg.source, 'patty!patty@127.0.0.1');

  const pia = await ts.plain('pia');
  await ira.waitFor((l) => l.msg.command === 'JOIN' && l.msg.source === 'pia!pia@127.0.0.1');
  await ira.send('QUIT :done here');
  await pia.waitFor('irene has left (Quit: done here).');
});

test('TAGMSG reaches IRC clients with message-tags and never shows up as text for plain users', async () => {
  const pete = await ts.plain('pete');
  const tagger = await ts.client('tagger', ['message-tags']);
  const watcher = await ts.client('watcher', ['message-tags']);
  await tagger.send('JOIN #lobby');
  await watcher.send('JOIN #lobby');
  await tagger.waitFor((l) => l.msg.command === 'JOIN' && l.msg.source!.startsWith('watcher!'));
  await tagger.send('@+typing=active TAGMSG #lobby');
  const tag = await watcher.waitFor('TAGMSG');
  assert.equal(tag.msg.tags.get('+typing'), 'active');
  assert.ok(tag.msg.tags.has('msgid'));
  await tagger.send('PRIVMSG #lobby :after the tag');
  await pete.waitFor('tagger: after the tag');
  const sinceJoin = pete.lines.slice(pete.lines.findIndex((l) => l === 'watcher has joined.'));
  assert.deepEqual(sinceJoin, ['watcher has joined.', 'tagger: after the tag'], 'no empty line for the TAGMSG');
});
