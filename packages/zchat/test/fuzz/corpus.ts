/**
 * The fuzz corpus (test/fuzz/corpus/*.jsonl): inputs worth starting from, one JSON string per line, kept in the
 * repository. A failure found by `npm run fuzz` is added here as a line so every later run tries it first.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';

/** The entries of corpus file `name` (without .jsonl). */
export function corpus(name: string): string[] {
  const text = readFileSync(new URL(`../../../test/fuzz/corpus/${name}.jsonl`, import.meta.url), 'utf8');
  return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as string);
}

/** One edit of a string: insert, delete or replace at a position, with characters fuzzers like. */
const edit = fc.tuple(fc.constantFrom('insert', 'delete', 'replace'), fc.nat(), fc.oneof(
  fc.constantFrom('\r', '\n', '\0', ' ', ':', '@', ';', '=', '\\', '\x01', '\x03', '\xff', '\ud800', '\udfff', '#', ',', '/', '\u00e9', '\u{1f600}'),
  fc.string({ maxLength: 4 }),
));

/** Entries of `entries` with up to 8 random edits each: the mutation half of a corpus-driven fuzzer. */
export function mutated(entries: readonly string[]): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom(...entries), fc.array(edit, { maxLength: 8 })).map(([start, edits]) => {
    let s = start;
    for (const [kind, at, text] of edits) {
      const i = s.length === 0 ? 0 : at % (s.length + 1);
      if (kind === 'insert') s = s.slice(0, i) + text + s.slice(i);
      else if (kind === 'delete') s = s.slice(0, i) + s.slice(i + 1 + (at % 4));
      else s = s.slice(0, i) + text + s.slice(i + text.length);
    }
    return s;
  });
}

/** How many runs per property: FUZZ_RUNS, default 20,000 (a unit test runs hundreds). */
export const runs = Number(process.env.FUZZ_RUNS ?? 20_000);
/** The seed: FUZZ_SEED to replay a failure, else the time (printed by fast-check when a property fails). */
export const seed = process.env.FUZZ_SEED === undefined ? Date.now() : Number(process.env.FUZZ_SEED);
/** Each property stops after this long at most (ms), whatever `runs` says. */
export const timeLimitMs = Number(process.env.FUZZ_TIME_MS ?? 30_000);
