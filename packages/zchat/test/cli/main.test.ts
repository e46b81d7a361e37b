import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { commands, main } from '../../src/cli/main.js';
import { parseCommandArgs, UsageError, type Command } from '../../src/cli/command.js';
import { captureIo } from './io.js';

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const c = captureIo();
  const code = await main(argv, c.io);
  return { code, out: c.stdout(), err: c.stderr() };
}

test('--help and help list every command with its summary; exit 0', async () => {
  for (const argv of [['--help'], ['-h'], ['help']]) {
    const { code, out, err } = await run(argv);
    assert.equal(code, 0);
    assert.equal(err, '');
    for (const c of commands) assert.match(out, new RegExp(`^  ${c.name} +${c.summary.replace(/[()/]/g, '\\$&')}$`, 'm'));
  }
});

test('no command: the overview on stderr, exit 2', async () => {
  const { code, out, err } = await run([]);
  assert.equal(code, 2);
  assert.equal(out, '');
  assert.match(err, /Usage: zchat <command>/);
});

test('--version prints the package.json version', async () => {
  for (const flag of ['--version', '-v']) {
    const { code, out } = await run([flag]);
    assert.equal(code, 0);
    assert.equal(out, `zchat ${pkg.version}\n`);
  }
});

test('<cmd> --help is generated from the table: usage, every option with value name and default', async () => {
  for (const c of commands) {
    for (const argv of [[c.name, '--help'], [c.name, '-h'], ['help', c.name], [c.name, '--bogus', '--help']]) {
      const { code, out } = await run(argv);
      assert.equal(code, 0, argv.join(' '));
      assert.ok(out.startsWith(`Usage: zchat ${c.usage}\n`), out);
      for (const [name, spec] of Object.entries(c.options)) {
        assert.ok(out.includes(`--${name}${spec.type === 'string' ? ` ${spec.valueName}` : ''}`), `${c.name} --${name}`);
        assert.ok(out.includes(spec.description), spec.description);
        if (spec.defaultText !== undefined) assert.ok(out.includes(`(default: ${spec.defaultText})`));
      }
    }
  }
});

test('every command row is complete: summary, usage, described options, string options have a value name', () => {
  for (const c of commands) {
    assert.ok(c.summary.length > 0 && c.usage.startsWith(c.name), c.name);
    for (const [name, spec] of Object.entries(c.options)) {
      assert.ok(spec.description.length > 0, `${c.name} --${name}`);
      if (spec.type === 'string') assert.ok(spec.valueName, `${c.name} --${name} needs a valueName`);
    }
  }
});

// Bad command lines: each exits 2 with a message naming the flag (or word) and the problem.
const usageErrors: [argv: string[], message: RegExp][] = [
  [['serve', '--plain-prot', '1'], /^zchat serve: unknown option --plain-prot \(did you mean --plain-port\?\)$/m],
  [['serve', '--wombat'], /^zchat serve: unknown option --wombat$/m],
  [['serve', '--port', 'abc'], /^zchat serve: unknown option --port \(did you mean --plain-port, --irc-port or --web-port\?\)$/m],
  [['serve', '-x'], /^zchat serve: unknown option -x$/m],
  [['serve', '--plain-port', 'abc'], /^zchat serve: --plain-port: expected a port number from 0 to 65535, got "abc"$/m],
  [['serve', '--plain-port=70000'], /--plain-port: expected a port number from 0 to 65535, got "70000"/],
  [['serve', '--irc-port', '-1'], /--irc-port: expected a port number/],
  [['serve', '--plain-port'], /^zchat serve: --plain-port needs a value \(PORT\)$/m],
  [['serve', '--plain-port', '--host', 'x'], /--plain-port needs a value/],
  [['serve', '--host', 'bad host'], /--host: expected an IP address or host name, got "bad host"/],
  [['serve', '--log-level', 'loud'], /--log-level: expected one of trace, debug, info, warn, error, fatal, silent, got "loud"/],
  [['serve', '--config', ''], /--config: expected a file path/],
  [['serve', 'extra'], /^zchat serve: unexpected argument "extra"$/m],
  [['connect', 'a:1', 'b:2'], /unexpected extra argument "b:2"/],
  [['connect', 'host:notaport'], /host:port: expected host:port .*got "host:notaport"/],
  [['connect', 'host:0'], /host:port: expected host:port/],
  [['connect', '--reconnect=yes'], /--reconnect takes no value \(got "yes"\)/],
  [['connect', '--retries', '0'], /--retries: expected an integer from 1 to 1000, got "0"/],
  [['connect', '--max-backoff', '0'], /--max-backoff: expected an integer from 1 to 3600, got "0"/],
  [['passwd', '--cost', '30'], /--cost: expected an integer from 10 to 20, got "30"/],
  [['conect'], /^zchat: unknown command "conect" \(did you mean "connect"\?\)$/m],
  [['xyz'], /^zchat: unknown command "xyz"$/m],
  [['--verbose'], /^zchat: unknown option --verbose$/m],
  [['help', 'nope'], /unknown command "nope"/],
];

for (const [argv, message] of usageErrors) {
  test(`usage error: zchat ${argv.join(' ')} -> exit 2`, async () => {
    const { code, out, err } = await run(argv);
    assert.equal(code, 2);
    assert.equal(out, '');
    assert.match(err, message);
    assert.match(err, /Run 'zchat( \w+)? --help' for usage\.\n$/);
  });
}

test('parseCommandArgs converts checked values and leaves unset options absent', () => {
  const serve = commands.find((c) => c.name === 'serve')!;
  assert.deepEqual(parseCommandArgs(serve, ['--plain-port', '0', '--host=::1', '-c', 'z.yaml']), {
    values: { 'plain-port': 0, host: '::1', config: 'z.yaml' },
    positionals: [],
  });
  const connect = commands.find((c) => c.name === 'connect')!;
  assert.deepEqual(parseCommandArgs(connect, ['[::1]:9000', '-r', '--name', 'alice']), {
    values: { reconnect: true, name: 'alice' },
    positionals: ['[::1]:9000'],
  });
  assert.deepEqual(parseCommandArgs(connect, ['--', 'localhost']), { values: {}, positionals: ['localhost:8888'] });
});

test('a UsageError carries the command for the help hint', () => {
  const cmd: Command = { name: 'demo', summary: 's', usage: 'demo', options: {}, run: () => Promise.resolve(0) };
  assert.throws(() => parseCommandArgs(cmd, ['--x']), (e: unknown) => e instanceof UsageError && e.command === 'demo');
});

test('a command from the table runs with its checked arguments and its exit code is returned', async () => {
  const seen: unknown[] = [];
  const table: Command[] = [
    {
      name: 'echo',
      summary: 'Echo',
      usage: 'echo [--times N] [word]',
      options: { times: { type: 'string', valueName: 'N', description: 'Repeat', check: (raw) => (/^\d+$/.test(raw) ? { value: Number(raw) } : { problem: 'expected digits' }) } },
      positionals: [{ name: 'word', description: 'A word' }],
      run: (args) => {
        seen.push(args);
        return Promise.resolve(7);
      },
    },
  ];
  const c = captureIo();
  assert.equal(await main(['echo', '--times', '3', 'hi'], c.io, table), 7);
  assert.deepEqual(seen, [{ values: { times: 3 }, positionals: ['hi'] }]);
  assert.equal(await main(['echo', '--times', 'x'], c.io, table), 2);
  assert.match(c.stderr(), /zchat echo: --times: expected digits/);
});
