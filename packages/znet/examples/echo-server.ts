// Echo server: one async task per connection on one event loop, no thread per connection.
// Run: npm run build && node dist/examples/echo-server.js [port]   then: nc 127.0.0.1 <port>
import { Address, StreamServer, type Stream } from '../src/index.js';

async function echo(stream: Stream): Promise<void> {
  const buf = new Uint8Array(16 * 1024);
  try {
    for (;;) {
      const n = await stream.read(buf);
      if (n === 0) break; // the peer is done
      await stream.writeAll(buf.subarray(0, n));
    }
  } catch {
    // A reset peer is a normal event on a server (debug mode has already printed the trace).
  } finally {
    stream.close();
  }
}

const port = Number(process.argv[2] ?? 7777);
await using server = StreamServer.init({ kernelBacklog: 128 });
await server.listen(Address.parseIp('127.0.0.1', port));
console.log(`echo server listening on ${server.listenAddress}`);
process.once('SIGINT', () => server.close());
for await (const { stream, address } of server) {
  console.log(`connection from ${address}`);
  void echo(stream);
}
