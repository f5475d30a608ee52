import { keccak256, stringToHex, type Address, type Hex, type Log, type PublicClient } from "viem";
import { blockTimesOf } from "./blockTimes.js";
import { bloomMayContain } from "./bloomMayContain.js";
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

/**
 * Reads members' logs without scanning their blocks (e.g. through the registry's pointer chains,
 * walkRegistryChain), where that costs fewer requests than `eth_getLogs` over every block.
 */
export type LogBackfill<T> = {
  /**
   * With `after`: every log of each member in the blocks (after, head]. Without (members never
   * synced): the logs each member needs from before `head`; its record then counts as complete from
   * head + 1 only, and older logs can join it later (`extend`).
   */
  read(members: Hex[], head: BlockHeader, after?: bigint): Promise<Map<Hex, T[]>>;
  /** Whether a log read by range means that its member is backfilled from the log's block on (e.g. a link to logs the filter does not match). */
  reopens?(log: T): boolean;
  /** Requests a backfill is assumed to cost per member, against range reads of the same gap (default 4). */
  requestsPerMember?: number;
};

export type LogSyncParameters<T extends SyncLog> = {
  client: PublicClient;
  /** Where synced logs persist across runs (openLogCache); default: in memory for this engine's life. */
  cache?: LogCache;
  /** The contract(s) whose logs are followed (one `eth_getLogs` asks for all of them). */
  address: Address | readonly Address[];
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
  /** Reads a member's first logs and long gaps without scanning blocks (default: every block is read). */
  backfill?: LogBackfill<T>;
};

export type FollowOptions<T> = {
  /** Told every non-empty change, in order; the next poll waits for it. */
  onDelta: (delta: LogDelta<T>) => void | Promise<void>;
  /** Told every failed poll (typed RPC errors); polling goes on with backoff. */
  onError?: (error: unknown) => void;
  /** Told each new head once every member is synced to it (after its onDelta). */
  onHead?: (head: BlockHeader) => void;
  /** A fixed poll interval in ms; default: the chain's block time, measured from block timestamps. */
  pollingInterval?: number;
  /** Bounds of the measured poll interval, ms (default 1,000 and 12,000). */
  minPollMs?: number;
  maxPollMs?: number;
  /** Upper bound of the backoff after consecutive failures, ms (default 30,000). */
  maxBackoffMs?: number;
};

/** The blocks a member's record covers: every log of the member in [fromBlock, syncedBlock] (older ones as a backfill or `extend` gave them). */
export type Coverage = { fromBlock: bigint; syncedBlock: bigint };

export type LogSync<T> = {
  /** Adds filter members (topic-1 values: channel ids, the account as a 32-byte topic); each one's history is read once (backfilled at once when possible). */
  add(...members: Hex[]): void;
  /** Stops following members (their cache records stay). */
  remove(...members: Hex[]): void;
  /** A member's logs as of the last sync, in chain order. */
  logs(member: Hex): T[];
  /** What a member's record covers; undefined before its first sync. */
  coverage(member: Hex): Coverage | undefined;
  /** Resolves once `member` has a record (its first backfill or sync is done). */
  synced(member: Hex): Promise<void>;
  /**
   * Adds older logs of a member read some other way: `logs` must be every log of the member in
   * [fromBlock, coverage.fromBlock) (those outside are ignored). Resolves with the logs added.
   */
  extend(member: Hex, logs: readonly T[], fromBlock: bigint): Promise<T[]>;
  /**
   * Brings every member to `head` (default the latest block): checks the cached block hashes for a
   * reorg, drops what it replaced, and reads only the blocks not read before, with one paged
   * `eth_getLogs` per group of members synced to the same block (all members ORed in topic 1).
   * Members never synced are backfilled first (when a backfill is given).
   */
  sync(head?: BlockHeader): Promise<LogDelta<T>>;
  /**
   * Follows new heads: one header request per poll, timed for the next block, and per new head at
   * most one `eth_getLogs` for all members (none when the head's logs bloom rules the contracts
   * out); a reorg or rollback is read again and reported as removed + added logs. Returns stop.
   */
  follow(options: FollowOptions<T>): () => void;
};

/** Until an endpoint has answered wider ranges, a catch-up is costed at this many blocks per call. */
const ASSUMED_RANGE = 10_000n;

