import type { Address } from "viem";
import { HEARTBEAT_MAX_INTERVAL_MS, HEARTBEAT_MIN_INTERVAL_MS, PRESENCE_TTL_MS, TYPING_INTERVAL_MS, TYPING_TTL_MS } from "./timings.js";
import type { PresenceBeat } from "./presence.js";

/** What a reader knows of one member's presence in a channel. */
export type PresenceRecord = {
  sender: Address;
  /** The reader's clock when the last beat arrived (presence never trusts the sender's clock for liveness). */
  lastSeenMs: number;
  /** The sender's timestamp of its last beat: a beat must be newer (replays are dropped). */
  lastTimestamp: number;
  /** "Typing…" until then (reader's clock); 0 when not typing. */
  typingUntilMs: number;
  /** The last beat was signed by the sender's session key. */
  signed: boolean;
};

/** Presence records of one channel, by lowercase address. */
export type PresenceMap = ReadonlyMap<string, PresenceRecord>;

/**
 * Adds an opened beat (openPresence) received at `receivedAtMs` (PROTOCOL.md §Presence beats): a
 * beat not newer than the sender's last one is dropped, and so is an unsigned beat for a member
 * whose signed beats are still fresh (another member cannot pass one off); `online` ends typing,
 * `typing` starts it, `offline` forgets the member. Returns the same map when nothing changed.
 */
export function reducePresence(presence: PresenceMap, beat: PresenceBeat, receivedAtMs: number): PresenceMap {
  const id = beat.sender.toLowerCase();
  const last = presence.get(id);
  if (last && beat.timestamp <= last.lastTimestamp) return presence;
  if (last?.signed && !beat.signedBy && receivedAtMs - last.lastSeenMs < PRESENCE_TTL_MS) return presence;
  const next = new Map(presence);
  if (beat.state === "offline") next.delete(id);
  else
    next.set(id, {
      sender: beat.sender,
      lastSeenMs: receivedAtMs,
      lastTimestamp: beat.timestamp,
      typingUntilMs: beat.state === "typing" ? receivedAtMs + TYPING_TTL_MS : 0,
      signed: beat.signedBy !== undefined,
    });
  return next;
}

/** The members online at `nowMs`: a beat within PRESENCE_TTL_MS. */
export function onlineMembers(presence: PresenceMap, nowMs: number): PresenceRecord[] {
  return [...presence.values()].filter((record) => nowMs - record.lastSeenMs < PRESENCE_TTL_MS);
}

/** The members typing at `nowMs`, except `self` (a client never shows its own typing). */
export function typingMembers(presence: PresenceMap, nowMs: number, self?: Address): PresenceRecord[] {
  return onlineMembers(presence, nowMs).filter((record) => record.typingUntilMs > nowMs && record.sender.toLowerCase() !== self?.toLowerCase());
}

/** The wait before the next heartbeat on a topic: uniformly 20..30 s, so beats never line up and never miss the 60-s expiry. */
export function heartbeatDelay(random: () => number = Math.random): number {
  return HEARTBEAT_MIN_INTERVAL_MS + Math.floor(random() * (HEARTBEAT_MAX_INTERVAL_MS - HEARTBEAT_MIN_INTERVAL_MS));
}

/** Whether a keystroke at `nowMs` sends a typing beat: at most one per TYPING_INTERVAL_MS. */
export function typingBeatDue(lastTypingBeatMs: number | undefined, nowMs: number): boolean {
  return lastTypingBeatMs === undefined || nowMs - lastTypingBeatMs >= TYPING_INTERVAL_MS;
}
