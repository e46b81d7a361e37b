/**
 * Where a cluster attaches to the core (chat/cluster/node.ts); a lone server leaves all of it unset.
 * - `NickClaims`: a nick must be held cluster-wide before the core gives it out. Gateways ask
 *   `core.nickClaims` (null on a lone server) before `changeNick`/`register` with a nick, and wait for it.
 * - `ClusterHooks`: registrations (which make no event) are told, and room and peer deliveries may be
 *   held until the bus has put them in the cluster's one order.
 */
import type { Audience } from './emit.js';
import type { ChatEvent, WireCache } from './events.js';
import type { ChatUser, UserId } from './users.js';

/** Cluster-wide nick ownership (e.g. Redis SET NX with the owner). */
export interface NickClaims {
  /**
   * Hold `folded` (a casefolded nick) for user `owner`: resolves true when it is now held by `owner` (or
   * already was), false when someone else holds it. Never rejects: an unreachable authority is false.
   */
  reserve(folded: string, owner: UserId): Promise<boolean>;
}

/** What a cluster hooks into the core. Hooks run synchronously inside core operations: no blocking. */
export interface ClusterHooks {
  /** `user` (local) just completed registration. */
  registered(user: ChatUser): void;
  /**
   * Called by `emit` for 'room' and 'peers' audiences with the local recipients resolved now. Return
   * true to take them over (deliver them later, in bus order, with `wire`); false delivers them at once.
   */
  hold(event: ChatEvent, audience: Audience, recipients: ChatUser[], wire: WireCache): boolean;
}
