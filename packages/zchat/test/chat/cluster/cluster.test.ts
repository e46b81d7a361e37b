// Nodes sharing one private Redis behave as one server: nicks unique across nodes (atomically), room
// messages and membership events on every node once and in one order, private messages, NAMES, WHOIS
// and LUSERS across nodes, and a node that stops says goodbye.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ChatServer } from '../../../src/chat/server.js';
import { redisSkipReason, startRedis } from '../../helpers/redis-server.js';
import type { TestRedis } from '../../helpers/redis-server.js';
import type { IrcClient, Line } from '../irc/irc-client.js';
import { ircUser, startNode } from './cluster-fixture.js';

const skip = redisSkipReason();
let redis: TestRedis;
let nodes: ChatServer[] = [];
const clients: IrcClient[] = [];

before(async () => {
  if (skip !== null) return;
  redis = await startRedis();
  nodes = await Promise.all(['na', 'nb', 'nc'].map((id) => startNode(redis.url, id)));
});

after(async () => {
  for (const c of clients) c.close();
  await Promise.all(nodes.map((n) => n.close()));
  await redis?.stop();
});

async function user(node: number, nick: string, caps: string[] = []): Promise<IrcClient> {
  const c = await ircUser(nodes[node]!, nick, caps);
  clients.push(c);
  return c;
}

const isCmd = (cmd: string, ...params: string[]) => (l: Line): boolean =>
  l.msg.command === cmd && params.every((p, i) => l.msg.params[i] === p);

test('the same nick asked on two nodes at the same moment, 200 times: exactly one gets it each time', { skip: skip ?? false }, async () => {
  const a = await user(0, 'racerA');
  const b = await user(1, 'racerB');
  for (let i = 0; i < 200; i++) {
    const nick = `race${i}`;
    // Who writes first alternates, so neither node always gets the head start.
    const [first, second] = i % 2 === 0 ? [a, b] : [b, a];
    await Promise.all([first.send(`NICK ${nick}`), second.send(`NICK ${nick}`)]);
    const outcome = (c: IrcClient): Promise<boolean> =>
      c.waitFor((l) => (l.msg.command === 'NICK' && l.msg.params[0] === nick) || (l.msg.command === '433' && l.msg.params[1] === nick)).then((l) => l.msg.command === 'NICK');
    const [ga, gb] = await Promise.all([outcome(a), outcome(b)]);
    assert.ok(ga !== gb, `round ${i}: ${ga && gb ? 'both' : 'neither'} got ${nick}`);
  }
});

test('a room across three nodes: joins, messages, NAMES, private messages, WHOIS and LUSERS', { skip: skip ?? false }, async () => {
  const ann = await user(0, 'ann');
  const bob = await user(1, 'bob');
  const cat = await user(2, 'cat');
  await ann.send('JOIN #x');
  await ann.waitFor(isCmd('366'));
  await bob.send('JOIN #x');
  await bob.waitFor(isCmd('366'));
  await ann.waitFor((l) => l.msg.command === 'JOIN' && l.raw.startsWith(':bob!'));
  await cat.send('JOIN #x');
  const names = await cat.waitFor(isCmd('353'));
  assert.deepEqual(names.msg.params[3]!.split(' ').sort(), ['@ann', 'bob', 'cat'], 'the room as its op made it, with remote members');
  await bob.waitFor((l) => l.msg.command === 'JOIN' && l.raw.startsWith(':cat!'));
  await ann.send('PRIVMSG #x :hello from a');
  for (const c of [bob, cat]) assert.equal((await c.waitFor(isCmd('PRIVMSG', '#x'))).msg.params[1], 'hello from a');
  await cat.send('PRIVMSG bob :just you');
  const pm = await bob.waitFor(isCmd('PRIVMSG', 'bob'));
  assert.ok(pm.raw.startsWith(':cat!'), pm.raw);
  assert.equal(pm.msg.params[1], 'just you');
  await ann.send('WHOIS cat');
  const whois = await ann.waitFor(isCmd('311', 'ann', 'cat'));
  assert.equal(whois.msg.params[5], 'cat real');
  await ann.waitFor(isCmd('318'));
  await ann.send('LUSERS');
  const luser = await ann.waitFor(isCmd('251'));
  assert.match(luser.msg.params[1]!, /There are \d+ users/);
  const count = Number(/There are (\d+) users/.exec(luser.msg.params[1]!)![1]) + Number(/and (\d+) invisible/.exec(luser.msg.params[1]!)?.[1] ?? 0);
  assert.ok(count >= 3, `LUSERS counts users on every node: ${luser.raw}`);
  await bob.send('PART #x :bye');
  for (const c of [ann, cat]) assert.equal((await c.waitFor(isCmd('PART', '#x'))).msg.params[1], 'bye');
  await cat.send('NICK kit');
  const nick = await ann.waitFor(isCmd('NICK', 'kit'));
  assert.ok(nick.raw.startsWith(':cat!'), nick.raw);
  await bob.send('NICK cat');
  await bob.waitFor((l) => l.msg.command === 'NICK' && l.msg.params[0] === 'cat', 5000);
});

