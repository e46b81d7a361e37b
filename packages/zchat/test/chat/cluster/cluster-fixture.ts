/**
 * Cluster tests: nodes (real servers, in this process or as child processes) sharing one private Redis,
 * with IRC clients over loopback sockets.
 */
import { makeConfig } from '../../../src/chat/config.js';
import type { ChatConfig, DeepPartial } from '../../../src/chat/config.js';
import { startChatServer } from '../../../src/chat/server.js';
import type { ChatServer } from '../../../src/chat/server.js';
import { IrcClient } from '../irc/irc-client.js';

/**
 * Heartbeats for the fault tests: a lost node is noticed within two seconds, and a node whose event loop
 * stalls under a loaded test machine still beats in time.
 */
export const clusterTiming = { heartbeatMs: 200, deadAfterMs: 2000 };

/** A node in this process (default heartbeats: no node is ever thought lost in these tests): IRC and plain text on free ports, no web listener, no lobby, no flood control. */
export function startNode(redisUrl: string, nodeId: string, overrides: DeepPartial<ChatConfig> = {}): Promise<ChatServer> {
  const config = makeConfig({
    host: '127.0.0.1',
    plain: { enabled: true, port: 0 },
    irc: { enabled: true, port: 0 },
    web: { enabled: false },
    rooms: { default: '' },
    limits: { floodPerSecond: 0 },
    ...overrides,
    cluster: { heartbeatMs: 1000, deadAfterMs: 10_000, ...overrides.cluster, redis: redisUrl, nodeId },
  });
  return startChatServer(config);
}

/** The IRC port of `server`. */
export function ircPort(server: ChatServer): number {
  return server.addresses['irc']!.getPort();
}

/** Register `nick` on `server` over IRC. */
export function ircUser(server: ChatServer, nick: string, caps: string[] = []): Promise<IrcClient> {
  return IrcClient.register(ircPort(server), nick, caps);
}
