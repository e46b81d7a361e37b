// npm run bench:chat: zchat under `zchat bench`, server and generator in separate processes.
// For each protocol (plain, IRC, and IRC over WebSocket, or those named by --protocols): a fanout run with --clients members
// in one room (default 1000, 10 senders, closed loop, --seconds long), then an idle run of --idle
// registered clients (default 10000) against a fresh server, for server RSS per client. Each run starts its
// own zchat child process (release mode, pinned to core 0 when taskset exists) with the load settings below; the
// generator is `zchat bench ... --json` (core 1). Prints a Markdown table; --json prints the raw results.
// Options: --clients N, --senders N, --seconds N, --idle N, --json, --skip-idle, --plain-only,
// --protocols plain,irc,ws.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { cpus } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({
  options: {
    clients: { type: 'string', default: '1000' },
    senders: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '10' },
    idle: { type: 'string', default: '10000' },
    json: { type: 'boolean', default: false },
    'skip-idle': { type: 'boolean', default: false },
    'plain-only': { type: 'boolean', default: false },
    protocols: { type: 'string', default: 'plain,irc,ws' },
    'serve-child': { type: 'boolean', default: false },
  },
});
const zchat = fileURLToPath(new URL('../../bin/zchat.js', import.meta.url));
const self = fileURLToPath(import.meta.url);
const hasTaskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0 && cpus().length > 1;
const pin = (core: number, args: string[]): [string, string[]] => (hasTaskset ? ['taskset', ['-c', String(core), ...args]] : [args[0]!, args.slice(1)]);
const env = { ...process.env, NODE_ENV: 'production', ZNET_MODE: 'release' };

// Load settings: flood control off, connection limits above the run's size, and no default room. The plain
// protocol puts every client in #lobby by default, which makes N idle clients cost N^2/2 join notices (50
// million lines at 10,000) and turns a memory measurement into a join storm; the core reads '' as "no
// lobby", but the config file's validator wants a room name there, so the server is started from this
// script (same startChatServer as `zchat serve`) with the config built by makeConfig.
const serverConfig = {
  host: '127.0.0.1',
  plain: { enabled: true, port: 0 },
  irc: { enabled: true, port: 0 },
  web: { enabled: true, port: 0 },
  rooms: { default: '' },
  limits: { floodPerSecond: 0, roomLinesPerSecond: 0, maxConnections: 30000, maxConnectionsPerIp: 30000, registrationTimeoutMs: 300000 },
};

/** Server mode (this file run with --serve-child): start zchat, print its ports as JSON, stop on SIGTERM. */
async function serveChild(): Promise<void> {
  const { makeConfig } = await import('../src/chat/config.js');
  const { startChatServer } = await import('../src/chat/server.js');
  const { setMode } = await import('znet');
  setMode('release');
  const server = await startChatServer(makeConfig(serverConfig));
  const ports = Object.fromEntries(Object.entries(server.addresses).map(([k, a]) => [k, a.getPort()]));
  process.stdout.write(`ports ${JSON.stringify(ports)}\n`);
  process.once('SIGTERM', () => void server.close('benchmark done').then(() => process.exit(0)));
}

interface Server { proc: ChildProcess; ports: Record<string, number> }

/** Start zchat in a child process on free ports; resolves once it reported them. */
async function startServer(): Promise<Server> {
  const [cmd, args] = pin(0, [process.execPath, self, '--serve-child']);
  const proc = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const rl = createInterface({ input: proc.stdout! });
  const timer = setTimeout(() => proc.kill(), 15_000);
  let ports: Record<string, number> | null = null;
  for await (const line of rl) {
    if (line.startsWith('ports ')) {
      ports = JSON.parse(line.slice(6)) as Record<string, number>;
      break;
    }
  }
  clearTimeout(timer);
  if (ports?.plain === undefined) throw new Error('the zchat child did not report a plain-text port');
  return { proc, ports };
}

async function stopServer(s: Server): Promise<void> {
  if (s.proc.exitCode !== null) return;
  s.proc.kill('SIGTERM');
  await once(s.proc, 'exit');
}

