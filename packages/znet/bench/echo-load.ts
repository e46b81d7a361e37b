// Load generator for bench/net-echo, on raw node:net so both servers face the same client.
// Usage: echo-load.js <scenario> <port> <connections> <seconds>
//   pingpong: each connection sends 64 bytes and waits for them back, in a loop; prints round trips/s.
//   bulk: one connection streams 64 KiB writes and counts echoed bytes; prints MB/s.
//   idle: opens half the connections, prints `half`, waits for a line on stdin, opens the rest, prints `ready`,
//   waits for another line.
import * as net from 'node:net';
import { createInterface } from 'node:readline';

const [scenario, portText, connText, secondsText] = process.argv.slice(2);
const port = Number(portText);
const connections = Number(connText ?? 1);
const seconds = Number(secondsText ?? 3);

function connect(): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port }, () => resolve(s));
    s.once('error', reject);
  });
}

async function pingpong(): Promise<void> {
  const sockets = await Promise.all(Array.from({ length: connections }, connect));
  const message = Buffer.alloc(64, 0x61);
  let trips = 0;
  let total = 0;
  let running = true;
  let started = 0;
  for (const s of sockets) {
    let pending = 0;
    s.on('data', (chunk) => {
      pending -= chunk.length;
      if (pending <= 0 && running) {
        trips++;
        total++;
        pending = message.length;
        s.write(message);
      }
    });
  }
  // Warm up for half a second, then count.
  for (const s of sockets) s.emit('data', Buffer.alloc(0));
  await new Promise((r) => setTimeout(r, 500));
  trips = 0;
  started = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const elapsed = (performance.now() - started) / 1000;
  running = false;
  const rate = trips / elapsed;
  for (const s of sockets) s.destroy();
  process.stdout.write(`${JSON.stringify({ scenario, connections, value: rate, unit: 'round trips/s', operations: total })}\n`);
}

async function bulk(): Promise<void> {
  const s = await connect();
  const chunk = Buffer.alloc(64 * 1024, 0x62);
  let received = 0;
  let total = 0;
  let running = true;
  s.on('data', (d) => { received += d.length; total += d.length; });
  const pump = (): void => {
    while (running && s.write(chunk));
    if (running) s.once('drain', pump);
  };
  pump();
  await new Promise((r) => setTimeout(r, 500));
  received = 0;
  const started = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const elapsed = (performance.now() - started) / 1000;
  running = false;
  s.destroy();
  process.stdout.write(`${JSON.stringify({ scenario, connections: 1, value: received / elapsed / 1e6, unit: 'MB/s', operations: total / 1e6 })}\n`);
}

async function idle(): Promise<void> {
  // Two halves, with a pause between, so the orchestrator can take the slope: the marginal memory of one more
  // connection, free of one-time costs such as the V8 heap growing its young generation during setup.
  const sockets: net.Socket[] = [];
  const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  for (const half of ['half', 'ready']) {
    const target = half === 'half' ? Math.floor(connections / 2) : connections;
    const opened: net.Socket[] = [];
    while (sockets.length + opened.length < target) {
      opened.push(...await Promise.all(Array.from({ length: Math.min(500, target - sockets.length - opened.length) }, connect)));
    }
    // One round trip on each proves the server handles every connection before memory is read.
    await Promise.all(opened.map((s) => new Promise((r) => { s.once('data', r); s.write('x'); })));
    sockets.push(...opened);
    process.stdout.write(`${half}\n`);
    await lines.next();
  }
  for (const s of sockets) s.destroy();
}

const run = { pingpong, bulk, idle }[scenario as 'pingpong' | 'bulk' | 'idle'];
if (!run) throw new Error(`unknown scenario ${scenario}`);
await run();
