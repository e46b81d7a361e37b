// Load generator for bench/net-echo, on raw node:net so both servers face the same client.
// Usage: echo-load.js <scenario> <port> <connections> <seconds>
//   pingpong: each connection sends 64 bytes and waits for them back, in a loop; prints round trips/s.
//   bulk: one connection streams 64 KiB writes and counts echoed bytes; prints MB/s.
//   idle: opens the connections, prints `ready`, holds them until stdin closes.
import * as net from 'node:net';

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
  let running = true;
  let started = 0;
  for (const s of sockets) {
    let pending = 0;
    s.on('data', (chunk) => {
      pending -= chunk.length;
      if (pending <= 0 && running) {
        trips++;
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
  process.stdout.write(`${JSON.stringify({ scenario, connections, value: rate, unit: 'round trips/s' })}\n`);
}

async function bulk(): Promise<void> {
  const s = await connect();
  const chunk = Buffer.alloc(64 * 1024, 0x62);
  let received = 0;
  let running = true;
  s.on('data', (d) => { received += d.length; });
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
  process.stdout.write(`${JSON.stringify({ scenario, connections: 1, value: received / elapsed / 1e6, unit: 'MB/s' })}\n`);
}

async function idle(): Promise<void> {
  const sockets: net.Socket[] = [];
  for (let i = 0; i < connections; i += 500) {
    sockets.push(...await Promise.all(Array.from({ length: Math.min(500, connections - i) }, connect)));
  }
  // One round trip on each proves the server handles every connection before memory is read.
  await Promise.all(sockets.map((s) => new Promise((r) => { s.once('data', r); s.write('x'); })));
  process.stdout.write('ready\n');
  process.stdin.resume();
  await new Promise((r) => process.stdin.once('end', r));
  for (const s of sockets) s.destroy();
}

const run = { pingpong, bulk, idle }[scenario as 'pingpong' | 'bulk' | 'idle'];
if (!run) throw new Error(`unknown scenario ${scenario}`);
await run();
