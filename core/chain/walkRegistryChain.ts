import { isAddressEqual, type Address, type LogTopic, type PublicClient } from "viem";
import { channelRegistryAbi } from "../contracts/generated.js";
import { rangeLimitOf } from "./createRangeLimit.js";
import { MalformedPointerChainError } from "./errors.js";
import { headBlock } from "./headBlock.js";
import { pages } from "./logPaging.js";
import { readChannelInfo, type ChannelInfo } from "./readChannelInfo.js";
import { readViews } from "./readViews.js";
import { readView } from "./readView.js";
import { MEMBERSHIP_EVENTS, STATE_EVENTS, eventTopics, registryLogFetcher, uintTopic, type RegistryLog } from "./registryLogs.js";
import type { BlockRange } from "./types.js";
import type { RetryOptions } from "./withRetry.js";

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

/**
 * One link of a chain: its pointer, the blocks it covers, the chain's events there in chain order
 * (the link event apart), and the pointer of the link before (0 = none: the chain's start).
 */
export type ChainLink = { pointer: bigint; range: BlockRange; logs: RegistryLog[]; link?: RegistryLog; previous: bigint };

/** One chain to walk, and where: from its head view (or `from`) down to its start (or to `after`). */
export type ChainWalk = RegistryChain & {
  /** Start at this pointer (a window index + 1 for messages, a block otherwise) instead of the chain's head view. */
  from?: bigint;
  /** Read nothing at or below this block (what is known already): the walk stops there. */
  after?: bigint;
};

export type WalkParameters = {
  registry: Address;
  /** Read as of this block: the views at it, no log above it (default the latest block). */
  atBlock?: bigint;
  /** No registry log is older (its deployment block; default 0): the lowest block a read asks for. */
  fromBlock?: bigint;
  /** Blocks per message window (the registry's `windowBlocks`; read when needed and not given). */
  windowBlocks?: bigint;
  maxRange?: bigint;
  retry?: RetryOptions;
};

/** How one chain reads: its filter, which logs are its events and links, and what a pointer covers. */
type ChainRules = {
  topics: (pending: ChainWalk[]) => LogTopic[];
  belongs(walk: ChainWalk, log: RegistryLog): boolean;
  isLink(log: RegistryLog): boolean;
  previous(link: RegistryLog): bigint;
  range(pointer: bigint): BlockRange;
  /** The state chain's first block (the channel's creation) has no link; the other chains link to 0. */
  firstHasLink: boolean;
};

type Cursor = { walk: ChainWalk; pointer: bigint };

const channelOf = (walk: ChainWalk) => (walk.kind === "messages" || walk.kind === "state" ? walk.channelId : 0n);
const idTopics = (pending: ChainWalk[]) => pending.map((walk) => uintTopic(channelOf(walk)));
const blockRange = (pointer: bigint): BlockRange => ({ fromBlock: pointer, toBlock: pointer });
const max = (a: bigint, b: bigint) => (a > b ? a : b);
const min = (a: bigint, b: bigint) => (a < b ? a : b);
const previousBlock = (link: RegistryLog) =>
  link.eventName === "ChannelLinked" || link.eventName === "AccountLinked" || link.eventName === "PublicChannelsLinked" ? link.args.previousBlock : 0n;
const concernsAccount = (log: RegistryLog, account: Address) => {
  const who = log.eventName === "ChannelCreated" ? log.args.creator : "account" in log.args ? log.args.account : undefined;
  return who !== undefined && isAddressEqual(who, account);
};

