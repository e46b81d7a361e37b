/**
 * The `zchat` command line: one table of commands (name, summary, usage, options with checkers, run), a parser
 * over node:util parseArgs, and help generated from the table. bin/zchat.js calls `main`.
 */
import { defaultConfig } from '../chat/config.js';
import { setMode } from 'znet';
import { formatCommandHelp, formatOverview, parseCommandArgs, UsageError, type CliIo, type Command } from './command.js';
import { checkDataDir, checkFile, checkHost, checkHostPort, checkInt, checkLogLevel, checkNodeId, checkPort, checkRedisUrl, logLevels, parseHostPort } from './values.js';
import { packageVersion } from './version.js';
import { didYouMean } from '../chat/config-validate.js';
import { benchCommand } from './bench.js';
import { accountCommand, dbCommand } from './store-commands.js';

/**
 * Every `zchat` command, in the order `zchat --help` lists them. New commands are new rows. Each `run` imports its
 * module when called, so `--help` and the client do not load the server.
 */
export const commands: Command[] = [
  {
    name: 'serve',
    summary: 'Run the chat server (plain text, IRC, the web client) until SIGINT/SIGTERM',
    usage: 'serve [options]',
    options: {
      host: { type: 'string', valueName: 'HOST', description: 'Interface to listen on', defaultText: defaultConfig.host, check: checkHost },
      'plain-port': { type: 'string', valueName: 'PORT', description: 'Plain-text (telnet/nc) port; 0 picks a free one', defaultText: String(defaultConfig.plain.port), check: checkPort },
      'irc-port': { type: 'string', valueName: 'PORT', description: 'IRC port; 0 picks a free one', defaultText: String(defaultConfig.irc.port), check: checkPort },
      'web-port': { type: 'string', valueName: 'PORT', description: 'Web client and IRC over WebSocket (HTTP) port; 0 picks a free one', defaultText: String(defaultConfig.web.port), check: checkPort },
      config: { type: 'string', short: 'c', valueName: 'FILE', description: 'Config file, YAML or JSON (.json); flags override it', check: checkFile },
      'log-level': { type: 'string', valueName: 'LEVEL', description: `Log level: ${logLevels.join(', ')}`, defaultText: defaultConfig.logLevel, check: checkLogLevel },
      'tls-key': { type: 'string', valueName: 'FILE', description: 'TLS private key (PEM); with --tls-cert turns the TLS listeners on', check: checkFile },
      'tls-cert': { type: 'string', valueName: 'FILE', description: 'TLS certificate (PEM), e.g. from zchat cert', check: checkFile },
      'irc-tls-port': { type: 'string', valueName: 'PORT', description: 'IRC over TLS port (needs a key and cert)', defaultText: String(defaultConfig.tls.ircPort), check: checkPort },
      'plain-tls-port': { type: 'string', valueName: 'PORT', description: 'Plain text over TLS port, for zchat connect --tls (off unless set)', check: checkPort },
      data: { type: 'string', valueName: 'DIR', description: 'Keep accounts, rooms and history in DIR/zchat.db; "" keeps them in memory', defaultText: '"" (memory)', check: checkDataDir },
      'web-tls-port': { type: 'string', valueName: 'PORT', description: 'Web client and IRC over WebSocket on HTTPS/WSS (off unless set; needs a key and cert)', check: checkPort },
      'check-config': { type: 'boolean', description: 'Validate the config (file, flags, TLS files), say what would listen, and exit: 0 valid, 2 not' },
      cluster: { type: 'string', valueName: 'URL', description: 'Run as one node of a cluster sharing this Redis (redis://HOST:PORT)', check: checkRedisUrl },
      'node-id': { type: 'string', valueName: 'NAME', description: 'This node\'s name in the cluster (letters and digits)', defaultText: 'host name and pid', check: checkNodeId },
    },
    examples: [
      'zchat serve',
      'zchat serve --data ./data',
      'zchat serve --plain-port 0 --irc-port 0 --web-port 0',
      'zchat serve --config zchat.yaml --log-level debug',
      'zchat serve --config zchat.yaml --check-config',
      'zchat serve --tls-key key.pem --tls-cert cert.pem --plain-tls-port 8889',
      'zchat serve --cluster redis://10.0.0.5:6379 --node-id n1',
    ],
    run: async (args, io) => (await import('./serve.js')).runServe(args.values, io, packageVersion()),
  },
  {
    name: 'connect',
    summary: 'Terminal chat client for the plain-text port',
    usage: 'connect [options] [host:port]',
    positionals: [{ name: 'host:port', description: 'Server to join (default 127.0.0.1:8888; "host" alone uses port 8888)', check: checkHostPort }],
    options: {
      tls: { type: 'boolean', description: 'Use TLS (to the plain-text TLS port: serve --plain-tls-port)' },
      ca: { type: 'string', valueName: 'FILE', description: 'With --tls: trust this certificate (PEM), e.g. a self-signed cert.pem', check: checkFile },
      insecure: { type: 'boolean', description: 'With --tls: do not verify the server certificate (testing only)' },
      name: { type: 'string', short: 'n', valueName: 'NAME', description: 'Answer the name prompt with NAME (and again after a reconnect)' },
      reconnect: { type: 'boolean', short: 'r', description: 'Reconnect with backoff when the connection ends without /quit, and rejoin your rooms' },
      retries: { type: 'string', valueName: 'N', description: 'With --reconnect: failed attempts in a row before giving up', defaultText: 'never give up', check: checkInt(1, 1000) },
      'max-backoff': { type: 'string', valueName: 'SECONDS', description: 'With --reconnect: the longest wait between attempts (the wait doubles from 0.25 s)', defaultText: '30', check: checkInt(1, 3600) },
      'no-color': { type: 'boolean', description: 'Do not colour names (also: NO_COLOR=1; pipes are never coloured)' },
    },
    examples: [
      'zchat connect',
      'zchat connect 127.0.0.1:8888 --name alice',
      'printf "bob\\nhello\\n" | zchat connect [::1]:8888',
      'zchat connect --tls --ca cert.pem 127.0.0.1:8889',
    ],
    run: async (args, io) => {
      const { runClient, backoff, defaultMaxBackoffMs, readClientTls } = await import('./client.js');
      const target = parseHostPort(String(args.positionals[0] ?? '127.0.0.1:8888'))!;
      const name = typeof args.values.name === 'string' ? args.values.name : undefined;
      const tls = await readClientTls(args.values, io);
      if (tls === 'usage') return 2;
      return runClient(
        {
          ...target,
          ...(name === undefined ? {} : { name }),
          ...(tls === undefined ? {} : { tls }),
          reconnect: args.values.reconnect === true,
          maxAttempts: typeof args.values.retries === 'number' ? args.values.retries : Infinity,
          colour: args.values['no-color'] !== true,
          connectTimeoutMs: 10_000,
          promptWaitMs: 2_000,
          quitWaitMs: 2_000,
          backoffMs: backoff(typeof args.values['max-backoff'] === 'number' ? args.values['max-backoff'] * 1000 : defaultMaxBackoffMs),
        },
        io,
      );
    },
  },
  {
    name: 'passwd',
    summary: 'Hash a password (read from stdin) for config opers and accounts',
    usage: 'passwd [options] < password.txt',
    options: {
      cost: { type: 'string', valueName: 'LOG2N', description: 'scrypt cost: N = 2^LOG2N', defaultText: '14', check: checkInt(10, 20) },
    },
    examples: ['zchat passwd', 'printf "operpassword\\n" | zchat passwd'],
    run: async (args, io) => (await import('./passwd.js')).runPasswd(typeof args.values.cost === 'number' ? args.values.cost : 14, io),
  },
  benchCommand,
  dbCommand,
  accountCommand,
  {
    name: 'cluster',
    summary: 'Show the nodes of a cluster (zchat serve --cluster): users and last heartbeat of each',
    usage: 'cluster status --cluster URL',
    positionals: [{ name: 'status', description: 'What to show (only status for now)', check: (raw) => (raw === 'status' ? { value: raw } : { problem: `expected "status", got "${raw}"` }) }],
    options: {
      cluster: { type: 'string', valueName: 'URL', description: 'The cluster\'s Redis (redis://HOST:PORT); or from --config', check: checkRedisUrl },
      config: { type: 'string', short: 'c', valueName: 'FILE', description: 'Config file with cluster.redis and cluster.prefix', check: checkFile },
    },
    examples: ['zchat cluster status --cluster redis://127.0.0.1:6379', 'zchat cluster status --config zchat.yaml'],
    run: async (args, io) => {
      const { resolveServeConfig } = await import('./config-file.js');
      const resolved = await resolveServeConfig(args.values);
      if (!resolved.ok) {
        for (const e of resolved.errors) io.stderr.write(`zchat cluster: ${e}\n`);
        return 2;
      }
      const { redis, prefix } = resolved.config.cluster;
      if (redis === null) {
        io.stderr.write('zchat cluster: which cluster? Give --cluster redis://HOST:PORT (or cluster.redis in --config)\n');
        return 2;
      }
      return (await import('./cluster.js')).runClusterStatus(redis, prefix, io);
    },
  },
  {
    name: 'cert',
    summary: 'Make a self-signed TLS key and certificate (with openssl) for local use',
    usage: 'cert [options]',
    options: {
      out: { type: 'string', short: 'o', valueName: 'DIR', description: 'Directory for key.pem and cert.pem (created if missing)', defaultText: '.', check: checkFile },
      name: { type: 'string', short: 'n', valueName: 'HOST', description: 'Host name or IP the certificate is for (127.0.0.1 and ::1 are always added)', defaultText: 'localhost', check: checkHost },
      days: { type: 'string', valueName: 'N', description: 'Days the certificate is valid', defaultText: '30', check: checkInt(1, 3650) },
      force: { type: 'boolean', short: 'f', description: 'Replace key.pem and cert.pem if they exist' },
    },
    examples: ['zchat cert', 'zchat cert --out tls --days 7', 'zchat cert --name chat.example.test --force'],
    run: async (args, io) => (await import('./cert.js')).runCert(args.values, io),
  },
];

