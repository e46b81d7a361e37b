// The web client in headless Chromium (Debian's, through playwright-core) against a real zchat process:
// two browser users, an IRC client and a plain nc-style user in #lobby see each other; formatting, links and
// an XSS attempt; a reload brings the recent lines back; the server killed and restarted, the page reconnects.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { LineUser, ServerProcess, launchChromium, until } from './harness.js';
import type { Ports } from './harness.js';

let chrome: Awaited<ReturnType<typeof launchChromium>> = null;
let server: ServerProcess | null = null;
let ports: Ports = { plain: 0, irc: 0, web: 0 };
const users: LineUser[] = [];

before(async () => {
  chrome = await launchChromium();
  if (chrome === null) return;
  ({ server, ports } = await ServerProcess.start());
});

after(async () => {
  for (const u of users) u.close();
  await chrome?.close();
  await server?.stop();
});

/** A fresh browser context (its own storage) with the page opened by a shareable autoconnect link. */
async function openUser(browser: Browser, nick: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 700 } });
  const page = await context.newPage();
  page.on('dialog', (d) => {
    throw new Error(`a dialog opened: ${d.message()}`);
  });
  await page.goto(`http://127.0.0.1:${ports.web}/?nick=${nick}&channels=%23lobby&autoconnect=1`);
  await page.waitForSelector('#chat:not([hidden])');
  await waitText(page, '#title', '#lobby');
  return page;
}

async function waitText(page: Page, selector: string, text: string, ms = 10_000): Promise<void> {
  await page.waitForFunction(([s, t]) => [...document.querySelectorAll(s!)].some((e) => e.textContent!.includes(t!)), [selector, text], { timeout: ms });
}

async function ircUser(nick: string): Promise<LineUser> {
  const u = await LineUser.connect(ports.irc);
  users.push(u);
  await u.send(`NICK ${nick}`);
  await u.send(`USER ${nick} 0 * :${nick}`);
  await u.waitFor(/ 376 | 422 /);
  await u.send('JOIN #lobby');
  await u.waitFor(/ 366 /);
  return u;
}

