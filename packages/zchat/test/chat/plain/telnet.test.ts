// Telnet users (RFC 854/860): commands are stripped before lines are cut, DO TIMING-MARK is answered, Ctrl-C
// (IAC IP) quits with the goodbye visible, other options are refused, and no IAC byte reaches anyone else.
// Pure filter cases, raw bytes over loopback, and Debian's real `telnet` driven under a pty (`script`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { Address, tcpConnectToAddress, type Stream } from 'znet';
import { TelnetFilter } from '../../../src/chat/plain/telnet.js';
import type { TelnetEvent } from '../../../src/chat/plain/telnet.js';
import { useTestServer } from '../helpers/server-fixture.js';

const shared = useTestServer();

/** Filter `chunks` in order through one filter: the data kept and the events, replies as byte arrays. */
function run(...chunks: number[][]): { data: number[]; events: (string | number[])[] } {
  const f = new TelnetFilter();
  const data: number[] = [];
  const events: TelnetEvent[] = [];
  for (const c of chunks) {
    const buf = Uint8Array.from(c);
    data.push(...buf.subarray(0, f.filter(buf, events)));
  }
  return { data, events: events.map((e) => (e.kind === 'reply' ? [...e.bytes] : e.kind)) };
}

const text = (s: string): number[] => [...Buffer.from(s)];

test('TelnetFilter: commands out, data kept, answers as RFC 854/860 ask', () => {
  assert.deepEqual(run(text('plain\r\n')), { data: text('plain\r\n'), events: [] });
  // Ctrl-C in telnet: IAC IP IAC DO TIMING-MARK.
  assert.deepEqual(run([0xff, 0xf4, 0xff, 0xfd, 0x06]), { data: [], events: ['interrupt', [0xff, 0xfb, 0x06]] });
  assert.deepEqual(run([0xff, 0xf3]).events, ['interrupt']); // BRK
  assert.deepEqual(run([0xff, 0xf6]).events, ['are-you-there']);
  // Other options: DO -> WONT, WILL -> DONT; DONT and WONT already hold, so no answer (no loop).
  assert.deepEqual(run([0xff, 0xfd, 0x18, 0xff, 0xfb, 0x1f, 0xff, 0xfe, 0x01, 0xff, 0xfc, 0x03]).events, [[0xff, 0xfc, 0x18], [0xff, 0xfe, 0x1f]]);
  // IAC IAC is the data byte 255; subnegotiation (with an IAC IAC inside) is dropped whole.
  assert.deepEqual(run([0x61, 0xff, 0xff, 0x62]).data, [0x61, 0xff, 0x62]);
  assert.deepEqual(run([0x61, 0xff, 0xfa, 0x18, 0x00, 0xff, 0xff, 0x41, 0xff, 0xf0, 0x62]), { data: [0x61, 0x62], events: [] });
  // NOP, DM, GA, EC, EL, AO: dropped.
  assert.deepEqual(run([0x61, 0xff, 0xf1, 0xff, 0xf2, 0xff, 0xf9, 0xff, 0xf7, 0xff, 0xf8, 0xff, 0xf5, 0x62]).data, [0x61, 0x62]);
});

test('TelnetFilter: a sequence split across reads at every point gives the same result', () => {
  const all = [...text('hi '), 0xff, 0xfd, 0x06, ...text('x'), 0xff, 0xfa, 0x01, 0xff, 0xf0, 0xff, 0xff, 0xff, 0xf4, ...text('!\n')];
  const whole = run(all);
  assert.deepEqual(whole, { data: [...text('hi x'), 0xff, ...text('!\n')], events: [[0xff, 0xfb, 0x06], 'interrupt'] });
  for (let cut = 1; cut < all.length; cut++) assert.deepEqual(run(all.slice(0, cut), all.slice(cut)), whole, `cut at ${cut}`);
});

/** A raw loopback connection to the plain port that keeps every byte it receives. */
class RawClient {
  readonly bytes: number[] = [];
  closed = false;
  private constructor(readonly stream: Stream) {
    void this.pump();
  }

  static async connect(port: number): Promise<RawClient> {
    return new RawClient(await tcpConnectToAddress(Address.parseIp('127.0.0.1', port)));
  }

  private async pump(): Promise<void> {
    const buf = new Uint8Array(4096);
    try {
      for (;;) {
        const n = await this.stream.read(buf);
        if (n === 0) break;
        this.bytes.push(...buf.subarray(0, n));
      }
    } catch {
      // reset: treated as closed
    }
    this.closed = true;
  }

  get text(): string {
    return Buffer.from(this.bytes).toString('latin1');
  }

  async send(bytes: number[] | string): Promise<void> {
    await this.stream.writeAll(typeof bytes === 'string' ? Buffer.from(bytes) : Uint8Array.from(bytes));
  }

