import type { PublicClient } from "viem";
import {
  addressTopic,
  eventTopics,
  fetchAllForward,
  headBlock,
  MESSAGE_EVENTS,
  rangeLimitOf,
  registryLogFetcher,
  toChainMessages,
  uintTopic,
  type ChainMessage,
  type RetryOptions,
} from "../chain/index.js";
import { equalBytes } from "../encoding/index.js";
import type { ChannelContext, OutgoingMessage, PostAttempt } from "./types.js";

/** A message's copy on the chain: the attempt whose wrapped CID it carries, and the chain message. */
export type PostedCopy = { attempt: PostAttempt; copy: ChainMessage };

/**
 * For each message, the first chain message (in chain order) carrying the wrapped CID of one of
 * its attempts. A wrapped CID holds a random IV, so nothing else can carry the same bytes.
 */
export function matchPostedMessages(messages: readonly OutgoingMessage[], chain: readonly ChainMessage[]): Map<OutgoingMessage, PostedCopy> {
  const found = new Map<OutgoingMessage, PostedCopy>();
  for (const copy of chain) {
    for (const message of messages) {
      if (found.has(message)) continue;
      const attempt = message.attempts.find((candidate) => equalBytes(candidate.sealed.wrappedCid, copy.wrappedCid));
      if (attempt) found.set(message, { attempt, copy });
    }
  }
  return found;
}

/**
 * Looks for the messages' earlier attempts on the chain: the Posted / BatchPosted logs of their
 * channel from this sender, since the oldest attempt's head block. Messages never attempted are
 * not looked for. All messages belong to one channel. `retry` is the read policy (withRetry's).
 */
export async function findPostedMessages(
  context: Pick<ChannelContext, "publicClient" | "deployment" | "account" | "maxRange">,
  messages: readonly OutgoingMessage[],
  retry?: RetryOptions,
): Promise<Map<OutgoingMessage, PostedCopy>> {
  const attempted = messages.filter((message) => message.attempts.length > 0);
  if (attempted.length === 0) return new Map();
  const fromBlock = attempted.flatMap((message) => message.attempts).reduce((oldest, attempt) => (attempt.fromBlock < oldest ? attempt.fromBlock : oldest), attempted[0].attempts[0].fromBlock);
  const client: PublicClient = context.publicClient;
  const topics = [eventTopics(MESSAGE_EVENTS), uintTopic(attempted[0].channelId), addressTopic(context.account)];
  const fetch = registryLogFetcher(client, context.deployment.channelRegistry, topics, retry);
  const logs = await fetchAllForward(fetch, { fromBlock, toBlock: await headBlock(client, retry) }, { limit: rangeLimitOf(client), maxRange: context.maxRange });
  return matchPostedMessages(attempted, toChainMessages(logs));
}
