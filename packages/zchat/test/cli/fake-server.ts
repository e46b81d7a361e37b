// A minimal plain-text chat server on znet for client tests: greeting, `Identifier: ` prompt, "name: line" echoes,
// "/quit" answered with Goodbye and a close. Tests can close or reset every connection. Loopback, port 0.
import { Address, StreamServer, bufferedReader, type Stream } from 'znet';

export interface FakeServer {
  port: number;
  /** Every line received, per connection, in order. */
  sessions: string[][];
  /** Whether "/quit" closes the connection (off: the client must give up waiting by itself). */
  honourQuit: boolean;
  closeAll(): void;
  resetAll(): void;
  stop(): void;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

export async function startFakeServer(): Promise<FakeServer> {
  const server = StreamServer.init({ kernelBacklog: 16 });
  await server.listen(Address.parseIp('127.0.0.1', 0));
  const streams = new Set<Stream>();
  const fake: FakeServer = {
    port: server.listenAddress.getPort(),
    sessions: [],
    honourQuit: true,
    closeAll: () => {
      for (const s of streams) void s.shutdown().then(() => s.close(), () => s.close());
    },
    resetAll: () => {
      for (const s of streams) s.handle.resetAndDestroy();
    },
    stop: () => {
      fake.closeAll();
      server.close();
      server.deinit();
    },
  };
  void (async () => {
    for await (const { stream } of server) {
      streams.add(stream);
      void serve(stream, fake).finally(() => streams.delete(stream));
    }
  })();
  return fake;
}

async function serve(stream: Stream, fake: FakeServer): Promise<void> {
  const lines: string[] = [];
  fake.sessions.push(lines);
  const reader = bufferedReader(stream, 2048).reader();
  const buf = new Uint8Array(2048);
  let name: string | undefined;
  try {
    await stream.writeAll(enc.encode('Welcome to fake.\r\nIdentifier: '));
    for (;;) {
      const line = await reader.readUntilDelimiterOrEof(buf, 0x0a);
      if (line === null) break;
      const text = dec.decode(line).replace(/\r$/, '');
      lines.push(text);
      if (name === undefined) {
        name = text;
        await stream.writeAll(enc.encode(`Hello, ${name}.\r\n`));
      } else if (text.startsWith('/quit')) {
        await stream.writeAll(enc.encode('Goodbye.\r\n'));
        if (fake.honourQuit) break;
      } else {
        await stream.writeAll(enc.encode(`${name}: ${text}\r\n`));
      }
    }
  } catch {
    // The client went away; nothing to clean up beyond the close below.
  } finally {
    stream.close();
  }
}

/** Resolve once `predicate` holds, polling every 5 ms; reject after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
