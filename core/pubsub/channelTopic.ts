import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "viem";
import { epochAad, assertKeyLength } from "../crypto/index.js";
import type { EpochContext } from "../crypto/index.js";
import { PUBSUB_LABEL, TOPIC_ID_LENGTH, TOPIC_PREFIX } from "./constants.js";

/** A channel epoch and its key: what a member subscribes with. */
export type TopicContext = EpochContext & { key: Uint8Array };

/**
 * The pubsub topic of a channel epoch (PROTOCOL.md §Pubsub topic):
 * "cairn/1/" ‖ hex(HKDF-SHA256(ikm = epoch key, salt = none, info = epochAad("Cairn/v1/pubsub-topic"), 16)).
 * Only holders of the epoch key can name it (anyone, for a public channel); it changes with each epoch.
 */
export function channelTopic(context: TopicContext): string {
  assertKeyLength(context.key, "epoch key");
  const id = hkdf(sha256, context.key, undefined, epochAad(PUBSUB_LABEL.topic, context), TOPIC_ID_LENGTH);
  return `${TOPIC_PREFIX}${bytesToHex(id).slice(2)}`;
}

/** Whether a topic name has the form of a Cairn topic (relays follow only these). */
export function isCairnTopic(topic: string): boolean {
  return topic.length === TOPIC_PREFIX.length + 2 * TOPIC_ID_LENGTH && topic.startsWith(TOPIC_PREFIX) && /^[0-9a-f]+$/.test(topic.slice(TOPIC_PREFIX.length));
}
