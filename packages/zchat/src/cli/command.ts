/**
 * The shape of a `zchat` command (one row of the table in main.ts), argument parsing over node:util parseArgs, and
 * help text generated from the rows. A bad command line is a `UsageError`, which main.ts turns into a message on
 * stderr and exit code 2.
 */
import { parseArgs } from 'node:util';
import type { Readable, Writable } from 'node:stream';
import { didYouMean } from '../chat/config-validate.js';

/** What a value checker returns: the converted value, or the problem in words ("expected ..., got ..."). */
export type Checked = { value: string | number } | { problem: string };

/** One option of a command: a node:util parseArgs spec plus what help shows and how the value is checked. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  description: string;
  /** Placeholder in help for the value, e.g. PORT. */
  valueName?: string;
  /** Shown in help as the default; the command applies it (flags left unset must not override a config file). */
  defaultText?: string;
  /** Converts and checks a string value. */
  check?: (raw: string) => Checked;
}

/** A positional argument. Commands take at most `positionals.length` of them. */
export interface PositionalSpec {
  name: string;
  description: string;
  check?: (raw: string) => Checked;
}

/** Parsed and checked arguments: option values by long name (unset options are absent), then positionals. */
export interface ParsedArgs {
  values: Record<string, string | number | boolean | undefined>;
  positionals: (string | number)[];
}

/** The streams a command talks to; main.ts passes the process's, tests pass their own. */
export interface CliIo {
  stdin: Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable & { isTTY?: boolean };
  env: Record<string, string | undefined>;
}

/** One row of the command table. `run` resolves to the process exit code. */
export interface Command {
  name: string;
  summary: string;
  /** The synopsis after `zchat `, e.g. `connect [options] [host:port]`. */
  usage: string;
  options: Readonly<Record<string, OptionSpec>>;
  positionals?: readonly PositionalSpec[];
  /** Worked examples shown at the end of `zchat <cmd> --help`. */
  examples?: readonly string[];
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}

/** A bad command line: unknown command or option, missing or bad value. main.ts prints it and exits with code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  /** The command the error belongs to, for the "see --help" hint. */
  readonly command: string | undefined;
  constructor(message: string, command?: string) {
    super(message);
    this.command = command;
  }
}

/** Help is an option of every command; it is handled before checking anything else. */
export const helpOption: OptionSpec = { type: 'boolean', short: 'h', description: 'Show this help and exit' };

/**
 * Parse `argv` (the words after the command name) against `cmd`'s options. Returns `'help'` when -h/--help is
 * present, else the checked values. Throws `UsageError` naming the flag and the problem.
 */
export function parseCommandArgs(cmd: Command, argv: readonly string[]): ParsedArgs | 'help' {
  const specs: Record<string, OptionSpec> = { ...cmd.options, help: helpOption };
  const parseOptions = Object.fromEntries(
    Object.entries(specs).map(([name, s]) => [name, s.short ? { type: s.type, short: s.short } : { type: s.type }]),
  );
  // strict: false so that every problem gets our wording (and a did-you-mean) instead of parseArgs' generic one.
  const { tokens } = parseArgs({ args: [...argv], options: parseOptions, strict: false, allowPositionals: true, tokens: true });
  if (tokens.some((t) => t.kind === 'option' && t.name === 'help')) return 'help';
  const fail = (message: string): never => {
    throw new UsageError(`zchat ${cmd.name}: ${message}`, cmd.name);
  };
  const values: ParsedArgs['values'] = {};
  const positionals: ParsedArgs['positionals'] = [];
  const allowed = cmd.positionals ?? [];
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') {
      const spec = allowed[positionals.length];
      if (!spec) fail(allowed.length === 0 ? `unexpected argument "${token.value}"` : `unexpected extra argument "${token.value}"`);
      positionals.push(spec!.check ? checked(spec!.check(token.value), spec!.name, fail) : token.value);
      continue;
    }
    const spec = Object.hasOwn(specs, token.name) ? specs[token.name] : undefined;
    if (!spec) {
      const guesses = optionGuesses(token.name, Object.keys(specs)).map((g) => `--${g}`);
      const said = guesses.length > 1 ? `${guesses.slice(0, -1).join(', ')} or ${guesses.at(-1)}` : guesses[0];
      fail(`unknown option ${token.rawName}${said ? ` (did you mean ${said}?)` : ''}`);
    }
    const flag = `--${token.name}`;
    if (spec!.type === 'boolean') {
      if (token.value !== undefined) fail(`${flag} takes no value (got "${token.value}")`);
      values[token.name] = true;
      continue;
    }
    // "--port --host x" would take "--host" as the port; a value never starts with "--", so call it missing.
    if (token.value === undefined || (!token.inlineValue && token.value.startsWith('--'))) {
      fail(`${flag} needs a value (${spec!.valueName ?? 'VALUE'})`);
    }
    values[token.name] = spec!.check ? checked(spec!.check(token.value!), flag, fail) : token.value;
  }
  return { values, positionals };
}

function checked(result: Checked, what: string, fail: (m: string) => never): string | number {
  return 'problem' in result ? fail(`${what}: ${result.problem}`) : result.value;
}

/** `zchat <cmd> --help`: usage, summary, positionals, options with value names and defaults, examples. */
export function formatCommandHelp(cmd: Command): string {
  const lines = [`Usage: zchat ${cmd.usage}`, '', cmd.summary, ''];
  if (cmd.positionals?.length) {
    lines.push('Arguments:');
    for (const p of cmd.positionals) lines.push(...row(p.name, p.description));
    lines.push('');
  }
  lines.push('Options:');
  for (const [name, spec] of Object.entries({ ...cmd.options, help: helpOption })) {
    const left = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.type === 'string' ? ` ${spec.valueName ?? 'VALUE'}` : ''}`;
    lines.push(...row(left, spec.defaultText === undefined ? spec.description : `${spec.description} (default: ${spec.defaultText})`));
  }
  if (cmd.examples?.length) lines.push('', 'Examples:', ...cmd.examples.map((e) => `  ${e}`));
  return `${lines.join('\n')}\n`;
}

/** `zchat --help`: every command with its summary. */
export function formatOverview(commands: readonly Command[], version: string): string {
  const lines = [
    `zchat ${version}: a chat server (plain text and IRC) and its terminal client, built on znet`,
    '',
    'Usage: zchat <command> [options]',
    '',
    'Commands:',
    ...commands.flatMap((c) => row(c.name, c.summary)),
    '',
    'Options:',
    ...row('-h, --help', 'Show this help (or a command\'s: zchat <command> --help)'),
    ...row('-v, --version', 'Print the version and exit'),
  ];
  return `${lines.join('\n')}\n`;
}

function row(left: string, right: string): string[] {
  const width = 28;
  return left.length < width - 2 ? [`  ${left.padEnd(width - 2)}${right}`] : [`  ${left}`, `  ${' '.repeat(width - 2)}${right}`];
}

/**
 * Options an unknown `--name` may have meant: those with `name` as one of their words (`--port`: `--plain-port`,
 * `--irc-port`, `--web-port`; fewest words first, at most three), else the closest spelling, else none.
 */
export function optionGuesses(name: string, names: readonly string[]): string[] {
  const words = (n: string): number => n.split('-').length;
  const containing = names.filter((n) => n !== name && n.split('-').includes(name));
  if (containing.length > 0) return [...containing].sort((a, b) => words(a) - words(b) || names.indexOf(a) - names.indexOf(b)).slice(0, 3);
  const guess = didYouMean(name, names);
  return guess ? [guess] : [];
}
