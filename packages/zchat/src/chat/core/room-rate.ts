/**
 * A room's message rate (issue 16): 300 members each within their own flood limits could together send a burst of
 * megabytes to every member at once and drop healthy readers for SendQ. A token bucket per room (as InspIRCd's
 * channel flood modes) caps what any member receives from one room: `limits.roomBurst` messages at once, then
 * `limits.roomLinesPerSecond`. Pure: the caller passes the clock.
 */
import type { Limits } from '../config.js';
import type { Room } from './rooms.js';

/** Take one message's token from `room` at `now` (ms). False when the room is at its rate; always true when off (0). */
export function takeRoomToken(room: Room, limits: Pick<Limits, 'roomBurst' | 'roomLinesPerSecond'>, now: number): boolean {
  const rate = limits.roomLinesPerSecond;
  if (rate <= 0) return true;
  const burst = limits.roomBurst;
  const tokens = room.rateAt === 0 ? burst : Math.min(burst, room.rateTokens + ((now - room.rateAt) * rate) / 1000);
  room.rateAt = now;
  if (tokens < 1) {
    room.rateTokens = tokens;
    return false;
  }
  room.rateTokens = tokens - 1;
  return true;
}
