import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalIp, chooseSubprotocol, clientIp, originAllowed } from '../../../src/chat/web/request-policy.js';

test('canonicalIp: v4-mapped v6 becomes v4; v6 is shortened; garbage is null', () => {
  assert.equal(canonicalIp('::ffff:127.0.0.1'), '127.0.0.1');
  assert.equal(canonicalIp('0:0:0:0:0:0:0:1'), '::1');
  assert.equal(canonicalIp('10.0.0.1'), '10.0.0.1');
  assert.equal(canonicalIp('not-an-ip'), null);
  assert.equal(canonicalIp(''), null);
});

test('clientIp: X-Forwarded-For counts only from a trusted proxy, rightmost untrusted hop wins', () => {
  const trusted = new Set(['127.0.0.1', '10.0.0.2']);
  assert.equal(clientIp('::ffff:127.0.0.1', '203.0.113.9', trusted), '203.0.113.9');
  assert.equal(clientIp('127.0.0.1', '1.1.1.1, 203.0.113.9, 10.0.0.2', trusted), '203.0.113.9');
  assert.equal(clientIp('127.0.0.1', ['1.1.1.1', '203.0.113.9'], trusted), '203.0.113.9');
  // From anyone else the header is ignored.
  assert.equal(clientIp('192.0.2.7', '203.0.113.9', trusted), '192.0.2.7');
  // A header that does not parse is ignored.
  assert.equal(clientIp('127.0.0.1', 'evil<script>', trusted), '127.0.0.1');
  assert.equal(clientIp('127.0.0.1', undefined, trusted), '127.0.0.1');
  // Only proxies in the chain: the peer.
  assert.equal(clientIp('127.0.0.1', '10.0.0.2', trusted), '127.0.0.1');
});

test('originAllowed: no Origin, same origin, loopback by default; exactly the list when set', () => {
  assert.equal(originAllowed(undefined, 'x:1', []), true);
  assert.equal(originAllowed('http://chat.example.org:8080', 'chat.example.org:8080', []), true);
  assert.equal(originAllowed('http://localhost:5173', 'chat.example.org', []), true);
  assert.equal(originAllowed('http://127.0.0.1:9', 'chat.example.org', []), true);
  assert.equal(originAllowed('http://[::1]:9', 'chat.example.org', []), true);
  assert.equal(originAllowed('http://evil.example', 'chat.example.org', []), false);
  assert.equal(originAllowed('null', 'chat.example.org', []), false);
  assert.equal(originAllowed('file://x', 'chat.example.org', []), false);
  const list = ['https://app.example.org'];
  assert.equal(originAllowed('https://app.example.org', 'chat.example.org', list), true);
  assert.equal(originAllowed('https://APP.example.org', 'chat.example.org', list), true);
  assert.equal(originAllowed('http://localhost:5173', 'chat.example.org', list), false);
  assert.equal(originAllowed('https://chat.example.org', 'chat.example.org', list), true);
});

test('chooseSubprotocol: the client\'s first one we speak', () => {
  assert.equal(chooseSubprotocol(new Set(['binary.ircv3.net', 'text.ircv3.net'])), 'binary.ircv3.net');
  assert.equal(chooseSubprotocol(new Set(['x', 'text.ircv3.net'])), 'text.ircv3.net');
  assert.equal(chooseSubprotocol(new Set(['x'])), null);
});