// todo: passes alone, but under a loaded parallel run a member sometimes reads a few room JOINs after the
// last join it waited for (late or repeated JOIN lines), which the transcript then counts; not yet explained.
test('one order per room: random senders on three nodes and a member coming and going; every member sees the same sequence, each event once', { skip: skip ?? false, todo: skip === null ? 'late JOIN lines under load (see comment)' : false }, async () => {
  let run = 0;
  let firstFailure: unknown = null;
  const check = async (schedule: number[]): Promise<void> => {
      run++;
      const room = `#order${run}`;
      const members: IrcClient[] = [];
      for (let i = 0; i < 6; i++) members.push(await user(i % 3, `m${run}x${i}`));
      const extra = await user(2, `e${run}`);
      for (const m of members) {
        await m.send(`JOIN ${room}`);
        await m.waitFor(isCmd('366'));
      }
      // Every member has seen every other join before the burst starts: member 0 waits for the last join,
      // then says 'go'; the joins went on the bus before it, so every other member reads them before 'go'.
      await members[0]!.waitFor((l) => l.msg.command === 'JOIN' && l.raw.startsWith(`:m${run}x5!`), 15_000);
      await members[0]!.send(`PRIVMSG ${room} :go`);
      for (const m of members.slice(1)) await m.waitFor((l) => l.msg.command === 'PRIVMSG' && l.msg.params[1] === 'go', 15_000);
      let inside = false;
      const sends: Promise<void>[] = [];
      const sentBy = new Map<string, number>();
      schedule.forEach((s, k) => {
        if (s === 6) {
          sends.push(extra.send(inside ? `PART ${room} :p${k}` : `JOIN ${room}`));
          inside = !inside;
        } else {
          sentBy.set(`t${k}`, s);
          sends.push(members[s]!.send(`PRIVMSG ${room} :t${k}`));
        }
      });
      await Promise.all(sends);
      const extraEvents = schedule.filter((s) => s === 6).length;
      const transcripts = await Promise.all(
        members.map(async (m, i) => {
          const want = [...sentBy.values()].filter((s) => s !== i).length + extraEvents;
          const got: string[] = [];
          while (got.length < want) {
            const l = await m.waitFor((x) => (x.msg.command === 'PRIVMSG' || x.msg.command === 'JOIN' || x.msg.command === 'PART') && x.msg.params[0] === room, 15_000);
            got.push(l.msg.command === 'PRIVMSG' ? l.msg.params[1]! : `${l.msg.command} ${l.msg.params[1] ?? ''}`);
          }
          return got;
        }),
      );
      for (const [i, t] of transcripts.entries()) {
        const messages = t.filter((x) => x.startsWith('t'));
        assert.equal(new Set(messages).size, messages.length, `member ${i} got a message twice: ${t.join(' ')}`);
      }
      for (let i = 0; i < 6; i++) {
        for (let j = i + 1; j < 6; j++) {
          const a = transcripts[i]!.filter((x) => sentBy.get(x) !== j);
          const b = transcripts[j]!.filter((x) => sentBy.get(x) !== i);
          assert.deepEqual(a, b, `members ${i} and ${j} saw different orders: ${JSON.stringify(transcripts)} ${JSON.stringify(schedule)}`);
        }
      }
      for (const m of [...members, extra]) {
        await m.send('QUIT');
        m.close();
      }
  };
  // The first failure is reported as it happened (fast-check's report names only the shrunk input).
  await fc.assert(
    fc.asyncProperty(fc.array(fc.nat(6), { minLength: 5, maxLength: 40 }), (schedule) =>
      check(schedule).catch((err: unknown) => {
        firstFailure ??= err;
        throw err;
      }),
    ),
    { numRuns: 5, endOnFailure: true },
  ).catch((err: unknown) => {
    throw firstFailure ?? err;
  });
});
