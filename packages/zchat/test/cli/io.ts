// In-memory streams standing in for a process's stdin/stdout/stderr, for driving `main` without a child process.
import { PassThrough, Writable } from 'node:stream';
import type { CliIo } from '../../src/cli/command.js';

export interface CapturedIo {
  io: CliIo;
  stdin: PassThrough;
  stdout: () => string;
  stderr: () => string;
}

function sink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

/** Fresh captured streams; `tty` makes them claim to be terminals. */
export function captureIo(options: { tty?: boolean; env?: Record<string, string> } = {}): CapturedIo {
  const stdin = new PassThrough();
  const out = sink();
  const err = sink();
  if (options.tty) {
    Object.assign(stdin, { isTTY: true, setRawMode: () => stdin });
    Object.assign(out.stream, { isTTY: true, columns: 80 });
  }
  return { io: { stdin, stdout: out.stream, stderr: err.stream, env: options.env ?? {} }, stdin, stdout: out.text, stderr: err.text };
}