function rulesOf(kind: RegistryChain["kind"], windowBlocks: bigint, atBlock: bigint): ChainRules {
  switch (kind) {
    case "messages":
      return {
        topics: (pending) => [eventTopics(["Posted", "BatchPosted", "MessagesLinked"]), idTopics(pending)],
        belongs: (walk, log) => "channelId" in log.args && log.args.channelId === channelOf(walk),
        isLink: (log) => log.eventName === "MessagesLinked",
        previous: (link) => (link.eventName === "MessagesLinked" ? BigInt(link.args.previousWindow) : 0n),
        range: (window) => ({ fromBlock: (window - 1n) * windowBlocks, toBlock: min(window * windowBlocks - 1n, atBlock) }),
        firstHasLink: true,
      };
    case "state":
      return {
        topics: (pending) => [eventTopics([...STATE_EVENTS, "ChannelLinked"]), idTopics(pending)],
        belongs: (walk, log) => "channelId" in log.args && log.args.channelId === channelOf(walk),
        isLink: (log) => log.eventName === "ChannelLinked",
        previous: previousBlock,
        range: blockRange,
        firstHasLink: false,
      };
    case "account":
      return {
        // Position 1 is the channel id for the membership events and the account for AccountLinked:
        // one filter for both, sorted out here.
        topics: () => [eventTopics([...MEMBERSHIP_EVENTS, "AccountLinked"])],
        belongs: (walk, log) => walk.kind === "account" && concernsAccount(log, walk.account),
        isLink: (log) => log.eventName === "AccountLinked",
        previous: previousBlock,
        range: blockRange,
        firstHasLink: true,
      };
    case "publicChannels":
      return {
        topics: () => [eventTopics(["ChannelCreated", "PublicChannelsLinked"])],
        belongs: (_walk, log) => log.eventName === "PublicChannelsLinked" || (log.eventName === "ChannelCreated" && log.args.isPublic),
        isLink: (log) => log.eventName === "PublicChannelsLinked",
        previous: previousBlock,
        range: blockRange,
        firstHasLink: true,
      };
  }
}

/** The newest pointer of each chain (a view at `atBlock`), for those walked from their head. */
async function headPointers(client: PublicClient, params: WalkParameters, walks: ChainWalk[], atBlock: bigint): Promise<bigint[]> {
  const { registry, retry } = params;
  const fromHead = walks.filter((walk) => walk.from === undefined);
  const view = <name extends "lastMembershipBlock" | "lastPublicChannelBlock">(functionName: name, args: readonly unknown[]) =>
    readView(client, { address: registry, abi: channelRegistryAbi, functionName, args, blockNumber: atBlock } as never, retry) as Promise<bigint>;
  const ids = fromHead.filter((walk) => walk.kind === "messages" || walk.kind === "state").map(channelOf);
  const infos = new Map<bigint, ChannelInfo | Error>();
  if (ids.length === 1) infos.set(ids[0], await readChannelInfo(client, { registry, channelId: ids[0], blockNumber: atBlock, retry }));
  if (ids.length > 1) {
    const calls = ids.map((channelId) => ({ address: registry, abi: channelRegistryAbi, functionName: "channelInfo", args: [channelId] }));
    (await readViews<ChannelInfo>(client, calls, { blockNumber: atBlock, retry })).forEach((info, index) => infos.set(ids[index], info));
  }
  return Promise.all(
    walks.map(async (walk) => {
      if (walk.from !== undefined) return walk.from;
      if (walk.kind === "account") return BigInt(await view("lastMembershipBlock", [walk.account]));
      if (walk.kind === "publicChannels") return BigInt(await view("lastPublicChannelBlock", []));
      const info = infos.get(walk.channelId)!;
      if (info instanceof Error) throw info;
      return walk.kind === "messages" ? BigInt(info.messageWindow) : info.stateBlock;
    }),
  );
}

/**
 * Walks pointer chains of one kind at once (e.g. the state chains of several channels), each from
 * its head (a view) towards its start, newest link first. Reads are shared and as wide as the
 * endpoint accepts: a read ends at the newest block still needed and takes in every link it
 * covers (of every chain), and the next read starts at the next link below, so empty block
 * ranges are never read. Throws MalformedPointerChainError when a link is missing or points forward.
 */
