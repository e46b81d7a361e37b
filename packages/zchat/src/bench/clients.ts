/**
 * Bringing clients up: connect, register (retrying a taken nick), join; many at once with a bound on
 * connects in flight. Nicks are `z<run tag><index in base 36>`, at most 9 characters below 1.6 million
 * clients, so they fit RFC 1459's NICKLEN of 9 that some servers still enforce.
 */
import { BenchConn, type ConnSink } from './conn.js';
import { openStream } from './connect.js';
import { NickInUseError, type Driver } from './protocol.js';

/** Where and how clients connect. */
export interface ClientSetup {
  driver: Driver;
  host: string;
  port: number;
  /** Local address to bind, or null for the OS's choice. */
  localAddress: string | null;
  /** Spread clients over this many loopback sources (client i binds `sourceAddress(i % sources)`); 0: off. */
  sources: number;
  /** Two base-36 characters that keep nicks of concurrent runs apart. */
  runTag: string;
  timeoutMs: number;
  readBufferBytes: number;
}

/** The `j`-th loopback source address: 127.0.0.2, 127.0.0.3, ... (127.0.0.1 stays for real users). */
export function sourceAddress(j: number): string {
  const n = j + 2;
  return `127.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

/** The nick of client `index`, suffixed on the `attempt`-th retry. */
export function nickFor(runTag: string, index: number, attempt = 0): string {
  return `z${runTag}${index.toString(36)}${attempt === 0 ? '' : String.fromCharCode(0x60 + attempt)}`;
}

/**
 * Connect and register client `index`, then join `rooms` in order. Resolves the ready connection (the
 * caller owns it and closes it); rejects with the first failure after closing the connection.
 */
export async function bringUp(setup: ClientSetup, index: number, sink: ConnSink | null, rooms: readonly string[]): Promise<BenchConn> {
  const local = setup.sources > 0 ? sourceAddress(index % setup.sources) : setup.localAddress;
  const stream = await openStream(setup.host, setup.port, local, setup.timeoutMs, setup.driver.protocol === 'ws');
  const conn = new BenchConn(stream, index, setup.driver.autoReply, setup.readBufferBytes);
  conn.sink = sink;
  conn.startReading();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await setup.driver.register(conn, nickFor(setup.runTag, index, attempt), setup.timeoutMs);
        break;
      } catch (err) {
        if (!(err instanceof NickInUseError) || attempt >= 5) throw err;
      }
    }
    for (const room of rooms) await setup.driver.join(conn, room, setup.timeoutMs);
  } catch (err) {
    conn.close();
    throw err;
  }
  conn.ready = true;
  return conn;
}

/**
 * Run `task(i)` for every i in `[0, count)` with at most `concurrency` in flight. Resolves the results in
 * index order; a failed task's slot holds its Error (the others go on), so the caller can count failures.
 */
export async function inPool<T>(count: number, concurrency: number, task: (i: number) => Promise<T>, onDone?: () => void): Promise<(T | Error)[]> {
  const results: (T | Error)[] = new Array(count);
  let next = 0;
  async function lane(): Promise<void> {
    while (next < count) {
      const i = next++;
      try {
        results[i] = await task(i);
      } catch (err) {
        results[i] = err instanceof Error ? err : new Error(String(err));
      }
      onDone?.();
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return results;
}
