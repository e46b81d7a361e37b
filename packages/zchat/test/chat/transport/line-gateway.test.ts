// The shared gateway skeleton, with a minimal line protocol: lines reach the session, connection limits
// refuse with the protocol's line, the sweep runs the protocol's timeouts and force-closes sessions slow to
// close, close() tells every session and waits, and a failed listen rejects with its NetError.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeConfig } from '../../../src/chat/config.js';
import type { ChatConfig, DeepPartial } from '../../../src/chat/config.js';
import type { AdmitResult } from '../../../src/chat/core/connections.js';
import { ChatCore } from '../../../src/chat/core/core.js';
import type { ChatUser } from '../../../src/chat/core/users.js';
import { silentLogger } from '../../../src/chat/logger.js';
import { LineGateway } from '../../../src/chat/transport/line-gateway.js';
import type { GatewaySession } from '../../../src/chat/transport/line-gateway.js';
import { Address, NetError, setMode } from 'znet';
import type { Transport } from '../../../src/chat/transport/framing.js';
import { LineClient } from '../helpers/line-client.js';

// AddressInUse is an expected outcome here; debug traces would only clutter the output.
setMode('release');

const enc = new TextEncoder();
const dec = new TextDecoder();

/** Echoes each line; `end` says goodbye and closes unless `lingers` (a peer that never finishes flushing). */
class EchoSession implements GatewaySession {
  readonly user: ChatUser;
  endedAt = 0;
  lingers = false;
  readonly connectedAt: number;
  constructor(readonly gateway: EchoGateway, readonly stream: Transport, ip: string) {
    this.user = gateway.core.createUser({ protocol: 'echo', sink: { deliver: () => undefined }, ip });
    this.connectedAt = gateway.core.now();
  }
  get ended(): boolean {
    return this.endedAt !== 0;
  }
  onLine(line: Uint8Array): void {
    void this.stream.writev([enc.encode(`echo ${dec.decode(line)}\r\n`)]).catch(() => undefined);
  }
  onTooLong(): void {
    void this.stream.writev([enc.encode('too long\r\n')]).catch(() => undefined);
  }
  end(reason: string, farewell?: string): void {
    if (this.endedAt !== 0) return;
    this.endedAt = this.gateway.core.now();
    this.gateway.reasons.push(reason);
    this.gateway.core.quit(this.user, reason);
    this.gateway.sessionEnding(this, reason);
    if (this.lingers) return;
    void this.stream.writev([enc.encode(`bye ${farewell ?? reason}\r\n`)]).catch(() => undefined).finally(() => this.close());
  }
  close(): void {
    this.stream.close();
    this.gateway.sessionClosed(this);
  }
}

class EchoGateway extends LineGateway<EchoSession> {
  readonly reasons: string[] = [];
  lingering = false;
  static async start(core: ChatCore, port = 0): Promise<EchoGateway> {
    const server = await LineGateway.listen(Address.parseIp('127.0.0.1', port));
    const g = new EchoGateway(core, server, { logger: silentLogger, name: 'echo' });
    g.begin([core.limits.registrationTimeoutMs]);
    return g;
  }
  protected get maxLineBytes(): number {
    return 16;
  }
  protected refusal(verdict: Exclude<AdmitResult, 'ok'>): Uint8Array {
    return enc.encode(`refused ${verdict}\r\n`);
  }
  protected createSession(stream: Transport, ip: string): EchoSession {
    const s = new EchoSession(this, stream, ip);
    s.lingers = this.lingering;
    return s;
  }
  protected sweepSession(s: EchoSession, now: number): void {
    if (now - s.connectedAt >= this.core.limits.registrationTimeoutMs) s.end('Too slow');
  }
  protected shutdownSession(s: EchoSession, reason: string): void {
    s.end('Shutdown', `shutdown ${reason}`);
  }
}

function coreWith(limits: DeepPartial<ChatConfig['limits']> = {}): ChatCore {
  return new ChatCore(makeConfig({ limits: { registrationTimeoutMs: 60_000, ...limits } }));
}

test('lines reach the session (over-long ones reported); a departing peer ends it and frees its slot', async () => {
  const core = coreWith();
  const g = await EchoGateway.start(core);
  try {
    const c = await LineClient.connect(g.address.getPort());
    await c.sendRaw(`hello\r\n${'x'.repeat(40)}\nafter\n`);
    assert.equal(await c.next(), 'echo hello\r');
    assert.equal(await c.next(), 'too long');
    assert.equal(await c.next(), 'echo after');
    assert.equal(core.connections.total, 1);
    c.close();
    for (let i = 0; i < 200 && core.connections.total > 0; i++) await new Promise((r) => setTimeout(r, 5));
    assert.equal(core.connections.total, 0);
    assert.deepEqual(g.reasons, ['Connection closed']);
  } finally {
    await g.close();
  }
});

test('past the connection limit a client gets the protocol refusal line, then EOF', async () => {
  const core = coreWith({ maxConnections: 1 });
  const g = await EchoGateway.start(core);
  const a = await LineClient.connect(g.address.getPort());
  try {
    await a.sendRaw('first\n');
    await a.waitFor('echo first');
    const b = await LineClient.connect(g.address.getPort());
    assert.equal(await b.next(), 'refused TooManyConnections');
    await b.waitEnd();
    b.close();
    assert.equal(core.connections.total, 1);
  } finally {
    a.close();
    await g.close();
  }
});

test('the sweep runs the protocol timeouts, and force-closes a session that does not close in time', async () => {
  const core = coreWith({ registrationTimeoutMs: 40, shutdownTimeoutMs: 40 });
  const g = await EchoGateway.start(core);
  g.lingering = true;
  try {
    const c = await LineClient.connect(g.address.getPort());
    await c.waitEnd();
    c.close();
    assert.deepEqual(g.reasons, ['Too slow']);
    assert.equal(core.connections.total, 0);
  } finally {
    await g.close();
  }
});

test('close tells every session (with the reason), waits for them, and stops accepting', async () => {
  const core = coreWith();
  const g = await EchoGateway.start(core);
  const port = g.address.getPort();
  const clients = [await LineClient.connect(port), await LineClient.connect(port)];
  for (const [i, c] of clients.entries()) {
    await c.sendRaw(`c${i}\n`);
    await c.waitFor(`echo c${i}`);
  }
  await g.close('maintenance');
  for (const c of clients) {
    assert.equal(await c.waitFor(/^bye /), 'bye shutdown maintenance');
    await c.waitEnd();
    c.close();
  }
  assert.equal(core.connections.total, 0);
  assert.deepEqual(g.reasons, ['Shutdown', 'Shutdown']);
  await g.close('again'); // idempotent
});

test('a port in use rejects with AddressInUse', async () => {
  const core = coreWith();
  const g = await EchoGateway.start(core);
  try {
    await assert.rejects(EchoGateway.start(core, g.address.getPort()), (err: unknown) => err instanceof NetError && err.code === 'AddressInUse');
  } finally {
    await g.close();
  }
});