export async function* walkRegistryChains(
  client: PublicClient,
  params: WalkParameters & { chains: readonly ChainWalk[] },
): AsyncGenerator<{ chain: ChainWalk; link: ChainLink }> {
  const walks = [...params.chains];
  if (walks.length === 0) return;
  const kind = walks[0].kind;
  if (walks.some((walk) => walk.kind !== kind)) throw new TypeError("walkRegistryChains walks chains of one kind at a time.");
  const { registry, retry, maxRange } = params;
  const atBlock = params.atBlock ?? (await headBlock(client, retry));
  const needsWindow = kind === "messages" && params.windowBlocks === undefined;
  const [windowBlocks, heads] = await Promise.all([
    needsWindow ? readView(client, { address: registry, abi: channelRegistryAbi, functionName: "windowBlocks", args: [] }, retry).then(BigInt) : params.windowBlocks ?? 0n,
    headPointers(client, params, walks, atBlock),
  ]);
  const rules = rulesOf(kind, windowBlocks, atBlock);
  const lowest = params.fromBlock ?? 0n;
  let pending: Cursor[] = walks.map((walk, index) => ({ walk, pointer: heads[index] })).filter((cursor) => cursor.pointer !== 0n);
  /** The logs of the blocks [low, high] read last, for the chains still pending then. */
  let segment: { low: bigint; high: bigint; logs: RegistryLog[] } | undefined;
  /** The first block a chain may still need: above what it knows already, from the deployment on. */
  const floorOf = (cursor: Cursor) => max(lowest, (cursor.walk.after ?? -1n) + 1n);
  /** A pointer's blocks from the chain's floor on, and whether `after` cut some off. */
  const rangeOf = (cursor: Cursor) => {
    const range = rules.range(cursor.pointer);
    const known = cursor.walk.after !== undefined && cursor.walk.after >= range.fromBlock;
    return { fromBlock: max(range.fromBlock, floorOf(cursor)), toBlock: range.toBlock, known };
  };

  while (pending.length > 0) {
    for (let progressed = true; progressed && segment !== undefined; ) {
      progressed = false;
      for (const cursor of [...pending]) {
        const { fromBlock, toBlock, known } = rangeOf(cursor);
        const finish = () => void (pending = pending.filter((other) => other !== cursor));
        if (toBlock < fromBlock) {
          finish();
          continue;
        }
        if (toBlock > segment.high || toBlock < segment.low) continue;
        const mine = segment.logs.filter((log) => log.blockNumber >= fromBlock && log.blockNumber <= toBlock && rules.belongs(cursor.walk, log));
        const link = mine.find((log) => rules.isLink(log));
        if (link === undefined && segment.low > fromBlock) continue;
        progressed = true;
        const previous = link ? rules.previous(link) : 0n;
        const logs = mine.filter((log) => !rules.isLink(log));
        yield { chain: cursor.walk, link: { pointer: cursor.pointer, range: { fromBlock, toBlock }, logs, link, previous } };
        if (link === undefined) {
          if (!known && (rules.firstHasLink || !mine.some((log) => log.eventName === "ChannelCreated"))) {
            throw new MalformedPointerChainError(kind, cursor.pointer, "no link event");
          }
          finish();
        } else if (previous >= cursor.pointer) {
          throw new MalformedPointerChainError(kind, cursor.pointer, `it points forward to ${previous}`);
        } else if (previous === 0n) finish();
        else cursor.pointer = previous;
      }
    }
    if (pending.length === 0) break;
    const ends = pending.map((cursor) => {
      const { toBlock } = rangeOf(cursor);
      return segment && toBlock >= segment.low ? segment.low - 1n : toBlock;
    });
    const end = ends.reduce(max);
    const floor = pending.map(floorOf).reduce(min);
    const fetch = registryLogFetcher(client, registry, rules.topics(pending.map((cursor) => cursor.walk)), retry);
    const reader = pages(fetch, { fromBlock: floor, toBlock: end }, "backward", { limit: rangeLimitOf(client), maxRange });
    const first = await reader.next();
    await reader.return(undefined);
    const page = first.done ? undefined : first.value;
    if (!page) break;
    segment =
      segment && end === segment.low - 1n
        ? { low: page.range.fromBlock, high: segment.high, logs: [...page.items, ...segment.logs] }
        : { low: page.range.fromBlock, high: page.range.toBlock, logs: page.items };
  }
}

/**
 * Walks one pointer chain of the registry from its head (a view) to its start, newest link first:
 * each link is one window or block, read as widely as the endpoint accepts together with the
 * links near it, never reading an empty block range (see walkRegistryChains).
 */
export async function* walkRegistryChain(client: PublicClient, params: WalkParameters & { chain: ChainWalk }): AsyncGenerator<ChainLink> {
  for await (const { link } of walkRegistryChains(client, { ...params, chains: [params.chain] })) yield link;
}
