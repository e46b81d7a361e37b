// /join with more than a room: a room name with spaces is refused with the reason; a key the room does not need is
// named as ignored, so "/join bad room" never silently makes #bad.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestServer } from '../helpers/server-fixture.js';

const shared = useTestServer();

test('/join with three words: no room made, the rule said', async () => {
  const a = await shared.login('spacey');
  await a.send('/join my new room');
  await a.waitFor('error: Room names have no spaces: /join #my joins #my (with a key: /join #room key).');
  assert.equal(shared.ts.server.core.getRoom('#my'), undefined);
  a.close();
});

test('/join bad room: the room is joined and the ignored word is named', async () => {
  const a = await shared.login('spaced');
  await a.send('/join bad room');
  await a.waitFor('You are in #bad. #bad has no topic.');
  await a.waitFor('(#bad has no key: "room" was ignored. Room names have no spaces.)');
  a.close();
});
