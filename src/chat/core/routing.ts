/**
 * Fan-out: who receives an event. One shared event object goes to every recipient's sink; nothing is
 * copied per recipient.
 */
import type { ChatEvent } from './events.js';
import type { MemberPrivilege, Room } from './rooms.js';
import type { ChatUser } from './users.js';

const PRIVILEGE_RANK: Record<MemberPrivilege, number> = { op: 2, voice: 1 };

/**
 * Deliver `event` to every member of `room` except `skip`; with `minPrivilege`, only to members holding
 * that privilege or a higher one (IRC STATUSMSG).
 */
export function deliverToRoom(room: Room, event: ChatEvent, skip: ChatUser | null, minPrivilege: MemberPrivilege | null): void {
  if (minPrivilege === null) {
    for (const member of room.members.keys()) if (member !== skip) member.sink.deliver(event);
    return;
  }
  const need = PRIVILEGE_RANK[minPrivilege];
  for (const [member, privileges] of room.members) {
    if (member === skip) continue;
    let rank = 0;
    for (const p of privileges) rank = Math.max(rank, PRIVILEGE_RANK[p]);
    if (rank >= need) member.sink.deliver(event);
  }
}

/**
 * Deliver `event` once to each user sharing a room with `user` (deduplicated across rooms), and to `user`
 * itself when `includeSelf`.
 */
export function deliverToPeers(user: ChatUser, event: ChatEvent, includeSelf: boolean): void {
  if (includeSelf) user.sink.deliver(event);
  if (user.rooms.size === 1) {
    for (const room of user.rooms.values()) deliverToRoom(room, event, user, null);
    return;
  }
  const seen = new Set<ChatUser>([user]);
  for (const room of user.rooms.values()) {
    for (const member of room.members.keys()) {
      if (seen.has(member)) continue;
      seen.add(member);
      member.sink.deliver(event);
    }
  }
}
