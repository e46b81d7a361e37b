import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createView } from '../../src/cli/terminal.js';
import { captureIo } from './io.js';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
// eslint-disable-next-line no-control-regex
const stripEscapes = (s: string): string => s.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');

test('TTY: an incoming line is printed above the prompt and the half-typed input is redrawn after it', async () => {
  const c = captureIo({ tty: true });
  const lines: string[] = [];
  const view = createView(c.io, { onLine: (l) => lines.push(l), onEnd: () => {}, onInterrupt: () => {} });
  assert.equal(view.interactive, true);
  c.stdin.write('hel');
  await tick();
  view.print('bob: hi there');
  const out = c.stdout();
  const printedAt = out.lastIndexOf('bob: hi there\n');
  assert.ok(printedAt > 0, JSON.stringify(out));
  // After the printed line: the prompt and the typed text again, and nothing of the input was sent.
  assert.equal(stripEscapes(out.slice(printedAt + 'bob: hi there\n'.length)), '> hel');
  // Before it, the input row was cleared (cursor to column 0 and erase down).
  assert.ok(out.slice(0, printedAt).endsWith('\x1b[1G\x1b[0J'));
  assert.deepEqual(lines, []);
  c.stdin.write('lo\r');
  await tick();
  assert.deepEqual(lines, ['hello']);
  view.close();
  view.close();
});

test('TTY: setPrompt shows the server prompt in place of the default, keeping the input', async () => {
  const c = captureIo({ tty: true });
  const view = createView(c.io, { onLine: () => {}, onEnd: () => {}, onInterrupt: () => {} });
  c.stdin.write('al');
  await tick();
  view.setPrompt('Identifier: ');
  assert.ok(stripEscapes(c.stdout()).endsWith('Identifier: al'));
  view.close();
});

test('TTY: Ctrl-C is reported as an interrupt, Ctrl-D on an empty line as the end of input', async () => {
  const c = captureIo({ tty: true });
  let interrupts = 0;
  let ends = 0;
  const view = createView(c.io, { onLine: () => {}, onEnd: () => ends++, onInterrupt: () => interrupts++ });
  c.stdin.write('\x03');
  await tick();
  assert.equal(interrupts, 1);
  c.stdin.write('\x04');
  await tick();
  assert.equal(ends, 1);
  view.close();
});

test('pipe: lines in, plain lines out, status on stderr, EOF ends the input once', async () => {
  const c = captureIo();
  const lines: string[] = [];
  let ends = 0;
  const view = createView(c.io, { onLine: (l) => lines.push(l), onEnd: () => ends++, onInterrupt: () => {} });
  assert.equal(view.interactive, false);
  c.stdin.end('alice\r\nhello\nlast');
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(lines, ['alice', 'hello', 'last']);
  assert.equal(ends, 1);
  view.print('bob: hi');
  view.status('Connected.');
  view.setPrompt('ignored: ');
  assert.equal(c.stdout(), 'bob: hi\n');
  assert.equal(c.stderr(), 'Connected.\n');
  view.close();
  assert.equal(ends, 1);
});