/** Run `zchat bench` pinned to core 1 and return its JSON result (exit code 1 still has a result). */
async function bench(args: string[]): Promise<Record<string, any>> {
  const [cmd, full] = pin(1, [process.execPath, zchat, 'bench', ...args, '--json', '--quiet']);
  const proc = spawn(cmd, full, { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  const [code] = await once(proc, 'exit');
  if (code !== 0 && code !== 1) throw new Error(`zchat bench ${args.join(' ')} exited with ${code}`);
  return JSON.parse(out);
}

if (opts['serve-child']) await serveChild();
else await runAll();

async function runAll(): Promise<void> {
  interface Row { name: string; protocol: string; result: Record<string, any> }
  const rows: Row[] = [];
  const protocols = opts['plain-only'] ? ['plain'] : opts.protocols!.split(',');
  // The server's listener for each bench protocol.
  const listener: Record<string, string> = { plain: 'plain', irc: 'irc', ws: 'web' };
  const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'unknown'}, node ${process.version}${hasTaskset ? ', server on core 0, generator on core 1' : ''}`;
  try {
    for (const protocol of protocols) {
      let server = await startServer();
      const port = server.ports[listener[protocol] ?? protocol];
      if (port === undefined) {
        process.stderr.write(`zchat did not open an ${protocol} port; skipping ${protocol}\n`);
        await stopServer(server);
        continue;
      }
      const target = `127.0.0.1:${port}`;
      const pid = String(server.proc.pid);
      process.stderr.write(`${protocol}: fanout, ${opts.clients} members, ${opts.seconds} s\n`);
      rows.push({ name: `fanout ${opts.clients} members`, protocol, result: await bench(['fanout', '--protocol', protocol, '--target', target, '--clients', opts.clients!, '--senders', opts.senders!, '--duration', opts.seconds!, '--server-pid', pid]) });
      await stopServer(server);
      if (opts['skip-idle']) continue;
      server = await startServer();
      process.stderr.write(`${protocol}: idle, ${opts.idle} clients\n`);
      rows.push({ name: `idle ${opts.idle} clients`, protocol, result: await bench(['idle', '--protocol', protocol, '--target', `127.0.0.1:${server.ports[listener[protocol] ?? protocol]}`, '--clients', opts.idle!, '--server-pid', String(server.proc.pid)]) });
      await stopServer(server);
    }
  } catch (err) {
    process.stderr.write(`bench:chat failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }

  const f = (v: number | null | undefined, d = 0): string => (typeof v === 'number' && Number.isFinite(v) ? v.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }) : 'n/a');
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ machine, rows }, null, 2)}\n`);
  } else {
    console.log(`\nzchat, ${machine}`);
    console.log('| run | protocol | deliveries/s | sent/s | latency p50 / p99 / p99.9 / max (ms) | lost / dup / reordered | server RSS per client | connections/s | probe round, all back | server CPU | generator CPU |');
    console.log('|---|---|---:|---:|---|---|---:|---:|---:|---:|---:|');
    for (const { name, protocol, result: r } of rows) {
      const m = r.messages;
      console.log([
        name,
        protocol,
        m ? f(m.deliveriesPerSecond) : '',
        m ? f(m.sentPerSecond) : '',
        m ? `${f(m.latency.p50Ms, 2)} / ${f(m.latency.p99Ms, 2)} / ${f(m.latency.p999Ms, 2)} / ${f(m.latency.maxMs, 2)}` : '',
        m ? `${m.lost} / ${m.duplicated} / ${m.outOfOrder}` : '',
        r.scenario === 'idle' && r.server ? `${f(r.server.rssPerConnectionBytes / 1024, 1)} KiB` : '',
        f(r.setup.connectionsPerSecond),
        r.probe ? `${r.probe.answered}/${r.probe.sent} in ${f(r.probe.allBackMs, 1)} ms` : '',
        r.cpu.serverPercent === null ? 'n/a' : `${f(r.cpu.serverPercent)}% (${r.cpu.phase})`,
        `${f(r.cpu.generatorPercent)}%`,
      ].join(' | ').replace(/^/, '| ').replace(/$/, ' |'));
      for (const e of r.errors ?? []) console.log(`  error (${name}, ${protocol}): ${e}`);
    }
  }
}
