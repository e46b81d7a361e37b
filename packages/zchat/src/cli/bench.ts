/**
 * `zchat bench`: the command row (options, help, examples) and its run, which resolves the options and
 * hands over to src/bench (imported only when the command runs). Exit codes: 0 when the run was clean,
 * 1 when it completed with failures (lost, duplicated or reordered messages, missed probes, failed
 * clients or cycles) or could not run, 2 for a bad command line.
 */
import type { CliIo, Command } from './command.js';
import { checkFile, checkInt } from './values.js';

const positive = checkInt(1, 1_000_000);

/** The `bench` row of the command table. */
export const benchCommand: Command = {
  name: 'bench',
  summary: 'Load generator for zchat or any IRC server: idle, fanout, rooms, churn',
  usage: 'bench <idle|fanout|rooms|churn> [options]',
  positionals: [{ name: 'scenario', description: 'idle (hold N connections), fanout (one room), rooms (many rooms), churn (connect/quit loop)' }],
  options: {
    target: { type: 'string', short: 't', valueName: 'HOST:PORT', description: 'Server to load; loopback only unless --allow-remote', defaultText: '127.0.0.1:8888 (plain), :6667 (irc)' },
    protocol: { type: 'string', short: 'p', valueName: 'NAME', description: 'plain (zchat\'s text protocol), irc, or ws (IRC over WebSocket)', defaultText: 'plain' },
    clients: { type: 'string', short: 'c', valueName: 'N', description: 'Connections (idle), room members (fanout), clients (rooms), concurrent loops (churn)', defaultText: 'idle 1000, fanout 100, rooms 1000, churn 50', check: positive },
    senders: { type: 'string', short: 's', valueName: 'N', description: 'fanout: members that send', defaultText: '10', check: positive },
    rooms: { type: 'string', valueName: 'N', description: 'rooms: rooms the clients are spread over', defaultText: '10', check: positive },
    room: { type: 'string', valueName: 'NAME', description: 'Room name (rooms add a number)', defaultText: '#bench' },
    duration: { type: 'string', short: 'd', valueName: 'SECONDS', description: 'Length of the sending window (fanout, rooms, churn)', defaultText: '10', check: checkInt(1, 3600) },
    rate: { type: 'string', short: 'r', valueName: 'MSG/S', description: 'Messages per second over all senders; 0 = closed loop', defaultText: 'fanout 0, rooms 1000', check: checkInt(0, 10_000_000) },
    window: { type: 'string', short: 'w', valueName: 'N', description: 'Closed loop: unacknowledged messages per sender', defaultText: '8', check: checkInt(1, 100_000) },
    size: { type: 'string', valueName: 'BYTES', description: 'Message text length (header included)', defaultText: '64', check: checkInt(1, 8192) },
    workers: { type: 'string', valueName: 'N', description: 'Shards beside this thread (0 = all clients here)', defaultText: 'idle: one per 8000 connections, else 0', check: checkInt(0, 64) },
    fork: { type: 'boolean', description: 'Shards are child processes, not worker threads (default for idle)' },
    'source-addresses': { type: 'boolean', description: 'Spread clients over 127.0.0.2, .3, ... (50 per address; default on a 127.x target)' },
    concurrency: { type: 'string', valueName: 'N', description: 'Connects in flight per shard', defaultText: '200', check: positive },
    'server-pid': { type: 'string', valueName: 'PID', description: 'Server process: RSS per connection and CPU from /proc', check: checkInt(1, 2 ** 22) },
    hold: { type: 'string', valueName: 'SECONDS', description: 'idle: keep connections open after the probe round', defaultText: '0', check: checkInt(0, 86_400) },
    timeout: { type: 'string', valueName: 'SECONDS', description: 'Bound on setup, probe round and drain', defaultText: '60', check: checkInt(1, 3600) },
    json: { type: 'boolean', description: 'Print the result as JSON' },
    plot: { type: 'string', valueName: 'FILE', description: 'Write the latency histogram as SVG', check: checkFile },
    'allow-remote': { type: 'boolean', description: 'Allow a target that is not a loopback address' },
    quiet: { type: 'boolean', short: 'q', description: 'No progress line' },
  },
  examples: [
    'zchat bench fanout --clients 1000 --duration 10',
    'zchat bench fanout --protocol irc --target 127.0.0.1:6667 --clients 1000 --plot fanout.svg',
    'zchat bench idle --clients 10000 --server-pid $(pgrep -f "zchat.js serve")',
    'zchat bench rooms --clients 2000 --rooms 20 --rate 5000 --json',
    'zchat bench churn --clients 50 --duration 5',
  ],
  run: async (args, io) => runBenchCommand(String(args.positionals[0] ?? ''), args.values, io),
};

/** Run `zchat bench <scenario>` with parsed flag values; resolves the exit code (see the module comment). */
export async function runBenchCommand(scenario: string, values: Record<string, string | number | boolean | undefined>, io: CliIo): Promise<number> {
  const { resolveBenchOptions } = await import('../bench/options.js');
  const resolved = resolveBenchOptions(scenario, values, io.stderr.isTTY === true);
  if ('problems' in resolved) {
    for (const p of resolved.problems) io.stderr.write(`zchat bench: ${p}\n`);
    io.stderr.write(`Run 'zchat bench --help' for usage.\n`);
    return 2;
  }
  const o = resolved.options;
  const { runBench } = await import('../bench/run.js');
  const { formatSummary } = await import('../bench/report.js');
  let run;
  try {
    run = await runBench(o, o.progress ? { progress: (line) => io.stderr.write(`\r${line}\x1b[K`) } : {});
  } catch (err) {
    if (o.progress) io.stderr.write('\n');
    io.stderr.write(`zchat bench: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  if (o.progress) io.stderr.write('\r\x1b[K');
  const r = run.result;
  io.stdout.write(o.json ? `${JSON.stringify(r, null, 2)}\n` : formatSummary(r));
  if (o.plot !== null) {
    const { writeFile } = await import('node:fs/promises');
    const { latencySvg } = await import('../bench/plot.js');
    const { logBins, summarize } = await import('../bench/histogram.js');
    const title = `zchat bench ${r.scenario} (${r.protocol}, ${r.clients} clients)${r.scenario === 'idle' ? ': probe round trips' : ''}`;
    try {
      await writeFile(o.plot, latencySvg(title, logBins(run.histogram), summarize(run.histogram)));
    } catch (err) {
      io.stderr.write(`zchat bench: cannot write ${o.plot}: ${err instanceof Error ? err.message : String(err)}\n`);
      return 1;
    }
  }
  const m = r.messages;
  const clean = r.setup.failed === 0 && (r.probe === null || r.probe.missed === 0) && (m === null || m.lost + m.duplicated + m.outOfOrder === 0)
    && (r.churn === null || r.churn.errors === 0) && r.disconnects === 0;
  return clean ? 0 : 1;
}
