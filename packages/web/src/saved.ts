/**
 * Recent lines in localStorage, per nick: a reload shows the conversations as they were at once, before
 * the server answers. Bounded (the last `keep` lines of each of at most 50 conversations); a full or
 * disabled storage only loses the cache.
 */
import type { ChatClient } from './client.js';
import { mergeLines } from './state.js';
import type { BufferKind, Line } from './state.js';

const keep = 100;

interface Saved {
  active: string;
  buffers: { name: string; kind: BufferKind; readAt: number; lines: Line[] }[];
}

const key = (nick: string): string => `zchat:lines:${nick.toLowerCase()}`;

export function saveLines(c: ChatClient): void {
  const data: Saved = {
    active: c.active,
    buffers: [...c.buffers.values()]
      .filter((b) => b.kind !== 'server')
      .slice(0, 50)
      .map((b) => ({ name: b.name, kind: b.kind, readAt: b.readAt, lines: b.lines.slice(-keep) })),
  };
  try {
    localStorage.setItem(key(c.options.nick), JSON.stringify(data));
  } catch {
    // Storage full or off: the server's history is still there.
  }
}

export function restoreLines(c: ChatClient): void {
  let data: Saved;
  try {
    data = JSON.parse(localStorage.getItem(key(c.options.nick)) ?? 'null') as Saved;
  } catch {
    return;
  }
  if (data === null || !Array.isArray(data.buffers)) return;
  for (const s of data.buffers) {
    if (typeof s.name !== 'string' || !Array.isArray(s.lines)) continue;
    const b = c.buffer(s.name, s.kind);
    b.lines = mergeLines(b.lines, s.lines.filter((l) => typeof l.text === 'string' && typeof l.time === 'number'));
    b.readAt = typeof s.readAt === 'number' ? s.readAt : 0;
  }
  if (typeof data.active === 'string' && c.find(data.active) !== undefined) c.active = data.active;
}
