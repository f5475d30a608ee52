import { equalBytes } from "../encoding/index.js";
import type { DeploymentContext } from "../crypto/types.js";
import { checkPendingMessage, decodeDropReason, type PendingMessageChecks } from "./checkPendingMessage.js";
import { dropped, type Verdict } from "./dropReasons.js";
import { decodePendingMessage } from "./pendingMessageCodec.js";
import { parsePostTransaction } from "./parsePostTransaction.js";
import { checkPresence } from "./presence.js";
import { pubsubKind } from "./pubsubKind.js";

/** What a relay knows: with a deployment and chain state it checks as far as any keyless node can. */
export type RelayOptions = { deployment?: DeploymentContext; checks?: PendingMessageChecks };

/**
 * A relay's (pinning node's) verdict on a message of a Cairn topic it forwards without the
 * channel's key (PROTOCOL.md §16.4, §16.5): a presence beat's header and length; a pending
 * message's format, signed post transaction and carried wrapped CID, and, with a deployment and
 * chain state, the deployment, sender, nonce and membership checks too (checkPendingMessage).
 */
export async function relayVerdict(bytes: Uint8Array, options: RelayOptions = {}): Promise<Verdict<void>> {
  let kind;
  try {
    kind = pubsubKind(bytes);
  } catch (cause) {
    return dropped(decodeDropReason(cause), { cause });
  }
  if (kind === "presence") return checkPresence(bytes);
  if (options.deployment && options.checks) {
    const checked = await checkPendingMessage(bytes, options.deployment, options.checks);
    return checked.ok ? { ok: true, value: undefined } : checked;
  }
  try {
    const parts = decodePendingMessage(bytes);
    const transaction = await parsePostTransaction(parts.transaction);
    if (!transaction.wrappedCids.some((item) => equalBytes(item, parts.wrappedCid))) return dropped("wrapped-cid-not-in-transaction", { signer: transaction.signer });
    return { ok: true, value: undefined };
  } catch (cause) {
    return dropped(decodeDropReason(cause), { cause });
  }
}
