import type { Address, Hex, PublicClient } from "viem";
import { readBlockHeader } from "./readBlockHeader.js";
import type { RetryOptions } from "./withRetry.js";

/** A block the cache has synced to: its number and hash (what a reorg check compares). */
export type BlockId = { number: bigint; hash: Hex };

/** What the cache keeps for one log filter. */
export type LogCacheRecord<T = unknown> = {
  /** The first block the record covers. */
  fromBlock: bigint;
  /** Every log of the filter in blocks [fromBlock, syncedBlock] is in `logs`, in chain order. */
  syncedBlock: bigint;
  logs: T[];
  /** The most recent blocks synced to, oldest first; the last is `syncedBlock`. */
  blocks: BlockId[];
};

/** A record as a store holds it: with the time it was last written (ms), which eviction goes by. */
export type StoredLogRecord = LogCacheRecord & { usedAt: number };

/** One stored record's key, size in logs and last use. */
export type LogStoreEntry = { key: string; size: number; usedAt: number };

/**
 * Where log records live: IndexedDB in the browser (createIndexedDbLogStore), files for the CLI
 * (scripts), memory otherwise (createMemoryLogStore). Values hold bigints: a store must keep them.
 */
export interface LogCacheStore {
  get(key: string): Promise<StoredLogRecord | undefined>;
  put(key: string, record: StoredLogRecord): Promise<void>;
  delete(keys: readonly string[]): Promise<void>;
  list(): Promise<LogStoreEntry[]>;
}

/** The records of one registry deployment on one chain. */
export type LogCache = {
  read<T>(filterKey: string): Promise<LogCacheRecord<T> | undefined>;
  write<T>(filterKey: string, record: LogCacheRecord<T>): Promise<void>;
  drop(filterKey: string): Promise<void>;
};

export type LogCacheScope = {
  chainId: number;
  /** The contract whose logs are cached (the registry). */
  address: Address;
  /** The hash of the block the contract was deployed in: a new chain (reset, redeploy) has another. */
  deploymentHash: Hex;
};

/** Default bound of a cache: logs over all its records. */
export const DEFAULT_MAX_CACHED_LOGS = 200_000;

/**
 * Scopes a store to one deployment: records are keyed by (chain id, address, deployment block
 * hash, filter key). Opening it deletes the records of the same chain and address under any other
 * deployment hash (the chain was reset or the contract redeployed). Bounded: after each write,
 * while the store holds more than `maxLogs` logs, the least recently written records (the oldest
 * filters, of any deployment) are evicted, never the one just written.
 */
export function createLogCache(store: LogCacheStore, scope: LogCacheScope, options: { maxLogs?: number } = {}): LogCache {
  const maxLogs = options.maxLogs ?? DEFAULT_MAX_CACHED_LOGS;
  const prefix = `${scope.chainId}/${scope.address.toLowerCase()}/`;
  const keyOf = (filterKey: string) => `${prefix}${scope.deploymentHash}/${filterKey}`;
  const opened = store.list().then((entries) =>
    store.delete(entries.filter((entry) => entry.key.startsWith(prefix) && !entry.key.startsWith(`${prefix}${scope.deploymentHash}/`)).map((entry) => entry.key)),
  );

  const evict = async (kept: string) => {
    const entries = await store.list();
    let total = entries.reduce((sum, entry) => sum + entry.size, 0);
    const victims: string[] = [];
    for (const entry of entries.filter((candidate) => candidate.key !== kept).sort((a, b) => a.usedAt - b.usedAt)) {
      if (total <= maxLogs) break;
      victims.push(entry.key);
      total -= entry.size;
    }
    if (victims.length > 0) await store.delete(victims);
  };

  return {
    async read<T>(filterKey: string) {
      await opened;
      const stored = await store.get(keyOf(filterKey));
      if (!stored) return undefined;
      const { usedAt: _usedAt, ...record } = stored;
      return record as LogCacheRecord<T>;
    },
    async write(filterKey, record) {
      await opened;
      const key = keyOf(filterKey);
      await store.put(key, { ...record, usedAt: Date.now() });
      await evict(key);
    },
    async drop(filterKey) {
      await opened;
      await store.delete([keyOf(filterKey)]);
    },
  };
}

/** Opens the cache of a deployment, reading the hash of its deployment block (one request). */
export async function openLogCache(
  client: PublicClient,
  store: LogCacheStore,
  params: { chainId: number; address: Address; deploymentBlock: bigint; maxLogs?: number; retry?: RetryOptions },
): Promise<LogCache> {
  const { hash } = await readBlockHeader(client, params.deploymentBlock, params.retry);
  return createLogCache(store, { chainId: params.chainId, address: params.address, deploymentHash: hash }, { maxLogs: params.maxLogs });
}
