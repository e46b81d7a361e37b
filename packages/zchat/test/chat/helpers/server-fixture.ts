/**
 * A chat server on loopback port 0 for tests, with config overrides: started per test (`withTestServer`,
 * or `startTestServer` and close it yourself) or once per file (`useTestServer`, closed with its clients).
 */
import { after, before } from 'node:test';
import { makeConfig } from '../../../src/chat/config.js';
import type { ChatConfig, DeepPartial } from '../../../src/chat/config.js';
import { startChatServer } from '../../../src/chat/server.js';
import type { ChatServer } from '../../../src/chat/server.js';
import { LineClient } from './line-client.js';

/** A running server and its plain-text port. */
export interface TestServer {
  server: ChatServer;
  port: number;
}

/** A plain-only server on 127.0.0.1:0 with flood control off unless overridden. The caller closes it. */
export async function startTestServer(overrides: DeepPartial<ChatConfig> = {}): Promise<TestServer> {
  const config = makeConfig({
    host: '127.0.0.1',
    plain: { enabled: true, port: 0 },
    irc: { enabled: false },
    web: { enabled: false },
    ...overrides,
    limits: { floodPerSecond: 0, roomLinesPerSecond: 0, ...overrides.limits },
  });
  const server = await startChatServer(config);
  return { server, port: server.addresses.plain!.getPort() };
}

/** Run `body` against a fresh server (`startTestServer(overrides)`), closed afterwards even when `body` throws. */
export async function withTestServer(overrides: DeepPartial<ChatConfig>, body: (ts: TestServer) => Promise<void>): Promise<void> {
  const ts = await startTestServer(overrides);
  try {
    await body(ts);
  } finally {
    await ts.server.close();
  }
}

/** One server for every test of a file, and the plain clients made through it (closed with it). */
export interface SharedTestServer {
  /** The server (valid once the file's `before` hooks have run). */
  readonly ts: TestServer;
  /** A connected client that has not chosen a name yet. */
  connect(): Promise<LineClient>;
  /** A client logged in as `name` (in the default room). */
  login(name: string): Promise<LineClient>;
}

/**
 * Register `before`/`after` hooks for the calling test file: start one server (`startTestServer(overrides)`)
 * before its tests, and close every client from `connect`/`login` and the server after them.
 */
export function useTestServer(overrides: DeepPartial<ChatConfig> = {}): SharedTestServer {
  let ts: TestServer | null = null;
  const clients: LineClient[] = [];
  const current = (): TestServer => {
    if (ts === null) throw new Error('the shared test server is not started yet (use it inside a test)');
    return ts;
  };
  before(async () => {
    ts = await startTestServer(overrides);
  });
  after(async () => {
    for (const c of clients) c.close();
    await ts?.server.close();
  });
  const track = (c: LineClient): LineClient => {
    clients.push(c);
    return c;
  };
  return {
    get ts() {
      return current();
    },
    connect: async () => track(await LineClient.connect(current().port)),
    login: async (name) => track(await LineClient.login(current().port, name)),
  };
}
