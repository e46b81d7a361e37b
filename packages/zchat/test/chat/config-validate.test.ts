import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeConfigKeys, didYouMean, validateConfig } from '../../src/chat/config-validate.js';
import { defaultConfig, makeConfig } from '../../src/chat/config.js';
import { hashPassword } from '../../src/chat/password.js';

function errorsOf(raw: unknown): string[] {
  const r = validateConfig(raw);
  assert.equal(r.ok, false, `expected ${JSON.stringify(raw)} to be rejected`);
  return r.ok ? [] : r.errors;
}

test('an empty mapping gives the embedded defaults', () => {
  const r = validateConfig({});
  assert.ok(r.ok);
  assert.deepEqual(r.config, makeConfig());
});

test('the defaults themselves are valid', () => {
  const r = validateConfig(structuredClone(defaultConfig));
  assert.ok(r.ok, r.ok ? '' : r.errors.join('\n'));
});

test('valid values override defaults; objects merge, lists replace', async () => {
  const hash = await hashPassword('operpassword', { N: 1024 });
  const r = validateConfig({
    host: '::1',
    motd: ['one', 'two'],
    plain: { port: 0 },
    limits: { maxLineBytes: 2048, floodPerSecond: 0 },
    rooms: { topics: { '#dev': 'Code talk' } },
    opers: [{ name: 'operuser', password: hash }],
    logLevel: 'debug',
  });
  assert.ok(r.ok, r.ok ? '' : r.errors.join('\n'));
  assert.equal(r.config.host, '::1');
  assert.deepEqual(r.config.motd, ['one', 'two']);
  assert.equal(r.config.plain.port, 0);
  assert.equal(r.config.plain.enabled, true);
  assert.equal(r.config.limits.maxLineBytes, 2048);
  assert.equal(r.config.limits.floodBurst, defaultConfig.limits.floodBurst);
  assert.deepEqual(r.config.rooms.topics, { '#lobby': 'Say hello.', '#dev': 'Code talk' });
  assert.equal(r.config.opers[0]?.name, 'operuser');
});

