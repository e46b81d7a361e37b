/**
 * Entry point of a shard running in a worker thread or a forked child process (see host.ts): builds the
 * shard from its task, answers the coordinator's calls in order, and posts progress twice a second.
 * In a child process the latency histogram cannot cross IPC, so it is sent as quantiles.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { setMode } from 'znet';
import { exportQuantiles } from './histogram.js';
import { createShard, type Call, type Reply } from './host.js';
import type { ShardTask } from './shard-types.js';

type Send = (msg: Reply) => void;

// A load generator runs in release mode (no call-site capture per read) unless ZNET_MODE says otherwise, as
// the zchat command does for its own thread.
if (process.env.ZNET_MODE === undefined) setMode('release');

function serve(task: ShardTask, send: Send, onCall: (handler: (call: Call) => void) => void, inChild: boolean, exit: () => void): void {
  const { api, progress } = createShard(task);
  const timer = setInterval(() => send({ progress: { ...progress } }), 500);
  // Calls are handled strictly one after another, as the coordinator issues them.
  let chain = Promise.resolve();
  onCall((call) => {
    chain = chain.then(async () => {
      try {
        let value: unknown = await (api[call.method] as (arg: unknown) => Promise<unknown>)(call.arg);
        if (call.method === 'finish' && inChild) {
          const report = value as Awaited<ReturnType<typeof api.finish>>;
          value = { ...report, histogram: null, quantiles: report.histogram ? exportQuantiles(report.histogram) : null };
        }
        send({ id: call.id, value });
        if (call.method === 'close') {
          clearInterval(timer);
          exit();
        }
      } catch (err) {
        send({ id: call.id, error: err instanceof Error ? err.message : String(err) });
      }
    });
  });
}

if (parentPort) {
  const port = parentPort;
  serve(workerData as ShardTask, (m) => port.postMessage(m), (h) => port.on('message', h), false, () => port.close());
} else if (process.send) {
  const send: Send = (m) => process.send!(m);
  process.once('message', (first: { task: ShardTask }) => {
    serve(first.task, send, (h) => process.on('message', h), true, () => process.disconnect());
  });
} else {
  process.stderr.write('shard-main: run by zchat bench as a worker thread or child process, not directly\n');
  process.exitCode = 2;
}
