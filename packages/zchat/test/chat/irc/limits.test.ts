// Configurable list bounds over loopback: limits.listEntries (ISUPPORT MAXLIST, 478 past it) and
// limits.monitorEntries (ISUPPORT MONITOR, 734 past it), lowered from their default of 100.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IrcClient } from './irc-client.js';
import { startIrcTestServer } from './irc-client.js';

/** Lines up to the PONG of a PING sent now: everything the server had to say before it. */
async function drain(c: IrcClient): Promise<string[]> {
  await c.send('PING :drain');
  const lines = await c.collectUntil('PONG');
  return lines.slice(0, -1).map((l) => l.raw);
}

test('a lowered limits.listEntries shows in MAXLIST and refuses the next mask with 478', async () => {
  const ts = await startIrcTestServer({ limits: { listEntries: 2, monitorEntries: 3 } });
  try {
    const op = await ts.client('op');
    await op.send('VERSION');
    const isupport = (await drain(op)).filter((l) => / 005 /.test(l)).join(' ');
    assert.match(isupport, / MAXLIST=beI:2 /);
    assert.match(isupport, / MONITOR=3 /);
    await op.send('JOIN #lim');
    await drain(op);
    await op.send('MODE #lim +bbb a!*@* b!*@* c!*@*');
    const lines = await drain(op);
    assert.deepEqual(lines.filter((l) => / 478 /.test(l)), [':zchat.local 478 op #lim c!*@* :Channel list is full']);
    assert.deepEqual(lines.filter((l) => / MODE /.test(l)), [':op!op@127.0.0.1 MODE #lim +bb a!*@* b!*@*']);
    // The exception list has its own bound of the same size.
    await op.send('MODE #lim +eee a!*@* b!*@* c!*@*');
    assert.equal((await drain(op)).filter((l) => / 478 /.test(l)).length, 1);
    await op.send('MONITOR + m1,m2,m3,m4');
    assert.deepEqual((await drain(op)).filter((l) => / 734 /.test(l)), [':zchat.local 734 op 3 m4 :Monitor list is full.']);
  } finally {
    await ts.stop();
  }
});
