// Echo server for bench/net-echo: `znet` (pull reads with a per-connection buffer) or `raw` (node:net 'data'
// events). Prints `port N`; answers `mem` on stdin with its memory after a full GC (run with --expose-gc).
import * as net from 'node:net';
import { createInterface } from 'node:readline';
import { Address, StreamServer, type Stream } from '../src/index.js';

const kind = process.argv[2];
// A pull reader must own a buffer; the raw server owns none (node allocates each chunk, sized to what one read
// got, up to 64 KiB). So znet's buffer starts small and grows to node's 64 KiB read size when a read fills it:
// an idle connection holds 64 bytes (a slice of node's shared 8 KiB Buffer pool plus the Buffer object), not
// 64 KiB, and neither server reads more than 64 KiB at once. A memory-lean znet server does the same.
const smallBuffer = 64;
const largeBuffer = 64 * 1024;

async function znetEcho(stream: Stream): Promise<void> {
  // Buffer (a Uint8Array) spares node a conversion on every write.
  let buf = Buffer.allocUnsafe(smallBuffer);
  // No `finally`: the frame an idle connection keeps suspended in `read` is smaller without one.
  try {
    let n: number;
    while ((n = await stream.read(buf)) > 0) {
      await stream.writeAll(buf.subarray(0, n));
      if (n === buf.length && buf.length < largeBuffer) buf = Buffer.allocUnsafe(largeBuffer);
    }
  } catch {
    // peer gone
  }
  stream.close();
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
