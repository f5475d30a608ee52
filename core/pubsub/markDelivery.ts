/**
 * The steps of a message's way from the sender's click to the reader's screen (PROTOCOL.md §16),
 * marked with the User Timing API as `cairn:<step>` so that DevTools' performance panel and
 * `npm run bench:app` can see where the time goes.
 */
export type DeliveryStep =
  /** Sender: encrypted and stored locally. */
  | "send-prepared"
  /** Sender: block (and files) pinned; the post goes out now. */
  | "send-pinned"
  /** Sender: the signed transaction is known (signed here, or read back from the node). */
  | "send-signed"
  /** Sender: the RPC node accepted the transaction (or the wallet returned its hash). */
  | "send-broadcast"
  /** Sender: the pending message left on the topic. */
  | "send-published"
  /** Reader: a pending message arrived on the topic. */
  | "receive-arrived"
  /** Reader: it passed the checks that need no key (transaction, signer, nonce, membership). */
  | "receive-checked"
  /** Reader: it decrypted; it is rendered as pending now. */
  | "receive-verified";

/**
 * Marks `step` now. Only the latest mark of each step is kept (the previous one is cleared), so a
 * long-running client holds a handful of entries, not one per message.
 */
export function markDelivery(step: DeliveryStep): void {
  const timeline = globalThis.performance;
  if (typeof timeline?.mark !== "function") return;
  const name = `cairn:${step}`;
  timeline.clearMarks(name);
  timeline.mark(name);
}
