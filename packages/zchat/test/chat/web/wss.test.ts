// HTTPS and WSS on tls.webPort with a throwaway self-signed certificate: the page over HTTPS, IRC over WSS
// with WHOIS showing the secure connection (671), talking with a plain-TCP IRC client.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { get } from 'node:https';
import WebSocket from 'ws';
import { makeTestCert, type TestCert } from '../../helpers/cert.js';
import { startIrcTestServer } from '../irc/irc-client.js';
import type { IrcTestServer } from '../irc/irc-client.js';

let cert: TestCert | null = null;
let ts: IrcTestServer | null = null;
let skip: string | false = false;

before(async () => {
  const made = await makeTestCert();
  if ('skip' in made) {
    skip = made.skip;
    return;
  }
  cert = made;
  ts = await startIrcTestServer({ tls: { key: cert.keyFile, cert: cert.certFile, ircPort: 0, webPort: 0 }, web: { root: cert.dir } });
});
after(async () => {
  await ts?.stop();
  await cert?.remove();
});

test('HTTPS serves files and WSS carries IRC on tls.webPort', async (t) => {
  if (skip !== false || ts === null || cert === null) {
    t.skip(String(skip));
    return;
  }
  const port = ts.server.addresses.webTls!.getPort();
  const ca = cert.certPem;
  const status = await new Promise<number>((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/cert.pem', ca, servername: 'localhost' }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', reject);
  });
  assert.equal(status, 200);
  const irc = await ts.client('tcpuser');
  const ws = new WebSocket(`wss://localhost:${port}/`, ['text.ircv3.net'], { ca });
  const lines: string[] = [];
  const seen = (re: RegExp): Promise<string> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${re} in ${lines.join(' | ')}`)), 5_000);
      const check = (): void => {
        const hit = lines.find((l) => re.test(l));
        if (hit !== undefined) {
          clearTimeout(timer);
          ws.off('message', check);
          resolve(hit);
        }
      };
      ws.on('message', check);
      check();
    });
  ws.on('message', (d: Buffer) => lines.push(d.toString()));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  try {
    ws.send('NICK secureweb');
    ws.send('USER s 0 * :s');
    await seen(/ 376 | 422 /);
    ws.send('WHOIS secureweb');
    await seen(/ 671 secureweb secureweb /);
    ws.send('PRIVMSG tcpuser :over wss');
    await irc.waitFor((l) => l.raw.endsWith('PRIVMSG tcpuser :over wss'));
  } finally {
    ws.terminate();
  }
});
