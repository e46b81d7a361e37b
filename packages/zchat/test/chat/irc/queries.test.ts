// Queries over loopback: WHO and WHOX, WHOIS, WHOWAS, ISON, USERHOST, LUSERS, MOTD, INFO, LINKS, AWAY, SETNAME, HELP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useIrcTestServer } from './irc-client.js';

const ts = useIrcTestServer({ motd: [], serverInfo: 'a test line' });

test('WHO on a channel and a mask; WHOX fields and token; invisible users hidden from strangers', async () => {
  const a = await ts.client('wanda');
  const b = await ts.client('wendy', ['multi-prefix']);
  await a.send('JOIN #who');
  await a.waitFor('366');
  await b.send('JOIN #who');
  await b.waitFor('366');
  await a.send('MODE #who +v wanda');
  await b.waitFor('MODE');
  await b.send('WHO #who');
  const rows = (await b.collectUntil('315')).filter((l) => l.msg.command === '352');
  const wanda = rows.find((l) => l.msg.params[5] === 'wanda')!;
  assert.deepEqual(wanda.msg.params, ['wendy', '#who', 'wanda', '127.0.0.1', 'zchat.local', 'wanda', 'H@+', '0 wanda real']);
  assert.equal(rows.find((l) => l.msg.params[5] === 'wendy')!.msg.params[6], 'H');
  await a.send('AWAY :gone');
  await a.waitFor('306');
  await b.send('WHO wan*');
  const masked = await b.waitFor('352');
  assert.deepEqual([masked.msg.params[1], masked.msg.params[6]], ['*', 'G']);
  assert.deepEqual((await b.waitFor('315')).msg.params.slice(1), ['wan*', 'End of WHO list']);
  await b.send('WHO #who %tcnfar,42');
  const x = await b.waitFor('354');
  assert.deepEqual(x.msg.params, ['wendy', '42', '#who', 'wanda', 'G@+', '0', 'wanda real']);
  const stranger = await ts.client('walt');
  await b.send('MODE wendy +i');
  await b.waitFor('MODE');
  await stranger.send('WHO wend*');
  const seen = await stranger.collectUntil('315');
  assert.ok(!seen.some((l) => l.msg.command === '352'), 'invisible users are hidden from strangers matching a mask');
  await stranger.send('WHO wendy');
  assert.equal((await stranger.waitFor('352')).msg.params[5], 'wendy', 'but an exact nick is always answered');
  await a.send('WHO wend*');
  assert.equal((await a.waitFor('352')).msg.params[5], 'wendy', 'and channel peers see them');
});

test('WHOIS and WHOWAS', async () => {
  const a = await ts.client('xena');
  const b = await ts.client('xavi');
  await a.send('JOIN #whois');
  await a.waitFor('366');
  await a.send('MODE xena +B');
  await a.waitFor('MODE');
  await a.send('AWAY :busy');
  await a.waitFor('306');
  await b.send('WHOIS xena');
  const lines = await b.collectUntil('318');
  const byCode = new Map(lines.map((l) => [l.msg.command, l.msg.params]));
  assert.deepEqual(byCode.get('311'), ['xavi', 'xena', 'xena', '127.0.0.1', '*', 'xena real']);
  assert.deepEqual(byCode.get('319'), ['xavi', 'xena', '@#whois']);
  assert.equal(byCode.get('312')![2], 'zchat.local');
  assert.equal(byCode.get('312')![3], 'a test line');
  assert.deepEqual(byCode.get('335'), ['xavi', 'xena', 'is a bot']);
  assert.deepEqual(byCode.get('301'), ['xavi', 'xena', 'busy']);
  assert.equal(byCode.get('317')!.length, 5);
  assert.deepEqual(byCode.get('318'), ['xavi', 'xena', 'End of /WHOIS list']);
  await b.send('WHOIS nobody');
  assert.equal((await b.waitFor('401')).msg.params[1], 'nobody');
  await b.waitFor('318');
  await a.send('NICK xenia');
  await a.waitFor('NICK');
  await b.send('WHOWAS xena');
  assert.deepEqual((await b.waitFor('314')).msg.params, ['xavi', 'xena', 'xena', '127.0.0.1', '*', 'xena real']);
  await b.waitFor('369');
  await b.send('WHOWAS neverwas');
  assert.equal((await b.waitFor('406')).msg.params[1], 'neverwas');
  await b.waitFor('369');
});

