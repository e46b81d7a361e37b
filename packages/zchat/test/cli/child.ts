// Run `bin/zchat.js` as a real child process with piped stdio, collecting its output for assertions.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tcpConnectToHost, type Stream } from 'znet';
import { waitFor } from './fake-server.js';

/** bin/zchat.js, from dist/test/cli. */
export const zchatBin = fileURLToPath(new URL('../../../bin/zchat.js', import.meta.url));

export interface ZchatChild {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal name) once the process has exited. */
  exited: Promise<number | string>;
  /** Wait until stdout contains `text` (bounded). */
  waitForOutput(text: string | RegExp, timeoutMs?: number): Promise<void>;
}

export function spawnZchat(args: string[], env: Record<string, string> = {}): ZchatChild {
  const child = spawn(process.execPath, [zchatBin, ...args], { env: { ...process.env, NO_COLOR: '', ...env }, stdio: 'pipe' });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitForOutput: (text, timeoutMs = 10_000) =>
      waitFor(() => (typeof text === 'string' ? out.includes(text) : text.test(out)), `${String(text)} in stdout; got:\n${out}\nstderr:\n${err}`, timeoutMs),
  };
}

/** Resolve `p`, or reject after `ms` naming `what` (so a hung child fails the test instead of the suite). */
export async function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** A raw line client over znet, for the other side of a conversation. */
export class LineClient {
  private text = '';
  private readonly encoder = new TextEncoder();
  private constructor(private readonly stream: Stream) {}

  static async connect(port: number): Promise<LineClient> {
    const client = new LineClient(await tcpConnectToHost('127.0.0.1', port));
    void client.pump();
    return client;
  }

  private async pump(): Promise<void> {
    const buf = new Uint8Array(8192);
    const decoder = new TextDecoder();
    try {
      for (let n = await this.stream.read(buf); n > 0; n = await this.stream.read(buf)) this.text += decoder.decode(buf.subarray(0, n), { stream: true });
    } catch {
      // Closed under us: the text so far stays readable.
    }
    this.ended = true;
  }

  ended = false;

  received(): string {
    return this.text;
  }

  async send(line: string): Promise<void> {
    await this.stream.writeAll(this.encoder.encode(`${line}\r\n`));
  }

  waitFor(text: string, timeoutMs = 10_000): Promise<void> {
    return waitFor(() => this.text.includes(text), `${text} from the server; got:\n${this.text}`, timeoutMs);
  }

  close(): void {
    this.stream.close();
  }
}
