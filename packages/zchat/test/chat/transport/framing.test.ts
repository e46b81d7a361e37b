// The line framing over a real loopback connection: lines in (CR LF or LF, over-long ones reported and
// skipped), whole lines out as written, half-close and close.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Address, StreamServer, tcpConnectToAddress } from 'znet';
import { lineFraming } from '../../../src/chat/transport/framing.js';
import type { FrameSink } from '../../../src/chat/transport/framing.js';

const enc = new TextEncoder();
const dec = new TextDecoder();

test('lineFraming: a transport that reads lines and writes bytes as they are', async () => {
  const server = StreamServer.init({});
  await server.listen(Address.parseIp('127.0.0.1', 0));
  try {
    const client = await tcpConnectToAddress(server.listenAddress);
    const { stream } = await server.accept();
    const transport = await lineFraming.open(stream);
    assert.ok(transport !== null);
    const got: string[] = [];
    const sink: FrameSink = {
      ended: false,
      onLine: (line) => got.push(dec.decode(line)),
      onTooLong: () => got.push('<too long>'),
    };
    const reading = transport.readMessages(8, sink);
    await client.writeAll(enc.encode('one\r\ntwo\nmuch too long\nok\n'));
    await transport.writev([enc.encode('a\r\n'), enc.encode('b\r\n')]);
    await transport.shutdown();
    const buf = new Uint8Array(64);
    let echoed = '';
    for (let i = 0; i < 10; i++) {
      const n = await client.read(buf);
      if (n === 0) break;
      echoed += dec.decode(buf.subarray(0, n));
    }
    assert.equal(echoed, 'a\r\nb\r\n');
    client.close();
    assert.equal(await reading, 'Connection closed');
    assert.deepEqual(got, ['one\r', 'two', '<too long>', 'ok']);
    transport.close();
    transport.close();
    assert.equal(transport.closed, true);
    assert.equal(transport.writableLength, 0);
  } finally {
    server.deinit();
  }
});
