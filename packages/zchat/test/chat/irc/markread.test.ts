// draft/read-marker over loopback: MARKREAD set and get, markers only moving forward, private-message
// targets, MARKREAD on JOIN before the end of NAMES (only with the capability), and the FAIL replies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMarkreadTimestamp } from '../../../src/chat/irc/handlers/markread.js';
import { useIrcTestServer } from './irc-client.js';

const ts = useIrcTestServer({ limits: { readMarkers: 2 } });

const cap = 'draft/read-marker';

test('timestamps: the spec format in UTC only', () => {
  assert.equal(parseMarkreadTimestamp('timestamp=2019-01-04T14:33:26.123Z'), Date.UTC(2019, 0, 4, 14, 33, 26, 123));
  assert.equal(parseMarkreadTimestamp('timestamp=2019-01-04T14:33:26Z'), Date.UTC(2019, 0, 4, 14, 33, 26));
  for (const bad of ['*', 'timestamp=*', 'timestamp=not-a-timestamp', '2019-01-04T14:33:26.123Z', 'timestamp=2019-01-04T14:33:26+01:00', 'timestamp=2019-13-40T99:00:00Z']) {
    assert.equal(parseMarkreadTimestamp(bad), null, bad);
  }
});

test('MARKREAD set, get, never backwards; nick targets; * when unset', async () => {
  const c = await ts.client('reader', [cap]);
  await c.send('MARKREAD #unset');
  assert.deepEqual(await c.drain(), [':zchat.local MARKREAD #unset *']);
  await c.send('MARKREAD #rm timestamp=2019-06-01T12:00:00.000Z');
  assert.deepEqual(await c.drain(), [':zchat.local MARKREAD #rm timestamp=2019-06-01T12:00:00.000Z']);
  await c.send('MARKREAD #RM timestamp=2019-01-01T00:00:00.000Z');
  assert.deepEqual(await c.drain(), [':zchat.local MARKREAD #RM timestamp=2019-06-01T12:00:00.000Z'], 'an older time is answered with the stored one');
  await c.send('MARKREAD someone timestamp=2023-07-04T00:00:00Z');
  assert.deepEqual(await c.drain(), [':zchat.local MARKREAD someone timestamp=2023-07-04T00:00:00.000Z']);
  await c.send('MARKREAD #rm');
  assert.deepEqual(await c.drain(), [':zchat.local MARKREAD #rm timestamp=2019-06-01T12:00:00.000Z']);
  // limits.readMarkers is 2 here: a third target forgets the one set longest ago (#rm).
  await c.send('MARKREAD #third timestamp=2024-01-01T00:00:00.000Z');
  await c.drain();
  await c.send('MARKREAD #rm');
  assert.deepEqual(await c.drain(), [':zchat.local MARKREAD #rm *']);
});

test('MARKREAD comes after JOIN and before 366, only with the capability; it keeps the marker across PART', async () => {
  const c = await ts.client('joiner', [cap]);
  await c.send('JOIN #mr');
  let lines = await c.drain();
  const commands = lines.map((l) => l.split(' ')[1]);
  assert.deepEqual(commands, ['JOIN', 'MARKREAD', '353', '366']);
  assert.equal(lines[1], ':zchat.local MARKREAD #mr *');
  await c.send('MARKREAD #mr timestamp=2020-03-15T10:00:00.000Z');
  await c.drain();
  await c.send('PART #mr');
  await c.drain();
  await c.send('JOIN #mr');
  lines = await c.drain();
  assert.ok(lines.includes(':zchat.local MARKREAD #mr timestamp=2020-03-15T10:00:00.000Z'));

  const plain = await ts.client('nocap');
  await plain.send('JOIN #mr');
  assert.ok(!(await plain.drain()).some((l) => / MARKREAD /.test(l)));
});

test('FAIL MARKREAD: no target, a bad target, a bad or * timestamp', async () => {
  const c = await ts.client('failer', [cap]);
  await c.send('MARKREAD');
  assert.deepEqual(await c.drain(), [':zchat.local FAIL MARKREAD NEED_MORE_PARAMS :Missing parameters']);
  await c.send('MARKREAD #x timestamp=not-a-timestamp');
  assert.deepEqual(await c.drain(), [':zchat.local FAIL MARKREAD INVALID_PARAMS #x :Invalid timestamp']);
  await c.send('MARKREAD #x *');
  assert.deepEqual(await c.drain(), [':zchat.local FAIL MARKREAD INVALID_PARAMS #x :Invalid timestamp']);
  await c.send('MARKREAD a,b timestamp=2020-01-01T00:00:00.000Z');
  assert.deepEqual(await c.drain(), [':zchat.local FAIL MARKREAD INVALID_PARAMS a,b :Invalid target']);
});
