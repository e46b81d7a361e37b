/**
 * `zchat passwd`: read a password from stdin and print its scrypt hash, for `opers` and `accounts` in the config
 * file. On a terminal it asks twice without echo; from a pipe it takes the first line.
 */
import * as readline from 'node:readline';
import { Writable } from 'node:stream';
import { hashPassword } from '../chat/password.js';
import type { CliIo } from './command.js';

/** Longest password accepted; scrypt does not need more and a pasted file by mistake should fail loudly. */
const maxPasswordLength = 1024;

/**
 * Hash the password read from `io.stdin` with N = 2^cost and print it on stdout. Resolves 0, or 1 when the input is
 * empty, too long, or the two entries differ (message on stderr).
 */
export async function runPasswd(cost: number, io: CliIo): Promise<number> {
  const password = await readNewPassword(io, 'zchat passwd');
  if (password === undefined) return 1;
  io.stdout.write(`${await hashPassword(password, { N: 2 ** cost })}\n`);
  return 0;
}

/**
 * A new password from `io.stdin`: asked twice without echo on a terminal, else the first line. Resolves
 * undefined after telling the user why (on stderr, prefixed with `who`): empty, too long, or the two differ.
 */
export async function readNewPassword(io: CliIo, who: string): Promise<string | undefined> {
  let password: string | undefined;
  if (io.stdin.isTTY === true) {
    const first = await askHidden(io, 'Password: ');
    const second = first === undefined ? undefined : await askHidden(io, 'Again: ');
    if (first !== undefined && first !== second) {
      io.stderr.write(`${who}: the two passwords differ\n`);
      return undefined;
    }
    password = first;
  } else {
    password = await firstLine(io.stdin);
  }
  if (!password) {
    io.stderr.write(`${who}: no password given (type it, or pipe it on stdin)\n`);
    return undefined;
  }
  if (password.length > maxPasswordLength) {
    io.stderr.write(`${who}: password longer than ${maxPasswordLength} characters\n`);
    return undefined;
  }
  return password;
}

/** The first line of a stream (without its line ending), or undefined at immediate EOF. */
async function firstLine(input: CliIo['stdin']): Promise<string | undefined> {
  const rl = readline.createInterface({ input, terminal: false, crlfDelay: Infinity });
  try {
    for await (const line of rl) return line;
    return undefined;
  } finally {
    rl.close();
  }
}

/** Prompt on stderr and read one line from the terminal without echoing it. Undefined on Ctrl-D/Ctrl-C. */
function askHidden(io: CliIo, prompt: string): Promise<string | undefined> {
  io.stderr.write(prompt);
  // readline echoes through `output`; a sink that swallows everything hides the typed characters.
  const silent = new Writable({ write: (_chunk, _enc, done) => done() });
  const rl = readline.createInterface({ input: io.stdin, output: silent, terminal: true });
  return new Promise((resolve) => {
    let answered = false;
    const finish = (value: string | undefined): void => {
      if (answered) return;
      answered = true;
      io.stderr.write('\n');
      rl.close();
      resolve(value);
    };
    rl.once('line', (line) => finish(line));
    rl.once('SIGINT', () => finish(undefined));
    rl.once('close', () => finish(undefined));
  });
}
