// The mute extban over loopback: ISUPPORT EXTBAN=,m, MODE +b m:<mask> listed as set, 404 for the muted
// user (nothing reaches the channel), voice and an m: exception lift it, -b m:<mask> removes it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useIrcTestServer } from './irc-client.js';

const ts = useIrcTestServer();

test('MODE +b m:<mask> mutes; voice, +e m:<mask> and -b lift it', async () => {
  const op = await ts.client('chanop');
  await op.send('VERSION');
  assert.ok((await op.drain()).some((l) => / 005 .* EXTBAN=,m /.test(l)));
  await op.send('JOIN #mute');
  await op.drain();
  await op.send('MODE #mute +b m:Bar!*@*');
  assert.deepEqual(await op.drain(), [':chanop!chanop@127.0.0.1 MODE #mute +b m:Bar!*@*']);
  const bar = await ts.client('bar', ['echo-message']);
  await bar.send('JOIN #mute');
  await bar.drain();
  await op.drain();
  await bar.send('MODE #mute +b');
  assert.match((await bar.drain())[0]!, /^:zchat\.local 367 bar #mute m:Bar!\*@\* chanop \d+$/);

  await bar.send('PRIVMSG #mute :hi');
  assert.deepEqual(await bar.drain(), [':zchat.local 404 bar #mute :Cannot send to channel']);
  assert.deepEqual(await op.drain(), []);

  await op.send('MODE #mute +v bar');
  await op.drain();
  await bar.drain();
  await bar.send('PRIVMSG #mute :voiced');
  assert.deepEqual(await bar.drain(), [':bar!bar@127.0.0.1 PRIVMSG #mute :voiced']);
  await op.send('MODE #mute -v+e bar m:*!bar@*');
  await op.drain();
  await bar.drain();
  await bar.send('PRIVMSG #mute :excepted');
  assert.deepEqual(await bar.drain(), [':bar!bar@127.0.0.1 PRIVMSG #mute :excepted']);
  await op.send('MODE #mute -e+b m:*!bar@* m:nobody');
  await op.send('MODE #mute -b m:bar!*@*');
  await op.drain();
  await bar.drain();
  await bar.send('PRIVMSG #mute :free');
  assert.deepEqual(await bar.drain(), [':bar!bar@127.0.0.1 PRIVMSG #mute :free']);
});