async function plainUser(name: string): Promise<LineUser> {
  const u = await LineUser.connect(ports.plain);
  users.push(u);
  await until(() => u.pending.includes('Identifier:') || u.lines.some((l) => l.includes('Identifier:')), 'the name prompt');
  await u.send(name);
  await u.waitFor(/#lobby/);
  return u;
}

function skipWithoutChromium(t: { skip(m: string): void }): boolean {
  if (chrome !== null) return false;
  t.skip('chromium is not installed (apt-get install chromium)');
  return true;
}

let alice: Page;
let bob: Page;

test('two browser users, an IRC user and a plain user in #lobby see each other join and talk', async (t) => {
  if (skipWithoutChromium(t)) return;
  alice = await openUser(chrome!.browser, 'alice');
  bob = await openUser(chrome!.browser, 'bob');
  const irc = await ircUser('ircy');
  const nc = await plainUser('ncuser');
  for (const page of [alice, bob]) {
    for (const nick of ['alice', 'bob', 'ircy', 'ncuser']) await waitText(page, '#member-list li', nick);
  }
  await waitText(alice, '#lines .line', 'bob joined #lobby');
  assert.equal(await alice.evaluate(() => document.activeElement?.id), 'input', 'the input has focus after joining');

  await alice.fill('#input', 'hello from alice');
  await alice.press('#input', 'Enter');
  await waitText(bob, '#lines .line', 'hello from alice');
  await irc.waitFor(/:alice!\S+ PRIVMSG #lobby :hello from alice$/);
  await nc.waitFor(/alice.*hello from alice/);
  await alice.waitForSelector('#lines .line.own:has-text("hello from alice")');
  assert.equal(await bob.locator('#lines .line.own:has-text("hello from alice")').count(), 0, 'only the sender marks it as own');

  await irc.send('PRIVMSG #lobby :hi from irc');
  await nc.send('hi from nc');
  for (const page of [alice, bob]) {
    await waitText(page, '#lines .line', 'hi from irc');
    await waitText(page, '#lines .line', 'hi from nc');
  }
  await bob.fill('#input', '/me waves');
  await bob.press('#input', 'Enter');
  await waitText(alice, '#lines .k-action', '* bob');
  // eslint-disable-next-line no-control-regex
  await irc.waitFor(/PRIVMSG #lobby :\x01ACTION waves\x01/);

  // A private conversation: it opens as its own buffer with an unread count.
  await irc.send('PRIVMSG alice :psst, alice');
  await alice.waitForSelector('#buffer-list button[data-name="ircy"] .unread');
  await alice.click('#buffer-list button[data-name="ircy"]');
  await waitText(alice, '#lines .line', 'psst, alice');
  await alice.fill('#input', 'private reply');
  await alice.press('#input', 'Enter');
  await irc.waitFor(/PRIVMSG ircy :private reply$/);
  // Up arrow brings back what was typed.
  await alice.press('#input', 'ArrowUp');
  assert.equal(await alice.inputValue('#input'), 'private reply');
  await alice.fill('#input', '');
  await alice.click('#buffer-list button[data-name="#lobby"]');
  if (process.env.ZCHAT_WEB_SCREENSHOT) await bob.screenshot({ path: process.env.ZCHAT_WEB_SCREENSHOT });
});

test('messages show formatting and links, and everything else as text: no HTML runs', async (t) => {
  if (skipWithoutChromium(t)) return;
  const irc = users[0]!;
  const attacks = ['<img src=x onerror=alert(1)>', '<script>window.pwned=1</script>', '"><svg onload=alert(2)>', 'javascript:alert(3)'];
  for (const a of attacks) await irc.send(`PRIVMSG #lobby :${a}`);
  await irc.send('PRIVMSG #lobby :\x02bold\x02 \x0304red\x03 see https://example.org/page?a=1&b=2.');
  await waitText(alice, '#lines .line', 'see https://example.org');
  for (const a of attacks) await waitText(alice, '#lines .line .text', a);
  const found = await alice.evaluate(() => ({
    imgs: document.querySelectorAll('#lines img, #lines svg, #lines script').length,
    pwned: (window as unknown as { pwned?: number }).pwned,
    links: [...document.querySelectorAll('#lines a')].map((a) => (a as HTMLAnchorElement).href),
    bold: [...document.querySelectorAll('#lines .b')].map((e) => e.textContent),
    red: [...document.querySelectorAll('#lines .fg4')].map((e) => e.textContent),
  }));
  assert.equal(found.imgs, 0);
  assert.equal(found.pwned, undefined);
  assert.deepEqual(found.links, ['https://example.org/page?a=1&b=2']);
  assert.deepEqual(found.bold, ['bold']);
  assert.deepEqual(found.red, ['red']);
});

test('a reload brings back the recent lines and the room', async (t) => {
  if (skipWithoutChromium(t)) return;
  await bob.reload();
  await bob.waitForSelector('#chat:not([hidden])');
  await waitText(bob, '#lines .line', 'hello from alice');
  await waitText(bob, '#lines .line', 'hi from nc');
  await waitText(bob, '#member-list li', 'ircy');
  await users[0]!.send('PRIVMSG #lobby :after the reload');
  await waitText(bob, '#lines .line', 'after the reload');
});

test('the server killed and restarted: the page shows it, reconnects, rejoins and goes on', async (t) => {
  if (skipWithoutChromium(t)) return;
  for (const u of users.splice(0)) u.close();
  await server!.kill();
  await alice.waitForSelector('#conn-state.state-waiting', { timeout: 10_000 });
  assert.match(await alice.textContent('#conn-state') ?? '', /reconnecting in \d+ s/);
  ({ server } = await ServerProcess.start(ports));
  const irc = await ircUser('ircback');
  await alice.waitForSelector('#conn-state.state-connected', { timeout: 30_000 });
  await waitText(alice, '#member-list li', 'ircback', 15_000);
  await irc.send('PRIVMSG #lobby :welcome back');
  await waitText(alice, '#lines .line', 'welcome back');
  await alice.fill('#input', 'glad to be back');
  await alice.press('#input', 'Enter');
  await irc.waitFor(/PRIVMSG #lobby :glad to be back$/);
  // The lines from before the restart are still on the page.
  await waitText(alice, '#lines .line', 'hello from alice');
});

test('phone-sized: the conversations open as a drawer and the input is usable', async (t) => {
  if (skipWithoutChromium(t)) return;
  await alice.setViewportSize({ width: 390, height: 800 });
  assert.equal(await alice.isVisible('#buffers'), false);
  await alice.click('#menu');
  assert.equal(await alice.isVisible('#buffers'), true);
  await alice.click('#buffer-list button[data-name="#lobby"]');
  assert.equal(await alice.isVisible('#buffers'), false);
  assert.equal(await alice.isVisible('#input'), true);
});
