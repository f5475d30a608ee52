/** Browser bundle for logStores.test.ts: exposes the IndexedDB log store and the cache on globalThis. */
import { createIndexedDbLogStore } from "@cairn/core/chain";
import { createLogCache } from "@cairn/core/chain";

(globalThis as unknown as { cairnLogs: unknown }).cairnLogs = { createIndexedDbLogStore, createLogCache };
