import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineClient } from '../helpers/line-client.js';
import { useTestServer, withTestServer } from '../helpers/server-fixture.js';

const { connect } = useTestServer();

test('greeting, prompt, naming, lobby, member list and topic', async () => {
  const c = await connect();
  await c.waitPrompt();
  assert.equal(c.lines[0], 'Welcome to zchat (zchat.local).');
  assert.equal(c.lines[1], 'Welcome to zchat.');
  c.cursor = 2;
  await c.send('Alice');
  assert.equal(await c.next(), 'Hello, Alice! Type /help for commands.');
  assert.equal(await c.next(), 'You are in #lobby. Topic of #lobby: Say hello.');
  assert.equal(await c.next(), 'In #lobby (1): @Alice');
  const b = await connect();
  await b.waitPrompt();
  await b.send('bob');
  await b.waitFor('In #lobby (2): @Alice, bob');
  await c.waitFor('bob has joined.');
});

test('invalid and taken names: say why and ask again', async () => {
  const c = await connect();
  await c.waitPrompt();
  let seen = 1;
  for (const [name, why] of [
    ['9lives', /not a valid name/],
    ['-x', /not a valid name/],
    ['has space', /not a valid name/],
    ['x'.repeat(31), /not a valid name/],
    ['ALICE', /The name ALICE is taken/],
    ['NickServ', /not a valid name/],
  ] as const) {
    await c.send(name);
    await c.waitFor(why);
    await c.waitPrompt(seen);
    seen = c.prompts;
  }
  await c.send('/join #x');
  await c.waitFor('error: Choose a name first.');
  await c.send('/help');
  await c.waitFor(/^ {2}\/join/);
  await c.send('carol');
  await c.waitFor(/^In #lobby/);
});

test('name timeout closes an unnamed connection', async () => {
  await withTestServer({ limits: { registrationTimeoutMs: 150 } }, async (quick) => {
    const c = await LineClient.connect(quick.port);
    await c.waitPrompt();
    await c.waitFor('error: No name chosen in time; disconnecting.');
    await c.waitEnd();
    c.close();
  });
});
