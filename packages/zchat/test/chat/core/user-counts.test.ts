import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ChatStats } from '../../../src/chat/core/queries.js';
import { CoreFixture } from '../helpers/core-fixture.js';
import type { TestUser } from '../helpers/core-fixture.js';

/** What `stats` must say, counted the slow way over every live user. */
function scan(fx: CoreFixture): ChatStats {
  let users = 0;
  let invisible = 0;
  let unregistered = 0;
  let opers = 0;
  for (const u of fx.core.users()) {
    if (!u.registered) unregistered++;
    else {
      users++;
      if (u.flags.has('invisible')) invisible++;
      if (u.flags.has('oper')) opers++;
    }
  }
  return { users, invisible, unregistered, opers, rooms: fx.core.roomCount };
}

type Op =
  | { kind: 'connect' }
  | { kind: 'register'; who: number }
  | { kind: 'mode'; who: number; flag: 'invisible' | 'wallops' | 'oper'; set: boolean }
  | { kind: 'oper'; who: number }
  | { kind: 'join'; who: number }
  | { kind: 'quit'; who: number };

const who = fc.nat(19);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.constant<Op>({ kind: 'connect' }),
  who.map((w): Op => ({ kind: 'register', who: w })),
  fc.record({ who, flag: fc.constantFrom('invisible' as const, 'wallops' as const, 'oper' as const), set: fc.boolean() })
    .map((r): Op => ({ kind: 'mode', ...r })),
  who.map((w): Op => ({ kind: 'oper', who: w })),
  who.map((w): Op => ({ kind: 'join', who: w })),
  who.map((w): Op => ({ kind: 'quit', who: w })),
);

test('stats: running counts equal a scan of every user after any sequence of connects, registrations, modes, opers and quits', () => {
  fc.assert(
    fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
      const fx = new CoreFixture();
      const users: TestUser[] = [];
      let n = 0;
      for (const o of ops) {
        if (o.kind === 'connect') {
          users.push(fx.connect());
          continue;
        }
        const t = users[o.who % Math.max(1, users.length)];
        if (t === undefined) continue;
        switch (o.kind) {
          case 'register': fx.core.register(t.user, `u${n++}`); break;
          case 'mode': fx.core.setUserModes(t.user, t.user.nick, [{ flag: o.flag, set: o.set }]); break;
          case 'oper': fx.core.grantOper(t.user); break;
          case 'join': fx.core.join(t.user, '#r'); break;
          case 'quit': fx.core.quit(t.user, 'bye'); break;
        }
        assert.deepEqual(fx.core.stats(), scan(fx));
      }
      assert.deepEqual(fx.core.stats(), scan(fx));
    }),
    { numRuns: 300 },
  );
});

test('stats: an oper who quits is no longer counted, and quitting twice changes nothing', () => {
  const fx = new CoreFixture();
  const a = fx.add('alice');
  fx.add('bob');
  fx.core.grantOper(a.user);
  fx.core.setUserModes(a.user, 'alice', [{ flag: 'invisible', set: true }]);
  assert.deepEqual(fx.core.stats(), { users: 2, invisible: 1, unregistered: 0, opers: 1, rooms: 0 });
  fx.core.quit(a.user, 'bye');
  fx.core.quit(a.user, 'bye again');
  assert.deepEqual(fx.core.stats(), { users: 1, invisible: 0, unregistered: 0, opers: 0, rooms: 0 });
});
