import type { Address } from "viem";
import { CairnError } from "../errors.js";
import { DecryptionFailedError, unwrapCid } from "../crypto/index.js";
import { openMessage } from "../message/index.js";
import type { Envelope } from "../envelope/index.js";
import type { TopicContext } from "./channelTopic.js";
import { checkPendingMessage, type CheckedPendingMessage, type PendingMessageChecks } from "./checkPendingMessage.js";
import { dropped, type Verdict } from "./dropReasons.js";
import { markDelivery } from "./markDelivery.js";

/** A pending message a member verified end to end and decrypted: safe to render as pending. */
export type PendingMessage = CheckedPendingMessage & { envelope: Envelope };

/** Runs a member's keyed step; a CairnError there (wrong key, AAD or tampering; a malformed plaintext) is the signer's fault. */
async function keyed<T>(signer: Address, run: () => Promise<T>): Promise<Verdict<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (cause) {
    if (cause instanceof DecryptionFailedError) return dropped("undecryptable", { signer, cause });
    if (cause instanceof CairnError) return dropped("invalid-content", { signer, cause });
    throw cause;
  }
}

/**
 * Verifies a pending message received on a member's topic (PROTOCOL.md §Verifying a pending
 * message, all steps): checkPendingMessage for the topic's channel and epoch, then the wrapped CID
 * unwraps with the epoch key under the sender's AAD to exactly the block's CID, and the block
 * decrypts to an envelope. Returns the message, or why it was dropped; never anything unverified.
 */
export async function verifyPendingMessage(bytes: Uint8Array, topic: TopicContext, checks: PendingMessageChecks): Promise<Verdict<PendingMessage>> {
  const checked = await checkPendingMessage(bytes, topic, checks, topic);
  if (!checked.ok) return checked;
  markDelivery("receive-checked");
  const message = checked.value;
  const { sender, signer } = message.transaction;
  const context = { chainId: topic.chainId, registry: topic.registry, channelId: topic.channelId, sender, key: topic.key };
  const unwrapped = await keyed(signer, () => unwrapCid({ ...context, wrappedCid: message.wrappedCid }));
  if (!unwrapped.ok) return unwrapped;
  if (!unwrapped.value.cid.equals(message.cid)) return dropped("cid-mismatch", { signer });
  const envelope = await keyed(signer, () => openMessage({ ...context, epoch: message.epoch, block: message.block }));
  if (!envelope.ok) return envelope;
  return { ok: true, value: { ...message, envelope: envelope.value } };
}
