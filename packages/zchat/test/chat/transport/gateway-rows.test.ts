// Gateways as rows and framing as a seam: each row names its port's config key and `zchat serve` flag, and
// a gateway reads and writes through whatever framing it is given (a failed framing frees its slot).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeConfig, defaultConfig } from '../../../src/chat/config.js';
import { ChatCore } from '../../../src/chat/core/core.js';
import { gatewaySpecs } from '../../../src/chat/gateways.js';
import { silentLogger } from '../../../src/chat/logger.js';
import { PlainGateway } from '../../../src/chat/plain/gateway.js';
import { LineTransport } from '../../../src/chat/transport/framing.js';
import type { Framing } from '../../../src/chat/transport/framing.js';
import { commands } from '../../../src/cli/main.js';
import { Address } from 'znet';
import { LineClient } from '../helpers/line-client.js';

test('every gateway row names its label, config key and serve flag, and they exist', () => {
  const serve = commands.find((c) => c.name === 'serve')!;
  const flags = Object.keys(serve.options ?? {});
  assert.equal(new Set(gatewaySpecs.map((r) => r.name)).size, gatewaySpecs.length);
  for (const row of gatewaySpecs) {
    assert.ok(row.label, `${row.name}: label`);
    assert.ok(row.cliFlag !== undefined && flags.includes(row.cliFlag), `${row.name}: --${row.cliFlag} is a serve option`);
    let value: unknown = defaultConfig;
    for (const part of row.configKey!.split('.')) value = (value as Record<string, unknown>)[part];
    assert.ok(value === null || typeof value === 'number', `${row.name}: ${row.configKey} is a port key`);
    assert.ok((row.hints?.({ host: '127.0.0.1', port: 1, hostPort: '127.0.0.1:1', tlsCert: undefined, cli: 'zchat' }) ?? []).length > 0, `${row.name}: banner hints`);
  }
});

test('a gateway speaks through its framing: output goes through the transport it makes; a refused framing frees the slot', async () => {
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  let refuse = false;
  // Upper-cases everything it writes: proof that the session's bytes pass through the framing's transport.
  const shouting: Framing = {
    name: 'shouting',
    open: (stream) => {
      if (refuse) {
        stream.close();
        return Promise.resolve(null);
      }
      const t = new LineTransport(stream);
      t.writev = (chunks) => stream.writev(chunks.map((c) => enc.encode(dec.decode(c).toUpperCase())));
      return Promise.resolve(t);
    },
  };
  const core = new ChatCore(makeConfig({ motd: ['hello there'] }));
  const g = await PlainGateway.start(core, Address.parseIp('127.0.0.1', 0), { logger: silentLogger, framing: shouting });
  try {
    const c = await LineClient.connect(g.address.getPort());
    await c.waitFor((l) => l === 'HELLO THERE');
    c.close();
    refuse = true;
    const d = await LineClient.connect(g.address.getPort());
    await d.waitEnd();
    d.close();
    for (let i = 0; i < 200 && core.connections.total > 0; i++) await new Promise((r) => setTimeout(r, 5));
    assert.equal(core.connections.total, 0);
  } finally {
    await g.close();
  }
});
