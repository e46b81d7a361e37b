/**
 * Who did something, as plain data: user ids, user flags and the `Actor` snapshot that events carry
 * (events.ts). Live users are `ChatUser`s (users.ts).
 */

/**
 * A user's id, unique across a cluster and never reused: `<node>:<n>` (see `ChatCoreOptions.nodeId`).
 * Sessions use it to recognise their own actions in events; observers use it to name recipients.
 */
export type UserId = string;

/** User modes as named flags; each protocol maps them to its own letters (IRC: i, o, w, B). */
export type UserFlag = 'invisible' | 'oper' | 'wallops' | 'bot';

/**
 * A frozen snapshot of who did something, carried by events: later nick or host changes do not alter
 * events already made. `mask` is `nick!username@host`. The server itself acts with `isServer: true`.
 */
export interface Actor {
  /** The acting `ChatUser.id` (`<node>:0` for the server), so a session can recognise its own actions. */
  readonly id: UserId;
  readonly nick: string;
  readonly username: string;
  readonly host: string;
  readonly realname: string;
  readonly account: string | null;
  readonly protocol: string;
  readonly mask: string;
  readonly isServer: boolean;
}
