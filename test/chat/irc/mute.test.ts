// The mute extban over loopback: ISUPPORT EXTBAN=,m, MODE +b m:<mask> listed as set, 404 for the muted
// user (nothing reaches the channel), voice and an m: exception lift it, -b m:<mask> removes it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { IrcClient, IrcTestServer } from './irc-client.js';
import { startIrcTestServer } from './irc-client.js';

let ts: IrcTestServer;
before(async () => {
  ts = await startIrcTestServer();
});
after(async () => {
  await ts.stop();
});

/** Lines up to the PONG of a PING sent now: everything the server had to say before it. */
async function drain(c: IrcClient): Promise<string[]> {
  await c.send('PING :drain');
  const lines = await c.collectUntil('PONG');
  return lines.slice(0, -1).map((l) => l.raw);
}

test('MODE +b m:<mask> mutes; voice, +e m:<mask> and -b lift it', async () => {
  const op = await ts.client('chanop');
  await op.send('VERSION');
  assert.ok((await drain(op)).some((l) => / 005 .* EXTBAN=,m /.test(l)));
  await op.send('JOIN #mute');
  await drain(op);
  await op.send('MODE #mute +b m:Bar!*@*');
  assert.deepEqual(await drain(op), [':chanop!chanop@127.0.0.1 MODE #mute +b m:Bar!*@*']);
  const bar = await ts.client('bar', ['echo-message']);
  await bar.send('JOIN #mute');
  await drain(bar);
  await drain(op);
  await bar.send('MODE #mute +b');
  assert.match((await drain(bar))[0]!, /^:zchat\.local 367 bar #mute m:Bar!\*@\* chanop \d+$/);

  await bar.send('PRIVMSG #mute :hi');
  assert.deepEqual(await drain(bar), [':zchat.local 404 bar #mute :Cannot send to channel']);
  assert.deepEqual(await drain(op), []);

  await op.send('MODE #mute +v bar');
  await drain(op);
  await drain(bar);
  await bar.send('PRIVMSG #mute :voiced');
  assert.deepEqual(await drain(bar), [':bar!bar@127.0.0.1 PRIVMSG #mute :voiced']);
  await op.send('MODE #mute -v+e bar m:*!bar@*');
  await drain(op);
  await drain(bar);
  await bar.send('PRIVMSG #mute :excepted');
  assert.deepEqual(await drain(bar), [':bar!bar@127.0.0.1 PRIVMSG #mute :excepted']);
  await op.send('MODE #mute -e+b m:*!bar@* m:nobody');
  await op.send('MODE #mute -b m:bar!*@*');
  await drain(op);
  await drain(bar);
  await bar.send('PRIVMSG #mute :free');
  assert.deepEqual(await drain(bar), [':bar!bar@127.0.0.1 PRIVMSG #mute :free']);
});
