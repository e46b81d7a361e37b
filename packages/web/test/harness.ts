/**
 * What the browser tests run against: a real `zchat serve` child process (so a test can kill it and start it
 * again on the same ports), Debian's Chromium through playwright-core (never a downloaded browser), and a
 * raw line client over znet for the IRC and plain-text users.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { Address, tcpConnectToAddress, type Stream } from 'znet';

export const chromiumPath = '/usr/bin/chromium';
const zchatBin = join(dirname(createRequire(import.meta.url).resolve('zchat/package.json')), 'bin', 'zchat.js');

/** Poll `test` every 25 ms until true, or reject after `ms` with `what`. */
export async function until(test: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export interface Ports {
  plain: number;
  irc: number;
  web: number;
}

/** A `zchat serve` child on loopback. */
export class ServerProcess {
  private out = '';
  private constructor(readonly child: ChildProcessWithoutNullStreams, readonly exited: Promise<unknown>) {
    child.stdout.setEncoding('utf8').on('data', (d: string) => (this.out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (this.out += d));
  }

  /** Start on `ports` (0 picks free ones) and wait for the banner; `ports` then holds the real ones. */
  static async start(ports: Ports = { plain: 0, irc: 0, web: 0 }): Promise<{ server: ServerProcess; ports: Ports }> {
    const child = spawn(process.execPath, [zchatBin, 'serve', '--host', '127.0.0.1', '--plain-port', String(ports.plain), '--irc-port', String(ports.irc), '--web-port', String(ports.web), '--log-level', 'warn'], { stdio: 'pipe' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const server = new ServerProcess(child, exited);
    await until(() => /Stop with Ctrl-C/.test(server.out) || child.exitCode !== null, 'the zchat banner', 15_000);
    const port = (label: string): number => Number(new RegExp(`${label}: listening on 127\\.0\\.0\\.1:(\\d+)`).exec(server.out)?.[1] ?? NaN);
    const real = { plain: port('plain text'), irc: port('IRC'), web: port('web client and IRC over WebSocket') };
    if (Object.values(real).some(Number.isNaN)) throw new Error(`zchat did not start:\n${server.out}`);
    return { server, ports: real };
  }

  /** SIGKILL: the server vanishes without a goodbye. */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.exited;
  }
}

/**
 * Chromium with the flags the project's tests use; null when not installed. playwright-core's `launch` gives
 * every launch a fresh temporary profile (its own --user-data-dir, removed on close).
 */
export async function launchChromium(): Promise<{ browser: Browser; close(): Promise<void> } | null> {
  if (!existsSync(chromiumPath)) return null;
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return { browser, close: () => browser.close() };
}

/** A line client over TCP (an IRC client or an nc-style user): every line kept, waits bounded. */
export class LineUser {
  readonly lines: string[] = [];
  private text = '';
  private constructor(readonly stream: Stream) {
    void this.readLoop();
  }

  static async connect(port: number): Promise<LineUser> {
    return new LineUser(await tcpConnectToAddress(Address.parseIp('127.0.0.1', port)));
  }

  private async readLoop(): Promise<void> {
    const buf = new Uint8Array(16_384);
    const dec = new TextDecoder();
    try {
      for (;;) {
        const n = await this.stream.read(buf);
        if (n === 0) return;
        this.text += dec.decode(buf.subarray(0, n), { stream: true });
        let nl;
        while ((nl = this.text.indexOf('\n')) !== -1) {
          this.lines.push(this.text.slice(0, nl).replace(/\r$/, ''));
          this.text = this.text.slice(nl + 1);
        }
      }
    } catch {
      // closed
    }
  }

  /** Whatever is pending without a line ending (the plain-text name prompt). */
  get pending(): string {
    return this.text;
  }

  async send(line: string): Promise<void> {
    await this.stream.writeAll(new TextEncoder().encode(`${line}\r\n`));
  }

  /** Wait for a line matching `re` (any line received so far counts). */
  async waitFor(re: RegExp, ms = 10_000): Promise<string> {
    await until(() => this.lines.some((l) => re.test(l)), `${re} in ${this.lines.slice(-5).join(' | ')}`, ms);
    return this.lines.find((l) => re.test(l))!;
  }

  close(): void {
    this.stream.close();
  }
}
