/** Browser bundle for logStores.test.ts: exposes the IndexedDB log store and the cache on globalThis. */
import { createIndexedDbLogStore } from "../../../../core/chain/createIndexedDbLogStore.js";
import { createLogCache } from "../../../../core/chain/createLogCache.js";

(globalThis as unknown as { cairnLogs: unknown }).cairnLogs = { createIndexedDbLogStore, createLogCache };
