/**
 * SIGUSR1 must not open Node's inspector (issue 16): anyone on the machine who reaches it runs code in the server.
 * Node 20 has no switch for that (`--disable-sigusr1` arrived in 22.14 and 23.7), and a JS listener for SIGUSR1
 * does not stop it. So the server holds a loopback listener of its own and points `process.debugPort` at it:
 * SIGUSR1 then makes Node try that port, fail with "address already in use" on stderr, and leave the inspector
 * closed. Connections to the guard port are closed at once.
 */
import { Address, StreamServer } from 'znet';

/** A running guard. `release` stops it (idempotent); the inspector is then openable by SIGUSR1 again. */
export interface InspectorGuard {
  readonly port: number;
  release(): void;
}

async function closeEach(server: StreamServer): Promise<void> {
  for await (const conn of server) conn.stream.close();
}

/**
 * Occupy a free loopback port and make it the inspector's. Resolves once the guard is in place; rejects with the
 * listen NetError if no loopback port can be bound (the caller decides whether to run unguarded).
 */
export async function guardInspector(): Promise<InspectorGuard> {
  // Node's inspector binds 127.0.0.1 unless --inspect-port named a host; that host is the one to occupy.
  const server = StreamServer.init({ kernelBacklog: 8 });
  await server.listen(Address.parseIp('127.0.0.1', 0));
  const port = server.listenAddress.getPort();
  process.debugPort = port;
  void closeEach(server);
  return {
    port,
    release: () => server.deinit(),
  };
}
