/**
 * What the coordinator and its shards say to each other. A shard runs a slice of the clients in this
 * thread, a worker thread, or a child process; every message here is structured-clonable (histograms go
 * back only from threads and the coordinator's own thread: see `FinishReport`).
 */
import type { RecordableHistogram } from 'node:perf_hooks';
import type { Protocol } from './options.js';
import type { SenderCounts } from './tracker.js';

/** How one shard connects. */
export interface ShardConnect {
  protocol: Protocol;
  host: string;
  port: number;
  localAddress: string | null;
  /** Spread clients over this many loopback sources (`sourceAddress`), overriding `localAddress`; 0: off. */
  sources: number;
  runTag: string;
  timeoutMs: number;
  concurrency: number;
  readBufferBytes: number;
}

/** A slice of a chat run (fanout, rooms) or an idle run (no rooms, no senders). */
export interface ChatTask {
  kind: 'chat';
  connect: ShardConnect;
  /** Global client indices `[from, to)` that this shard owns. */
  from: number;
  to: number;
  /** Room names; client i joins rooms[i % rooms.length]. Empty: register only (idle). */
  rooms: string[];
  /** Client index of every sender, by sender id (global, same list in every shard). */
  senderClients: number[];
  /** Messages per second over this shard's senders; 0 = closed loop. */
  rate: number;
  window: number;
  size: number;
}

/** A slice of a churn run: `loops` concurrent connect/register/join/part/quit loops. */
export interface ChurnTask {
  kind: 'churn';
  connect: ShardConnect;
  /** First loop number (keeps nicks distinct across shards) and how many loops. */
  firstLoop: number;
  loops: number;
  room: string;
}

export type ShardTask = ChatTask | ChurnTask;

export interface SetupReport {
  ready: number;
  failed: number;
  /** The first few distinct failure messages. */
  errors: string[];
  /** When the last client was ready (nowMicros). */
  doneMicros: number;
  /** CPU time (user + system, µs) the shard's process has used since it started. */
  cpuMicros: number;
}

export interface ProbeReport {
  sent: number;
  answered: number;
  /** Round-trip times in microseconds, one per answered probe. */
  rtts: Float64Array;
  startMicros: number;
  /** When the last answer arrived (nowMicros); equals startMicros with no answers. */
  lastMicros: number;
}

export interface StopReport {
  /** [sender id, messages sent] for this shard's senders. */
  sent: [number, number][];
  /** Churn: completed cycles and failed ones. */
  cycles: number;
  cycleErrors: number;
  errors: string[];
  /** CPU time this shard's process used between go and stop (µs, user + system). */
  cpuMicros: number;
}

export interface FinishArg {
  /** Messages sent by every sender, indexed by sender id. */
  sent: number[];
  drainMs: number;
}

export interface FinishReport {
  /** Every delivery counted, including duplicates. */
  deliveries: number;
  /** Deliveries received before the sending window closed (the rate figure). */
  inWindow: number;
  expected: number;
  counts: SenderCounts[];
  /** Latency histogram in µs (threads and inline only; null from a child process). */
  histogram: RecordableHistogram | null;
  /** From a child process: the histogram as 10,000 quantiles plus its count (see quantiles.ts). */
  quantiles: Float64Array | null;
  latencyCount: number;
  /** Clients that disconnected before the end. */
  disconnects: number;
  errors: string[];
}

/** The calls a shard answers, in the order the coordinator makes them. */
export interface ShardApi {
  setup(): Promise<SetupReport>;
  probeRound(): Promise<ProbeReport>;
  go(endMicros: number): Promise<void>;
  stop(): Promise<StopReport>;
  finish(arg: FinishArg): Promise<FinishReport>;
  close(): Promise<void>;
}

/** Running totals a shard posts about twice a second for the progress line. */
export interface Progress {
  ready: number;
  sent: number;
  delivered: number;
  cycles: number;
}