// One row per rule: a key path, a bad value, and what the single error must say.
const badValues: [path: string, value: unknown, expected: string][] = [
  ['serverName', '', 'expected a host-like name'],
  ['serverName', 'a b', 'expected a host-like name'],
  ['network', 'my net', 'expected a name of 1 to 30 letters'],
  ['serverInfo', 'two\nlines', 'expected a string of 1 to 100 characters'],
  ['host', 'local host', 'expected an IP address or host name, got "local host"'],
  ['host', 8888, 'got 8888'],
  ['motd', 'hello', 'expected a list, got "hello"'],
  ['motd', ['ok', 'bad\nline'], 'motd[1]: expected a line of text'],
  ['plain.enabled', 'yes', 'expected true or false, got "yes"'],
  ['plain.port', 70000, 'expected an integer from 0 to 65535, got 70000'],
  ['plain.port', -1, 'got -1'],
  ['plain.port', 80.5, 'got 80.5'],
  ['irc.enabled', 1, 'expected true or false, got 1'],
  ['irc.port', '6667', 'expected an integer from 0 to 65535, got "6667"'],
  ['irc.password', 42, ', or null, got 42'],
  ['tls.key', '', 'or null, got ""'],
  ['tls.cert', 5, 'got 5'],
  ['tls.ircPort', null, 'got null'],
  ['tls.plainPort', 'x', 'or null, got "x"'],
  ['tls.webPort', 65_536, 'or null, got 65536'],
  ['web.enabled', 'on', 'expected true or false, got "on"'],
  ['web.port', -1, 'got -1'],
  ['web.allowedOrigins', ['https://ok.example', 'https://x.example/path'], 'web.allowedOrigins[1]: expected an origin'],
  ['web.allowedOrigins', 'https://x.example', 'expected a list'],
  ['web.trustedProxies', ['10.0.0.1', 'proxy.local'], 'web.trustedProxies[1]: expected an IP address'],
  ['web.perMessageDeflate', 1, 'expected true or false, got 1'],
  ['web.pingIntervalMs', 3_600_001, 'expected an integer from 0 to 3600000, got 3600001'],
  ['web.maxMessageBytes', 1024, 'expected an integer from 8192 to 16777216, got 1024'],
  ['web.root', '', 'or null, got ""'],
  ['cluster.redis', 'http://127.0.0.1:6379', 'expected a Redis URL'],
  ['cluster.nodeId', 'node-1', 'expected a node name of 1 to 16 letters and digits'],
  ['cluster.heartbeatMs', 50, 'expected an integer from 100 to 60000, got 50'],
  ['cluster.deadAfterMs', 100, 'expected an integer from 300 to 3600000, got 100'],
  ['cluster.prefix', 'a b', 'expected a key prefix'],
  ['rooms.default', 'lobby', 'expected a room name'],
  ['rooms.topics', ['x'], 'expected a mapping, got a list'],
  ['limits.maxLineBytes', 'x', 'limits.maxLineBytes: expected an integer from 64 to 1048576, got "x"'],
  ['limits.maxLineBytes', 63, 'got 63'],
  ['limits.sendQueueBytes', 4096, 'expected an integer >= 8192, got 4096'],
  ['limits.floodBurst', 0, 'expected an integer >= 1, got 0'],
  ['limits.floodPerSecond', -1, 'expected a number >= 0, got -1'],
  ['limits.floodMaxQueuedLines', 0, 'got 0'],
  ['limits.registrationTimeoutMs', 0, 'got 0'],
  ['limits.idleTimeoutMs', -5, 'expected an integer >= 0, got -5'],
  ['limits.pingIntervalMs', 1.5, 'got 1.5'],
  ['limits.maxConnections', 0, 'got 0'],
  ['limits.maxConnectionsPerIp', 0, 'got 0'],
  ['limits.maxRoomsPerUser', 0, 'got 0'],
  ['limits.monitorEntries', 0, 'expected an integer from 1 to 100000, got 0'],
  ['limits.listEntries', 100_001, 'expected an integer from 1 to 100000, got 100001'],
  ['limits.readMarkers', 0, 'expected an integer from 1 to 100000, got 0'],
  ['limits.recentMessages', 0, 'expected an integer from 1 to 100000, got 0'],
  ['limits.nickLength', 31, 'expected an integer from 1 to 30, got 31'],
  ['limits.roomLength', 1, 'expected an integer from 2 to 50, got 1'],
  ['limits.topicLength', 0, 'got 0'],
  ['limits.awayLength', 1000, 'got 1000'],
  ['limits.reasonLength', 0, 'got 0'],
  ['limits.shutdownTimeoutMs', 600_001, 'got 600001'],
  ['limits.plainIdleTimeoutMs', -1, 'got -1'],
  ['limits.roomBurst', 0, 'expected an integer from 1 to 100000, got 0'],
  ['limits.roomLinesPerSecond', -1, 'expected a number >= 0, got -1'],
  ['limits.plainIdleGraceMs', 999, 'expected an integer from 1000 to 3600000, got 999'],
  ['limits.tlsHandshakeTimeoutMs', 99, 'expected an integer from 100 to 600000, got 99'],
  ['limits.loginAttemptsPerAccount', 0, 'expected an integer from 1 to 1000, got 0'],
  ['limits.loginAttemptsPerIp', 0, 'got 0'],
  ['limits.loginWindowMs', 999, 'expected an integer from 1000 to 86400000, got 999'],
  ['limits.passwordWorkers', 65, 'expected an integer from 1 to 64, got 65'],
  ['limits.passwordQueue', -1, 'got -1'],
  ['limits', 5, 'limits: expected a mapping, got 5'],
  ['opers', { name: 'x' }, 'opers: expected a list, got a mapping'],
  ['dataDir', 5, 'dataDir: expected a string of 1 to 4096 characters without control characters, or null, got 5'],
  ['store.backend', 'mongodb', 'expected one of "sqlite", got "mongodb"'],
  ['store.commitWindowMs', 0, 'expected an integer from 1 to 1000, got 0'],
  ['store.maxBatch', 0, 'got 0'],
  ['store.maxPendingWrites', 99, 'got 99'],
  ['store.retryMs', 5, 'got 5'],
  ['store.busyTimeoutMs', -1, 'got -1'],
  ['logLevel', 'loud', 'expected one of "trace", "debug", "info", "warn", "error", "fatal", "silent", got "loud"'],
];

function setPath(path: string, value: unknown): Record<string, unknown> {
  const keys = path.split('.');
  const root: Record<string, unknown> = {};
  let at = root;
  for (const k of keys.slice(0, -1)) at = (at[k] = {}) as Record<string, unknown>;
  at[keys.at(-1)!] = value;
  return root;
}

for (const [path, value, expected] of badValues) {
  test(`${path} = ${JSON.stringify(value)} is rejected naming the key`, () => {
    const errors = errorsOf(setPath(path, value));
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.ok(errors[0]!.startsWith(path), `${errors[0]} should start with ${path}`);
    assert.ok(errors[0]!.includes(expected), `${errors[0]} should include ${expected}`);
  });
}

test('every schema key has a row in the bad-value table (no rule goes untested)', () => {
  const tested = new Set(badValues.map(([p]) => p));
  for (const { path } of describeConfigKeys()) {
    const base = path.replace(/\[\].*$/, '').replace(/\.<.*$/, '');
    if (base === 'accounts' || base === 'opers') continue; // credentials have their own test below
    assert.ok(tested.has(base) || tested.has(path), `no bad-value row for ${path}`);
  }
});

test('the web listener may not share a port with plain or IRC', () => {
  assert.deepEqual(errorsOf({ web: { port: 6667 } }), ['web.port: same port as another listener (plain.port or irc.port)']);
  assert.equal(validateConfig({ web: { port: 6667 }, irc: { enabled: false } }).ok, true);
});

