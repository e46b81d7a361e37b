// REDACT (draft/message-redaction) over loopback: cap clients see REDACT, clients without it nothing, plain
// users a line; FAIL codes for unknown ids, someone else's message and a bad target.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useIrcTestServer } from './irc-client.js';

const ts = useIrcTestServer();

const CAPS = ['message-tags', 'echo-message', 'draft/message-redaction'];

test('REDACT in a channel and in private', async () => {
  const op = await ts.client('xop', CAPS);
  const bob = await ts.client('xbob', CAPS);
  const old = await ts.client('xold', ['message-tags']);
  const pat = await ts.plain('xpat');
  for (const c of [op, bob, old]) {
    await c.send('JOIN #red');
    await c.waitFor('366');
  }
  await pat.send('/join #red');
  await pat.waitFor((l) => l.startsWith('In #red'));
  await op.waitFor((l) => l.msg.command === 'JOIN' && l.msg.source?.startsWith('xpat!') === true);

  await bob.send('PRIVMSG #red :oops');
  const id = (await bob.waitFor('PRIVMSG')).msg.tags.get('msgid')!;
  assert.ok(id);
  await old.waitFor('PRIVMSG');
  await pat.waitFor('xbob: oops');
  await op.send('PRIVMSG #red :from the op');
  const opId = (await op.waitFor((l) => l.msg.command === 'PRIVMSG' && l.msg.params[1] === 'from the op')).msg.tags.get('msgid')!;
  await bob.send(`REDACT #red ${opId}`);
  assert.deepEqual((await bob.waitFor('FAIL')).msg.params.slice(0, 4), ['REDACT', 'REDACT_FORBIDDEN', '#red', opId]);

  await bob.send(`REDACT #red ${id} :typo`);
  for (const c of [bob, op]) {
    const r = await c.waitFor('REDACT');
    assert.deepEqual(r.msg.params, ['#red', id, 'typo']);
    assert.ok(r.msg.source?.startsWith('xbob!'));
  }
  await pat.waitFor('xbob removed a message (typo).');
  await op.send(`REDACT #red ${opId}`);
  assert.deepEqual((await op.waitFor('REDACT')).msg.params, ['#red', opId]);
  await pat.waitFor('xop removed a message.');
  await old.send('PING :after');
  const lines = await old.collectUntil('PONG');
  assert.ok(!lines.some((l) => l.msg.command === 'REDACT'), 'no REDACT without the cap');

  await bob.send(`REDACT #red ${id}`);
  assert.deepEqual((await bob.waitFor('FAIL')).msg.params.slice(0, 4), ['REDACT', 'UNKNOWN_MSGID', '#red', id]);
  await bob.send('REDACT #nowhere someid');
  assert.deepEqual((await bob.waitFor('FAIL')).msg.params.slice(0, 3), ['REDACT', 'INVALID_TARGET', '#nowhere']);
  await bob.send('REDACT #red');
  await bob.waitFor('461');

  await bob.send('PRIVMSG xop :private');
  const pid = (await bob.waitFor((l) => l.msg.command === 'PRIVMSG' && l.msg.params[0] === 'xop')).msg.tags.get('msgid')!;
  await op.waitFor((l) => l.msg.command === 'PRIVMSG' && l.msg.params[0] === 'xop');
  await op.send(`REDACT xbob ${pid}`);
  assert.deepEqual((await op.waitFor('FAIL')).msg.params.slice(0, 2), ['REDACT', 'REDACT_FORBIDDEN']);
  await bob.send(`REDACT xop ${pid}`);
  for (const c of [bob, op]) assert.deepEqual((await c.waitFor('REDACT')).msg.params, ['xop', pid]);
});
