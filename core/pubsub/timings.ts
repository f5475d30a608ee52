/**
 * Timings and limits of presence and delivery (docs/PROTOCOL.md §16.5, §16.6), apart from the
 * byte formats of constants.ts so that the reducers the app renders with import nothing else.
 */

/** A client sends a beat on each channel topic every 20..30 s (random in between, never more than 30 s). */
export const HEARTBEAT_MIN_INTERVAL_MS = 20_000;
export const HEARTBEAT_MAX_INTERVAL_MS = 30_000;
/** A member is online for this long after its last beat (two missed beats). */
export const PRESENCE_TTL_MS = 60_000;
/** At most one typing beat per channel in this interval while the user types. */
export const TYPING_INTERVAL_MS = 3_000;
/** "Typing…" shows this long after the last typing beat (two intervals: one lost beat does not flicker). */
export const TYPING_TTL_MS = 6_000;
/** A beat whose timestamp is further than this from the reader's clock is stale (replayed or a wrong clock). */
export const MAX_CLOCK_SKEW_MS = 60_000;

/**
 * Nonce window of a pending message's transaction, against the signer's confirmed transaction
 * count c: nonces below c − MAX_NONCE_BEHIND are replays of old history, c − MAX_NONCE_BEHIND..c − 1
 * were mined a moment ago (the chain copy serves), c..c + MAX_NONCE_AHEAD − 1 are accepted and
 * anything higher cannot be mined soon.
 */
export const MAX_NONCE_BEHIND = 16;
export const MAX_NONCE_AHEAD = 16;

/** A pending message whose transaction is not mined within this many blocks is "not confirmed" (120 s at 12-s blocks). */
export const DEFAULT_CONFIRM_BLOCKS = 10;
/** Pending (unconfirmed) messages kept per sender and channel; more are dropped until some confirm. */
export const DEFAULT_MAX_PENDING_PER_SENDER = 256;