const processIo: CliIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };

/**
 * Run `zchat` with `argv` (the words after `zchat`). Resolves the exit code: 0 success, 1 runtime failure, 2 bad
 * command line (message on stderr naming the flag and the problem). Never rejects for user errors.
 */
export async function main(argv: readonly string[], io: CliIo = processIo, table: readonly Command[] = commands): Promise<number> {
  const [first, ...rest] = argv;
  const version = packageVersion();
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined;
    const cmd = topic === undefined ? undefined : table.find((c) => c.name === topic);
    if (topic !== undefined && !cmd) return usageError(io, new UsageError(unknownCommand(topic, table)));
    // Bare `zchat` is a usage mistake (exit 2) but still deserves the overview.
    (first === undefined ? io.stderr : io.stdout).write(cmd ? formatCommandHelp(cmd) : formatOverview(table, version));
    return first === undefined ? 2 : 0;
  }
  if (first === '--version' || first === '-v') {
    io.stdout.write(`zchat ${version}\n`);
    return 0;
  }
  const cmd = table.find((c) => c.name === first);
  if (!cmd) {
    return usageError(io, new UsageError(first.startsWith('-') ? `zchat: unknown option ${first}` : unknownCommand(first, table)));
  }
  let args;
  try {
    args = parseCommandArgs(cmd, rest);
  } catch (err) {
    if (err instanceof UsageError) return usageError(io, err);
    throw err;
  }
  if (args === 'help') {
    io.stdout.write(formatCommandHelp(cmd));
    return 0;
  }
  // znet's debug mode prints a stack trace for every failed socket call: right for developers, noise for users of
  // the command. ZNET_MODE=debug brings it back.
  if (io.env.ZNET_MODE === undefined) setMode('release');
  return cmd.run(args, io);
}

function unknownCommand(name: string, table: readonly Command[]): string {
  const guess = didYouMean(name, table.map((c) => c.name));
  return `zchat: unknown command "${name}"${guess ? ` (did you mean "${guess}"?)` : ''}`;
}

function usageError(io: CliIo, err: UsageError): number {
  const hint = err.command ? `zchat ${err.command} --help` : 'zchat --help';
  io.stderr.write(`${err.message}\nRun '${hint}' for usage.\n`);
  return 2;
}
