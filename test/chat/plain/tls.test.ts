// The plain-text protocol over TLS, with a throwaway certificate made at run time: two TLS clients and a plain TCP
// client share #lobby; a client that does not trust the certificate is refused and the server carries on.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { tlsConnectToHost } from '../../../src/net/connect.js';
import { bufferedReader } from '../../../src/net/buffered.js';
import { NetError } from '../../../src/net/errors.js';
import type { Stream } from '../../../src/net/stream.js';
import { makeTestCert, type TestCert } from '../../helpers/cert.js';
import { LineClient } from '../helpers/line-client.js';
import { startTestServer, type TestServer } from '../helpers/server-fixture.js';

const encoder = new TextEncoder();

/** A line client over a TLS stream: reads lines in the background; `waitFor` is bounded in time. */
class TlsLineClient {
  readonly lines: string[] = [];
  private cursor = 0;
  private ended = false;

  private constructor(private readonly stream: Stream) {
    void this.readLoop();
  }

  /** Connect over TLS trusting `ca`, answer the name prompt with `name`, wait for the auto-join member list. */
  static async login(port: number, ca: string, name: string): Promise<TlsLineClient> {
    const c = new TlsLineClient(await tlsConnectToHost('127.0.0.1', port, { ca, timeoutMs: 5_000 }));
    await c.send(name);
    await c.waitFor((l) => l.startsWith('In #'));
    return c;
  }

  private async readLoop(): Promise<void> {
    const reader = bufferedReader(this.stream).reader();
    const buf = new Uint8Array(4096);
    const decoder = new TextDecoder();
    try {
      for (let line = await reader.readUntilDelimiterOrEof(buf, 0x0a); line !== null; line = await reader.readUntilDelimiterOrEof(buf, 0x0a)) {
        // The name prompt has no line ending, so it starts the next line: drop it.
        this.lines.push(decoder.decode(line).replace(/\r$/, '').replace(/^Identifier: /, ''));
      }
    } catch {
      // Closed under us: what was read stays readable.
    }
    this.ended = true;
  }

  async send(line: string): Promise<void> {
    await this.stream.writeAll(encoder.encode(`${line}\n`));
  }

  /** The first unread line equal to `match` (or passing it); rejects after `timeoutMs` or at end of stream. */
  async waitFor(match: string | ((line: string) => boolean), timeoutMs = 5_000): Promise<string> {
    const test = typeof match === 'string' ? (l: string): boolean => l === match : match;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.lines.findIndex((l, k) => k >= this.cursor && test(l));
      if (i >= 0) {
        this.cursor = i + 1;
        return this.lines[i]!;
      }
      if (this.ended || Date.now() > deadline) throw new Error(`no line ${String(match)}; got ${JSON.stringify(this.lines.slice(-5))}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  close(): void {
    this.stream.close();
  }
}

let cert: TestCert | null = null;
let ts: TestServer | null = null;
let skip: string | false = false;
const closers: { close(): void }[] = [];

before(async () => {
  const made = await makeTestCert();
  if ('skip' in made) {
    skip = made.skip;
    return;
  }
  cert = made;
  ts = await startTestServer({ tls: { key: cert.keyFile, cert: cert.certFile, plainPort: 0 } });
});
after(async () => {
  for (const c of closers) c.close();
  await ts?.server.close();
  await cert?.remove();
});

function tlsPort(): number {
  return ts!.server.addresses.plainTls!.getPort();
}

test('two TLS clients and a plain TCP client talk in #lobby', async (t) => {
  if (skip !== false || ts === null || cert === null) return t.skip(String(skip));
  assert.notEqual(tlsPort(), ts.port, 'the TLS listener is its own port');
  const tcp = await LineClient.login(ts.port, 'cal');
  closers.push(tcp);
  const ann = await TlsLineClient.login(tlsPort(), cert.certPem, 'ann');
  closers.push(ann);
  await tcp.waitFor('ann has joined.');
  const ben = await TlsLineClient.login(tlsPort(), cert.certPem, 'ben');
  closers.push(ben);
  await tcp.waitFor('ben has joined.');
  await ann.waitFor('ben has joined.');

  await ann.send('hello over tls');
  assert.equal(await ben.waitFor('ann: hello over tls'), 'ann: hello over tls');
  await tcp.waitFor('ann: hello over tls');
  await tcp.send('hello over tcp');
  await ann.waitFor('cal: hello over tcp');
  await ben.waitFor('cal: hello over tcp');
  await ben.send('/who');
  await ben.waitFor((l) => /^In #lobby \(3\): /.test(l) && ['ann', 'ben', 'cal'].every((n) => l.includes(n)));

  await ben.send('/quit gone');
  await tcp.waitFor('ben has left (gone).');
  await ann.waitFor('ben has left (gone).');
});

test('a TLS client that does not trust the certificate is refused; the server carries on', async (t) => {
  if (skip !== false || ts === null || cert === null) return t.skip(String(skip));
  await assert.rejects(tlsConnectToHost('127.0.0.1', tlsPort(), { timeoutMs: 5_000 }), (err: unknown) => err instanceof NetError && err.code === 'TlsCertificateNotVerified');
  const dee = await TlsLineClient.login(tlsPort(), cert.certPem, 'dee');
  closers.push(dee);
  await dee.send('/who');
  await dee.waitFor((l) => l.startsWith('In #lobby') && l.includes('dee'));
});
