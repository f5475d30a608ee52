import type { FsDatastore } from "datastore-fs";

export interface QuiescentDatastore {
  /** The datastore to hand to Helia. */
  datastore: FsDatastore;
  /** Stop writing: later writes (libp2p saves peer records on timers that outlive `stop`) are dropped. */
  quiesce(): void;
}

const WRITES = new Set<PropertyKey>(["put", "putMany", "delete", "deleteMany", "batch"]);

/**
 * Wrap the node's datastore so nothing touches the data directory once the
 * node has stopped: libp2p persists peer records from debounced timers that
 * can fire after `libp2p.stop()` resolves. Only such bookkeeping is dropped;
 * pins and blocks live elsewhere.
 */
export function createQuiescentDatastore(inner: FsDatastore): QuiescentDatastore {
  let quiet = false;
  const dropped: Record<string, unknown> = {
    put: async (key: unknown) => key,
    putMany: async function* () {},
    delete: async () => undefined,
    deleteMany: async function* () {},
    batch: () => ({ put: () => undefined, delete: () => undefined, commit: async () => undefined }),
  };
  const datastore = new Proxy(inner, {
    get(target, property, receiver) {
      if (quiet && WRITES.has(property)) return dropped[property as string];
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { datastore, quiesce: () => void (quiet = true) };
}
