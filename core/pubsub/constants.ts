import { IV_LENGTH, MAX_WRAPPED_CID_LENGTH, TAG_LENGTH } from "../encoding/index.js";
import { MAX_MESSAGE_BLOCK_LENGTH } from "../message/index.js";

/** Formats, limits and timings of Cairn's pubsub traffic (docs/PROTOCOL.md §Pending messages over pubsub). */

/** The version byte of every pubsub message. */
export const PUBSUB_VERSION = 1;
/** The kind byte after the version: a pending message or a presence beat. */
export const PUBSUB_KIND = { pendingMessage: 0x01, presence: 0x02 } as const;
export type PubsubKind = keyof typeof PUBSUB_KIND;

/** Every Cairn topic starts with this; 32 lowercase hex digits of the topic id follow. */
export const TOPIC_PREFIX = "cairn/1/";
export const TOPIC_ID_LENGTH = 16;

/** Domain-separation labels (the same role as the AAD labels of §2). */
export const PUBSUB_LABEL = {
  topic: "Cairn/v1/pubsub-topic",
  presence: "Cairn/v1/presence",
  presenceSignature: "Cairn/v1/presence-signature",
} as const;

/**
 * The longest signed transaction a pending message carries. The largest post Cairn sends,
 * postBatchAs with 128 wrapped CIDs of 128 bytes, is about 16.9 kB signed; the rest leaves room
 * for an access list a wallet may add.
 */
export const MAX_PUBSUB_TRANSACTION_LENGTH = 20_480;
/** version, kind, wrapped-CID length, wrapped CID, transaction length, transaction, block. */
export const MAX_PENDING_MESSAGE_LENGTH =
  2 + 1 + MAX_WRAPPED_CID_LENGTH + 4 + MAX_PUBSUB_TRANSACTION_LENGTH + MAX_MESSAGE_BLOCK_LENGTH;

/** What a presence beat says about its sender. */
export const PRESENCE_STATE = { online: 1, typing: 2, offline: 3 } as const;
export type PresenceState = keyof typeof PRESENCE_STATE;
/** Plaintext of a presence beat: state, sender, timestamp, signature, zero padding. */
export const PRESENCE_PLAINTEXT_LENGTH = 128;
/** Every presence beat has exactly this length (version, kind, IV, ciphertext, tag). */
export const PRESENCE_LENGTH = 2 + IV_LENGTH + PRESENCE_PLAINTEXT_LENGTH + TAG_LENGTH;
export const PRESENCE_SIGNATURE_LENGTH = 65;

export * from "./timings.js";