test('credentials: name rule and password must be a scrypt hash, with indexed paths', async () => {
  const hash = await hashPassword('sesame', { N: 1024 });
  const errors = errorsOf({
    accounts: [{ name: 'jilles', password: hash }, { name: '9bad', password: hash }, { name: 'foo', password: 'sesame' }],
  });
  assert.deepEqual(errors.length, 2, errors.join('\n'));
  assert.match(errors[0]!, /^accounts\[1\]\.name: expected a name/);
  assert.match(errors[1]!, /^accounts\[2\]\.password: expected a scrypt hash .*zchat passwd.*, got "sesame"$/);
});

test('unknown keys are errors with a did-you-mean, at any depth', () => {
  const errors = errorsOf({ limits: { maxLineByte: 100 }, plian: {}, irc: { prot: 1 }, zzzzzz: 1 });
  assert.deepEqual(errors, [
    'limits.maxLineByte: unknown key (did you mean "limits.maxLineBytes"?)',
    'plian: unknown key (did you mean "plain"?)',
    'irc.prot: unknown key (did you mean "irc.port"?)',
    'zzzzzz: unknown key',
  ]);
});

test('nested paths: list items and free-keyed mappings', () => {
  assert.deepEqual(errorsOf({ rooms: { topics: { '#ok': 'fine', lobby: 'no hash', '#x': 7 } } }), [
    'rooms.topics: key "lobby" is not a room name: "#" then 1 to 49 characters, no spaces, commas or control characters',
    'rooms.topics["#x"]: expected a string of 1 to 390 characters without control characters, got 7',
  ]);
  assert.deepEqual(errorsOf({ opers: [{ name: 'a', password: 'x', extra: true }] }).slice(-1), ['opers[0].extra: unknown key']);
});

test('all errors are reported at once', () => {
  const errors = errorsOf({ host: '', plain: { port: 'x' }, limits: { floodBurst: 0 } });
  assert.equal(errors.length, 3);
});

test('the whole document must be a mapping', () => {
  assert.deepEqual(errorsOf(null), ['config: expected a mapping, got null']);
  assert.deepEqual(errorsOf([1]), ['config: expected a mapping, got a list']);
  assert.deepEqual(errorsOf('port: 1'), ['config: expected a mapping, got "port: 1"']);
});

test('cross-key rules', async () => {
  const hash = await hashPassword('pw', { N: 1024 });
  const rows: [unknown, string][] = [
    [{ tls: { key: 'k.pem' } }, 'tls: set both key and cert, or neither'],
    [{ plain: { enabled: false }, irc: { enabled: false } }, 'plain.enabled: at least one of plain.enabled and irc.enabled must be true'],
    [{ plain: { port: 7000 }, irc: { port: 7000 } }, 'irc.port: same port as plain.port (7000)'],
    [{ rooms: { default: '#abcdefghij' }, limits: { roomLength: 5 } }, 'rooms.default: longer than limits.roomLength (5)'],
    [{ opers: [{ name: 'Op', password: hash }, { name: 'op', password: hash }] }, 'opers: name "op" appears twice'],
    [{ accounts: [{ name: 'a', password: hash }, { name: 'a', password: hash }] }, 'accounts: name "a" appears twice'],
    [{ cluster: { heartbeatMs: 1000, deadAfterMs: 1500 } }, 'cluster.deadAfterMs: must be at least twice cluster.heartbeatMs (1000), or one late beat would look like a dead node'],
  ];
  for (const [raw, expected] of rows) assert.deepEqual(errorsOf(raw), [expected]);
  // Port 0 (any free port) twice is fine: the OS picks two different ones.
  assert.equal(validateConfig({ plain: { port: 0 }, irc: { port: 0 } }).ok, true);
});

test('didYouMean picks the nearest key within a small distance, case-insensitively', () => {
  assert.equal(didYouMean('LOGLEVEL', ['logLevel', 'host']), 'logLevel');
  assert.equal(didYouMean('hots', ['logLevel', 'host']), 'host');
  assert.equal(didYouMean('completelydifferent', ['host']), undefined);
});

test('validateConfig never throws, whatever it is given', () => {
  const inputs: unknown[] = [undefined, 0, true, Symbol.iterator, () => 1, { limits: null }, { motd: [null] }, { rooms: { topics: null } }, Object.create(null)];
  for (const input of inputs) assert.doesNotThrow(() => validateConfig(input));
});

test('rooms.default may be "" (no room for new users), but not a bare word', () => {
  const r = validateConfig({ rooms: { default: '' } });
  assert.ok(r.ok);
  assert.equal(r.config.rooms.default, '');
  assert.equal(validateConfig({ rooms: { default: 'lobby' } }).ok, false);
});

test('a list entry without a required key is an error, not a crash (found by npm run fuzz)', () => {
  const r = validateConfig({ opers: [{ password: 'scrypt$16384$8$1$c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2g=' }], accounts: [{ name: 'bob' }] });
  assert.equal(r.ok, false);
  assert.ok(!r.ok && r.errors.some((e) => e.startsWith('opers[0].name: missing')), JSON.stringify(r));
  assert.ok(!r.ok && r.errors.some((e) => e.startsWith('accounts[0].password: missing')), JSON.stringify(r));
});
