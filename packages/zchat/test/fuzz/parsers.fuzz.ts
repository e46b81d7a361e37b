// Fuzzing the parsers for longer than the unit tests do (`npm run fuzz`, issue 16): the IRC line and tag parser, the
// plain-text line parser and line reader (random chunking), and the config loader (YAML text and values). Seeded
// fast-check runs over generated inputs and mutations of the corpus in test/fuzz/corpus/. (@jazzer.js/core, the
// coverage-guided fuzzer, installs here but its native part needs glibc 2.38; this machine has 2.36.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import { validateConfig } from '../../src/chat/config-validate.js';
import { clientMessageLimits, parseMessage, serializeMessage } from '../../src/chat/irc/message.js';
import { parseLine } from '../../src/chat/plain/parse.js';
import { readLines } from '../../src/chat/transport/read-lines.js';
import { corpus, mutated, runs, seed, timeLimitMs } from './corpus.js';

const options = { numRuns: runs, seed, interruptAfterTimeLimit: timeLimitMs, markInterruptAsFailure: false };
const encoder = new TextEncoder();
const unlimited = { tagBytes: Infinity, bodyBytes: Infinity };

const ircInputs = fc.oneof(mutated(corpus('irc')), fc.string({ unit: 'binary', maxLength: 700 }), fc.uint8Array({ maxLength: 700 }).map((b) => Buffer.from(b).toString('latin1')));

test('IRC: the parser never throws, and what parses serializes to a line that parses the same', () => {
  fc.assert(
    fc.property(ircInputs, (input) => {
      for (const limits of [clientMessageLimits, unlimited]) {
        const r = parseMessage(encoder.encode(input), limits);
        assert.equal(typeof r.ok, 'boolean');
        if (!r.ok) continue;
        const again = parseMessage(serializeMessage(r.msg), unlimited);
        assert.ok(again.ok, `re-serialized line failed: ${JSON.stringify(serializeMessage(r.msg))}`);
        assert.deepEqual(again.msg, r.msg);
      }
    }),
    options,
  );
});

test('plain text: the line parser never throws, for any line and any maxLineBytes', () => {
  fc.assert(
    fc.property(fc.oneof(mutated(corpus('plain')), fc.string({ unit: 'binary', maxLength: 300 })), fc.integer({ min: 64, max: 2048 }), (input, max) => {
      const r = parseLine(encoder.encode(input), max);
      assert.equal(typeof r.ok, 'boolean');
    }),
    options,
  );
});

/** A ReadSource over `bytes`, cut at `cuts`. */
function chunked(bytes: Uint8Array, cuts: number[]): { read(buf: Uint8Array): Promise<number> } {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let at = 0;
  for (const p of [...points, bytes.length]) {
    if (p > at) pieces.push(bytes.subarray(at, p));
    at = Math.max(at, p);
  }
  return {
    read(buf: Uint8Array): Promise<number> {
      const next = pieces.shift();
      if (next === undefined) return Promise.resolve(0);
      const n = Math.min(buf.length, next.length);
      buf.set(next.subarray(0, n));
      if (n < next.length) pieces.unshift(next.subarray(n));
      return Promise.resolve(n);
    },
  };
}

async function linesOf(source: { read(buf: Uint8Array): Promise<number> }, max: number): Promise<string[]> {
  const out: string[] = [];
  await readLines(source, max, { ended: false, onLine: (l) => out.push(Buffer.from(l).toString('latin1')), onTooLong: () => out.push('<too long>') });
  return out;
}

test('line reader: any chunking of the input yields the same lines', async () => {
  await fc.assert(
    fc.asyncProperty(fc.oneof(mutated(corpus('plain')), mutated(corpus('irc'))).map((s) => s.repeat(3)), fc.array(fc.nat(), { maxLength: 20 }), fc.integer({ min: 64, max: 600 }), async (text, cuts, max) => {
      const bytes = encoder.encode(text);
      assert.deepEqual(await linesOf(chunked(bytes, cuts), max), await linesOf(chunked(bytes, []), max));
    }),
    { ...options, numRuns: Math.ceil(runs / 4) },
  );
});

const jsonValue = fc.jsonValue({ maxDepth: 4 });

test('config: validation never throws on any YAML text or value, and what it accepts is a complete config', () => {
  fc.assert(
    fc.property(fc.oneof(mutated(corpus('config')).map((t) => ({ text: t })), jsonValue.map((v) => ({ value: v }))), (input) => {
      let raw: unknown;
      if ('text' in input) {
        try {
          raw = parseYaml(input.text, { uniqueKeys: true });
        } catch {
          return; // a syntax error is reported by the loader before validation
        }
      } else raw = input.value;
      const r = validateConfig(raw ?? {});
      if (r.ok) {
        assert.equal(typeof r.config.limits.maxLineBytes, 'number');
        assert.ok(Array.isArray(r.config.motd));
      } else {
        assert.ok(r.errors.length > 0 && r.errors.every((e) => typeof e === 'string' && e.includes(':')));
      }
    }),
    options,
  );
});
