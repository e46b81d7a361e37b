/**
 * Room modes and member privileges as names: plain data shared by rooms (rooms.ts) and the events that
 * report changes (events.ts). Each protocol maps them to its own letters (IRC: i m n t s C, k l, o v, b e I).
 */

/** Member privileges, highest first. IRC maps them to `@` and `+` (PREFIX=(ov)@+). */
export type MemberPrivilege = 'op' | 'voice';
/** On/off room modes (IRC i, m, n, t, s, C). */
export type RoomFlag = 'inviteOnly' | 'moderated' | 'noExternal' | 'topicLocked' | 'secret' | 'noCtcp';
/** Mask lists (IRC b, e, I). */
export type ListMode = 'ban' | 'except' | 'invex';
/** Every room mode by name. */
export type RoomMode = RoomFlag | 'key' | 'limit' | MemberPrivilege | ListMode;

/**
 * One mode change. `param` is required for key (when set), limit (when set, a decimal number), op/voice
 * (a nick) and the mask lists (a mask); the core fills in the canonical value when it applies the change.
 */
export interface RoomModeChange {
  readonly mode: RoomMode;
  readonly set: boolean;
  readonly param?: string;
}
