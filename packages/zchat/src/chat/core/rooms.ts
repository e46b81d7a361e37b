/**
 * Rooms (IRC channels): members with privileges, topic, and modes as plain data. The rules that read
 * these fields (who may join, speak, change what) live in core.ts and room-ops.ts.
 */
import { casefold } from './casemap.js';
import { matchMask, mutePrefix } from './masks.js';
import type { ChatUser, UserId } from './users.js';

export type { ListMode, MemberPrivilege, RoomFlag, RoomMode, RoomModeChange } from './modes.js';
import type { ListMode, MemberPrivilege } from './modes.js';

/** A mask list entry: who set it and when (ms). */
export interface ListEntry {
  readonly mask: string;
  readonly setBy: string;
  readonly setAt: number;
}

/** The room's modes as data. */
export interface RoomModes {
  inviteOnly: boolean;
  moderated: boolean;
  noExternal: boolean;
  topicLocked: boolean;
  secret: boolean;
  /** No CTCP to the room but ACTION (`/me`). */
  noCtcp: boolean;
  /** Join key, or null. */
  key: string | null;
  /** Member limit, or null. */
  limit: number | null;
}

/** Modes of a new room: +nt, as most IRC servers do. */
export function defaultRoomModes(): RoomModes {
  return { inviteOnly: false, moderated: false, noExternal: true, topicLocked: true, secret: false, noCtcp: false, key: null, limit: null };
}

/** A room. Members iterate in join order. Mutate only through `ChatCore`. */
export class Room {
  /** The name as created or last renamed; change only through `ChatCore.renameRoom`. */
  name: string;
  folded: string;
  /** Creation time, ms since the epoch. */
  readonly createdAt: number;
  topic: string | null = null;
  /** Nick (or server name) that set the topic, '' when never set. */
  topicSetBy = '';
  topicSetAt = 0;
  readonly modes: RoomModes = defaultRoomModes();
  /** Members and their privileges (a Set each, so multi-prefix works). */
  readonly members = new Map<ChatUser, Set<MemberPrivilege>>();
  readonly lists: Record<ListMode, ListEntry[]> = { ban: [], except: [], invex: [] };
  /** Recent message id -> sender's user id, oldest first, at most `limits.recentMessages` (redact-ops.ts). */
  readonly recentMessages = new Map<string, UserId>();
  /** Folded nicks invited with INVITE; an invitation is used up by joining. */
  readonly invited = new Set<string>();
  /** The room's message rate (room-rate.ts): tokens left and when they were counted (0: never). */
  rateTokens = 0;
  rateAt = 0;

  constructor(name: string, createdAt: number) {
    this.name = name;
    this.folded = casefold(name);
    this.createdAt = createdAt;
  }

  /** @internal Set a new name (the core re-keys its maps around this call). */
  setName(name: string): void {
    this.name = name;
    this.folded = casefold(name);
  }

  /** Whether `user` is a member. */
  has(user: ChatUser): boolean {
    return this.members.has(user);
  }

  /** The member's privileges, or undefined for a non-member. */
  privileges(user: ChatUser): Set<MemberPrivilege> | undefined {
    return this.members.get(user);
  }

  /** Whether `user` is a member with op. */
  isOp(user: ChatUser): boolean {
    return this.members.get(user)?.has('op') === true;
  }

  /** Whether `user` is a member with op or voice. */
  isVoicedOrOp(user: ChatUser): boolean {
    const p = this.members.get(user);
    return p !== undefined && p.size > 0;
  }

  /**
   * Whether `mask` of `user` is on list `mode`: its plain masks, or with `mutes` its `m:` (mute) entries.
   */
  listMatches(mode: ListMode, user: ChatUser, mutes = false): boolean {
    const list = this.lists[mode];
    if (list.length === 0) return false;
    const subject = user.mask;
    for (const entry of list) {
      if (entry.mask.startsWith(mutePrefix) !== mutes) continue;
      if (matchMask(mutes ? entry.mask.slice(mutePrefix.length) : entry.mask, subject)) return true;
    }
    return false;
  }

  /** Banned: matches a ban and no ban exception. */
  isBanned(user: ChatUser): boolean {
    return this.listMatches('ban', user) && !this.listMatches('except', user);
  }

  /** Muted: matches an `m:` ban and no `m:` exception (it may join, but not speak unless voiced). */
  isMuted(user: ChatUser): boolean {
    return this.listMatches('ban', user, true) && !this.listMatches('except', user, true);
  }
}
