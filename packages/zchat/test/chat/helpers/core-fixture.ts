/**
 * A ChatCore with a settable clock and users whose sinks record every event, for core unit tests.
 */
import { makeConfig } from '../../../src/chat/config.js';
import type { DeepPartial, ChatConfig } from '../../../src/chat/config.js';
import { ChatCore } from '../../../src/chat/core/core.js';
import type { ChatEvent } from '../../../src/chat/core/events.js';
import type { ChatUser, SessionSink } from '../../../src/chat/core/users.js';

/** A sink that keeps every delivered event. */
export class RecordingSink implements SessionSink {
  readonly events: ChatEvent[] = [];
  deliver(event: ChatEvent): void {
    this.events.push(event);
  }
  /** Events of one kind. */
  of<K extends ChatEvent['kind']>(kind: K): Extract<ChatEvent, { kind: K }>[] {
    return this.events.filter((e): e is Extract<ChatEvent, { kind: K }> => e.kind === kind);
  }
  clear(): void {
    this.events.length = 0;
  }
}

/** A test user: the core user plus its recording sink. */
export interface TestUser {
  user: ChatUser;
  sink: RecordingSink;
}

/** A core under test with a manual clock (`fx.time`). */
export class CoreFixture {
  time = 1_000_000;
  readonly core: ChatCore;

  constructor(overrides: DeepPartial<ChatConfig> = {}) {
    this.core = new ChatCore(makeConfig(overrides), { now: () => this.time });
  }

  /** An unregistered user from `ip`. */
  connect(ip = '127.0.0.1', protocol = 'plain'): TestUser {
    const sink = new RecordingSink();
    const user = this.core.createUser({ protocol, sink, ip });
    return { user, sink };
  }

  /** A registered user named `nick`; throws if registration fails. */
  add(nick: string, ip = '127.0.0.1', protocol = 'plain'): TestUser {
    const t = this.connect(ip, protocol);
    const r = this.core.register(t.user, nick);
    if (!r.ok) throw new Error(`register ${nick}: ${r.error}`);
    return t;
  }

  /** Join or throw. */
  join(t: TestUser, room: string, key?: string): void {
    const r = this.core.join(t.user, room, key);
    if (!r.ok) throw new Error(`join ${room}: ${r.error}`);
  }

  /**
   * Register each nick and join its rooms, in the order given (the first to join a room is its op), then
   * clear every sink so a test sees only what it does itself. E.g. `seat({ op: ['#r'], outsider: [] })`.
   */
  seat<N extends string>(seating: Record<N, readonly string[]>): Record<N, TestUser> {
    const seated = {} as Record<N, TestUser>;
    for (const nick of Object.keys(seating) as N[]) seated[nick] = this.add(nick);
    for (const nick of Object.keys(seating) as N[]) for (const room of seating[nick]) this.join(seated[nick], room);
    for (const t of Object.values<TestUser>(seated)) t.sink.clear();
    return seated;
  }
}
