import { isAddressEqual, type Address, type LogTopic, type PublicClient } from "viem";
import { channelRegistryAbi } from "../contracts/generated.js";
import { MalformedPointerChainError } from "./errors.js";
import { headBlock } from "./headBlock.js";
import { rangeLimitOf } from "./createRangeLimit.js";
import { fetchAllForward } from "./logPaging.js";
import { readChannelInfo } from "./readChannelInfo.js";
import { MEMBERSHIP_EVENTS, STATE_EVENTS, eventTopics, registryLogFetcher, uintTopic, type RegistryLog } from "./registryLogs.js";
import type { BlockRange } from "./types.js";
import { withRetry, type RetryOptions } from "./withRetry.js";

/**
 * The registry's pointer chains (docs/PROTOCOL.md "Finding data from the registry address alone"):
 * a channel's messages by window, a channel's state by block, an account's membership changes by
 * block, and the public channels by block.
 */
export type RegistryChain =
  | { kind: "messages"; channelId: bigint }
  | { kind: "state"; channelId: bigint }
  | { kind: "account"; account: Address }
  | { kind: "publicChannels" };

/** One link of a chain: the block range it covers and the chain's events in it, in chain order (link events left out). */
export type ChainLink = { range: BlockRange; logs: RegistryLog[] };

type ChainSpec = {
  /** The newest pointer (a window index + 1 or a block); 0 = an empty chain. */
  head: bigint;
  range(pointer: bigint): BlockRange;
  topics: LogTopic[];
  /** The event of this chain that names the pointer before. */
  isLink(log: RegistryLog): boolean;
  /** Whether `log` is one of the chain's events. */
  isEvent(log: RegistryLog): boolean;
  previous(link: RegistryLog): bigint;
  /** The state chain's first block (the channel's creation) has no link; the other chains link to 0. */
  firstHasLink: boolean;
};

type WalkParameters = { registry: Address; chain: RegistryChain; maxRange?: bigint; retry?: RetryOptions };

const block = (pointer: bigint): BlockRange => ({ fromBlock: pointer, toBlock: pointer });

async function chainSpec(client: PublicClient, params: WalkParameters): Promise<ChainSpec> {
  const { registry, chain, retry } = params;
  const contract = { address: registry, abi: channelRegistryAbi } as const;
  const previousBlock = (link: RegistryLog) =>
    link.eventName === "ChannelLinked" || link.eventName === "AccountLinked" || link.eventName === "PublicChannelsLinked" ? link.args.previousBlock : 0n;
  switch (chain.kind) {
    case "messages": {
      const [info, windowBlocks, head] = await Promise.all([
        readChannelInfo(client, { registry, channelId: chain.channelId, retry }),
        withRetry(() => client.readContract({ ...contract, functionName: "windowBlocks" }), retry),
        headBlock(client, retry),
      ]);
      const size = BigInt(windowBlocks);
      return {
        head: BigInt(info.messageWindow),
        range: (window) => ({ fromBlock: (window - 1n) * size, toBlock: window * size - 1n < head ? window * size - 1n : head }),
        topics: [eventTopics(["Posted", "BatchPosted", "MessagesLinked"]), uintTopic(chain.channelId)],
        isLink: (log) => log.eventName === "MessagesLinked",
        isEvent: (log) => log.eventName === "Posted" || log.eventName === "BatchPosted",
        previous: (link) => (link.eventName === "MessagesLinked" ? BigInt(link.args.previousWindow) : 0n),
        firstHasLink: true,
      };
    }
    case "state": {
      const info = await readChannelInfo(client, { registry, channelId: chain.channelId, retry });
      return {
        head: info.stateBlock,
        range: block,
        topics: [eventTopics([...STATE_EVENTS, "ChannelLinked"]), uintTopic(chain.channelId)],
        isLink: (log) => log.eventName === "ChannelLinked",
        isEvent: (log) => log.eventName !== "ChannelLinked",
        previous: previousBlock,
        firstHasLink: false,
      };
    }
    case "account": {
      const { account } = chain;
      const concerns = (log: RegistryLog) => {
        const who = log.eventName === "ChannelCreated" ? log.args.creator : "account" in log.args ? log.args.account : undefined;
        return who !== undefined && isAddressEqual(who, account);
      };
      return {
        head: await withRetry(() => client.readContract({ ...contract, functionName: "lastMembershipBlock", args: [account] }), retry),
        range: block,
        // Position 1 is the channel id for the membership events and the account for AccountLinked:
        // one call per block for all of them, sorted out here.
        topics: [eventTopics([...MEMBERSHIP_EVENTS, "AccountLinked"])],
        isLink: (log) => log.eventName === "AccountLinked" && concerns(log),
        isEvent: (log) => log.eventName !== "AccountLinked" && concerns(log),
        previous: previousBlock,
        firstHasLink: true,
      };
    }
    case "publicChannels":
      return {
        head: await withRetry(() => client.readContract({ ...contract, functionName: "lastPublicChannelBlock" }), retry),
        range: block,
        topics: [eventTopics(["ChannelCreated", "PublicChannelsLinked"])],
        isLink: (log) => log.eventName === "PublicChannelsLinked",
        isEvent: (log) => log.eventName === "ChannelCreated" && log.args.isPublic,
        previous: previousBlock,
        firstHasLink: true,
      };
  }
}

/**
 * Walks one pointer chain of the registry from its head (a view) to its start, newest link first:
 * each link is one `eth_getLogs` range (paged by `maxRange` if the RPC needs it) holding the
 * chain's events and the link event naming the link before. Empty block ranges are never read.
 * Throws MalformedPointerChainError when a link is missing or points forward.
 */
export async function* walkRegistryChain(client: PublicClient, params: WalkParameters): AsyncGenerator<ChainLink> {
  const spec = await chainSpec(client, params);
  const fetch = registryLogFetcher(client, params.registry, spec.topics, params.retry);
  const kind = params.chain.kind;
  let pointer = spec.head;
  while (pointer !== 0n) {
    const range = spec.range(pointer);
    const logs = await fetchAllForward(fetch, range, { limit: rangeLimitOf(client), maxRange: params.maxRange });
    yield { range, logs: logs.filter(spec.isEvent) };
    const link = logs.find(spec.isLink);
    if (!link) {
      if (spec.firstHasLink || !logs.some((log) => log.eventName === "ChannelCreated")) {
        throw new MalformedPointerChainError(kind, pointer, "no link event");
      }
      return;
    }
    const previous = spec.previous(link);
    if (previous >= pointer) throw new MalformedPointerChainError(kind, pointer, `it points forward to ${previous}`);
    pointer = previous;
  }
}
