import type { LogCacheStore, StoredLogRecord } from "./createLogCache.js";

/** A store in memory (a tab without IndexedDB, tests). */
export function createMemoryLogStore(): LogCacheStore {
  const records = new Map<string, StoredLogRecord>();
  return {
    get: async (key) => records.get(key),
    async put(key, record) {
      records.set(key, record);
    },
    async delete(keys) {
      for (const key of keys) records.delete(key);
    },
    list: async () => [...records].map(([key, record]) => ({ key, size: record.logs.length, usedAt: record.usedAt })),
  };
}
