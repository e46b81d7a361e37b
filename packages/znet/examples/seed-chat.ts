// The seed's first sample chat server, finished: one async task per connection instead of one thread,
// a name prompt, every line sent to all other members, /leave to quit, join/leave notices.
// Run: node dist/examples/seed-chat.js [port]    then connect with: nc 127.0.0.1 <port>
import { Address, StreamServer, bufferedReader, NetError, type Stream } from '../src/index.js';

const maxLine = 1024;
const members = new Map<Stream, string>();
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

function broadcast(from: Stream | null, text: string): void {
  const bytes = encoder.encode(`${text}\r\n`);
  for (const member of members.keys()) {
    // Fire and forget per member: one slow member must not hold up the others; a failed write ends that member.
    if (member !== from) member.writeAll(bytes).catch(() => member.close());
  }
}

async function serve(stream: Stream): Promise<void> {
  const reader = bufferedReader(stream, maxLine + 2).reader();
  const line = new Uint8Array(maxLine + 2);
  const readLine = async (): Promise<string | null> => {
    for (;;) {
      try {
        const bytes = await reader.readUntilDelimiterOrEof(line, 0x0a);
        return bytes === null ? null : decoder.decode(bytes).replace(/\r$/, '');
      } catch (err) {
        if (err instanceof NetError && err.code === 'StreamTooLong') {
          await reader.skipUntilDelimiterOrEof(0x0a);
          await stream.writeAll(encoder.encode(`line too long (max ${maxLine} bytes)\r\n`));
        } else if (err instanceof TypeError) {
          await stream.writeAll(encoder.encode('invalid UTF-8, line dropped\r\n'));
        } else {
          throw err;
        }
      }
    }
  };
  let name: string | null = null;
  try {
    await stream.writeAll(encoder.encode('Identifier: '));
    name = (await readLine())?.trim() ?? null;
    if (!name) return;
    members.set(stream, name);
    broadcast(stream, `${name} has joined.`);
    for (;;) {
      const text = await readLine();
      if (text === null || text === '/leave') break;
      if (text !== '') broadcast(stream, `${name}: ${text}`);
    }
  } catch {
    // The peer vanished; it leaves like everyone else.
  } finally {
    if (name && members.delete(stream)) broadcast(null, `${name} has left.`);
    stream.close();
  }
}

const port = Number(process.argv[2] ?? 8888);
await using server = StreamServer.init();
await server.listen(Address.parseIp('127.0.0.1', port));
console.log(`seed chat listening on ${server.listenAddress}`);
process.once('SIGINT', () => server.close());
for await (const { stream } of server) void serve(stream);