  async until(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.text)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

test('raw bytes: Ctrl-C from telnet is answered with WILL TIMING-MARK before the goodbye, then the user leaves', async () => {
  const watcher = await shared.login('tm_watch');
  const c = await RawClient.connect(shared.ts.port);
  try {
    await c.until('prompt', () => c.text.includes('Identifier: '));
    await c.send('tmuser\r\n');
    await c.until('join', () => c.text.includes('In #lobby'));
    await c.send('before ctrl-c\r\n');
    await c.send([0xff, 0xf4, 0xff, 0xfd, 0x06]);
    await c.until('close', () => c.closed);
    const out = c.text;
    const mark = out.indexOf('\xff\xfb\x06');
    assert.ok(mark >= 0, 'WILL TIMING-MARK sent');
    // telnet discards output until the mark: the goodbye must come after it to be seen.
    assert.ok(out.indexOf('Goodbye.') > mark, JSON.stringify(out));
    await watcher.waitFor('tmuser: before ctrl-c');
    await watcher.waitFor('tmuser has left (Quit).');
  } finally {
    c.stream.close();
    watcher.close();
  }
});

test('raw bytes: options refused, commands stripped from text, IAC IAC undone; nobody receives an IAC byte', async () => {
  const watcher = await shared.login('iac_watch');
  const c = await RawClient.connect(shared.ts.port);
  try {
    await c.until('prompt', () => c.text.includes('Identifier: '));
    // A name with a command in the middle, then DO TERMINAL-TYPE and WILL NAWS as a telnet server would get.
    await c.send([...text('iac'), 0xff, 0xf1, ...text('user\r\n'), 0xff, 0xfd, 0x18, 0xff, 0xfb, 0x1f]);
    await c.until('join', () => c.text.includes('In #lobby'));
    await c.until('refusals', () => c.text.includes('\xff\xfc\x18') && c.text.includes('\xff\xfe\x1f'));
    await c.send([...text('one '), 0xff, 0xfa, 0x1f, 0, 80, 0, 24, 0xff, 0xf0, ...text('two'), 0xff, 0xf6, ...text('\r\n')]);
    await watcher.waitFor('iacuser: one two');
    await c.until('AYT answer', () => c.text.includes('[zchat is here]'));
    // IAC IAC is the byte 255: not UTF-8, so the line is refused (telling the sender), and not relayed.
    await c.send([...text('bad '), 0xff, 0xff, ...text('\r\nafter\r\n')]);
    await c.until('invalid UTF-8 error', () => c.text.includes('error: Invalid UTF-8; line discarded.'));
    await watcher.waitFor('iacuser: after');
    assert.ok(!watcher.lines.some((l) => l.includes('bad')), watcher.lines.join('\n'));
    assert.ok(!watcher.lines.some((l) => l.includes('\ufffd')), 'no stray byte reached the other user');
    assert.equal(c.bytes.filter((b) => b === 0xff).length, 2, 'the only IAC bytes are those of the two refusals');
  } finally {
    c.stream.close();
    watcher.close();
  }
});

const telnetMissing = spawnSync('sh', ['-c', 'command -v telnet && command -v script'], { encoding: 'utf8' }).status !== 0;

test('Debian telnet under a pty: Ctrl-C shows the goodbye and the connection ends; others never see IAC bytes',
  { skip: telnetMissing ? 'telnet or script is not installed (apt-get install telnet bsdutils)' : false }, async () => {
    const watcher = await shared.login('tn_watch');
    // script(1) gives telnet a pty, so Ctrl-C (0x03 on the pty) makes telnet send IAC IP IAC DO TIMING-MARK.
    const child = spawn('script', ['-qfec', `telnet 127.0.0.1 ${shared.ts.port}`, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, TERM: 'dumb' } });
    let out = '';
    child.stdout.setEncoding('latin1');
    child.stdout.on('data', (d: string) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const until = async (what: string, check: () => boolean): Promise<void> => {
      const deadline = Date.now() + 10_000;
      while (!check()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; telnet showed ${JSON.stringify(out)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    try {
      await until('the prompt', () => out.includes('Identifier: '));
      child.stdin.write('telly\n');
      await until('the join', () => out.includes('In #lobby'));
      child.stdin.write('hello from telnet\n');
      await watcher.waitFor('telly: hello from telnet');
      child.stdin.write('\x03');
      await until('the goodbye after Ctrl-C', () => out.includes('Goodbye.'));
      await watcher.waitFor('telly has left (Quit).');
      await until('telnet to see the close', () => out.includes('Connection closed by foreign host'));
      assert.ok(!watcher.lines.some((l) => /[\ufffd\xff]/.test(l)), watcher.lines.join('\n'));
      await exited;
    } finally {
      child.kill();
      watcher.close();
    }
  });
