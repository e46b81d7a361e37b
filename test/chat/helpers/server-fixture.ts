/** Start a chat server on loopback port 0 for a test, with config overrides. */
import { makeConfig } from '../../../src/chat/config.js';
import type { ChatConfig, DeepPartial } from '../../../src/chat/config.js';
import { startChatServer } from '../../../src/chat/server.js';
import type { ChatServer } from '../../../src/chat/server.js';

/** A running server and its plain-text port. */
export interface TestServer {
  server: ChatServer;
  port: number;
}

/** A plain-only server on 127.0.0.1:0 with flood control off unless overridden. */
export async function startTestServer(overrides: DeepPartial<ChatConfig> = {}): Promise<TestServer> {
  const config = makeConfig({
    host: '127.0.0.1',
    plain: { enabled: true, port: 0 },
    irc: { enabled: false },
    ...overrides,
    limits: { floodPerSecond: 0, ...overrides.limits },
  });
  const server = await startChatServer(config);
  return { server, port: server.addresses.plain!.getPort() };
}
