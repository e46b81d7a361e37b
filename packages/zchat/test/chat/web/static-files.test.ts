// The web client's files over HTTP: types, caching, 304, methods, and no way out of the root.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeConfig } from '../../../src/chat/config.js';
import { startChatServer } from '../../../src/chat/server.js';
import type { ChatServer } from '../../../src/chat/server.js';
import { cacheControl, resolveStaticPath } from '../../../src/chat/web/static-files.js';

test('resolveStaticPath: index for /, refusals for traversal, NUL, bad encoding, hidden files', () => {
  assert.deepEqual(resolveStaticPath('/'), { ok: true, path: 'index.html' });
  assert.deepEqual(resolveStaticPath('/?nick=a&channels=%23b'), { ok: true, path: 'index.html' });
  assert.deepEqual(resolveStaticPath('/assets/app-1a2b.js'), { ok: true, path: 'assets/app-1a2b.js' });
  assert.deepEqual(resolveStaticPath('/assets/'), { ok: true, path: 'assets/index.html' });
  for (const bad of ['/../secret', '/assets/../../x', '/%2e%2e/x', '/%2E%2E%2Fx', '/.%2e/x', '/./index.html', '/.env', '/a//b', '/a\\..\\b', '/a%5c..%5cb']) {
    assert.deepEqual(resolveStaticPath(bad), { ok: false, status: 404 }, bad);
  }
  for (const bad of ['/a%00.html', '/a%0a', '/%zz', 'index.html', '*']) assert.deepEqual(resolveStaticPath(bad), { ok: false, status: 400 }, bad);
});

test('cacheControl: hashed assets are immutable, the rest revalidates', () => {
  assert.equal(cacheControl('assets/index-abc.js'), 'public, max-age=31536000, immutable');
  assert.equal(cacheControl('index.html'), 'no-cache');
});

let server: ChatServer;
let port = 0;
let dir = '';

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zchat-web-'));
  const root = join(dir, 'root');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>zchat</title>');
  writeFileSync(join(root, 'assets', 'app-1234.js'), 'console.log(1)');
  writeFileSync(join(root, 'assets', 'app-1234.css'), 'body{}');
  writeFileSync(join(root, 'logo.svg'), '<svg/>');
  writeFileSync(join(root, 'data.bin'), 'x');
  writeFileSync(join(dir, 'secret.txt'), 'top secret');
  symlinkSync(join(dir, 'secret.txt'), join(root, 'leak.txt'));
  server = await startChatServer(makeConfig({ host: '127.0.0.1', plain: { enabled: false }, irc: { enabled: true, port: 0 }, web: { enabled: true, port: 0, root } }));
  port = server.addresses.web!.getPort();
});

after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request: the path goes on the wire as written (no URL normalisation). */
function get(path: string, method = 'GET', headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('files come with their types, caching headers, nosniff, and a CSP on the page', async () => {
  const index = await get('/');
  assert.equal(index.status, 200);
  assert.equal(index.headers['content-type'], 'text/html; charset=utf-8');
  assert.equal(index.headers['cache-control'], 'no-cache');
  assert.equal(index.headers['x-content-type-options'], 'nosniff');
  assert.match(String(index.headers['content-security-policy']), /script-src 'self'/);
  assert.equal(index.body, '<!doctype html><title>zchat</title>');
  const js = await get('/assets/app-1234.js');
  assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
  assert.equal(js.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.equal((await get('/assets/app-1234.css')).headers['content-type'], 'text/css; charset=utf-8');
  assert.equal((await get('/logo.svg')).headers['content-type'], 'image/svg+xml');
  assert.equal((await get('/data.bin')).headers['content-type'], 'application/octet-stream');
});

test('ETag revalidation gives 304; HEAD has headers and no body; other methods 405', async () => {
  const first = await get('/index.html');
  const etag = String(first.headers.etag);
  const again = await get('/index.html', 'GET', { 'If-None-Match': etag });
  assert.equal(again.status, 304);
  assert.equal(again.body, '');
  const head = await get('/', 'HEAD');
  assert.equal(head.status, 200);
  assert.equal(head.headers['content-length'], String('<!doctype html><title>zchat</title>'.length));
  assert.equal(head.body, '');
  const post = await get('/', 'POST');
  assert.equal(post.status, 405);
  assert.equal(post.headers.allow, 'GET, HEAD');
});

test('no path leaves the root: dot segments plain or encoded, NUL, backslashes, symlinks out', async () => {
  for (const path of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/%2e%2e%2fsecret.txt', '/..%2fsecret.txt', '/..%5csecret.txt', '/leak.txt', '/missing.js', '/assets']) {
    const r = await get(path);
    assert.ok(r.status === 404 || r.status === 400, `${path}: ${r.status}`);
    assert.doesNotMatch(r.body, /top secret/, path);
  }
  assert.equal((await get('/index.html%00.js')).status, 400);
});
