import { keccak256, stringToHex, type Address, type Hex, type Log, type PublicClient } from "viem";
import { blockTimesOf } from "./blockTimes.js";
import type { BlockId, LogCache, LogCacheRecord } from "./createLogCache.js";
import { createLogCache } from "./createLogCache.js";
import { createMemoryLogStore } from "./createMemoryLogStore.js";
import { rangeLimitOf } from "./createRangeLimit.js";
import { compareLogs, logFetcher } from "./logFetcher.js";
import { pages } from "./logPaging.js";
import { readBlockHeader, type BlockHeader } from "./readBlockHeader.js";
import { backoffDelay, retryAfterMs, type RetryOptions } from "./withRetry.js";

/** What the engine needs of a (decoded) log. */
export type SyncLog = { blockNumber: bigint; blockHash: Hex; logIndex: number; topics: readonly Hex[]; removed?: boolean; blockTimestamp?: bigint };

/** The changes of one sync, in chain order: logs new to the cache, and cached logs a reorg removed. */
export type LogDelta<T> = { added: T[]; removed: T[] };

export type LogSyncParameters<T extends SyncLog> = {
  client: PublicClient;
  /** Where synced logs persist across runs (openLogCache); default: in memory for this engine's life. */
  cache?: LogCache;
  address: Address;
  /** topic0 of the events followed, ORed. */
  events: Hex[];
  /** The first block of interest (the deployment block, or the block a watcher starts at). */
  fromBlock: bigint;
  /** Turns raw logs into `T` (e.g. parseEventLogs with the contract's ABI); default the raw logs. */
  decode?: (logs: Log[]) => T[];
  /** Recent blocks whose hashes a member checks for a reorg (synced heads and blocks of its logs; default 64): a deeper reorg resets the member. */
  keepBlocks?: number;
  /** A hard upper bound on the blocks of one `eth_getLogs` call (default none). */
  maxRange?: bigint;
  retry?: RetryOptions;
};

export type FollowOptions<T> = {
  /** Told every non-empty change, in order; the next poll waits for it. */
  onDelta: (delta: LogDelta<T>) => void | Promise<void>;
  /** Told every failed poll (typed RPC errors); polling goes on with backoff. */
  onError?: (error: unknown) => void;
  /** A fixed poll interval in ms; default: the chain's block time, measured from block timestamps. */
  pollingInterval?: number;
  /** Bounds of the measured poll interval, ms (default 1,000 and 12,000). */
  minPollMs?: number;
  maxPollMs?: number;
  /** Upper bound of the backoff after consecutive failures, ms (default 30,000). */
  maxBackoffMs?: number;
};

export type LogSync<T> = {
  /** Adds filter members (topic-1 values: channel ids, the account as a 32-byte topic); each one's history is read once, at the next sync. */
  add(...members: Hex[]): void;
  /** Stops following members (their cache records stay). */
  remove(...members: Hex[]): void;
  /** A member's logs as of the last sync, in chain order. */
  logs(member: Hex): T[];
  /**
   * Brings every member to `head` (default the latest block): checks the cached block hashes for a
   * reorg, drops what it replaced, and reads only the blocks not read before, with one paged
   * `eth_getLogs` per group of members synced to the same block (all members ORed in topic 1).
   */
  sync(head?: BlockHeader): Promise<LogDelta<T>>;
  /**
   * Follows new heads: one header request per poll, and per new head one `eth_getLogs` for all
   * members; a reorg or rollback is read again and reported as removed + added logs. Returns stop.
   */
  follow(options: FollowOptions<T>): () => void;
};

const sameLog = (a: SyncLog, b: SyncLog) => a.blockHash === b.blockHash && a.logIndex === b.logIndex;
const byChainOrder = <L extends SyncLog>(logs: L[]) => logs.sort(compareLogs);

/**
 * The resumable log sync engine: the logs of `address` with topic0 in `events` and topic1 one of
 * the members, kept per member in `cache` with the block synced to and the hashes of recent blocks.
 * A second run reads only the blocks after the cached ones; a reorg below the cached head drops
 * and re-reads what it replaced; a reorg deeper than the kept hashes resets that member.
 */
