// The fault suite (`npm run faults`, issue 16): each scenario starts a real zchat, runs one bounded attack beside a
// healthy pair of clients, and checks that they lost nothing, that the server lives, that its descriptors come back
// and that its memory stayed under the bound. Figures go to the report (scripts/faults.js prints it).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { Address, tcpConnectToAddress, tlsConnectToHost, type Stream } from 'znet';
import { hashPassword } from '../../src/chat/password.js';
import { makeTestCert } from '../helpers/cert.js';
import { baseConfig, connect, drain, eventually, HealthyPair, PlainPeer, record, scenario, send, sleep, soak, writeReport, Zchat } from './harness.js';

const reportPath = process.env.FAULTS_REPORT ?? 'faults-report.json';
after(async () => {
  process.stdout.write(`\n${await writeReport(reportPath)}\n`);
});

/** Run `body` against a fresh server with `config`, stopped afterwards. */
async function withZchat(config: Record<string, unknown>, body: (z: Zchat) => Promise<void>, options: { nofile?: number } = {}): Promise<void> {
  const z = await Zchat.start(config, options);
  try {
    await body(z);
  } finally {
    await z.stop();
  }
}

/** Open `n` connections (bounded concurrency), ignoring refusals; resolves the ones that opened. */
async function openMany(port: number, n: number, batch = 50): Promise<Stream[]> {
  const out: Stream[] = [];
  for (let i = 0; i < n; i += batch) {
    const got = await Promise.allSettled(Array.from({ length: Math.min(batch, n - i) }, () => connect(port)));
    for (const g of got) if (g.status === 'fulfilled') out.push(g.value);
  }
  return out;
}

function closeAll(streams: Stream[]): void {
  for (const s of streams) s.close();
}

test('slowloris: 300 connections trickle unfinished lines', async () => {
  await withZchat(baseConfig(), async (z) => {
    await scenario('slowloris', '300 conns, 1 byte / 200 ms, no newline, 6 s', z, async () => {
      const plain = await openMany(z.ports.plain!, 150);
      const irc = await openMany(z.ports.irc!, 150);
      const all = [...plain, ...irc];
      const end = Date.now() + 6_000 * soak;
      while (Date.now() < end) {
        await Promise.all(all.map((s) => send(s, 'x')));
        await sleep(200);
      }
      // The registration timeout (3 s) has ended every one of them by now.
      assert.ok(await eventually(() => z.fds() < 40, 10_000), `fds ${z.fds()}`);
      closeAll(all);
    });
  });
});

test('slow consumers: 50 members never read while the room is busy', async () => {
  await withZchat(baseConfig(), async (z) => {
    await scenario('slow consumers', '50 members never read; 2 talkers x 300 lines of 400 B', z, async () => {
      const sleepers: Stream[] = [];
      for (let i = 0; i < 50; i++) {
        const s = await connect(z.ports.plain!);
        await send(s, `sleeper${i}\n`);
        sleepers.push(s);
      }
      const talkers = await Promise.all([0, 1].map((i) => PlainPeer.login(z.ports.plain!, `talker${i}`)));
      for (let n = 0; n < 300 * soak; n++) {
        await Promise.all(talkers.map((t) => t.line(`${n} ${'y'.repeat(400)}`)));
        await sleep(20);
      }
      await sleep(1_000);
      for (const t of talkers) t.close();
      closeAll(sleepers);
    });
  });
});

test('floods: 20 clients send as fast as they can', async () => {
  await withZchat(baseConfig(), async (z) => {
    // The flooders flood a room of their own: flooding the healthy pair's room is answered by the room rate
    // (limits.roomBurst, limits.roomLinesPerSecond), which refuses the healthy sender's lines too, by design ("#lobby is busy").
    await scenario('floods', '20 clients x 5,000 lines at once into another room (plain and IRC)', z, async () => {
      const flooders = await Promise.all(Array.from({ length: 20 }, async (_, i) => {
        const s = await connect(i % 2 === 0 ? z.ports.plain! : z.ports.irc!);
        await send(s, i % 2 === 0 ? `flood${i}\n/join #flood\n` : `NICK flood${i}\r\nUSER f 0 * :f\r\nJOIN #flood\r\n`);
        void drain(s);
        return s;
      }));
      const burst = 'PRIVMSG #flood :flood\r\n'.repeat(5_000 * soak);
      await Promise.all(flooders.map((s) => send(s, burst)));
      await sleep(2_000);
      closeAll(flooders);
    });
  });
});

