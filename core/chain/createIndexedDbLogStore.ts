import { openDB, type DBSchema } from "idb";
import type { LogCacheStore, StoredLogRecord } from "./createLogCache.js";

interface LogDb extends DBSchema {
  /** The records (IndexedDB's structured clone keeps their bigints). */
  records: { key: string; value: StoredLogRecord };
  /** Size and last use per record, so that eviction never loads the records themselves. */
  meta: { key: string; value: { size: number; usedAt: number } };
}

/**
 * The browser's log cache store: one IndexedDB database (default `cairn-logs`) with the records
 * and a small index of their sizes. Bounded by the LogCache on top of it (createLogCache's
 * `maxLogs`): the oldest records are evicted past the bound.
 */
export function createIndexedDbLogStore(name = "cairn-logs"): LogCacheStore {
  const db = openDB<LogDb>(name, 1, {
    upgrade(database) {
      database.createObjectStore("records");
      database.createObjectStore("meta");
    },
  });
  return {
    async get(key) {
      return (await db).get("records", key);
    },
    async put(key, record) {
      const tx = (await db).transaction(["records", "meta"], "readwrite");
      await Promise.all([tx.objectStore("records").put(record, key), tx.objectStore("meta").put({ size: record.logs.length, usedAt: record.usedAt }, key), tx.done]);
    },
    async delete(keys) {
      const tx = (await db).transaction(["records", "meta"], "readwrite");
      await Promise.all([...keys.flatMap((key) => [tx.objectStore("records").delete(key), tx.objectStore("meta").delete(key)]), tx.done]);
    },
    async list() {
      const tx = (await db).transaction("meta");
      const [keys, values] = await Promise.all([tx.store.getAllKeys(), tx.store.getAll(), tx.done]);
      return keys.map((key, i) => ({ key, ...values[i] }));
    },
  };
}
