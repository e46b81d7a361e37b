// Echo server for bench/net-echo: `znet` (pull reads with a per-connection buffer) or `raw` (node:net 'data'
// events). Prints `port N`; answers `mem` on stdin with its memory after a full GC (run with --expose-gc).
import * as net from 'node:net';
import { createInterface } from 'node:readline';
import { Address, StreamServer, type Stream } from '../src/index.js';

const kind = process.argv[2];
// Buffers start small and grow when a read fills them, so an idle connection holds 64 bytes, not 64 KiB
// (64 bytes also stays inside V8's heap: no separate allocation). A memory-lean znet server does the same.
const smallBuffer = 64;
const largeBuffer = 64 * 1024;

async function znetEcho(stream: Stream): Promise<void> {
  // Buffer (a Uint8Array) spares node a conversion on every write.
  let buf = Buffer.allocUnsafe(smallBuffer);
  try {
    for (;;) {
      const n = await stream.read(buf);
      if (n === 0) break;
      await stream.writeAll(buf.subarray(0, n));
      if (n === buf.length && buf.length < largeBuffer) buf = Buffer.allocUnsafe(largeBuffer);
    }
  } catch {
    // peer gone
  } finally {
    stream.close();
  }
}

async function startZnet(): Promise<number> {
  const server = StreamServer.init({ kernelBacklog: 4096 });
  await server.listen(Address.parseIp4('127.0.0.1', 0));
  void (async () => {
    for await (const { stream } of server) void znetEcho(stream);
  })();
  return server.listenAddress.getPort();
}

function startRaw(): Promise<number> {
  const server = net.createServer((socket) => {
    socket.on('data', (chunk) => {
      if (!socket.write(chunk)) {
        socket.pause();
        socket.once('drain', () => socket.resume());
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('end', () => socket.end());
  });
  return new Promise((resolve) => server.listen({ host: '127.0.0.1', port: 0, backlog: 4096 }, () => resolve((server.address() as net.AddressInfo).port)));
}

const port = kind === 'znet' ? await startZnet() : kind === 'raw' ? await startRaw() : (() => { throw new Error(`unknown server kind ${kind}`); })();
process.stdout.write(`port ${port}\n`);
const gc = (globalThis as { gc?: () => void }).gc;
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'mem') {
    for (let i = 0; i < 3; i++) gc?.();
    const m = process.memoryUsage();
    process.stdout.write(`mem ${JSON.stringify({ rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers })}\n`);
  } else if (line === 'cpu') {
    const c = process.cpuUsage();
    process.stdout.write(`cpu ${c.user + c.system}\n`);
  }
}
process.exit(0);