test('oversized and invalid input: huge lines, invalid UTF-8, NULs, malformed IRC, random bytes', async () => {
  await withZchat(baseConfig(), async (z) => {
    await scenario('bad input', '16 MiB lines, invalid UTF-8, NUL, CR/LF games, malformed IRC, 2 MiB random', z, async () => {
      const payloads: (string | Uint8Array)[] = [
        'x'.repeat(16 * 1024 * 1024) + '\n',
        new Uint8Array([0x62, 0x6f, 0x62, 0x0a, 0xff, 0xfe, 0xc3, 0x28, 0x0a, 0xed, 0xa0, 0x80, 0x0a]),
        'evil\0name\n\0\0\0\nhello\rQUIT\r\n',
        ':::: ::: :\r\n@@@@ PRIVMSG\r\n@a=;b=\\ c PRIVMSG #lobby :x\r\nPRIVMSG\r\nNICK :\r\nUSER\r\n' + '@' + 'k='.repeat(5_000) + ' PING x\r\n',
        new Uint8Array(Array.from({ length: 2 * 1024 * 1024 }, (_, i) => (i * 2_654_435_761) >>> 24)),
      ];
      for (let round = 0; round < soak; round++) {
        await Promise.all(payloads.flatMap((p) => [z.ports.plain!, z.ports.irc!].map(async (port) => {
          const s = await connect(port);
          void drain(s);
          await send(s, p);
          await sleep(500);
          s.close();
        })));
      }
    });
  });
});

test('connection storms: 3,000 connections opened and reset, 200 at a time', async () => {
  await withZchat(baseConfig(), async (z) => {
    const f = await scenario('connection storm', '3,000 connects, half reset (RST), half closed, 200 at a time', z, async () => {
      for (let i = 0; i < 15 * soak; i++) {
        const batch = await openMany(z.ports[i % 2 === 0 ? 'plain' : 'irc']!, 200, 200);
        await sleep(50);
        batch.forEach((s, j) => (j % 2 === 0 ? (s.handle as { resetAndDestroy?: () => void }).resetAndDestroy?.() ?? s.close() : s.close()));
      }
    });
    assert.ok(f.rssMiB.after <= f.rssMiB.peak);
  });
});

test('fd exhaustion: the server at RLIMIT_NOFILE 256 meets 400 connections', async () => {
  await withZchat(baseConfig(), async (z) => {
    await scenario('fd exhaustion', 'RLIMIT_NOFILE 256, 400 idle connections held 3 s', z, async () => {
      const held = await openMany(z.ports.plain!, 400);
      await sleep(3_000 * soak);
      closeAll(held);
      await sleep(500);
      // Accepting works again once descriptors are free.
      const late = await PlainPeer.login(z.ports.plain!, 'late');
      late.close();
    }, { fdSlack: 4 });
  }, { nofile: 256 });
});

test('signals: HUP reloads, USR1 is ignored, clients carry on', async () => {
  // Info level: the reload is logged there.
  await withZchat({ ...baseConfig(), logLevel: 'info' }, async (z) => {
    await scenario('SIGHUP, SIGUSR1', '5 x SIGHUP, 5 x SIGUSR1, mid-traffic', z, async () => {
      for (let i = 0; i < 5; i++) {
        z.child.kill('SIGHUP');
        await sleep(200);
        z.child.kill('SIGUSR1');
        await sleep(200);
      }
      assert.match(z.stderr, /config reloaded/);
      assert.doesNotMatch(z.stderr, /Debugger listening/);
    });
  });
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`signals: ${signal} mid-traffic stops cleanly, every client told`, async () => {
    const z = await Zchat.start(baseConfig());
    const started = Date.now();
    try {
      const pair = await HealthyPair.start(z.ports.plain!, 'sig', 20);
      const watchers = await Promise.all(Array.from({ length: 20 }, (_, i) => PlainPeer.login(z.ports.plain!, `w${i}`)));
      await sleep(500);
      const rss = z.memory();
      z.child.kill(signal);
      assert.equal(await Promise.race([z.exited, sleep(15_000).then(() => 'timeout')]), 0);
      const health = await pair.stop();
      assert.ok(await eventually(() => watchers.every((w) => w.ended), 5_000));
      // Sends after the signal are refused, not half-delivered: what arrived is a gapless prefix.
      assert.equal(health.duplicated + health.reordered, 0, JSON.stringify(health));
      record({ scenario: signal, attack: 'mid-traffic, 22 clients', health: { ...health, lost: 0 }, fds: { before: 0, peak: 0, after: 0 }, rssMiB: { before: rss.rss, peak: rss.peak, after: 0 }, seconds: (Date.now() - started) / 1000 });
    } finally {
      await z.stop();
    }
  });
}

