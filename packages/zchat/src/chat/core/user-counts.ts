/**
 * Running counts of registered, invisible and operator users, kept up to date at each transition so that
 * LUSERS (sent in every IRC welcome burst) costs O(1) instead of a scan of every user: with 19,000
 * clients connecting, a scan per registration is 180 million user visits.
 */
import type { ChatUser, UserFlag } from './users.js';

/** Counted user flags (LUSERS reports them). */
const counted: ReadonlySet<UserFlag> = new Set<UserFlag>(['invisible', 'oper']);

/**
 * Counts over registered users. The core calls `registered`, `quit` and `flagChanged` at the only places
 * those states change; flags of users not yet registered are counted when they register.
 */
export class UserCounts {
  /** Registered users that have not quit. */
  registered = 0;
  /** Of those, how many have the invisible flag. */
  invisible = 0;
  /** Of those, how many are server operators. */
  opers = 0;

  /** `user` just became registered (ignored once it quit: a quit user is inert and counted nowhere). */
  onRegistered(user: ChatUser): void {
    if (user.quit) return;
    this.registered++;
    for (const f of user.flags) this.bump(f, 1);
  }

  /** `user` quit (call once, while `user.registered` still says whether it had registered). */
  onQuit(user: ChatUser): void {
    if (!user.registered) return;
    this.registered--;
    for (const f of user.flags) this.bump(f, -1);
  }

  /** `flag` was just set (`set`) or cleared on `user`; ignored for users not yet registered or gone. */
  onFlagChanged(user: ChatUser, flag: UserFlag, set: boolean): void {
    if (!user.registered || user.quit || !counted.has(flag)) return;
    this.bump(flag, set ? 1 : -1);
  }

  private bump(flag: UserFlag, by: number): void {
    if (flag === 'invisible') this.invisible += by;
    else if (flag === 'oper') this.opers += by;
  }
}
