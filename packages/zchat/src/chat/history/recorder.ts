/**
 * The history recorder: an observer at the core's one emission point (core/emit.ts) that turns events into
 * store lines. It only queues (`ChatStore.append` is group-committed), so delivery never waits on the disk.
 * Kept: room messages, notices, actions and TAGMSGs with client tags, and the room events (join, part, kick,
 * topic, mode, rename); private messages only between two logged-in accounts, filed under a key of the two
 * accounts so that a nick taken later never reads them; a redaction deletes the line from the store.
 * Not kept: STATUSMSG (`@#room`, meant for ops only), and quit and nick changes (they name no room).
 */
import { casefold } from '../core/casemap.js';
import type { EventObserver } from '../core/emit.js';
import type { Actor } from '../core/actor.js';
import type { ChatEvent } from '../core/events.js';
import type { ChatStore, NewHistoryRecord } from '../store/types.js';

/** The history key of the private conversation between accounts `a` and `b` (order-free, folded). */
export function privateTarget(a: string, b: string): string {
  const [x, y] = [casefold(a), casefold(b)].sort();
  return `pm:${x}:${y}`;
}

function who(actor: Actor): Record<string, unknown> {
  return { nick: actor.nick, user: actor.username, host: actor.host, account: actor.account };
}

/** How the recorder finds a recipient's account (a read of the core's state; it never changes it). */
export type AccountOf = (nick: string) => string | null;

/** The store line for `event`, or null when it is not kept. Pure apart from `accountOf`. */
export function historyLine(event: ChatEvent, accountOf: AccountOf): NewHistoryRecord | null {
  const base = { msgid: event.id, time: event.time };
  switch (event.kind) {
    case 'message': {
      if (event.statusPrefix !== null) return null;
      const data = { ...who(event.actor), text: event.text, tags: event.clientTags };
      if (event.room !== null) return { ...base, target: event.room, kind: event.messageKind, data, parties: null };
      const from = event.actor.account;
      const to = accountOf(event.target);
      if (from === null || to === null) return null;
      return { ...base, target: privateTarget(from, to), kind: event.messageKind, data: { ...data, to: event.target }, parties: [from, to] };
    }
    case 'join':
      return { ...base, target: event.room, kind: 'join', data: who(event.actor), parties: null };
    case 'part':
      return { ...base, target: event.room, kind: 'part', data: { ...who(event.actor), reason: event.reason }, parties: null };
    case 'kick':
      return { ...base, target: event.room, kind: 'kick', data: { ...who(event.actor), target: event.target, reason: event.reason }, parties: null };
    case 'topic':
      return { ...base, target: event.room, kind: 'topic', data: { ...who(event.actor), topic: event.topic }, parties: null };
    case 'mode':
      return { ...base, target: event.room, kind: 'mode', data: { ...who(event.actor), changes: event.changes.map((c) => ({ ...c })) }, parties: null };
    case 'rename':
      return { ...base, target: event.room, kind: 'rename', data: { ...who(event.actor), oldRoom: event.oldRoom, reason: event.reason }, parties: null };
    default:
      return null;
  }
}

/**
 * An observer that keeps `store` in step with what the core emits. `accountOf` names the account of a
 * recipient nick (private messages). Never throws for an event it does not keep.
 */
export function historyRecorder(store: ChatStore, accountOf: AccountOf): EventObserver {
  return (event) => {
    if (event.kind === 'redact') {
      if (event.room !== null) store.removeMessage(event.room, event.msgid);
      else {
        const from = event.actor.account;
        const to = accountOf(event.target);
        if (from !== null && to !== null) store.removeMessage(privateTarget(from, to), event.msgid);
      }
      return;
    }
    const line = historyLine(event, accountOf);
    if (line !== null) store.append(line);
  };
}
