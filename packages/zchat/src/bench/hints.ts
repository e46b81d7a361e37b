/**
 * What a result says about the server rather than about its speed: refused connections, flood control, a full
 * server. Each hint names the cause and how to run a server set up for benchmarking. Pure.
 */
import type { BenchResult } from './run.js';

/** The config that sets zchat up for `zchat bench` (flood control and connection limits off, no default room). */
export const benchConfig = 'zchat serve --config bench/configs/zchat.yaml (in the zchat package)';

/** Latency past this (ms, p50) is a throttle, not a server at work. */
const throttledP50Ms = 500;

/** One line per cause found in `r`, or none. */
export function benchHints(r: BenchResult): string[] {
  const hints: string[] = [];
  const text = [...r.errors, ...r.setup.errors].join('\n');
  if (/Too many connections from (your address|your IP)/i.test(text)) {
    hints.push(`the server refused connections past its limit per address: use --source-addresses (several 127.0.0.x sources) or a server with a higher limit, e.g. ${benchConfig}`);
  }
  if (/server is full/i.test(text)) hints.push(`the server is full (its connection limit): use fewer --clients or ${benchConfig}`);
  if (/Excess flood/i.test(text)) hints.push(`the server disconnected clients for flooding: turn its flood control off, e.g. ${benchConfig}`);
  const p50 = r.messages?.latency.p50Ms ?? r.probe?.latency.p50Ms ?? 0;
  if (p50 >= throttledP50Ms) {
    hints.push(`a median latency of ${Math.round(p50)} ms usually means the server is delaying lines (flood control), not that it is slow: run it with flood control off, e.g. ${benchConfig}`);
  }
  return hints;
}
