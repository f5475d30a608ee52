import { createClientNode, type CairnNode, type ClientNodeOptions } from "./createClientNode.js";

export interface BrowserNodeOptions extends Omit<ClientNodeOptions, "blockstore" | "datastore"> {
  /** IndexedDB name prefix; blocks go to `<dbName>-blocks`, node data to `<dbName>-data`. Distinct per node. */
  dbName: string;
}

/**
 * The browser's Helia node: blocks and peer id persisted in IndexedDB
 * (blockstore-idb / datastore-idb, imported lazily so Node never loads them).
 * `stop()` also closes the databases.
 */
export async function createBrowserNode(options: BrowserNodeOptions): Promise<CairnNode> {
  const { dbName, ...clientOptions } = options;
  const [{ IDBBlockstore }, { IDBDatastore }] = await Promise.all([import("blockstore-idb"), import("datastore-idb")]);
  const blockstore = new IDBBlockstore(`${dbName}-blocks`);
  const datastore = new IDBDatastore(`${dbName}-data`);
  await Promise.all([blockstore.open(), datastore.open()]);
  const closeStores = (): Promise<unknown> => Promise.all([blockstore.close(), datastore.close()]);
  let node: CairnNode;
  try {
    node = await createClientNode({ ...clientOptions, blockstore, datastore });
  } catch (error) {
    await closeStores();
    throw error;
  }
  return {
    ...node,
    async stop() {
      await node.stop();
      await closeStores();
    },
  };
}