test('ISON, USERHOST, LUSERS, MOTD (422 when empty)', async () => {
  const a = await ts.client('yuri');
  await a.send('ISON yuri YURI nobody');
  assert.deepEqual((await a.waitFor('303')).msg.params, ['yuri', 'yuri yuri']);
  await a.send('USERHOST yuri nobody');
  assert.deepEqual((await a.waitFor('302')).msg.params, ['yuri', 'yuri=+yuri@127.0.0.1']);
  await a.send('LUSERS');
  assert.match((await a.waitFor('251')).msg.params[1]!, /^There are \d+ users and \d+ invisible on 1 servers$/);
  await a.waitFor('266');
  await a.send('MOTD');
  assert.deepEqual((await a.waitFor('422')).msg.params, ['yuri', 'MOTD File is missing']);
});

test('SETNAME changes the real name (seen by setname peers); HELP comes from the command table', async () => {
  const a = await ts.client('zed', ['setname']);
  const b = await ts.client('zoe', ['setname']);
  await a.send('JOIN #names');
  await a.waitFor('366');
  await b.send('JOIN #names');
  await a.waitFor('JOIN');
  await a.send('SETNAME :Zed Zebra');
  const own = await a.waitFor('SETNAME');
  assert.deepEqual(own.msg.params, ['Zed Zebra']);
  assert.equal((await b.waitFor('SETNAME')).msg.source, 'zed!zed@127.0.0.1');
  await b.send('WHOIS zed');
  assert.equal((await b.waitFor('311')).msg.params[5], 'Zed Zebra');
  await a.send('HELP');
  const help = await a.collectUntil('706');
  assert.ok(help.some((l) => l.msg.command === '705' && l.msg.params[2]!.includes('PRIVMSG')));
  await a.send('HELP join');
  assert.match((await a.waitFor('704')).msg.params[2]!, /^JOIN /);
  await a.send('HELP nonsense');
  await a.waitFor('524');
});

test('INFO: this server by name, mask or a nick on it; any other target gets 402', async () => {
  const a = await ts.client('inquirer');
  for (const target of ['', ' zchat.local', ' *.LOCAL', ' inquirer']) {
    await a.send(`INFO${target}`);
    const lines = await a.collectUntil('374');
    assert.deepEqual(lines.map((l) => l.msg.command), ['371', '371', '374'], target);
  }
  for (const target of ['invalid.server.example', 'invalidserver']) {
    await a.send(`INFO ${target}`);
    const l = await a.next();
    assert.equal(l.raw, `:zchat.local 402 inquirer ${target} :No such server`);
  }
});

test('LINKS: this server with its serverInfo for a matching mask, only the end line otherwise', async () => {
  const a = await ts.client('linker');
  for (const [args, mask] of [['', '*'], [' *.local', '*.local'], [' zchat.local ZCHAT.*', 'ZCHAT.*']]) {
    await a.send(`LINKS${args}`);
    const lines = await a.collectUntil('365');
    assert.deepEqual(lines.map((l) => l.raw), [
      ':zchat.local 364 linker zchat.local zchat.local :0 a test line',
      `:zchat.local 365 linker ${mask} :End of /LINKS list`,
    ], args);
  }
  await a.send('LINKS other.example');
  assert.equal((await a.next()).raw, ':zchat.local 365 linker other.example :End of /LINKS list');
});

test('VERSION and the welcome (002, 004) carry the package version, as zchat-<x.y.z>', async () => {
  const { packageVersion } = await import('../../../src/chat/version.js');
  assert.match(packageVersion(), /^\d+\.\d+\.\d+/);
  const c = await ts.client('versioned');
  await c.send('VERSION');
  const v = await c.waitFor('351');
  assert.equal(v.msg.params[1], `zchat-${packageVersion()}`);
  const welcome = c.lines.find((l) => l.msg.command === '004')!;
  assert.equal(welcome.msg.params[2], `zchat-${packageVersion()}`);
});
