/**
 * The terminal client's screen: node:readline for the input line, and printing that never garbles what the user is
 * typing. On a TTY an incoming line clears the prompt row(s), prints, and redraws the prompt with the input and
 * cursor where they were. On a pipe, input lines are read from stdin and output is printed plainly, line by line.
 */
import * as readline from 'node:readline';
import type { CliIo } from './command.js';

/** What the client needs from the screen. */
export interface View {
  /** True when both stdin and stdout are terminals (line editing, a prompt, colours allowed). */
  readonly interactive: boolean;
  /** Print a line of server output above the input line. */
  print(line: string): void;
  /** Print the client's own status ("connected", "reconnecting"): above the prompt on a TTY, to stderr otherwise. */
  status(text: string): void;
  /** Replace the prompt (the server's `Identifier: `, or the default) and redraw. No-op on a pipe. */
  setPrompt(text: string): void;
  /** Show the prompt again after the user entered a line. No-op on a pipe. */
  showPrompt(): void;
  /** Stop reading input and release the terminal. Idempotent. */
  close(): void;
}

/** Callbacks from the input side. */
export interface ViewHandlers {
  /** A line the user entered (without its newline). */
  onLine(line: string): void;
  /** Input ended: EOF on a pipe, Ctrl-D on a terminal. Called once. */
  onEnd(): void;
  /** Ctrl-C on a terminal. */
  onInterrupt(): void;
}

/** The prompt shown when the server is not asking for anything in particular. */
export const defaultPrompt = '> ';

/** Make the view for `io`. The caller must `close()` it, or the open stdin keeps the process alive. */
export function createView(io: CliIo, handlers: ViewHandlers): View {
  const interactive = io.stdin.isTTY === true && io.stdout.isTTY === true;
  return interactive ? ttyView(io, handlers) : pipeView(io, handlers);
}

function pipeView(io: CliIo, handlers: ViewHandlers): View {
  const rl = readline.createInterface({ input: io.stdin, terminal: false, crlfDelay: Infinity });
  let closed = false;
  rl.on('line', (line) => handlers.onLine(line));
  rl.once('close', () => {
    closed = true;
    handlers.onEnd();
  });
  return {
    interactive: false,
    print: (line) => void io.stdout.write(`${line}\n`),
    status: (text) => void io.stderr.write(`${text}\n`),
    setPrompt: () => {},
    showPrompt: () => {},
    close: () => {
      if (closed) return;
      closed = true;
      rl.removeAllListeners('close');
      rl.close();
      // readline leaves a piped stdin flowing; pausing lets the process exit without waiting for EOF.
      io.stdin.pause();
    },
  };
}

function ttyView(io: CliIo, handlers: ViewHandlers): View {
  const out = io.stdout;
  const rl = readline.createInterface({ input: io.stdin, output: out, terminal: true, prompt: defaultPrompt, historySize: 200 });
  let closed = false;
  rl.on('line', (line) => handlers.onLine(line));
  rl.on('SIGINT', () => handlers.onInterrupt());
  rl.once('close', () => {
    closed = true;
    handlers.onEnd();
  });

  /** Erase the prompt and the input, which may wrap over several rows, leaving the cursor at column 0. */
  const clearInput = (): void => {
    const { rows } = rl.getCursorPos();
    if (rows > 0) readline.moveCursor(out, 0, -rows);
    readline.cursorTo(out, 0);
    readline.clearScreenDown(out);
  };
  const printAbove = (text: string): void => {
    if (closed) {
      out.write(`${text}\n`);
      return;
    }
    clearInput();
    out.write(`${text}\n`);
    // prompt(true) redraws the prompt and the partly typed line and puts the cursor back where it was.
    rl.prompt(true);
  };
  rl.prompt();
  return {
    interactive: true,
    print: printAbove,
    status: (text) => printAbove(`\x1b[2m-- ${text}\x1b[0m`),
    setPrompt: (text) => {
      if (closed || rl.getPrompt() === text) return;
      clearInput();
      rl.setPrompt(text);
      rl.prompt(true);
    },
    showPrompt: () => {
      if (!closed) rl.prompt(true);
    },
    close: () => {
      if (closed) return;
      closed = true;
      rl.removeAllListeners('close');
      clearInput();
      rl.close();
      io.stdin.pause();
    },
  };
}
