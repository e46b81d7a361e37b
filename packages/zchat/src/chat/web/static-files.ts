/**
 * The web client's files over HTTP: a pure mapping from request target to a file under the root (no
 * traversal: `..`, encoded or not, NUL, backslashes and hidden files are refused before the disk is
 * touched), the content types as a table, and the caching rules (Vite's hashed files under `assets/`
 * are immutable; everything else is revalidated with its ETag).
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';

/** Content type by file extension; a file with any other extension is served as bytes. */
export const contentTypes: Readonly<Record<string, string>> = Object.freeze({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
});

/** Where a request target leads: a path relative to the root (with `/` separators), or an HTTP status. */
export type StaticTarget = { ok: true; path: string } | { ok: false; status: 400 | 404 };

/**
 * The file a request target names, relative to the root: `/` and paths ending in `/` mean their
 * `index.html`. Refuses (404) any `.` or `..` segment, hidden files (`.env`), backslashes, and (400) NUL,
 * control characters or bad percent-encoding, whether written plainly or percent-encoded. Pure.
 */
export function resolveStaticPath(target: string): StaticTarget {
  const end = target.search(/[?#]/);
  const raw = end === -1 ? target : target.slice(0, end);
  if (!raw.startsWith('/')) return { ok: false, status: 400 };
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return { ok: false, status: 400 };
  }
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(decoded)) return { ok: false, status: 400 };
  if (decoded.includes('\\')) return { ok: false, status: 404 };
  const segments = decoded.slice(1).split('/');
  if (segments[segments.length - 1] === '') segments[segments.length - 1] = 'index.html';
  for (const seg of segments) if (seg === '' || seg.startsWith('.')) return { ok: false, status: 404 };
  return { ok: true, path: segments.join('/') };
}

/** Cache-Control for a served path: content-hashed build output never changes; the rest is revalidated. */
export function cacheControl(path: string): string {
  return path.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/** Headers every response carries; pages also get a CSP that allows only our own scripts and sockets. */
const baseHeaders = { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' };
export const pagePolicy = "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

function plain(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...baseHeaders, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra });
  res.end(`${text}\n`);
}

const statusText: Readonly<Record<number, string>> = { 400: 'Bad request', 404: 'Not found' };

/**
 * Answer `req` from the files under `root` (an absolute, real path; null when there is no web client to
 * serve). GET and HEAD only (405 otherwise). ETag / If-None-Match (304). A symlink leading out of the root
 * is refused. Never throws; an unreadable file is a 404.
 */
export async function serveStatic(root: string | null, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    plain(res, 405, 'Method not allowed', { Allow: 'GET, HEAD' });
    return;
  }
  const target = resolveStaticPath(req.url ?? '/');
  if (!target.ok) {
    plain(res, target.status, statusText[target.status]!);
    return;
  }
  if (root === null) {
    plain(res, 404, 'The web client is not installed (package zchat-web, or set web.root).');
    return;
  }
  let file: string;
  let size: number;
  let mtimeMs: number;
  try {
    file = await realpath(join(root, ...target.path.split('/')));
    if (!file.startsWith(root + sep)) throw new Error('outside the root');
    const st = await stat(file);
    if (!st.isFile()) throw new Error('not a file');
    size = st.size;
    mtimeMs = st.mtimeMs;
  } catch {
    plain(res, 404, 'Not found');
    return;
  }
  const etag = `W/"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}"`;
  const type = contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream';
  const headers: Record<string, string> = { ...baseHeaders, 'Content-Type': type, 'Cache-Control': cacheControl(target.path), ETag: etag, 'Last-Modified': new Date(mtimeMs).toUTCString() };
  if (type.startsWith('text/html')) headers['Content-Security-Policy'] = pagePolicy;
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  headers['Content-Length'] = String(size);
  res.writeHead(200, headers);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const body = createReadStream(file);
  body.on('error', () => res.destroy());
  body.pipe(res);
}