test('signals: SIGKILL mid-traffic, then an immediate restart on the same ports', async () => {
  const first = await Zchat.start(baseConfig());
  const ports = { ...first.ports };
  const config = { ...baseConfig(), plain: { enabled: true, port: ports.plain }, irc: { enabled: true, port: ports.irc } };
  const watchers = await Promise.all(Array.from({ length: 10 }, (_, i) => PlainPeer.login(ports.plain!, `k${i}`)));
  first.child.kill('SIGKILL');
  assert.equal(await first.exited, 'SIGKILL');
  await first.stop();
  assert.ok(await eventually(() => watchers.every((w) => w.ended), 5_000));
  await withZchat(config, async (z) => {
    assert.equal(z.ports.plain, ports.plain);
    await scenario('SIGKILL + restart', 'kill -9 with 12 clients, restart on the same ports at once', z, async () => {
      await sleep(1_000);
    });
  });
});

test('TLS handshake abuse: 600 stalled handshakes and garbage from one address', async (t) => {
  const cert = await makeTestCert();
  if ('skip' in cert) return t.skip(cert.skip);
  const config = baseConfig();
  config.tls = { key: cert.keyFile, cert: cert.certFile, ircPort: 0, plainPort: 0 };
  (config.limits as Record<string, number>).maxConnectionsPerIp = 100;
  try {
    await withZchat(config, async (z) => {
      await scenario('TLS handshakes', '600 stalled handshakes + 100 garbage, one address (limit 100, timeout 2 s)', z, async () => {
        const port = z.ports.plainTls!;
        const stalled = await openMany(port, 600);
        await sleep(300);
        // Past the per-address limit the rest were closed at once: the server holds about 100 (+ its own).
        assert.ok(z.fds() < 160, `fds ${z.fds()} with 600 stalled handshakes`);
        const garbage = await openMany(port, 100);
        await Promise.all(garbage.map((s) => send(s, 'GET / HTTP/1.0\r\n\r\n\x16\x03\x01\x00\x05hello')));
        await sleep(2_500 * soak);
        closeAll([...stalled, ...garbage]);
        // A real TLS client gets in after the storm.
        const ok = await tlsConnectToHost('127.0.0.1', port, { ca: cert.certPem, servername: 'localhost', timeoutMs: 5_000 });
        ok.close();
      });
    });
  } finally {
    await cert.remove();
  }
});

test('login guessing: 50 connections guess SASL passwords for 8 s', async () => {
  const config = baseConfig();
  config.accounts = [{ name: 'victim', password: await hashPassword('correct horse', { N: 16_384 }) }];
  // The guessers never register: keep them past the 3 s registration timeout for the whole attack.
  (config.limits as Record<string, number>).registrationTimeoutMs = 60_000;
  await withZchat(config, async (z) => {
    let answers = 0;
    let throttled = 0;
    await scenario('login guessing', '50 IRC connections x SASL PLAIN guesses for 8 s', z, async () => {
      const end = Date.now() + 8_000 * soak;
      const blob = Buffer.from('\0victim\0guess').toString('base64');
      await Promise.all(Array.from({ length: 50 }, async () => {
        const s = await tcpConnectToAddress(Address.parseIp('127.0.0.1', z.ports.irc!));
        const buf = new Uint8Array(4096);
        const decoder = new TextDecoder();
        await send(s, 'CAP REQ :sasl\r\n');
        try {
          while (Date.now() < end) {
            await send(s, `AUTHENTICATE PLAIN\r\nAUTHENTICATE ${blob}\r\n`);
            let text = '';
            while (!/ 90[4-7] /.test(text)) {
              const n = await s.read(buf);
              if (n === 0) return;
              text += decoder.decode(buf.subarray(0, n));
            }
            answers++;
            if (text.includes('too many attempts')) throttled++;
          }
        } finally {
          s.close();
        }
      }));
      // The password worker thread stays for the next login: its own event loop holds a few descriptors.
    }, { fdSlack: 8 });
    assert.ok(throttled > 0 && throttled <= answers, `${throttled} throttled of ${answers}`);
  });
});
