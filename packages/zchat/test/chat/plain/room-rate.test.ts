// A crowd bursting into one room (issue 16): 150 members each within their own flood limits send 10 lines at once.
// With the room rate the room takes limits.roomBurst of them and refuses the rest with a clear error, and a member
// that is not reading during the burst keeps its connection (without it: some 750 KB at every member at once, past
// its SendQ).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Address, tcpConnectToAddress } from 'znet';
import { LineClient } from '../helpers/line-client.js';
import { withTestServer } from '../helpers/server-fixture.js';

test('150 members x 10 lines at once: the room takes its burst, the rest are refused, a paused reader stays', async () => {
  const limits = { floodBurst: 10, floodPerSecond: 2, roomBurst: 100, roomLinesPerSecond: 20, sendQueueBytes: 65_536, maxConnectionsPerIp: 1000 };
  await withTestServer({ limits }, async ({ port }) => {
    // The reader names itself and then reads nothing until the burst is over.
    const reader = await tcpConnectToAddress(Address.parseIp('127.0.0.1', port));
    await reader.writeAll(new TextEncoder().encode('reader\n'));
    const senders: LineClient[] = [];
    try {
      for (let i = 0; i < 150; i++) senders.push(await LineClient.login(port, `s${i}`));
      const text = `${'x'.repeat(400)}`;
      await Promise.all(senders.map(async (c, i) => {
        for (let n = 0; n < 10; n++) await c.send(`${i}:${n} ${text}`);
      }));
      const refusals = async (): Promise<number> => {
        await new Promise((r) => setTimeout(r, 300));
        return senders.reduce((sum, c) => sum + c.lines.filter((l) => l.startsWith('error: #lobby is busy')).length, 0);
      };
      let refused = await refusals();
      for (let i = 0; i < 20 && refused < 1300; i++) refused = await refusals();
      assert.ok(refused >= 1300 && refused <= 1400, `${refused} refused of 1500`);
      // After the burst, a last message; the paused reader must still be there to read it.
      await new Promise((r) => setTimeout(r, 1_000));
      await senders[0]!.send('the end');
      const buf = new Uint8Array(1 << 16);
      let got = '';
      const deadline = Date.now() + 10_000;
      while (!got.includes('the end') && Date.now() < deadline) {
        const n = await reader.read(buf);
        if (n === 0) break;
        got += new TextDecoder().decode(buf.subarray(0, n));
      }
      assert.ok(got.includes('the end'), `the reader was dropped; it read ${got.length} bytes, ending:\n${got.slice(-300)}`);
      const delivered = got.split('\n').filter((l) => l.includes(text)).length;
      assert.ok(delivered >= 100 && delivered <= 200, `${delivered} burst lines reached the reader`);
    } finally {
      reader.close();
      for (const c of senders) c.close();
    }
  });
});
