// IRC REHASH (issue 16): an operator reloads the config the way SIGHUP does; live keys apply, restart-only keys are
// reported, a refused config changes nothing; others get 481. Over loopback with a config source the test controls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeConfig, type ChatConfig } from '../../../src/chat/config.js';
import { hashPassword } from '../../../src/chat/password.js';
import { startIrcTestServer } from './irc-client.js';

test('REHASH: 481 for non-operators; an operator gets 382, the MOTD and limits change live, a port change is reported, a bad config is refused', async () => {
  const opers = [{ name: 'operuser', password: await hashPassword('operpassword', { N: 1024 }) }];
  let next: { ok: true; config: ChatConfig } | { ok: false; errors: string[] } = { ok: false, errors: ['not yet'] };
  const ts = await startIrcTestServer({ opers, motd: ['Old MOTD.'] }, { loadConfig: () => Promise.resolve(next) });
  try {
    const plain = await ts.client('pat');
    await plain.send('REHASH');
    await plain.waitFor('481');

    const o = await ts.client('olga');
    await o.send('OPER operuser operpassword');
    await o.waitFor('381');
    const running = ts.server.core.config;
    next = {
      ok: true,
      config: makeConfig({ ...structuredClone(running), motd: ['New MOTD.'], limits: { ...running.limits, maxConnectionsPerIp: 7 }, irc: { ...running.irc, port: 1 } }),
    };
    await o.send('REHASH');
    await o.waitFor('382');
    const applied = await o.waitFor((l) => l.msg.command === 'NOTICE' && l.msg.params[1]!.startsWith('REHASH: applied'));
    assert.match(applied.raw, /motd/);
    assert.match(applied.raw, /limits\.maxConnectionsPerIp/);
    const restart = await o.waitFor((l) => l.msg.command === 'NOTICE' && l.msg.params[1]!.startsWith('REHASH: needs a restart'));
    assert.match(restart.raw, /irc\.port/);
    assert.equal(ts.server.core.limits.maxConnectionsPerIp, 7);
    assert.notEqual(ts.server.core.config.irc.port, 1);
    const late = await ts.client('late');
    await late.send('MOTD');
    await late.waitFor((l) => l.msg.command === '372' && l.msg.params[1]!.includes('New MOTD.'));
    // A session open before the reload is untouched and keeps talking.
    await plain.send('PRIVMSG late :still here');
    await late.waitFor((l) => l.msg.command === 'PRIVMSG' && l.msg.params[1] === 'still here');

    next = { ok: false, errors: ['zchat.yaml: limits.maxLineBytes: expected an integer from 64 to 1048576, got "x"'] };
    await o.send('REHASH');
    const refused = await o.waitFor((l) => l.msg.command === 'NOTICE' && l.msg.params[1]!.startsWith('REHASH refused'));
    assert.match(refused.raw, /limits\.maxLineBytes/);
    assert.equal(ts.server.core.limits.maxConnectionsPerIp, 7);
    assert.deepEqual(ts.server.core.config.motd, ['New MOTD.']);
  } finally {
    await ts.stop();
  }
});

test('REHASH with no config source says so', async () => {
  const opers = [{ name: 'operuser', password: await hashPassword('operpassword', { N: 1024 }) }];
  const ts = await startIrcTestServer({ opers });
  try {
    const o = await ts.client('olga');
    await o.send('OPER operuser operpassword');
    await o.waitFor('381');
    await o.send('REHASH');
    const refused = await o.waitFor((l) => l.msg.command === 'NOTICE' && l.msg.params[1]!.startsWith('REHASH refused'));
    assert.match(refused.raw, /no config file to reload/);
  } finally {
    await ts.stop();
  }
});
