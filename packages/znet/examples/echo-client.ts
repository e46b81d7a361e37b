// Echo client: sends each line of stdin, prints what comes back.
// Run: node dist/examples/echo-client.js [host] [port]
import { createInterface } from 'node:readline';
import { tcpConnectToHost } from '../src/index.js';

const host = process.argv[2] ?? '127.0.0.1';
const port = Number(process.argv[3] ?? 7777);
await using stream = await tcpConnectToHost(host, port, { timeoutMs: 5000 });
const reader = stream.reader();
const encoder = new TextEncoder();
for await (const line of createInterface({ input: process.stdin })) {
  const bytes = encoder.encode(`${line}\n`);
  await stream.writeAll(bytes);
  const echoed = await reader.readUntilDelimiterOrEofAlloc(0x0a, 64 * 1024);
  if (echoed === null) break;
  console.log(new TextDecoder().decode(echoed));
}
await stream.shutdown();
