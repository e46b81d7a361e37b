/**
 * The bus a cluster's nodes share: one ordered channel of frames, cluster-wide nick ownership, and the
 * registry of live nodes (heartbeats). `RedisBus` (redis-bus.ts) is the implementation; the interface
 * keeps the node (node.ts) free of Redis.
 */
import type { NickClaims } from '../core/cluster-seam.js';
import type { UserId } from '../core/users.js';

/** A node as the registry shows it (`zchat cluster status`). */
export interface NodeRecord {
  readonly id: string;
  /** Registered users on that node at its last heartbeat. */
  readonly users: number;
  readonly startedAt: number;
  /** ms since the epoch of its last heartbeat. */
  readonly beatAt: number;
  /** A one-line description ('zchat 0.2.0 pid 123 on host'). */
  readonly about: string;
}

export interface ClusterBus extends NickClaims {
  /**
   * Send `frame` to every node (this one included), after every frame sent before it by anyone whose
   * send reached the bus first: one order for all. Rejects when the bus is unreachable.
   */
  publish(frame: string): Promise<void>;
  /** Hear every frame in bus order; one listener. */
  onFrame(listener: (frame: string) => void): void;
  /** Hear of the bus coming back after a loss (Redis restarted): the node re-asserts what it owns. */
  onReconnect(listener: () => void): void;
  /** Whether the bus is reachable now. */
  readonly connected: boolean;
  /** Give up nick `folded` if `owner` holds it. */
  release(folded: string, owner: UserId): Promise<void>;
  /** Record this node's heartbeat, valid for `ttlMs`. */
  beat(record: NodeRecord, ttlMs: number): Promise<void>;
  /** Every node registered, alive or not: alive ones with their last heartbeat, dead ones as null. */
  nodes(): Promise<Map<string, NodeRecord | null>>;
  /** Forget node `id`: its heartbeat, its registration and every nick it held. */
  reap(id: string): Promise<void>;
  /** Stop: unsubscribe and close the connections. Idempotent. */
  close(): Promise<void>;
}