export function createLogSync<T extends SyncLog = Log & SyncLog>(params: LogSyncParameters<T>): LogSync<T> {
  const { client, address, events, fromBlock, maxRange, retry } = params;
  const decode = params.decode ?? ((logs: Log[]) => logs as unknown as T[]);
  const keepBlocks = params.keepBlocks ?? 64;
  const cache = params.cache ?? createLogCache(createMemoryLogStore(), { chainId: 0, address, deploymentHash: "0x" });
  const filterId = keccak256(stringToHex([...events].map((topic) => topic.toLowerCase()).sort().join(","))).slice(0, 18);
  const keyOf = (member: Hex) => `${filterId}:${member.toLowerCase()}`;
  const members = new Set<Hex>();
  const records = new Map<Hex, LogCacheRecord<T>>();
  const times = blockTimesOf(client);
  const empty = (): LogCacheRecord<T> => ({ fromBlock, syncedBlock: fromBlock - 1n, logs: [], blocks: [] });
  let running: Promise<unknown> = Promise.resolve();
  let wake: (() => void) | undefined;

  const load = async (member: Hex) => {
    if (records.has(member)) return;
    const cached = await cache.read<T>(keyOf(member));
    records.set(member, cached && cached.fromBlock <= fromBlock ? cached : empty());
  };

  /** Is `block` still in the chain that ends at `head`? Headers read are memoised for this sync. */
  const canonicalCheck = (head: BlockHeader) => {
    const known = new Map<bigint, Hex>([
      [head.number, head.hash],
      [head.number - 1n, head.parentHash],
    ]);
    return async (block: BlockId) => {
      if (block.number > head.number) return false;
      let hash = known.get(block.number);
      if (hash === undefined) {
        hash = (await readBlockHeader(client, block.number, retry)).hash;
        known.set(block.number, hash);
      }
      return hash === block.hash;
    };
  };

  /** The newest kept block still canonical (binary search: below a canonical block all are), or undefined. */
  const forkPoint = async (blocks: BlockId[], isCanonical: (block: BlockId) => Promise<boolean>) => {
    let [low, high, found] = [0, blocks.length - 1, undefined as BlockId | undefined];
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (await isCanonical(blocks[middle])) {
        found = blocks[middle];
        low = middle + 1;
      } else high = middle - 1;
    }
    return found;
  };

  /**
   * The blocks whose hashes a record knows, oldest first, at most `keepBlocks`: the heads it was
   * synced to and the blocks of its logs (each log carries its block's hash).
   */
  const checkpoints = (record: LogCacheRecord<T>): BlockId[] => {
    const known = new Map<bigint, Hex>(record.logs.map((log) => [log.blockNumber, log.blockHash]));
    for (const block of record.blocks) known.set(block.number, block.hash);
    return [...known]
      .map(([number, hash]) => ({ number, hash }))
      .sort((a, b) => (a.number < b.number ? -1 : 1))
      .slice(-keepBlocks);
  };

  /** Drops what a reorg replaced in each record synced past its fork; returns the dropped logs. */
  const dropReorged = async (head: BlockHeader, active: Hex[]) => {
    const isCanonical = canonicalCheck(head);
    const removed: T[] = [];
    for (const member of active) {
      const record = records.get(member)!;
      const last = record.blocks.at(-1);
      if (last === undefined || (await isCanonical(last))) continue;
      const fork = await forkPoint(checkpoints(record), isCanonical);
      const kept = fork === undefined ? [] : record.logs.filter((log) => log.blockNumber <= fork.number);
      removed.push(...record.logs.slice(kept.length));
      records.set(
        member,
        fork === undefined ? empty() : { ...record, syncedBlock: fork.number, logs: kept, blocks: record.blocks.filter((block) => block.number <= fork.number) },
      );
    }
    return removed;
  };

  /** Reads the blocks after each group's synced block up to `head`, members of a group ORed in one filter. */
  const readMissing = async (head: BlockHeader, active: Hex[]) => {
    const groups = new Map<bigint, Hex[]>();
    for (const member of active) {
      const synced = records.get(member)!.syncedBlock;
      if (synced < head.number) groups.set(synced, [...(groups.get(synced) ?? []), member]);
    }
    const added: T[] = [];
    const removed: T[] = [];
    for (const [synced, group] of groups) {
      const fetch = logFetcher(client, { address, topics: [events, group] }, retry);
      const found: Log[] = [];
      for await (const page of pages(fetch, { fromBlock: synced + 1n, toBlock: head.number }, "forward", { limit: rangeLimitOf(client), maxRange })) {
        found.push(...page.items);
      }
      const decoded = decode(found);
      for (const member of group) {
        const record = records.get(member)!;
        const mine = decoded.filter((log) => log.topics[1]?.toLowerCase() === member.toLowerCase());
        const gone = record.logs.filter((log) => mine.some((other) => other.removed && sameLog(log, other)));
        const fresh = mine.filter((log) => !log.removed);
        removed.push(...gone);
        added.push(...fresh);
        records.set(member, { ...record, logs: [...record.logs.filter((log) => !gone.includes(log)), ...fresh] });
      }
    }
    for (const log of added) if (log.blockTimestamp !== undefined) times.set(log.blockNumber, log.blockTimestamp);
    return { added, removed };
  };

  const syncTo = async (head: BlockHeader): Promise<LogDelta<T>> => {
    const active = [...members];
    await Promise.all(active.map(load));
    const reorged = await dropReorged(head, active);
    const { added, removed } = await readMissing(head, active);
    const tip = { number: head.number, hash: head.hash };
    await Promise.all(
      active.map((member) => {
        const record = records.get(member)!;
        if (head.number < record.fromBlock || record.blocks.at(-1)?.hash === tip.hash) return undefined;
        const next = { ...record, syncedBlock: head.number, blocks: [...record.blocks.filter((block) => block.number < tip.number), tip].slice(-keepBlocks) };
        records.set(member, next);
        return cache.write(keyOf(member), next);
      }),
    );
    return { added: byChainOrder(added), removed: byChainOrder([...reorged, ...removed]) };
  };

  /** Runs `task` after every earlier sync (syncs never overlap). */
  const serial = <R>(task: () => Promise<R>): Promise<R> => {
    const result = running.then(task);
    running = result.catch(() => undefined);
    return result;
  };

  const sync: LogSync<T> = {
    add(...added) {
      for (const member of added) members.add(member);
      wake?.();
    },
    remove(...gone) {
      for (const member of gone) members.delete(member);
    },
    logs: (member) => [...(records.get(member)?.logs ?? [])],
    sync: (head) => serial(async () => syncTo(head ?? (await readBlockHeader(client, "latest", retry)))),
    follow(options) {
      const { onDelta, onError, pollingInterval, minPollMs = 1_000, maxPollMs = 12_000, maxBackoffMs = 30_000 } = options;
      let stopped = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let last: BlockHeader | undefined;
      let blockTimeMs: number | undefined;
      let misses = 0;
      let failures = 0;
      const interval = () => pollingInterval ?? Math.min(maxPollMs, Math.max(minPollMs, blockTimeMs ?? minPollMs));
      const measure = (earlier: BlockHeader, later: BlockHeader) => {
        if (later.number <= earlier.number || later.timestamp < earlier.timestamp) return;
        const sample = (Number(later.timestamp - earlier.timestamp) * 1_000) / Number(later.number - earlier.number);
        blockTimeMs = blockTimeMs === undefined ? sample : blockTimeMs * 0.8 + sample * 0.2;
      };
      const schedule = (delay: number) => {
        if (!stopped) timer = setTimeout(poll, delay);
      };
      const poll = async () => {
        timer = undefined;
        let delay: number;
        try {
          const head = await readBlockHeader(client, "latest", { ...retry, retries: 0 });
          if (pollingInterval === undefined && blockTimeMs === undefined && head.number > 32n) {
            measure(await readBlockHeader(client, head.number - 32n, { ...retry, retries: 0 }), head);
          }
          const fresh = head.hash !== last?.hash;
          const delta = await serial(() => syncTo(head));
          if (last && fresh) measure(last, head);
          last = head;
          failures = 0;
          misses = fresh ? 0 : misses + 1;
          if (!stopped && (delta.added.length > 0 || delta.removed.length > 0)) await onDelta(delta);
          delay = misses === 0 ? interval() : Math.min(interval(), Math.max(minPollMs, (interval() / 4) * 2 ** (misses - 1)));
        } catch (error) {
          failures++;
          onError?.(error);
          delay = Math.max(backoffDelay(failures - 1, interval(), maxBackoffMs), retryAfterMs(error) ?? 0);
        }
        schedule(delay);
      };
      wake = () => {
        if (timer !== undefined) {
          clearTimeout(timer);
          schedule(0);
        }
      };
      schedule(0);
      return () => {
        stopped = true;
        wake = undefined;
        clearTimeout(timer);
      };
    },
  };
  return sync;
}