const logKey = (log: SyncLog) => `${log.blockHash}:${log.logIndex}`;
const byChainOrder = <L extends SyncLog>(logs: L[]) => logs.sort(compareLogs);
const minimum = (a: bigint, b: bigint) => (a < b ? a : b);

/** `logs` plus those of `more` it does not hold yet (same block hash and log index), in chain order. */
function merged<L extends SyncLog>(logs: readonly L[], more: readonly L[]): { all: L[]; added: L[] } {
  const known = new Set(logs.map(logKey));
  const added = more.filter((log) => !known.has(logKey(log)) && known.add(logKey(log)));
  return { all: added.length === 0 ? [...logs] : byChainOrder([...logs, ...added]), added };
}

/**
 * The resumable log sync engine: the logs of `address` with topic0 in `events` and topic1 one of
 * the members, kept per member in `cache` with the block synced to and the hashes of recent blocks.
 * A second run reads only the blocks after the cached ones; a reorg below the cached head drops
 * and re-reads what it replaced; a reorg deeper than the kept hashes resets that member. With a
 * `backfill`, a new member (and one far behind) is read through it instead of block by block.
 */
export function createLogSync<T extends SyncLog = Log & SyncLog>(params: LogSyncParameters<T>): LogSync<T> {
  const { client, address, events, fromBlock, maxRange, retry, backfill } = params;
  const decode = params.decode ?? ((logs: Log[]) => logs as unknown as T[]);
  const keepBlocks = params.keepBlocks ?? 64;
  const addresses = [address].flat() as Address[];
  const cache = params.cache ?? createLogCache(createMemoryLogStore(), { chainId: 0, address: addresses[0], deploymentHash: "0x" });
  const filterId = keccak256(stringToHex([...addresses, ...events].map((value) => value.toLowerCase()).sort().join(","))).slice(0, 18);
  const keyOf = (member: Hex) => `${filterId}:${member.toLowerCase()}`;
  const members = new Set<Hex>();
  const records = new Map<Hex, LogCacheRecord<T>>();
  const loaded = new Map<Hex, Promise<void>>();
  const backfilling = new Map<Hex, Promise<void>>();
  const waiting = new Map<Hex, (() => void)[]>();
  const times = blockTimesOf(client);
  const empty = (): LogCacheRecord<T> => ({ fromBlock, syncedBlock: fromBlock - 1n, logs: [], blocks: [] });
  let unreported: LogDelta<T> = { added: [], removed: [] };
  let running: Promise<unknown> = Promise.resolve();
  let wake: (() => void) | undefined;
  let report: (() => void) | undefined;
  let reportError: ((error: unknown) => void) | undefined;
  /** Logs blooms are trusted (they are part of the block hash) until one is seen to leave out a followed contract's log. */
  let bloomTrusted = true;

  const setRecord = (member: Hex, record: LogCacheRecord<T>) => {
    records.set(member, record);
    for (const resolve of waiting.get(member) ?? []) resolve();
    waiting.delete(member);
  };

  /** Reads a member's cached record once (without a backfill, a member never synced starts empty). */
  const load = (member: Hex) => {
    let done = loaded.get(member);
    if (!done) {
      done = cache.read<T>(keyOf(member)).then((cached) => {
        if (records.has(member)) return;
        if (cached && (backfill || cached.fromBlock <= fromBlock)) setRecord(member, cached);
        else if (!backfill) setRecord(member, empty());
      });
      done.catch(() => loaded.delete(member));
      loaded.set(member, done);
    }
    return done;
  };

  /** The latest header; a backfill takes one read less than a second ago (backfills started together share it). */
  let latest: { at: number; head: Promise<BlockHeader> } | undefined;
  const latestHead = (options?: RetryOptions & { fresh?: boolean }) => {
    if (options?.fresh || !latest || Date.now() - latest.at > 1_000) {
      const head = readBlockHeader(client, "latest", options ?? retry);
      latest = { at: Date.now(), head };
      head.catch(() => (latest = undefined));
    }
    return latest.head;
  };

  /** Runs `task` after every earlier sync (syncs never overlap). */
  const serial = <R>(task: () => Promise<R>): Promise<R> => {
    const result = running.then(task);
    running = result.catch(() => undefined);
    return result;
  };

  const tipOf = (head: BlockHeader): BlockId => ({ number: head.number, hash: head.hash });
  const withTip = (record: LogCacheRecord<T>, head: BlockHeader): LogCacheRecord<T> => ({
    ...record,
    syncedBlock: head.number,
    blocks: [...record.blocks.filter((block) => block.number < head.number), tipOf(head)].slice(-keepBlocks),
  });
  const noteTimes = (logs: readonly T[]) => {
    for (const log of logs) if (log.blockTimestamp !== undefined) times.set(log.blockNumber, log.blockTimestamp);
  };

  /** Backfills members that have no record yet, at the latest head; their records join the next syncs. */
  const backfillNew = (batch: Hex[]): Promise<void> => {
    const job = (async () => {
      await Promise.all(batch.map(load));
      const fresh = batch.filter((member) => members.has(member) && !records.has(member));
      if (fresh.length === 0) return;
      const head = await latestHead();
      const found = await backfill!.read(fresh, head);
      await serial(async () => {
        const added: T[] = [];
        for (const member of fresh) {
          if (records.has(member)) continue;
          const logs = byChainOrder([...(found.get(member) ?? [])].filter((log) => log.blockNumber <= head.number));
          const record = { fromBlock: head.number + 1n, syncedBlock: head.number, logs, blocks: [tipOf(head)] };
          setRecord(member, record);
          added.push(...logs);
          await cache.write(keyOf(member), record);
        }
        noteTimes(added);
        unreported.added.push(...added);
      });
      report?.();
    })();
    for (const member of batch) backfilling.set(member, job);
    void job.then(
      () => batch.forEach((member) => backfilling.get(member) === job && backfilling.delete(member)),
      () => batch.forEach((member) => backfilling.get(member) === job && backfilling.delete(member)),
    );
    return job;
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

  /**
   * Drops what a reorg replaced in each record synced past its fork; returns the dropped logs. A
   * record with no kept block left in the chain starts again (backfilled again, when possible).
   */
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
      if (fork === undefined && backfill) {
        records.delete(member);
        await cache.drop(keyOf(member));
        continue;
      }
      setRecord(
        member,
        fork === undefined
          ? empty()
          : {
              fromBlock: minimum(record.fromBlock, fork.number + 1n),
              syncedBlock: fork.number,
              logs: kept,
              blocks: record.blocks.filter((block) => block.number <= fork.number),
            },
      );
    }
    return removed;
  };

  /** Members grouped by the block they are synced to, those behind `head` only. */
  const groupsBehind = (head: BlockHeader, active: Hex[]) => {
    const groups = new Map<bigint, Hex[]>();
    for (const member of active) {
      const synced = records.get(member)!.syncedBlock;
      if (synced < head.number) groups.set(synced, [...(groups.get(synced) ?? []), member]);
    }
    return groups;
  };

  /** Adds `logs` (each once) to a member's record; returns those it did not hold. */
  const addTo = (member: Hex, logs: readonly T[]) => {
    const record = records.get(member)!;
    const { all, added } = merged(record.logs, logs);
    if (added.length > 0) setRecord(member, { ...record, logs: all });
    return added;
  };

  /** Brings groups far behind `head` up through the backfill when that costs fewer requests than reading their blocks. */
  const catchUp = async (head: BlockHeader, active: Hex[]) => {
    const added: T[] = [];
    if (!backfill) return added;
    const limit = rangeLimitOf(client);
    for (const [synced, group] of groupsBehind(head, active)) {
      const gap = head.number - synced;
      let span = limit.next(gap);
      const trusted = limit.widestAccepted() > ASSUMED_RANGE ? limit.widestAccepted() : ASSUMED_RANGE;
      if (span > trusted) span = trusted;
      if (maxRange !== undefined && maxRange < span) span = maxRange;
      const rangeCalls = (gap + span - 1n) / span;
      if (rangeCalls <= BigInt(group.length * (backfill.requestsPerMember ?? 4))) continue;
      const found = await backfill.read(group, head, synced);
      for (const member of group) {
        added.push(...addTo(member, (found.get(member) ?? []).filter((log) => log.blockNumber > synced && log.blockNumber <= head.number)));
        setRecord(member, withTip(records.get(member)!, head));
      }
    }
    return added;
  };

  /** Whether the logs bloom of `head` says that no followed contract logged in it. */
  const bloomRulesOut = (head: BlockHeader) =>
    head.logsBloom !== undefined && addresses.every((contract) => !bloomMayContain(head.logsBloom!, contract));

  /** Reads the blocks after each group's synced block up to `head`, members of a group ORed in one filter. */
  const readMissing = async (head: BlockHeader, active: Hex[]) => {
    const added: T[] = [];
    const removed: T[] = [];
    for (const [synced, group] of groupsBehind(head, active)) {
      const found: Log[] = [];
      const ruledOut = bloomRulesOut(head);
      if (!(bloomTrusted && ruledOut && synced === head.number - 1n)) {
        const fetch = logFetcher(client, { address: addresses.length === 1 ? addresses[0] : addresses, topics: [events, group] }, retry);
        for await (const page of pages(fetch, { fromBlock: synced + 1n, toBlock: head.number }, "forward", { limit: rangeLimitOf(client), maxRange })) {
          found.push(...page.items);
        }
        if (ruledOut && found.some((log) => log.blockNumber === head.number)) bloomTrusted = false;
      }
      const decoded = decode(found);
      for (const member of group) {
        const record = records.get(member)!;
        const mine = decoded.filter((log) => log.topics[1]?.toLowerCase() === member.toLowerCase());
        const gone = record.logs.filter((log) => mine.some((other) => other.removed && logKey(log) === logKey(other)));
        const fresh = merged(
          record.logs.filter((log) => !gone.includes(log)),
          mine.filter((log) => !log.removed),
        );
        removed.push(...gone);
        setRecord(member, { ...record, logs: fresh.all });
        added.push(...fresh.added);
        const reopened = backfill?.reopens ? fresh.added.filter((log) => backfill.reopens!(log)) : [];
        if (reopened.length > 0) {
          const after = reopened[0].blockNumber - 1n;
          const more = await backfill!.read([member], head, after);
          added.push(...addTo(member, (more.get(member) ?? []).filter((log) => log.blockNumber > after && log.blockNumber <= head.number)));
        }
      }
    }
    return { added, removed };
  };

  const takeUnreported = () => {
    const delta = unreported;
    unreported = { added: [], removed: [] };
    return delta;
  };

  const syncTo = async (head: BlockHeader): Promise<LogDelta<T>> => {
    const active = [...members];
    await Promise.all(active.map(load));
    if (backfill) {
      const missing = active.filter((member) => !records.has(member) && !backfilling.has(member));
      if (missing.length > 0) void backfillNew(missing).catch((error: unknown) => reportError?.(error));
    }
    const ready = () => active.filter((member) => records.has(member));
    const before = new Map(ready().map((member) => [member, records.get(member)]));
    const reorged = await dropReorged(head, ready());
    const caught = await catchUp(head, ready());
    const { added, removed } = await readMissing(head, ready());
    noteTimes([...caught, ...added]);
    await Promise.all(
      ready().map((member) => {
        let record = records.get(member)!;
        if (head.number >= record.fromBlock && record.blocks.at(-1)?.hash !== head.hash) setRecord(member, (record = withTip(record, head)));
        return record === before.get(member) ? undefined : cache.write(keyOf(member), record);
      }),
    );
    const earlier = takeUnreported();
    return { added: byChainOrder([...earlier.added, ...caught, ...added]), removed: byChainOrder([...earlier.removed, ...reorged, ...removed]) };
  };

  /** Waits for the backfills of members that have no record yet (starting those not started). */
  const backfilled = async () => {
    if (!backfill) return;
    const active = [...members];
    await Promise.all(active.map(load));
    const missing = active.filter((member) => !records.has(member) && !backfilling.has(member));
    if (missing.length > 0) backfillNew(missing);
    await Promise.all(active.map((member) => backfilling.get(member)));
  };

  const sync: LogSync<T> = {
    add(...added) {
      const fresh = added.filter((member) => !members.has(member));
      for (const member of fresh) members.add(member);
      if (backfill && fresh.length > 0) void backfillNew(fresh).catch((error: unknown) => reportError?.(error));
      wake?.();
    },
    remove(...gone) {
      for (const member of gone) members.delete(member);
    },
    logs: (member) => [...(records.get(member)?.logs ?? [])],
    coverage(member) {
      const record = records.get(member);
      return record && { fromBlock: record.fromBlock, syncedBlock: record.syncedBlock };
    },
    synced(member) {
      if (records.has(member)) return Promise.resolve();
      return new Promise((resolve) => waiting.set(member, [...(waiting.get(member) ?? []), resolve]));
    },
    extend: (member, logs, from) =>
      serial(async () => {
        const record = records.get(member);
        if (!record || from >= record.fromBlock) return [];
        const older = logs.filter((log) => log.blockNumber >= from && log.blockNumber < record.fromBlock);
        const { all, added } = merged(record.logs, older);
        const next = { ...record, fromBlock: from, logs: all };
        setRecord(member, next);
        await cache.write(keyOf(member), next);
        noteTimes(added);
        return added;
      }),
    async sync(head) {
      await backfilled();
      return serial(async () => syncTo(head ?? (await latestHead({ ...retry, fresh: true }))));
    },
    follow(options) {
      const { onDelta, onError, onHead, pollingInterval, minPollMs = 1_000, maxPollMs = 12_000, maxBackoffMs = 30_000 } = options;
      let stopped = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let last: BlockHeader | undefined;
      let blockTimeMs: number | undefined;
      /** The least time seen between a block's timestamp and this client seeing it (ms): when the next block is expected. */
      let lag: number | undefined;
      let misses = 0;
      let failures = 0;
      let reporting: Promise<unknown> = Promise.resolve();
      const interval = () => pollingInterval ?? Math.min(maxPollMs, Math.max(minPollMs, blockTimeMs ?? minPollMs));
      const measure = (earlier: BlockHeader, later: BlockHeader) => {
        if (later.number <= earlier.number || later.timestamp < earlier.timestamp) return;
        const sample = (Number(later.timestamp - earlier.timestamp) * 1_000) / Number(later.number - earlier.number);
        blockTimeMs = blockTimeMs === undefined ? sample : blockTimeMs * 0.8 + sample * 0.2;
      };
      /** After a new head: at the next block's expected arrival (its timestamp + the least lag seen, plus a margin). */
      const nextBlockDelay = (head: BlockHeader) => {
        const seen = Date.now() - Number(head.timestamp) * 1_000;
        lag = lag === undefined ? seen : Math.min(lag, seen);
        if (pollingInterval !== undefined) return pollingInterval;
        const due = Number(head.timestamp) * 1_000 + interval() + lag + 500 - Date.now();
        return Math.min(maxPollMs, Math.max(minPollMs, due));
      };
      /** Queues `delta` for onDelta (called in the engine's order, outside its queue: onDelta may call extend). */
      const tell = (delta: LogDelta<T>) => {
        if (stopped || (delta.added.length === 0 && delta.removed.length === 0)) return;
        reporting = reporting.then(() => onDelta(delta)).catch((error: unknown) => onError?.(error));
      };
      const schedule = (delay: number) => {
        if (!stopped) timer = setTimeout(poll, delay);
      };
      const poll = async () => {
        timer = undefined;
        let delay: number;
        try {
          const head = await latestHead({ ...retry, retries: 0, fresh: true });
          if (pollingInterval === undefined && blockTimeMs === undefined && head.number > 32n) {
            measure(await readBlockHeader(client, head.number - 32n, { ...retry, retries: 0 }), head);
          }
          const fresh = head.hash !== last?.hash;
          await serial(async () => tell(await syncTo(head)));
          await reporting;
          if (fresh && !stopped) onHead?.(head);
          if (last && fresh) measure(last, head);
          last = head;
          failures = 0;
          misses = fresh ? 0 : misses + 1;
          delay = fresh ? nextBlockDelay(head) : Math.min(interval(), Math.max(minPollMs, 1_000 * 2 ** (misses - 1)));
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
      report = () => void serial(async () => tell(takeUnreported()));
      reportError = (error) => onError?.(error);
      schedule(0);
      return () => {
        stopped = true;
        wake = undefined;
        report = undefined;
        reportError = undefined;
        clearTimeout(timer);
      };
    },
  };
  return sync;
}
